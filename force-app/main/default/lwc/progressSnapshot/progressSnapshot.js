/**
 * Business_Review__c.Progress_Snapshot__c as the review panel reads it: the JSON the connector's
 * Snapshot Review job writes (connector/src/jobs/progressSnapshot.ts documents version 1), and
 * the comparison of two reviews' snapshots. Pure functions: no LDS, no DOM, no labels; callers
 * turn the outcome codes into their own words.
 *
 * Version 1 is read; additions within it (new keys) are ignored, as the connector only bumps the
 * version for a change that is not purely additive. A newer version is reported as such, so the
 * page can say it needs updating rather than show figures it may misread.
 */

export const SUPPORTED_VERSION = 1;

/** Why a snapshot could not be read. */
export const SNAPSHOT_PROBLEM = Object.freeze({
  /** The review has no snapshot (yet). */
  EMPTY: 'empty',
  /** Not JSON, or JSON without the version 1 shape. `detail` names what is wrong. */
  INVALID: 'invalid',
  /** A version this page does not know. `version` says which. */
  UNSUPPORTED: 'unsupported'
});

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

class SnapshotShapeError extends Error {}

/** A number or nothing; anything else means the snapshot is not what the connector writes. */
function numberAt(source, key, where) {
  const value = source[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new SnapshotShapeError(`${where}.${key} is not a number`);
  }
  return value;
}

function textAt(source, key, where) {
  const value = source[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new SnapshotShapeError(`${where}.${key} is not text`);
  return value;
}

const byName = (a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function readVersion1(json) {
  if (!isObject(json.plan)) throw new SnapshotShapeError('plan is missing');
  if (!isObject(json.objectives)) throw new SnapshotShapeError('objectives is missing');
  const plan = {
    id: textAt(json.plan, 'id', 'plan'),
    name: textAt(json.plan, 'name', 'plan'),
    status: textAt(json.plan, 'status', 'plan'),
    progress: numberAt(json.plan, 'progress', 'plan'),
    calculatedAt: textAt(json.plan, 'calculatedAt', 'plan')
  };
  const objectives = Object.entries(json.objectives).map(([id, objective]) => {
    const where = `objectives.${id}`;
    if (!isObject(objective)) throw new SnapshotShapeError(`${where} is not an object`);
    return {
      id,
      name: textAt(objective, 'name', where) ?? id,
      category: textAt(objective, 'category', where),
      type: textAt(objective, 'type', where),
      weight: numberAt(objective, 'weight', where),
      target: numberAt(objective, 'target', where),
      actual: numberAt(objective, 'actual', where),
      progress: numberAt(objective, 'progress', where)
    };
  });
  objectives.sort(byName);
  return { version: 1, takenAt: textAt(json, 'takenAt', 'snapshot'), plan, objectives };
}

/**
 * Reads a Progress_Snapshot__c value.
 * @param {string|null|undefined} text the field's value
 * @returns {{ok: true, snapshot: object} | {ok: false, problem: string, detail?: string, version?: *}}
 *   on success the plan ({ id, name, status, progress, calculatedAt }) and the objectives
 *   ({ id, name, category, type, weight, target, actual, progress }) sorted by name
 */
export function parseSnapshot(text) {
  if (typeof text !== 'string' || text.trim() === '') return { ok: false, problem: SNAPSHOT_PROBLEM.EMPTY };
  let json;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: SNAPSHOT_PROBLEM.INVALID, detail: `not JSON (${error.message})` };
  }
  if (!isObject(json)) return { ok: false, problem: SNAPSHOT_PROBLEM.INVALID, detail: 'not a JSON object' };
  const { version } = json;
  if (!Number.isInteger(version) || version < 1) {
    return { ok: false, problem: SNAPSHOT_PROBLEM.INVALID, detail: 'no version number' };
  }
  if (version !== SUPPORTED_VERSION) return { ok: false, problem: SNAPSHOT_PROBLEM.UNSUPPORTED, version };
  try {
    return { ok: true, snapshot: readVersion1(json) };
  } catch (error) {
    if (error instanceof SnapshotShapeError) {
      return { ok: false, problem: SNAPSHOT_PROBLEM.INVALID, detail: error.message };
    }
    throw error;
  }
}

/** Which way a figure moved between two reviews. */
export const TREND = Object.freeze({ UP: 'up', DOWN: 'down', SAME: 'same', UNKNOWN: 'unknown' });

/**
 * after − before in percentage points, to the two decimals Salesforce keeps for percent fields,
 * so that 0.1 + 0.2 style noise never shows as a change. Unknown when either side is empty.
 */
export function progressChange(before, after) {
  if (typeof before !== 'number' || typeof after !== 'number') return { delta: null, trend: TREND.UNKNOWN };
  const delta = Math.round((after - before) * 100) / 100 || 0;
  return { delta, trend: delta > 0 ? TREND.UP : delta < 0 ? TREND.DOWN : TREND.SAME };
}

/**
 * What changed from an earlier review's snapshot to a later one's. Objectives are matched by
 * Id: a plan's objectives keep their Ids, and one renamed between reviews is still the same.
 * @param {object} previous a parsed snapshot (parseSnapshot(...).snapshot) of the earlier review
 * @param {object} current a parsed snapshot of the later review
 * @returns {{plan: object, objectives: object[], added: object[], removed: object[]}} the plan's
 *   progress change; objectives in both, with their progress before and after and the change;
 *   objectives only in the later snapshot (added) or only in the earlier one (removed)
 */
export function compareSnapshots(previous, current) {
  const earlier = new Map(previous.objectives.map((objective) => [objective.id, objective]));
  const later = new Set(current.objectives.map((objective) => objective.id));
  const objectives = current.objectives
    .filter((objective) => earlier.has(objective.id))
    .map((objective) => {
      const before = earlier.get(objective.id).progress;
      return {
        id: objective.id,
        name: objective.name,
        before,
        after: objective.progress,
        ...progressChange(before, objective.progress)
      };
    });
  const pick = ({ id, name, progress }) => ({ id, name, progress });
  return {
    plan: {
      before: previous.plan.progress,
      after: current.plan.progress,
      ...progressChange(previous.plan.progress, current.plan.progress)
    },
    objectives,
    added: current.objectives.filter((objective) => !earlier.has(objective.id)).map(pick),
    removed: previous.objectives.filter((objective) => !later.has(objective.id)).map(pick)
  };
}
