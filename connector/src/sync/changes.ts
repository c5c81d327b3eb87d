// What to write: computed values compared with what was read, field by field at field scale,
// so that a run over unchanged data writes nothing. Pure; the sync sends the result.
import type { ObjectiveOutcome, Scales } from '../engine/calculation.ts';
import type { BusinessPlan, ObjectiveTarget, PlanObjective } from '../engine/model.ts';
import { sameAtScale } from '../engine/progress.ts';
import type { SObjectRecord } from '../salesforce/client.ts';
import { OBJECTIVE, PLAN, TARGET } from './schema.ts';

export interface Changes {
  /** New period rows, upserted on Period_Key__c so that a retried run cannot create duplicates. */
  targetInserts: SObjectRecord[];
  /** Existing period rows, by Id, with only the fields that changed. */
  targetUpdates: SObjectRecord[];
  objectiveUpdates: SObjectRecord[];
  planUpdates: SObjectRecord[];
  /** Period rows whose key belongs to another objective: left alone and reported. */
  conflicts: string[];
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

/** Fields of `next` whose value differs from `current`; numbers compared at `scale`. */
function changedFields(
  current: Readonly<Record<string, unknown>>,
  next: Readonly<Record<string, string | number | null>>,
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

export function computeChanges(input: ChangeInput): Changes {
  const { scales } = input;
  const changes: Changes = {
    targetInserts: [],
    targetUpdates: [],
    objectiveUpdates: [],
    planUpdates: [],
    conflicts: []
  };
  const targetsByKey = new Map(
    input.targets.filter((t) => t.periodKey !== null).map((t) => [t.periodKey as string, t])
  );
  const touchedPlans = new Set<string>();

  for (const outcome of input.outcomes) {
    const { objective, plan } = outcome.job;
    for (const { key, period, actual } of outcome.periods) {
      const existing = targetsByKey.get(key);
      const values = {
        [TARGET.periodStart]: period.start,
        [TARGET.periodEnd]: period.end,
        [TARGET.actual]: actual
      };
      if (!existing) {
        changes.targetInserts.push({ [TARGET.periodKey]: key, [TARGET.objective]: objective.id, ...values });
        touchedPlans.add(plan.id);
        continue;
      }
      if (existing.objectiveId !== objective.id) {
        changes.conflicts.push(key);
        continue;
      }
      const current = {
        [TARGET.periodStart]: existing.periodStart,
        [TARGET.periodEnd]: existing.periodEnd,
        [TARGET.actual]: existing.actual
      };
      const changed = changedFields(current, values, { [TARGET.actual]: scales.targetActual });
      if (Object.keys(changed).length > 0) {
        changes.targetUpdates.push({ Id: existing.id, ...changed });
        touchedPlans.add(plan.id);
      }
    }
    const changed = changedFields(
      { [OBJECTIVE.actual]: objective.actual, [OBJECTIVE.progress]: objective.progress },
      { [OBJECTIVE.actual]: outcome.actual, [OBJECTIVE.progress]: outcome.progress },
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
