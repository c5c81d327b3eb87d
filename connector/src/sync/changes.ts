// What to write: computed values compared with what was read, field by field at field scale,
// so that a run over unchanged data writes nothing. Pure; the sync sends the result.
//
// Two steps, so that what Salesforce refuses can be shown on the objective it concerns: period
// rows first (periodRowChanges), then objectives and plans (resultChanges), which carry each
// objective's Calculation Status and Message: Calculated or Manual with any notices, or Error
// with why it was not computed (then its Actual and Progress are left as they are).
//
// Period rows are matched to periods by Period_Key__c. A row whose key is in the format of
// the calendar-quarter connector (`<ObjectiveId>-2026-Q1`) names one whole calendar period
// exactly, so when that period is still one of the objective's it is re-keyed in place and
// keeps its Id and its Target. Any other row of the objective that matches no period (fiscal
// settings, Period Type or plan dates changed) keeps its Target, has its Actual cleared so
// that no stale number is shown, and is reported.
import type { ObjectiveOutcome, Problem, Scales } from '../engine/calculation.ts';
import type { BusinessPlan, ObjectiveTarget, PlanObjective } from '../engine/model.ts';
import { currentKeyForLegacy } from '../engine/periods.ts';
import { objectiveProgress, roundOrNull, sameAtScale } from '../engine/progress.ts';
import { fillPeriodTargets, targetsMismatch } from '../engine/targets.ts';
import type { SaveOutcome, SObjectRecord } from '../salesforce/client.ts';
import {
  CALCULATION_STATUS,
  OBJECTIVE,
  PLAN,
  TARGET,
  type CalculationStatus,
  type TextLengths
} from './schema.ts';

/** Something about an objective's period rows that its admin should know. */
export interface Notice {
  plan: BusinessPlan;
  objective: PlanObjective;
  message: string;
}

export interface PeriodRowChanges {
  /** New period rows, upserted on Period_Key__c so that a retried run cannot create duplicates. */
  targetInserts: SObjectRecord[];
  /** Existing period rows, by Id, with only the fields that changed. */
  targetUpdates: SObjectRecord[];
  /** Period rows whose key belongs to another objective: left alone and reported. */
  conflicts: string[];
  notices: Notice[];
  /** Plans some of whose period rows change. */
  touchedPlans: Set<string>;
}

export interface ResultChanges {
  objectiveUpdates: SObjectRecord[];
  planUpdates: SObjectRecord[];
}

export type Changes = Omit<PeriodRowChanges, 'touchedPlans'> & ResultChanges;

export interface ChangeInput {
  plans: readonly BusinessPlan[];
  objectives: readonly PlanObjective[];
  targets: readonly ObjectiveTarget[];
  outcomes: readonly ObjectiveOutcome[];
  /** New plan progress, for plans that were calculated this run. */
  planProgress: ReadonlyMap<string, number | null>;
  scales: Scales;
  lengths: TextLengths;
  /** Last_Calculated__c for plans whose results changed, as Salesforce takes a DateTime. */
  now: string;
  /** Why objectives (objectiveId set) or whole plans (objectiveId null) were not computed this run. */
  problems: readonly Problem[];
  /** Plan fields the connector keeps besides results (End Date, Channel Manager, Next Review Date), by plan. */
  planFields: ReadonlyMap<string, Values>;
  /** Completed plans in their final pass, with the Last_Calculated__c that records it was made. */
  finalPass: ReadonlyMap<string, string>;
}

export type Values = Readonly<Record<string, string | number | null>>;

/** `text` cut to `length` characters, with an ellipsis when it was longer. */
export function fitText(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, Math.max(0, length - 1))}…`;
}

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

/** Progress of one period row, at field scale and within what the field holds. */
function rowProgress(actual: number | null, target: number | null, scales: Scales): number | null {
  const progress = roundOrNull(objectiveProgress(actual, target), scales.targetProgress);
  return progress === null
    ? null
    : Math.max(-scales.targetProgressMax, Math.min(scales.targetProgressMax, progress));
}

/** Step 1: the period rows to insert and update, with their labels, actuals, targets and progress. */
export function periodRowChanges(input: ChangeInput): PeriodRowChanges {
  const { scales } = input;
  const changes: PeriodRowChanges = {
    targetInserts: [],
    targetUpdates: [],
    conflicts: [],
    notices: [],
    touchedPlans: new Set()
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
  const rowScales = {
    [TARGET.actual]: scales.targetActual,
    [TARGET.target]: scales.targetTarget,
    [TARGET.progress]: scales.targetProgress
  };

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
      // Only an empty target is the connector's to fill.
      const target =
        (existing?.target ?? null) === null ? (targets[index] ?? null) : (existing?.target ?? null);
      // A Custom objective's period actuals are entered by hand: progress follows what was entered.
      const periodActual = outcome.manual ? (existing?.actual ?? null) : actual;
      const values: Record<string, string | number | null> = {
        [TARGET.periodStart]: period.start,
        [TARGET.periodEnd]: period.end,
        [TARGET.periodLabel]: fitText(period.label, input.lengths.periodLabel),
        [TARGET.progress]: rowProgress(periodActual, target, scales)
      };
      if (!outcome.manual) values[TARGET.actual] = actual;
      if ((existing?.target ?? null) === null && target !== null) values[TARGET.target] = target;
      if (!existing) {
        changes.targetInserts.push({ [TARGET.periodKey]: key, [TARGET.objective]: objective.id, ...values });
        changes.touchedPlans.add(plan.id);
        return;
      }
      const current = {
        [TARGET.periodKey]: existing.periodKey,
        [TARGET.periodStart]: existing.periodStart,
        [TARGET.periodEnd]: existing.periodEnd,
        [TARGET.periodLabel]: existing.periodLabel,
        [TARGET.actual]: existing.actual,
        [TARGET.target]: existing.target,
        [TARGET.progress]: existing.progress
      };
      const changed = changedFields(
        current,
        rekeyed.has(existing.id) ? { [TARGET.periodKey]: key, ...values } : values,
        rowScales
      );
      if (Object.keys(changed).length > 0) {
        changes.targetUpdates.push({ Id: existing.id, ...changed });
        changes.touchedPlans.add(plan.id);
      }
    });

    if (orphans.length > 0) {
      changes.notices.push({ plan, objective, message: orphanNotice(orphans, outcome.manual) });
      for (const row of orphans) {
        if (outcome.manual || (row.actual === null && row.progress === null)) continue;
        changes.targetUpdates.push({ Id: row.id, [TARGET.actual]: null, [TARGET.progress]: null });
        changes.touchedPlans.add(plan.id);
      }
    }
    const mismatch = targetsMismatch(objective.target, targets, scales.targetTarget);
    if (mismatch) changes.notices.push({ plan, objective, message: mismatch });
    if (outcome.progressCapped) {
      const message = `Progress exceeds what Progress__c can hold; stored ${outcome.progress}%. Check the Target.`;
      changes.notices.push({ plan, objective, message });
    }
  }
  return changes;
}

/**
 * Messages of the period rows Salesforce refused, by the objective they belong to: new rows
 * name it in their Period Key (`<ObjectiveId>-…`), existing ones by their Id.
 */
export function rowFailures(
  outcomes: readonly SaveOutcome[],
  targets: readonly ObjectiveTarget[]
): Map<string, string[]> {
  const objectiveOfRow = new Map(targets.map((row) => [row.id, row.objectiveId]));
  const failures = new Map<string, string[]>();
  for (const outcome of outcomes) {
    if (outcome.success) continue;
    const objectiveId = objectiveOfRow.get(outcome.ref) ?? /^([a-zA-Z0-9]{18})-/.exec(outcome.ref)?.[1];
    if (!objectiveId) continue;
    const errors = outcome.errors.map((error) => `${error.code}: ${error.message}`).join('; ');
    const messages = failures.get(objectiveId) ?? [];
    messages.push(`Salesforce refused period row ${outcome.ref} (${errors}).`);
    failures.set(objectiveId, messages);
  }
  return failures;
}

interface ObjectiveState {
  status: CalculationStatus;
  messages: string[];
}

/** Each objective's Calculation Status and the messages its Calculation Message shows. */
function objectiveStates(
  input: ChangeInput,
  notices: readonly Notice[],
  failures: ReadonlyMap<string, readonly string[]>
): Map<string, ObjectiveState> {
  const states = new Map<string, ObjectiveState>();
  const planIds = new Set(input.plans.map((plan) => plan.id));
  const planProblems = new Map<string, string>();
  const objectiveProblems = new Map<string, string[]>();
  for (const problem of input.problems) {
    if (problem.objectiveId === null) planProblems.set(problem.planId, problem.message);
    else
      objectiveProblems.set(problem.objectiveId, [
        ...(objectiveProblems.get(problem.objectiveId) ?? []),
        problem.message
      ]);
  }
  for (const outcome of input.outcomes) {
    const status = outcome.manual ? CALCULATION_STATUS.manual : CALCULATION_STATUS.calculated;
    states.set(outcome.job.objective.id, { status, messages: [] });
  }
  for (const objective of input.objectives) {
    if (!planIds.has(objective.planId)) continue;
    const planProblem = planProblems.get(objective.planId);
    const problems = objectiveProblems.get(objective.id);
    if (planProblem !== undefined)
      states.set(objective.id, {
        status: CALCULATION_STATUS.error,
        messages: [`The plan cannot be calculated: ${planProblem}`]
      });
    else if (problems)
      states.set(objective.id, { status: CALCULATION_STATUS.error, messages: [...problems] });
  }
  for (const notice of notices) states.get(notice.objective.id)?.messages.push(notice.message);
  for (const [objectiveId, messages] of failures) states.get(objectiveId)?.messages.push(...messages);
  return states;
}

/**
 * Step 2: objectives (results, Calculation Status and Message) and plans (progress, Last
 * Calculated, and the fields the connector keeps). `failures` are the period rows Salesforce
 * refused in step 1, shown on their objectives.
 */
export function resultChanges(
  input: ChangeInput,
  rows: PeriodRowChanges,
  failures: ReadonlyMap<string, readonly string[]> = new Map()
): ResultChanges {
  const { scales } = input;
  const changes: ResultChanges = { objectiveUpdates: [], planUpdates: [] };
  const touchedPlans = new Set(rows.touchedPlans);
  const outcomes = new Map(input.outcomes.map((outcome) => [outcome.job.objective.id, outcome]));
  const states = objectiveStates(input, rows.notices, failures);

  for (const objective of input.objectives) {
    const state = states.get(objective.id);
    if (!state) continue;
    const outcome = outcomes.get(objective.id);
    const message =
      state.messages.length > 0 ? fitText(state.messages.join(' '), input.lengths.calculationMessage) : null;
    const next: Record<string, string | number | null> = {
      [OBJECTIVE.calculationStatus]: state.status,
      [OBJECTIVE.calculationMessage]: message
    };
    if (outcome) {
      next[OBJECTIVE.progress] = outcome.progress;
      if (!outcome.manual) next[OBJECTIVE.actual] = outcome.actual;
    }
    const changed = changedFields(
      {
        [OBJECTIVE.actual]: objective.actual,
        [OBJECTIVE.progress]: objective.progress,
        [OBJECTIVE.calculationStatus]: objective.calculationStatus,
        [OBJECTIVE.calculationMessage]: objective.calculationMessage
      },
      next,
      { [OBJECTIVE.actual]: scales.objectiveActual, [OBJECTIVE.progress]: scales.objectiveProgress }
    );
    if (Object.keys(changed).length > 0) {
      changes.objectiveUpdates.push({ Id: objective.id, ...changed });
      touchedPlans.add(objective.planId);
    }
  }

  for (const plan of input.plans) {
    const kept = changedFields(
      {
        [PLAN.end]: plan.endDate,
        [PLAN.channelManager]: plan.channelManagerId,
        [PLAN.nextReview]: plan.nextReviewDate
      },
      input.planFields.get(plan.id) ?? {},
      {}
    );
    const calculated = input.planProgress.has(plan.id);
    const progress = calculated
      ? changedFields(
          { [PLAN.progress]: plan.progress },
          { [PLAN.progress]: input.planProgress.get(plan.id) ?? null },
          { [PLAN.progress]: scales.planProgress }
        )
      : {};
    const finalPass = input.finalPass.get(plan.id);
    // Last_Calculated__c marks when results last changed (or were first computed): stamping it on
    // every run would rewrite every open plan each interval and the "only what changed" rule with it.
    // A final pass always stamps it: that is how later runs know the pass was made.
    const stamp =
      finalPass ??
      (calculated &&
      (Object.keys(progress).length > 0 || touchedPlans.has(plan.id) || plan.lastCalculated === null)
        ? input.now
        : null);
    const update = { ...kept, ...progress, ...(stamp === null ? {} : { [PLAN.lastCalculated]: stamp }) };
    if (Object.keys(update).length > 0) changes.planUpdates.push({ Id: plan.id, ...update });
  }
  return changes;
}

/** Both steps, as one run without refusals would make them. */
export function computeChanges(input: ChangeInput): Changes {
  const { touchedPlans: _touched, ...rows } = periodRowChanges(input);
  return { ...rows, ...resultChanges(input, { ...rows, touchedPlans: _touched }) };
}

/**
 * The plan updates without the final-pass stamp of plans some of whose period rows or
 * objectives Salesforce refused this run: their final pass is not complete, so the next run
 * makes it again. A plan left with nothing else to write is dropped.
 */
export function withoutUnfinishedFinalPasses(
  planUpdates: readonly SObjectRecord[],
  finalPass: ReadonlyMap<string, string>,
  writes: {
    targets: readonly SaveOutcome[];
    objectives: readonly SaveOutcome[];
    data: { objectives: readonly PlanObjective[]; targets: readonly ObjectiveTarget[] };
  }
): SObjectRecord[] {
  const planOfObjective = new Map(writes.data.objectives.map((o) => [o.id, o.planId]));
  const unfinished = new Set<string>();
  for (const objectiveId of rowFailures(writes.targets, writes.data.targets).keys()) {
    const planId = planOfObjective.get(objectiveId);
    if (planId) unfinished.add(planId);
  }
  for (const outcome of writes.objectives) {
    const planId = outcome.success ? undefined : planOfObjective.get(outcome.ref);
    if (planId) unfinished.add(planId);
  }
  return planUpdates.flatMap((update) => {
    const id = String(update.Id);
    if (!finalPass.has(id) || !unfinished.has(id)) return [update];
    const { [PLAN.lastCalculated]: _stamp, ...rest } = update;
    return Object.keys(rest).length > 1 ? [rest] : [];
  });
}
