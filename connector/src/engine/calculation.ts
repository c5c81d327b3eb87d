// The calculation, without I/O, in three steps the sync runs around its Salesforce calls:
//   1. planCalculation: which objectives can be computed, and the aggregate queries that answer
//      them (one per source, measure, criteria, date range and period type, shared by every
//      plan with that combination);
//   2. queriesFor / readRows: the SOQL for each query, partners batched under the 2,000-row cap,
//      and the rows read back into values per partner and period;
//   3. objectiveOutcome / planOutcome: actuals, progress and plan progress, rounded to field scale.
import { canCombinePeriods, checkMeasure, combinePeriods, emptyValue, type Measure } from './aggregate.ts';
import { checkCriteria } from './criteria.ts';
import { dayWindow, isSfDate, soqlDateTime } from './dates.ts';
import { findField, type SObjectDescribe } from './describe.ts';
import {
  PERIOD_TYPES,
  type BusinessPlan,
  type DateRange,
  type PeriodType,
  type PlanObjective,
  type SourceMapping
} from './model.ts';
import { periodKey, type Calendar, type Period } from './periods.ts';
import { objectiveProgress, planProgress, roundOrNull, roundToScale } from './progress.ts';
import {
  aggregateQuery,
  bucketColumn,
  isSalesforceId,
  MAX_AGGREGATE_ROWS,
  VALUE_COLUMN,
  type WindowBound
} from './soql.ts';
import type { WhereClause } from '@jetstreamapp/soql-parser-js';

/** Partner Ids per query: keeps the query text (sent in a GET URL) well under URL limits. */
export const MAX_PARTNERS_PER_QUERY = 200;

/** An objective type's source object, with what its describe says about the mapped fields. */
export interface Source {
  objectiveType: string;
  mapping: SourceMapping;
  describe: SObjectDescribe;
  /** The date field's type decides between date literals and datetime instants in the zone. */
  dateFieldType: 'date' | 'datetime';
}

export interface CalculationContext {
  calendar: Calendar;
  /** The zone whose days plan dates and period boundaries are (the org's default time zone). */
  timeZone: string;
  /** Sources by objective type; objectives of other types are not computed here. */
  sources: ReadonlyMap<string, Source>;
}

/** Something that stops a plan or an objective from being computed, in words for the admin who can fix it. */
export interface Problem {
  planId: string;
  planName: string;
  objectiveId: string | null;
  objectiveName: string | null;
  message: string;
}

export function problem(plan: BusinessPlan, objective: PlanObjective | null, message: string): Problem {
  return {
    planId: plan.id,
    planName: plan.name,
    objectiveId: objective?.id ?? null,
    objectiveName: objective?.name ?? null,
    message
  };
}

/** One objective to compute, and the query that answers it. */
export interface ObjectiveJob {
  plan: BusinessPlan;
  objective: PlanObjective;
  partnerId: string;
  periods: Period[];
  measure: Measure;
  queryKey: string;
}

/** One aggregate over a source, shared by every objective (of any plan) with the same definition. */
export interface MeasureQuery {
  key: string;
  source: Source;
  measure: Measure;
  criteria: WhereClause | null;
  criteriaText: string;
  range: DateRange;
  periodType: PeriodType;
  partnerIds: string[];
}

export interface CalculationPlan {
  jobs: ObjectiveJob[];
  queries: MeasureQuery[];
  problems: Problem[];
}

function isPeriodType(value: string): value is PeriodType {
  return (PERIOD_TYPES as readonly string[]).includes(value);
}

function planProblem(plan: BusinessPlan): string | null {
  if (!isSalesforceId(plan.partnerAccountId)) return 'Partner Account is empty.';
  if (!isSfDate(plan.startDate) || !isSfDate(plan.endDate)) return 'Start Date and End Date are both needed.';
  if (plan.endDate < plan.startDate)
    return `End Date ${plan.endDate} is before Start Date ${plan.startDate}.`;
  return null;
}

/** Decides what to compute. Plans must not be Completed (the caller reads only those). */
export function planCalculation(
  plans: readonly BusinessPlan[],
  objectives: readonly PlanObjective[],
  context: CalculationContext
): CalculationPlan {
  const jobs: ObjectiveJob[] = [];
  const queries = new Map<string, MeasureQuery>();
  const problems: Problem[] = [];
  const objectivesByPlan = groupBy(objectives, (objective) => objective.planId);

  for (const plan of plans) {
    const ours = (objectivesByPlan.get(plan.id) ?? []).filter(
      (o) => o.type !== null && context.sources.has(o.type)
    );
    const wrongPlan = planProblem(plan);
    if (wrongPlan) {
      problems.push(problem(plan, null, wrongPlan));
      continue;
    }
    const range: DateRange = { start: plan.startDate as string, end: plan.endDate as string };
    for (const objective of ours) {
      const source = context.sources.get(objective.type as string) as Source;
      const skip = (message: string): void => {
        problems.push(problem(plan, objective, message));
      };
      const periodType = (objective.periodType ?? '').trim() || 'Quarterly';
      if (!isPeriodType(periodType)) {
        skip(`Period Type "${periodType}" is not one of ${PERIOD_TYPES.join(', ')}.`);
        continue;
      }
      const measure = checkMeasure(objective.aggregateFunction, objective.aggregateField, source.describe);
      if (!measure.ok) {
        skip(measure.problem);
        continue;
      }
      const criteria = checkCriteria(objective.criteria, source.describe);
      if (!criteria.ok) {
        skip(criteria.problem);
        continue;
      }
      const { object, partnerField, dateField } = source.mapping;
      const key = JSON.stringify([
        object,
        partnerField,
        dateField,
        measure.measure.fn,
        measure.measure.field,
        criteria.text,
        range.start,
        range.end,
        periodType
      ]);
      const query = queries.get(key) ?? {
        key,
        source,
        measure: measure.measure,
        criteria: criteria.where,
        criteriaText: criteria.text,
        range,
        periodType,
        partnerIds: []
      };
      queries.set(key, query);
      const partnerId = plan.partnerAccountId as string;
      if (!query.partnerIds.includes(partnerId)) query.partnerIds.push(partnerId);
      jobs.push({
        plan,
        objective,
        partnerId,
        periods: context.calendar.periods(range, periodType),
        measure: measure.measure,
        queryKey: key
      });
    }
  }
  return { jobs, queries: [...queries.values()], problems };
}

export type QueryKind = 'periods' | 'totals';

export interface SoqlBatch {
  kind: QueryKind;
  soql: string;
}

function windowBounds(query: MeasureQuery, timeZone: string): WindowBound[] {
  if (query.source.dateFieldType === 'date') {
    return [
      { operator: '>=', literal: query.range.start, literalType: 'DATE' },
      { operator: '<=', literal: query.range.end, literalType: 'DATE' }
    ];
  }
  const { from, toExclusive } = dayWindow(query.range, timeZone);
  return [
    { operator: '>=', literal: soqlDateTime(from), literalType: 'DATETIME' },
    { operator: '<', literal: soqlDateTime(toExclusive), literalType: 'DATETIME' }
  ];
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The SOQL answering a query: per-period rows, plus whole-range totals when the whole-plan
 * value cannot be combined from periods (AVG, COUNT_DISTINCT). Partners are batched so that
 * partners × periods stays within the 2,000 rows an aggregate query may return.
 */
export function queriesFor(query: MeasureQuery, context: CalculationContext): SoqlBatch[] {
  const periodCount = Math.max(1, context.calendar.periods(query.range, query.periodType).length);
  const base = {
    object: query.source.mapping.object,
    partnerField: query.source.mapping.partnerField,
    dateField: query.source.mapping.dateField,
    convertTimezone: query.source.dateFieldType === 'datetime',
    window: windowBounds(query, context.timeZone),
    criteria: query.criteria,
    measure: query.measure
  };
  const perPeriodBatch = Math.max(
    1,
    Math.min(MAX_PARTNERS_PER_QUERY, Math.floor(MAX_AGGREGATE_ROWS / periodCount))
  );
  const batches: SoqlBatch[] = chunks(query.partnerIds, perPeriodBatch).map((partnerIds) => ({
    kind: 'periods',
    soql: aggregateQuery({ ...base, partnerIds, buckets: context.calendar.bucketFunctions(query.periodType) })
  }));
  if (!canCombinePeriods(query.measure.fn)) {
    for (const partnerIds of chunks(query.partnerIds, MAX_PARTNERS_PER_QUERY)) {
      batches.push({ kind: 'totals', soql: aggregateQuery({ ...base, partnerIds, buckets: [] }) });
    }
  }
  return batches;
}

/** Values read back for one MeasureQuery: per partner and period id, and per partner for the whole range. */
export interface MeasureValues {
  periods: Map<string, Map<string, number | null>>;
  totals: Map<string, number | null>;
  /** Rows whose buckets named no period of the calendar: a sign that zones or calendars disagree. */
  unplaced: number;
}

export function emptyValues(): MeasureValues {
  return { periods: new Map(), totals: new Map(), unplaced: 0 };
}

function numberOrNull(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(number))
    throw new TypeError(`Aggregate value is not a number: ${JSON.stringify(value)}`);
  return number;
}

/** Adds the rows of one batch to `values`. */
export function readRows(
  rows: readonly Record<string, unknown>[],
  kind: QueryKind,
  query: MeasureQuery,
  context: CalculationContext,
  values: MeasureValues
): void {
  const partnerField = query.source.mapping.partnerField;
  const bucketCount = context.calendar.bucketFunctions(query.periodType).length;
  for (const row of rows) {
    const partnerId = row[partnerField];
    if (typeof partnerId !== 'string') continue;
    const value = numberOrNull(row[VALUE_COLUMN]);
    if (kind === 'totals') {
      values.totals.set(partnerId, value);
      continue;
    }
    const buckets = Array.from(
      { length: bucketCount },
      (_, index) => numberOrNull(row[bucketColumn(index)]) ?? NaN
    );
    const periodId = context.calendar.periodId(query.periodType, buckets);
    if (periodId === null) {
      values.unplaced++;
      continue;
    }
    const byPeriod = values.periods.get(partnerId) ?? new Map<string, number | null>();
    byPeriod.set(periodId, value);
    values.periods.set(partnerId, byPeriod);
  }
}

/** Decimal places of the fields results are written to; read from describe. */
export interface Scales {
  targetActual: number;
  objectiveActual: number;
  objectiveProgress: number;
  /** Largest progress Progress__c can hold, from its precision and scale (Percent(8, 2): 999,999.99). */
  objectiveProgressMax: number;
  planProgress: number;
}

export interface PeriodOutcome {
  period: Period;
  key: string;
  actual: number | null;
}

export interface ObjectiveOutcome {
  job: ObjectiveJob;
  periods: PeriodOutcome[];
  actual: number | null;
  progress: number | null;
  /** Progress was beyond what the field holds and was stored at the field's limit. */
  progressCapped: boolean;
}

/** Actuals per period and for the whole plan, and progress against the objective's target. */
export function objectiveOutcome(job: ObjectiveJob, values: MeasureValues, scales: Scales): ObjectiveOutcome {
  const { fn } = job.measure;
  const byPeriod = values.periods.get(job.partnerId);
  const periods = job.periods.map((period) => {
    const value = byPeriod?.get(period.id) ?? emptyValue(fn);
    return {
      period,
      key: periodKey(job.objective.id, period),
      actual: roundOrNull(value, scales.targetActual)
    };
  });
  const whole = canCombinePeriods(fn)
    ? combinePeriods(
        fn,
        periods.map((p) => p.actual)
      )
    : (values.totals.get(job.partnerId) ?? emptyValue(fn));
  const actual = roundOrNull(whole, scales.objectiveActual);
  const exact = roundOrNull(objectiveProgress(actual, job.objective.target), scales.objectiveProgress);
  const max = scales.objectiveProgressMax;
  const progress = exact === null ? null : Math.max(-max, Math.min(max, exact));
  return { job, periods, actual, progress, progressCapped: progress !== exact };
}

/**
 * Plan progress over all the plan's objectives with a target: computed ones with their new
 * progress, the others (other types, or ones with a problem this run) with the progress of
 * their current Actual and Target.
 */
export function planOutcome(
  objectives: readonly PlanObjective[],
  outcomes: ReadonlyMap<string, ObjectiveOutcome>,
  scales: Scales
): number | null {
  const items = objectives.map((objective) => {
    const outcome = outcomes.get(objective.id);
    const progress = outcome
      ? outcome.progress
      : roundOrNull(objectiveProgress(objective.actual, objective.target), scales.objectiveProgress);
    return { weight: objective.weight, target: objective.target, progress };
  });
  const progress = planProgress(items);
  return progress === null ? null : roundToScale(progress, scales.planProgress);
}

export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** Checks a source mapping against its object's describe; returns the Source or what is wrong with it. */
export function checkSource(
  objectiveType: string,
  mapping: SourceMapping,
  describe: SObjectDescribe
): { ok: true; source: Source } | { ok: false; problem: string } {
  const partner = findField(describe, mapping.partnerField);
  const date = findField(describe, mapping.dateField);
  const where = `the "${objectiveType}" source (${mapping.object})`;
  if (!describe.queryable)
    return { ok: false, problem: `${mapping.object} cannot be queried, so ${where} cannot be read.` };
  if (!partner || partner.type !== 'reference' || !partner.filterable || !partner.groupable) {
    return {
      ok: false,
      problem: `${mapping.object}.${mapping.partnerField}, the partner field of ${where}, must be a filterable, groupable lookup.`
    };
  }
  if (!date || (date.type !== 'date' && date.type !== 'datetime') || !date.filterable) {
    return {
      ok: false,
      problem: `${mapping.object}.${mapping.dateField}, the date field of ${where}, must be a filterable Date or Date/Time field.`
    };
  }
  return {
    ok: true,
    source: {
      objectiveType,
      mapping: { object: describe.name, partnerField: partner.name, dateField: date.name },
      describe,
      dateFieldType: date.type
    }
  };
}
