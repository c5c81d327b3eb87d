// The connector's picture of Partner Business Planning data, as the engine computes on it.
// Values keep Salesforce's shapes: Ids are 18-character strings, dates are 'YYYY-MM-DD'
// strings (engine/dates.ts is the one place that turns them into DateTimes), numbers are
// numbers and empty fields are null.

export const PLAN_STATUSES = ['Draft Outline', 'Draft', 'In Progress', 'Completed'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export const OBJECTIVE_TYPES = [
  'Course Completion',
  'Deal Registration',
  'Qualified Deal Registration',
  'Number of Deals',
  'Number of Qualified Deals',
  'Custom'
] as const;
export type ObjectiveType = (typeof OBJECTIVE_TYPES)[number];

export const AGGREGATE_FUNCTIONS = ['SUM', 'COUNT', 'COUNT_DISTINCT', 'AVG', 'MIN', 'MAX'] as const;
export type AggregateFunction = (typeof AGGREGATE_FUNCTIONS)[number];

export const PERIOD_TYPES = ['Monthly', 'Quarterly', 'Annually'] as const;
export type PeriodType = (typeof PERIOD_TYPES)[number];

/** A Salesforce date, 'YYYY-MM-DD'. */
export type SfDate = string;

/** Both ends inclusive, as Start_Date__c and End_Date__c are. */
export interface DateRange {
  start: SfDate;
  end: SfDate;
}

export interface BusinessPlan {
  id: string;
  name: string;
  partnerAccountId: string | null;
  status: string | null;
  startDate: SfDate | null;
  endDate: SfDate | null;
  progress: number | null;
  lastCalculated: string | null;
  ownerId: string | null;
  /** Empty means the owner (the workflow rules read it so); the connector writes the owner in. */
  channelManagerId: string | null;
  nextReviewDate: SfDate | null;
}

export interface PlanObjective {
  id: string;
  name: string;
  planId: string;
  type: string | null;
  weight: number | null;
  target: number | null;
  actual: number | null;
  progress: number | null;
  aggregateFunction: string | null;
  aggregateField: string | null;
  criteria: string | null;
  periodType: string | null;
  calculationStatus: string | null;
  calculationMessage: string | null;
}

export interface ObjectiveTarget {
  id: string;
  objectiveId: string;
  periodKey: string | null;
  periodStart: SfDate | null;
  periodEnd: SfDate | null;
  target: number | null;
  actual: number | null;
  periodLabel: string | null;
  progress: number | null;
}

/** The org's standard fiscal year (Organization.FiscalYearStartMonth, UsesStartDateAsFiscalYearName). */
export interface FiscalYearSettings {
  /** 1 for January … 12 for December. */
  startMonth: number;
  /** Name a fiscal year for the calendar year it starts in; false (Salesforce's default) names it for the year it ends in. */
  nameByStartYear: boolean;
}

/**
 * How an objective type's actual is measured from records: `objective` aggregates as the
 * objective's Aggregate Function and Field say; `count` counts records, whatever they say.
 */
export type RecordMeasure = 'objective' | 'count';

/** Where an objective type's records live: the object, its partner lookup, the date that places a record in a period, and an optional condition every record must meet. */
export interface RecordSourceMapping {
  measure: RecordMeasure;
  object: string;
  partnerField: string;
  dateField: string;
  /** A SOQL condition on the object, checked like Criteria__c and ANDed with it. */
  filter?: string | undefined;
}

/** An objective type whose actuals people enter by hand (Custom): progress is computed, Actual__c never written. */
export interface ManualSourceMapping {
  measure: 'manual';
}

export type SourceMapping = RecordSourceMapping | ManualSourceMapping;
