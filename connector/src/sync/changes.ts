// What to write: computed values compared with what was read, field by field at field scale,
// so that a run over unchanged data writes nothing. Pure; the sync sends the result.
//
// Period rows are matched to periods by Period_Key__c. A row whose key is in the format of
// the calendar-quarter connector (`<ObjectiveId>-2026-Q1`) names one whole calendar period
// exactly, so when that period is still one of the objective's it is re-keyed in place and
// keeps its Id and its Target. Any other row of the objective that matches no period (fiscal
// settings, Period Type or plan dates changed) keeps its Target, has its Actual cleared so
// that no stale number is shown, and is reported.
import type { ObjectiveOutcome, Scales } from '../engine/calculation.ts';
import type { BusinessPlan, ObjectiveTarget, PlanObjective } from '../engine/model.ts';
import { currentKeyForLegacy } from '../engine/periods.ts';
import { sameAtScale } from '../engine/progress.ts';
import { fillPeriodTargets, targetsMismatch } from '../engine/targets.ts';
import type { SObjectRecord } from '../salesforce/client.ts';
import { OBJECTIVE, PLAN, TARGET } from './schema.ts';

/** Something about an objective's period rows that its admin should know. */
export interface Notice {
  plan: BusinessPlan;
  objective: PlanObjective;
  message: string;
}

export interface Changes {
  /** New period rows, upserted on Period_Key__c so that a retried run cannot create duplicates. */
  targetInserts: SObjectRecord[];
  /** Existing period rows, by Id, with only the fields that changed. */
  targetUpdates: SObjectRecord[];
  objectiveUpdates: SObjectRecord[];
  planUpdates: SObjectRecord[];
  /** Period rows whose key belongs to another objective: left alone and reported. */
  conflicts: string[];
  notices: Notice[];
}

export interface ChangeInput {
  plans: readonly BusinessPlan[];
  objectives: readonly PlanObjective[];
  targets: readonly ObjectiveTarget[];
  outcomes: readonly ObjectiveOutcome[];
  /** New plan progress, for plans that were calculated this run. */
  planProgress: ReadonlyMap<string, number | null>;
  scales: Scales;
  /** Last_Calculated__c for plans whose results changed, as Salesforce takes a DateTime. */
  now: string;
}

type Values = Readonly<Record<string, string | number | null>>;

/** Fields of `next` whose value differs from `current`; numbers compared at `scale`. */
function changedFields(
  current: Readonly<Record<string, unknown>>,
  next: Values,
  scales: Readonly<Record<string, number>>
): SObjectRecord {
  const changed: SObjectRecord = {};
  for (const [field, value] of Object.entries(next)) {
    const before = current[field] ?? null;
    const scale = scales[field];
    const same =
      scale !== undefined &&
      (typeof value === 'number' || value === null) &&
      (typeof before === 'number' || before === null)
        ? sameAtScale(before, value, scale)
        : before === value;
    if (!same) changed[field] = value;
  }
  return changed;
}

/** Which existing row stands for each period key, which of them need a new key, and which rows match no period. */
function matchRows(
  outcome: ObjectiveOutcome,
  rows: readonly ObjectiveTarget[],
  targetsByKey: ReadonlyMap<string, ObjectiveTarget>
): {
  matched: Map<string, ObjectiveTarget>;
  rekeyed: Set<string>;
  orphans: ObjectiveTarget[];
  conflicts: Set<string>;
} {
  const objectiveId = outcome.job.objective.id;
  const keys = new Set(outcome.periods.map((p) => p.key));
  const matched = new Map<string, ObjectiveTarget>();
  const conflicts = new Set<string>();
  for (const key of keys) {
    const row = targetsByKey.get(key);
    if (row && row.objectiveId !== objectiveId) conflicts.add(key);
    else if (row) matched.set(key, row);
  }
  const rekeyed = new Set<string>();
  const orphans: ObjectiveTarget[] = [];
  for (const row of rows) {
    if (row.periodKey !== null && keys.has(row.periodKey)) continue;
    const key = currentKeyForLegacy(objectiveId, row.periodKey);
    if (key !== null && keys.has(key) && !matched.has(key) && !conflicts.has(key)) {
      matched.set(key, row);
      rekeyed.add(row.id);
    } else {
      orphans.push(row);
    }
  }
  return { matched, rekeyed, orphans, conflicts };
}

function orphanNotice(orphans: readonly ObjectiveTarget[], manual: boolean): string {
  const keys = orphans.map((row) => row.periodKey ?? `${row.id} (no Period Key)`).join(', ');
  const rows = orphans.length === 1 ? '1 period row matches' : `${orphans.length} period rows match`;
  const done = manual
    ? 'They were left as they are'
    : 'Their Actual was cleared (the connector no longer keeps it up to date) and their Target kept';
  return (
    `${rows} no period of this objective any more (${keys}): the fiscal year, Period Type or plan dates changed. ` +
    `${done}; delete them, or move their targets to the current periods.`
  );
}

export function computeChanges(input: ChangeInput): Changes {
  const { scales } = input;
  const changes: Changes = {
    targetInserts: [],
    targetUpdates: [],
    objectiveUpdates: [],
    planUpdates: [],
    conflicts: [],
    notices: []
  };
  const targetsByKey = new Map(
    input.targets.filter((t) => t.periodKey !== null).map((t) => [t.periodKey as string, t])
  );
  const targetsByObjective = new Map<string, ObjectiveTarget[]>();
  for (const row of input.targets) {
    const rows = targetsByObjective.get(row.objectiveId) ?? [];
    rows.push(row);
    targetsByObjective.set(row.objectiveId, rows);
  }
  const touchedPlans = new Set<string>();

  for (const outcome of input.outcomes) {
    const { objective, plan } = outcome.job;
    const { matched, rekeyed, orphans, conflicts } = matchRows(
      outcome,
      targetsByObjective.get(objective.id) ?? [],
      targetsByKey
    );
    changes.conflicts.push(...conflicts);
    const targets = fillPeriodTargets(
      objective.target,
      outcome.periods.map((p) => p.period),
      outcome.periods.map((p) => matched.get(p.key)?.target ?? null),
      scales.targetTarget
    );

    outcome.periods.forEach(({ key, period, actual }, index) => {
      if (conflicts.has(key)) return;
      const existing = matched.get(key);
      const values: Record<string, string | number | null> = {
        [TARGET.periodStart]: period.start,
        [TARGET.periodEnd]: period.end
      };
      if (!outcome.manual) values[TARGET.actual] = actual;
      // Only an empty target is the connector's to fill.
      const target = targets[index] ?? null;
      if ((existing?.target ?? null) === null && target !== null) values[TARGET.target] = target;
      if (!existing) {
        changes.targetInserts.push({ [TARGET.periodKey]: key, [TARGET.objective]: objective.id, ...values });
        touchedPlans.add(plan.id);
        return;
      }
      const current = {
        [TARGET.periodKey]: existing.periodKey,
        [TARGET.periodStart]: existing.periodStart,
        [TARGET.periodEnd]: existing.periodEnd,
        [TARGET.actual]: existing.actual,
        [TARGET.target]: existing.target
      };
      const changed = changedFields(
        current,
        rekeyed.has(existing.id) ? { [TARGET.periodKey]: key, ...values } : values,
        { [TARGET.actual]: scales.targetActual, [TARGET.target]: scales.targetTarget }
      );
      if (Object.keys(changed).length > 0) {
        changes.targetUpdates.push({ Id: existing.id, ...changed });
        touchedPlans.add(plan.id);
      }
    });

    if (orphans.length > 0) {
      changes.notices.push({ plan, objective, message: orphanNotice(orphans, outcome.manual) });
      for (const row of orphans) {
        if (outcome.manual || row.actual === null) continue;
        changes.targetUpdates.push({ Id: row.id, [TARGET.actual]: null });
        touchedPlans.add(plan.id);
      }
    }
    const mismatch = targetsMismatch(objective.target, targets, scales.targetTarget);
    if (mismatch) changes.notices.push({ plan, objective, message: mismatch });

    const changed = changedFields(
      { [OBJECTIVE.actual]: objective.actual, [OBJECTIVE.progress]: objective.progress },
      outcome.manual
        ? { [OBJECTIVE.progress]: outcome.progress }
        : { [OBJECTIVE.actual]: outcome.actual, [OBJECTIVE.progress]: outcome.progress },
      { [OBJECTIVE.actual]: scales.objectiveActual, [OBJECTIVE.progress]: scales.objectiveProgress }
    );
    if (Object.keys(changed).length > 0) {
      changes.objectiveUpdates.push({ Id: objective.id, ...changed });
      touchedPlans.add(plan.id);
    }
  }

  for (const plan of input.plans) {
    if (!input.planProgress.has(plan.id)) continue;
    const changed = changedFields(
      { [PLAN.progress]: plan.progress },
      { [PLAN.progress]: input.planProgress.get(plan.id) ?? null },
      { [PLAN.progress]: scales.planProgress }
    );
    // Last_Calculated__c marks when results last changed (or were first computed): stamping it on
    // every run would rewrite every open plan each interval and the "only what changed" rule with it.
    if (Object.keys(changed).length > 0 || touchedPlans.has(plan.id) || plan.lastCalculated === null) {
      changes.planUpdates.push({ Id: plan.id, ...changed, [PLAN.lastCalculated]: input.now });
    }
  }
  return changes;
}
