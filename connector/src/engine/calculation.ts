// The calculation, without I/O, in three steps the sync runs around its Salesforce calls:
//   1. planCalculation: which objectives can be computed, and the aggregate queries that answer
//      them (one per source, measure, conditions and plan dates, shared by every plan and every
//      period type with that combination);
//   2. queriesFor / readRows: the SOQL for each query, partners batched under the 2,000-row cap,
//      and the rows read back into values per partner and calendar month (or per period window);
//   3. objectiveOutcome / planOutcome: actuals per fiscal period, progress and plan progress,
//      rounded to field scale.
//
// Records are bucketed by CALENDAR_YEAR and CALENDAR_MONTH (of convertTimezone(date) for
// Date/Time fields) and months are mapped to fiscal periods here, by the same function that
// generates the periods. A standard fiscal period is made of whole calendar months, so this is
// exact, and SOQL is only asked what a calendar month is. COUNT_DISTINCT cannot be added up
// from months, so it is asked once per period window instead. Where a plan overlaps a custom
// fiscal year, whose months are not calendar months, records are bucketed by day instead
// (CALENDAR_YEAR and DAY_IN_YEAR) and each day is mapped to its period the same way.
import {
  checkCountMeasure,
  checkMeasure,
  combineMonths,
  emptyValue,
  monthColumns,
  type Measure
} from './aggregate.ts';
import { checkCriteria } from './criteria.ts';
import { calendarDay, dayWindow, isSfDate, soqlDateTime, toSfDate } from './dates.ts';
import { findField, type SObjectDescribe } from './describe.ts';
import {
  PERIOD_TYPES,
  type BusinessPlan,
  type DateRange,
  type PeriodType,
  type PlanObjective,
  type RecordSourceMapping
} from './model.ts';
import { monthsOf, periodIdOfBucket, periodKey, type Calendar, type Period } from './periods.ts';
import { objectiveProgress, planProgress, roundOrNull, roundToScale } from './progress.ts';
import {
  aggregateQuery,
  bucketColumn,
  isSalesforceId,
  MAX_AGGREGATE_ROWS,
  valueColumn,
  type AggregateValue,
  type WindowBound
} from './soql.ts';
import type { WhereClause } from '@jetstreamapp/soql-parser-js';

/** Partner Ids per query: keeps the query text (sent in a GET URL) well under URL limits. */
export const MAX_PARTNERS_PER_QUERY = 200;

/** The month bucket functions every per-month query groups by, most significant first. */
export const MONTH_BUCKETS = ['CALENDAR_YEAR', 'CALENDAR_MONTH'] as const;

/** The day bucket functions of plans that overlap a custom fiscal year. */
export const DAY_BUCKETS = ['CALENDAR_YEAR', 'DAY_IN_YEAR'] as const;

/** An objective type's source object, checked against its describe. */
export interface Source {
  objectiveType: string;
  mapping: RecordSourceMapping;
  describe: SObjectDescribe;
  /** The date field's type decides between date literals and datetime instants in the zone. */
  dateFieldType: 'date' | 'datetime';
  /** The mapping's implicit filter, checked and parsed; null for none. */
  filter: WhereClause | null;
  filterText: string;
}

/** What the sync found for an objective type: records to aggregate, hand-entered actuals, or a reason it cannot be computed. */
export type SourceState =
  { kind: 'records'; source: Source } | { kind: 'manual' } | { kind: 'unavailable'; problem: string };

export interface CalculationContext {
  calendar: Calendar;
  /** The zone whose days plan dates and period boundaries are (the org's default time zone). */
  timeZone: string;
  /** By objective type; objectives of types not here are not computed. */
  sources: ReadonlyMap<string, SourceState>;
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

/** How an objective's actual is found: aggregated by a query, or entered by hand. */
export type Measurement = { kind: 'records'; measure: Measure; queryKey: string } | { kind: 'manual' };

/** One objective to compute. */
export interface ObjectiveJob {
  plan: BusinessPlan;
  objective: PlanObjective;
  partnerId: string;
  periodType: PeriodType;
  periods: Period[];
  measurement: Measurement;
}

/** A date range asked about on its own: one per period, and the whole plan. */
export interface Window {
  id: string;
  range: DateRange;
}

/** The window id of the whole plan, next to the period ids. */
export const WHOLE_PLAN = 'plan';

/** One aggregate over a source, shared by every objective (of any plan) with the same definition. */
export interface MeasureQuery {
  key: string;
  source: Source;
  measure: Measure;
  /** The source's filter and the objective's criteria, checked. */
  conditions: WhereClause[];
  range: DateRange;
  /** Null: one query grouped by calendar month (or day). Otherwise one query per window (COUNT_DISTINCT). */
  windows: Window[] | null;
  /** Grouped by day rather than calendar month: the range overlaps a custom fiscal year. */
  byDay: boolean;
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
    const wrongPlan = planProblem(plan);
    if (wrongPlan) {
      problems.push(problem(plan, null, wrongPlan));
      continue;
    }
    const range: DateRange = { start: plan.startDate as string, end: plan.endDate as string };
    const partnerId = plan.partnerAccountId as string;
    for (const objective of objectivesByPlan.get(plan.id) ?? []) {
      const skip = (message: string): void => {
        problems.push(problem(plan, objective, message));
      };
      const state = objective.type === null ? undefined : context.sources.get(objective.type);
      if (state === undefined) {
        skip(
          objective.type === null
            ? 'Type is empty.'
            : `The connector has no source for Type "${objective.type}": add one to "sources" in config/connector.json.`
        );
        continue;
      }
      if (state.kind === 'unavailable') {
        skip(state.problem);
        continue;
      }
      const periodType = (objective.periodType ?? '').trim() || 'Quarterly';
      if (!isPeriodType(periodType)) {
        skip(`Period Type "${periodType}" is not one of ${PERIOD_TYPES.join(', ')}.`);
        continue;
      }
      const periods = context.calendar.periods(range, periodType);
      const job = { plan, objective, partnerId, periodType, periods };
      if (state.kind === 'manual') {
        jobs.push({ ...job, measurement: { kind: 'manual' } });
        continue;
      }
      const { source } = state;
      const { mapping } = source;
      const measure =
        mapping.measure === 'count'
          ? checkCountMeasure(
              objective.aggregateFunction,
              objective.aggregateField,
              source.objectiveType,
              mapping.object
            )
          : checkMeasure(objective.aggregateFunction, objective.aggregateField, source.describe);
      if (!measure.ok) {
        skip(measure.problem);
        continue;
      }
      const criteria = checkCriteria(objective.criteria, source.describe);
      if (!criteria.ok) {
        skip(criteria.problem);
        continue;
      }
      const byWindow = monthColumns(measure.measure.fn) === null;
      const key = JSON.stringify([
        mapping.object,
        mapping.partnerField,
        mapping.dateField,
        source.filterText,
        measure.measure.fn,
        measure.measure.field,
        criteria.text,
        range.start,
        range.end,
        // Month rows serve every period type; windows are the periods of one type.
        byWindow ? periodType : null
      ]);
      const query = queries.get(key) ?? {
        key,
        source,
        measure: measure.measure,
        conditions: [source.filter, criteria.where].filter((c): c is WhereClause => c !== null),
        range,
        byDay: !byWindow && context.calendar.hasCustomDays(range),
        windows: byWindow
          ? [
              ...periods.map((period) => ({
                id: period.id,
                range: { start: period.start, end: period.end }
              })),
              { id: WHOLE_PLAN, range }
            ]
          : null,
        partnerIds: []
      };
      queries.set(key, query);
      if (!query.partnerIds.includes(partnerId)) query.partnerIds.push(partnerId);
      jobs.push({ ...job, measurement: { kind: 'records', measure: measure.measure, queryKey: key } });
    }
  }
  return { jobs, queries: [...queries.values()], problems };
}

export interface SoqlBatch {
  /** Null for a per-month query; otherwise the window the query's single value per partner is for. */
  windowId: string | null;
  soql: string;
}

/** The date window of a range, as literals of the source date field's type (instants in `timeZone` for Date/Time). */
export function windowBounds(source: Source, range: DateRange, timeZone: string): WindowBound[] {
  if (source.dateFieldType === 'date') {
    return [
      { operator: '>=', literal: range.start, literalType: 'DATE' },
      { operator: '<=', literal: range.end, literalType: 'DATE' }
    ];
  }
  const { from, toExclusive } = dayWindow(range, timeZone);
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

/** The aggregates selected for a measure: per month the columns that combine exactly, per window the function itself. */
function valuesFor(measure: Measure, perMonth: boolean): AggregateValue[] {
  const columns = perMonth ? monthColumns(measure.fn) : null;
  return columns ? columns.map((fn) => ({ fn, field: measure.field })) : [measure];
}

/**
 * The SOQL answering a query. Per-month queries batch partners so that partners × months
 * stays within the 2,000 rows an aggregate query may return; window queries return one row
 * per partner.
 */
export function queriesFor(query: MeasureQuery, context: CalculationContext): SoqlBatch[] {
  const { source } = query;
  const base = {
    object: source.mapping.object,
    partnerField: source.mapping.partnerField,
    dateField: source.mapping.dateField,
    convertTimezone: source.dateFieldType === 'datetime',
    conditions: query.conditions
  };
  if (query.windows === null) {
    const buckets = Math.max(1, query.byDay ? daysOf(query.range) : monthsOf(query.range).length);
    const batch = Math.max(1, Math.min(MAX_PARTNERS_PER_QUERY, Math.floor(MAX_AGGREGATE_ROWS / buckets)));
    const window = windowBounds(source, query.range, context.timeZone);
    return chunks(query.partnerIds, batch).map((partnerIds) => ({
      windowId: null,
      soql: aggregateQuery({
        ...base,
        partnerIds,
        window,
        values: valuesFor(query.measure, true),
        buckets: query.byDay ? DAY_BUCKETS : MONTH_BUCKETS
      })
    }));
  }
  return query.windows.flatMap((window) =>
    chunks(query.partnerIds, MAX_PARTNERS_PER_QUERY).map((partnerIds) => ({
      windowId: window.id,
      soql: aggregateQuery({
        ...base,
        partnerIds,
        window: windowBounds(source, window.range, context.timeZone),
        values: valuesFor(query.measure, false),
        buckets: []
      })
    }))
  );
}

/** 'YYYY-MM' of a calendar month. */
export const monthKey = (year: number, month: number): string => `${year}-${String(month).padStart(2, '0')}`;

/** Days from `range.start` to `range.end`, both counted. */
function daysOf(range: DateRange): number {
  return calendarDay(range.end).diff(calendarDay(range.start), 'days').days + 1;
}

/** 'YYYY-MM-DD' of day `dayInYear` (1 for 1 January) of `year`, or null when there is no such day. */
function dayKey(year: number, dayInYear: number): string | null {
  if (!Number.isInteger(year) || year < 1 || year > 9999 || !Number.isInteger(dayInYear) || dayInYear < 1)
    return null;
  const day = calendarDay(`${String(year).padStart(4, '0')}-01-01`).plus({ days: dayInYear - 1 });
  return day.year === year ? toSfDate(day) : null;
}

/** Values read back for one MeasureQuery. */
export interface MeasureValues {
  /** Per partner, per calendar month ('YYYY-MM') or day ('YYYY-MM-DD', byDay queries): the monthColumns values of that bucket's row. */
  months: Map<string, Map<string, (number | null)[]>>;
  /** Per partner, per window id: the value over that window. */
  windows: Map<string, Map<string, number | null>>;
  /** Rows whose month lies outside the plan's months: a sign that zones disagree. */
  unplaced: number;
}

export function emptyValues(): MeasureValues {
  return { months: new Map(), windows: new Map(), unplaced: 0 };
}

function numberOrNull(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(number))
    throw new TypeError(`Aggregate value is not a number: ${JSON.stringify(value)}`);
  return number;
}

function entry<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  const existing = map.get(key);
  if (existing !== undefined) return existing;
  const created = create();
  map.set(key, created);
  return created;
}

/** Adds the rows of one batch to `values`. */
export function readRows(
  rows: readonly Record<string, unknown>[],
  batch: Pick<SoqlBatch, 'windowId'>,
  query: MeasureQuery,
  values: MeasureValues
): void {
  const partnerField = query.source.mapping.partnerField;
  const months = new Set(monthsOf(query.range).map(([year, month]) => monthKey(year, month)));
  const inRange = query.byDay
    ? (key: string): boolean => query.range.start <= key && key <= query.range.end
    : (key: string): boolean => months.has(key);
  const columns = valuesFor(query.measure, batch.windowId === null).length;
  for (const row of rows) {
    const partnerId = row[partnerField];
    if (typeof partnerId !== 'string') continue;
    if (batch.windowId !== null) {
      entry(values.windows, partnerId, () => new Map()).set(
        batch.windowId,
        numberOrNull(row[valueColumn(0)])
      );
      continue;
    }
    const [year, part] = [0, 1].map((index) => numberOrNull(row[bucketColumn(index)]));
    const key =
      typeof year !== 'number' || typeof part !== 'number'
        ? null
        : query.byDay
          ? dayKey(year, part)
          : monthKey(year, part);
    if (key === null || !inRange(key)) {
      values.unplaced++;
      continue;
    }
    const monthValues = Array.from({ length: columns }, (_, index) => numberOrNull(row[valueColumn(index)]));
    entry(values.months, partnerId, () => new Map()).set(key, monthValues);
  }
}

/** Decimal places of the fields results are written to; read from describe. */
export interface Scales {
  targetActual: number;
  /** Objective_Target__c.Target__c, where split targets are written. */
  targetTarget: number;
  objectiveActual: number;
  objectiveProgress: number;
  /** Largest progress Progress__c can hold, from its precision and scale (Percent(8, 2): 999,999.99). */
  objectiveProgressMax: number;
  /** Objective_Target__c.Progress__c: a period's actual over its target. */
  targetProgress: number;
  targetProgressMax: number;
  planProgress: number;
}

export interface PeriodOutcome {
  period: Period;
  key: string;
  /** Null for hand-entered (manual) objectives, whose period actuals the connector never writes. */
  actual: number | null;
}

export interface ObjectiveOutcome {
  job: ObjectiveJob;
  periods: PeriodOutcome[];
  /** For manual objectives, the hand-entered Actual__c, as read. */
  actual: number | null;
  progress: number | null;
  /** Progress was beyond what the field holds and was stored at the field's limit. */
  progressCapped: boolean;
  /** Actuals are entered by people: the connector writes progress and period rows, never Actual__c. */
  manual: boolean;
}

/** The value of each period and of the whole plan, from one partner's month rows or window values. */
function measured(
  job: ObjectiveJob,
  measure: Measure,
  values: MeasureValues,
  calendar: Calendar
): { byPeriod: Map<string, number | null>; whole: number | null } {
  const { fn } = measure;
  if (monthColumns(fn) === null) {
    const windows = values.windows.get(job.partnerId);
    const byPeriod = new Map(job.periods.map((p) => [p.id, windows?.get(p.id) ?? emptyValue(fn)]));
    return { byPeriod, whole: windows?.get(WHOLE_PLAN) ?? emptyValue(fn) };
  }
  const months = values.months.get(job.partnerId) ?? new Map<string, (number | null)[]>();
  const rowsByPeriod = new Map<string, (number | null)[][]>();
  for (const [bucket, row] of months) {
    entry(rowsByPeriod, periodIdOfBucket(calendar, job.periodType, bucket), () => []).push(row);
  }
  const byPeriod = new Map(job.periods.map((p) => [p.id, combineMonths(fn, rowsByPeriod.get(p.id) ?? [])]));
  return { byPeriod, whole: combineMonths(fn, [...months.values()]) };
}

function withProgress(
  job: ObjectiveJob,
  periods: PeriodOutcome[],
  actual: number | null,
  manual: boolean,
  scales: Scales
): ObjectiveOutcome {
  const exact = roundOrNull(objectiveProgress(actual, job.objective.target), scales.objectiveProgress);
  const max = scales.objectiveProgressMax;
  const progress = exact === null ? null : Math.max(-max, Math.min(max, exact));
  return { job, periods, actual, progress, progressCapped: progress !== exact, manual };
}

/** Actuals per period and for the whole plan, and progress against the objective's target. */
export function objectiveOutcome(
  job: ObjectiveJob,
  values: MeasureValues | null,
  calendar: Calendar,
  scales: Scales
): ObjectiveOutcome {
  const key = (period: Period): string => periodKey(job.objective.id, period);
  if (job.measurement.kind === 'manual' || values === null) {
    const periods = job.periods.map((period) => ({ period, key: key(period), actual: null }));
    return withProgress(job, periods, job.objective.actual, true, scales);
  }
  const { byPeriod, whole } = measured(job, job.measurement.measure, values, calendar);
  const periods = job.periods.map((period) => ({
    period,
    key: key(period),
    actual: roundOrNull(byPeriod.get(period.id) ?? null, scales.targetActual)
  }));
  return withProgress(job, periods, roundOrNull(whole, scales.objectiveActual), false, scales);
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

/**
 * Checks a source mapping against its object's describe (null when the org has no such
 * object, or the connector's user cannot see it); returns the Source or what is wrong with it.
 */
export function checkSource(
  objectiveType: string,
  mapping: RecordSourceMapping,
  describe: SObjectDescribe | null
): { ok: true; source: Source } | { ok: false; problem: string } {
  const where = `the "${objectiveType}" source in config/connector.json`;
  if (describe === null) {
    return {
      ok: false,
      problem: `The source object ${mapping.object} is not in this org (or the connector's user cannot see it), so ${objectiveType} objectives cannot be computed. Deploy ${mapping.object}, or fix ${where}.`
    };
  }
  const partner = findField(describe, mapping.partnerField);
  const date = findField(describe, mapping.dateField);
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
  const filter = checkCriteria(mapping.filter ?? null, describe);
  if (!filter.ok) {
    return {
      ok: false,
      problem: `The filter of ${where} is not usable. ${filter.problem}`
    };
  }
  return {
    ok: true,
    source: {
      objectiveType,
      mapping: {
        ...mapping,
        object: describe.name,
        partnerField: partner.name,
        dateField: date.name
      },
      describe,
      dateFieldType: date.type,
      filter: filter.where,
      filterText: filter.text
    }
  };
}
