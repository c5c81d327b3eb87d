// Which objectives an incremental run recomputes, without I/O. An objective is dirty when:
//   - what it is changed: its definition, its plan's partner, dates or status, its hand-set
//     period targets (a fingerprint of them differs from the one stored after the last run);
//   - a record changed in a bucket it reads: the bucket index in the store says which
//     (source, partner account, period) buckets each objective read last time, and the
//     current plans say which it reads now. A record that moved dirties the bucket it left
//     and the one it entered, so both the old and the new objectives are recomputed.
// After the run, the index is rebuilt for the objectives computed, with the fingerprint of
// what they are once the run's own writes are applied, so those writes never look like changes.
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { CalculationContext, ObjectiveOutcome } from '../engine/calculation.ts';
import type { CustomFiscalYear } from '../engine/customPeriods.ts';
import type { BusinessPlan, FiscalYearSettings, ObjectiveTarget, PlanObjective } from '../engine/model.ts';
import type { IndexedBucket, IndexedObjective } from '../store/store.ts';
import type { Changes } from './changes.ts';
import type { PlanningData } from './records.ts';
import { TARGET } from './schema.ts';
import type { RecordBucket } from './watermarks.ts';

function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('base64url');
}

/**
 * What a full run's results depend on besides records and plans: which org, its calendar and
 * zone, the source mappings, and the store's own version (a new index format needs a full run).
 */
export function contextFingerprint(input: {
  organizationId: string;
  timeZone: string;
  fiscalYear: FiscalYearSettings;
  /** An admin who edits custom fiscal years moves records between periods, so every objective is recomputed. */
  customYears: readonly CustomFiscalYear[];
  sources: unknown;
  storeVersion: number;
}): string {
  return digest([
    input.organizationId,
    input.timeZone,
    input.fiscalYear.startMonth,
    input.fiscalYear.nameByStartYear,
    input.customYears,
    input.sources,
    input.storeVersion
  ]);
}

/** Period Key → Target__c of an objective's rows. */
export type TargetValues = ReadonlyMap<string, number | null>;

/**
 * Everything an objective's values depend on besides records: its definition, its plan's
 * partner, dates and status, and its period targets. Hand-entered actuals count too for
 * manual objectives, whose progress the connector computes from them.
 */
export function objectiveFingerprint(
  objective: PlanObjective,
  plan: BusinessPlan | undefined,
  targets: TargetValues,
  manual: boolean
): string {
  return digest([
    objective.type,
    objective.aggregateFunction,
    objective.aggregateField,
    objective.criteria,
    objective.periodType,
    objective.target,
    objective.weight,
    manual ? objective.actual : null,
    plan ? [plan.partnerAccountId, plan.startDate, plan.endDate, plan.status] : null,
    [...targets].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  ]);
}

/** Targets by objective as read. */
export function targetsByObjective(
  targets: readonly ObjectiveTarget[]
): Map<string, Map<string, number | null>> {
  const byObjective = new Map<string, Map<string, number | null>>();
  for (const row of targets) {
    if (row.periodKey === null) continue;
    const rows = byObjective.get(row.objectiveId) ?? new Map<string, number | null>();
    rows.set(row.periodKey, row.target);
    byObjective.set(row.objectiveId, rows);
  }
  return byObjective;
}

/** Targets by objective as they are once the run's writes are applied. */
export function targetsAfterWrites(
  targets: readonly ObjectiveTarget[],
  changes: Pick<Changes, 'targetInserts' | 'targetUpdates'>
): Map<string, Map<string, number | null>> {
  const byObjective = targetsByObjective(targets);
  const rowsById = new Map(targets.map((row) => [row.id, row]));
  const set = (objectiveId: string, key: string, target: number | null) => {
    const rows = byObjective.get(objectiveId) ?? new Map<string, number | null>();
    rows.set(key, target);
    byObjective.set(objectiveId, rows);
  };
  for (const update of changes.targetUpdates) {
    const row = rowsById.get(String(update.Id));
    if (!row) continue;
    const newKey = update[TARGET.periodKey];
    const key = typeof newKey === 'string' ? newKey : row.periodKey;
    if (typeof newKey === 'string' && row.periodKey !== null)
      byObjective.get(row.objectiveId)?.delete(row.periodKey);
    if (key === null) continue;
    const target = TARGET.target in update ? (update[TARGET.target] as number | null) : row.target;
    set(row.objectiveId, key, target);
  }
  for (const insert of changes.targetInserts) {
    const target = (insert[TARGET.target] as number | null | undefined) ?? null;
    set(String(insert[TARGET.objective]), String(insert[TARGET.periodKey]), target);
  }
  return byObjective;
}

function isManual(objective: PlanObjective, context: Pick<CalculationContext, 'sources'>): boolean {
  return objective.type !== null && context.sources.get(objective.type)?.kind === 'manual';
}

/** Every objective's fingerprint, given its targets. */
export function fingerprints(
  data: Pick<PlanningData, 'plans' | 'objectives'>,
  targets: ReadonlyMap<string, TargetValues>,
  context: Pick<CalculationContext, 'sources'>
): Map<string, string> {
  const plans = new Map(data.plans.map((plan) => [plan.id, plan]));
  return new Map(
    data.objectives.map((objective) => [
      objective.id,
      objectiveFingerprint(
        objective,
        plans.get(objective.planId),
        targets.get(objective.id) ?? new Map(),
        isManual(objective, context)
      )
    ])
  );
}

/** The day a record's date value falls on in the org's zone: datetimes are instants, dates days. */
export function recordDay(value: string, timeZone: string): string | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const instant = DateTime.fromISO(value, { zone: 'utc' });
  return instant.isValid ? instant.setZone(timeZone).toISODate() : null;
}

export interface DirtyInput {
  data: Pick<PlanningData, 'plans' | 'objectives' | 'targets'>;
  context: Pick<CalculationContext, 'sources' | 'timeZone'>;
  index: ReadonlyMap<string, IndexedObjective>;
  buckets: readonly RecordBucket[];
}

export interface DirtyObjectives {
  /** Objectives to recompute. */
  ids: Set<string>;
  /** Of those, how many because what they are changed (new ones included). */
  changed: number;
  /** And how many because records in their buckets changed. */
  byRecords: number;
}

/** The objectives an incremental run recomputes. */
export function dirtyObjectives({ data, context, index, buckets }: DirtyInput): DirtyObjectives {
  const ids = new Set<string>();
  const current = fingerprints(data, targetsByObjective(data.targets), context);
  for (const [id, fingerprint] of current) if (index.get(id)?.fingerprint !== fingerprint) ids.add(id);
  const changed = ids.size;

  const days = buckets
    .map((bucket) => ({ ...bucket, day: recordDay(bucket.date, context.timeZone) }))
    .filter((bucket): bucket is RecordBucket & { day: string } => bucket.day !== null);
  const readsDirty = (b: IndexedBucket): boolean =>
    days.some(
      (bucket) =>
        b.sourceObject === bucket.object &&
        b.partnerField === bucket.partnerField &&
        b.dateField === bucket.dateField &&
        b.partnerId === bucket.partnerId &&
        b.periodStart <= bucket.day &&
        bucket.day <= b.periodEnd
    );
  // What each objective read last time (the old buckets of records that moved away).
  for (const entry of index.values()) {
    if (current.has(entry.objectiveId) && entry.buckets.some(readsDirty)) ids.add(entry.objectiveId);
  }
  // What each objective reads now (objectives whose index has no buckets yet, e.g. a source just deployed).
  const plans = new Map(data.plans.map((plan) => [plan.id, plan]));
  for (const objective of data.objectives) {
    const state = objective.type === null ? undefined : context.sources.get(objective.type);
    const plan = plans.get(objective.planId);
    if (state?.kind !== 'records' || !plan?.startDate || !plan.endDate) continue;
    const { mapping } = state.source;
    const readsNow = days.some(
      (bucket) =>
        bucket.object === mapping.object &&
        bucket.partnerField === mapping.partnerField &&
        bucket.dateField === mapping.dateField &&
        bucket.partnerId === plan.partnerAccountId &&
        (plan.startDate as string) <= bucket.day &&
        bucket.day <= (plan.endDate as string)
    );
    if (readsNow) ids.add(objective.id);
  }
  return { ids, changed, byRecords: ids.size - changed };
}

/** The index entries of the objectives a run computed (or tried to), as they stand after its writes. */
export function indexEntries(input: {
  data: Pick<PlanningData, 'plans' | 'objectives' | 'targets'>;
  context: Pick<CalculationContext, 'sources'>;
  outcomes: readonly ObjectiveOutcome[];
  changes: Pick<Changes, 'targetInserts' | 'targetUpdates'>;
  /** The objectives the run was to compute; null for all. */
  selected: ReadonlySet<string> | null;
}): IndexedObjective[] {
  const after = fingerprints(
    input.data,
    targetsAfterWrites(input.data.targets, input.changes),
    input.context
  );
  const outcomes = new Map(input.outcomes.map((outcome) => [outcome.job.objective.id, outcome]));
  const entries: IndexedObjective[] = [];
  for (const objective of input.data.objectives) {
    if (input.selected && !input.selected.has(objective.id)) continue;
    const outcome = outcomes.get(objective.id);
    const state = objective.type === null ? undefined : input.context.sources.get(objective.type);
    const buckets: IndexedBucket[] =
      outcome && !outcome.manual && state?.kind === 'records'
        ? outcome.periods.map(({ key, period, actual }) => ({
            periodKey: key,
            sourceObject: state.source.mapping.object,
            partnerField: state.source.mapping.partnerField,
            dateField: state.source.mapping.dateField,
            partnerId: outcome.job.partnerId,
            periodStart: period.start,
            periodEnd: period.end,
            actual
          }))
        : [];
    entries.push({ objectiveId: objective.id, fingerprint: after.get(objective.id) as string, buckets });
  }
  return entries;
}
