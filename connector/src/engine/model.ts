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
}

export interface ObjectiveTarget {
  id: string;
  objectiveId: string;
  periodKey: string | null;
  periodStart: SfDate | null;
  periodEnd: SfDate | null;
  target: number | null;
  actual: number | null;
}

/** Where an objective type's records live: the object, its partner lookup and the date that places a record in a period. */
export interface SourceMapping {
  object: string;
  partnerField: string;
  dateField: string;
}
