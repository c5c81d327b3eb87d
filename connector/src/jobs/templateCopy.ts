// The pure half of Apply Template: the new plan's dates, which partner accounts already have a
// plan from the template for them, and the records to create: the plan with the template's
// narrative, its objectives, and the template's period targets moved to the new plan's periods.
//
// Targets move by whole calendar months, the distance from the template's first month to the
// new plan's, and land in the new plan's period (of the objective's period type, in the org's
// fiscal calendar) that contains the moved month; the period key, dates and label are the new
// period's, exactly as the sync writes them. Only targets someone set (not empty ones) are
// copied: the sync fills the empty periods by splitting the objective's target, as for any plan.
import { calendarDay, toSfDate } from '../engine/dates.ts';
import {
  PERIOD_TYPES,
  type DateRange,
  type FiscalYearSettings,
  type PeriodType,
  type SfDate
} from '../engine/model.ts';
import { periodKey, type Calendar } from '../engine/periods.ts';
import type { SObjectRecord } from '../salesforce/client.ts';

/** Plan narrative fields, copied from the template as they are. */
export const NARRATIVE_FIELDS = [
  'Summary__c',
  'Joint_Value_Proposition__c',
  'Go_To_Market_Strategy__c',
  'Vendor_Investment__c',
  'Risks_And_Escalation_Path__c'
] as const;

/** What defines an objective: copied. Actuals, progress and calculation status are the new plan's own. */
export const OBJECTIVE_COPY_FIELDS = [
  'Name',
  'Type__c',
  'Category__c',
  'Description__c',
  'Weight__c',
  'Target__c',
  'Period_Type__c',
  'Aggregate_Function__c',
  'Aggregate_Field__c',
  'Criteria__c'
] as const;

/** Business_Plan__c.Name holds 80 characters. */
const NAME_LENGTH = 80;

export interface TemplatePlan {
  id: string;
  name: string;
  start: SfDate | null;
  end: SfDate | null;
  /** Narrative and, in a multi-currency org, CurrencyIsoCode: copied field by field. */
  copied: Record<string, unknown>;
}

export interface TemplateObjective {
  id: string;
  /** OBJECTIVE_COPY_FIELDS as read. */
  fields: Record<string, unknown>;
  periodType: string | null;
  /** Rows with a target, by their first day. */
  targets: { start: SfDate; target: number }[];
}

export type PlanTiming = { fiscalYear: number } | { startDate: SfDate };

/** The first day of fiscal year `name` (FY2027 is named for the calendar year it ends in unless the org names years by their start). */
export function fiscalYearStart(settings: FiscalYearSettings, name: number): SfDate {
  const namedByStart = settings.nameByStartYear || settings.startMonth === 1;
  const startYear = namedByStart ? name : name - 1;
  return `${String(startYear).padStart(4, '0')}-${String(settings.startMonth).padStart(2, '0')}-01`;
}

/**
 * The new plan's dates: from the fiscal year's first day or the given start, as long as the
 * template runs (in months and days), or a year less a day when the template has no dates.
 */
export function newPlanRange(
  timing: PlanTiming,
  template: Pick<TemplatePlan, 'start' | 'end'>,
  settings: FiscalYearSettings
): DateRange {
  const start = calendarDay(
    'fiscalYear' in timing ? fiscalYearStart(settings, timing.fiscalYear) : timing.startDate
  );
  const length =
    template.start !== null && template.end !== null
      ? calendarDay(template.end).plus({ days: 1 }).diff(calendarDay(template.start), ['months', 'days'])
      : { years: 1 };
  const end = start.plus(length).minus({ days: 1 });
  if (end < start)
    throw new RangeError(`The template ends before it starts (${template.start} to ${template.end})`);
  return { start: toSfDate(start), end: toSfDate(end) };
}

/** Whole calendar months from the month of `from` to the month of `to`. */
export function monthsBetween(from: SfDate, to: SfDate): number {
  const a = calendarDay(from);
  const b = calendarDay(to);
  return (b.year - a.year) * 12 + (b.month - a.month);
}

export interface ExistingPlan {
  id: string;
  partnerAccountId: string | null;
  start: SfDate | null;
  end: SfDate | null;
}

/**
 * The plan from the template a partner account already has for these dates: one whose dates
 * overlap the new plan's (a plan without dates counts as overlapping, since it is not placed).
 */
export function existingPlanFor(
  accountId: string,
  plans: readonly ExistingPlan[],
  range: DateRange
): ExistingPlan | null {
  return (
    plans.find(
      (plan) =>
        plan.partnerAccountId === accountId &&
        (plan.start === null || plan.start <= range.end) &&
        (plan.end === null || plan.end >= range.start)
    ) ?? null
  );
}

export function planName(accountName: string, yearLabel: string, templateName: string): string {
  const name = `${accountName} ${yearLabel} – ${templateName}`;
  return name.length <= NAME_LENGTH ? name : `${name.slice(0, NAME_LENGTH - 1)}…`;
}

/** A new plan: Status is left to its default, Draft Outline, as every new plan starts. */
export function planRecord(input: {
  template: TemplatePlan;
  account: { id: string; name: string };
  range: DateRange;
  yearLabel: string;
  channelManagerId: string;
}): SObjectRecord {
  return {
    ...input.template.copied,
    Name: planName(input.account.name, input.yearLabel, input.template.name),
    Template__c: input.template.id,
    Partner_Account__c: input.account.id,
    Start_Date__c: input.range.start,
    End_Date__c: input.range.end,
    OwnerId: input.channelManagerId,
    Channel_Manager__c: input.channelManagerId
  };
}

export function objectiveRecord(objective: TemplateObjective, planId: string): SObjectRecord {
  return { ...objective.fields, Business_Plan__c: planId };
}

function isPeriodType(value: string | null): value is PeriodType {
  return (PERIOD_TYPES as readonly (string | null)[]).includes(value);
}

export interface ShiftedTargets {
  rows: SObjectRecord[];
  /** Targets that fall outside the new plan, or on a period another target already took. */
  dropped: { start: SfDate; target: number; reason: string }[];
}

/**
 * The template objective's targets as rows of the new objective `objectiveId`, moved by
 * `months`. Without a period type or template dates, no target can be placed.
 */
export function shiftedTargets(input: {
  objective: TemplateObjective;
  objectiveId: string;
  months: number | null;
  range: DateRange;
  calendar: Calendar;
}): ShiftedTargets {
  const { objective, months } = input;
  const result: ShiftedTargets = { rows: [], dropped: [] };
  if (objective.targets.length === 0) return result;
  if (months === null || !isPeriodType(objective.periodType)) {
    const reason =
      months === null
        ? 'the template has no start date to move targets from'
        : `the objective's period type ${objective.periodType ?? '(empty)'} is not Monthly, Quarterly or Annually`;
    result.dropped.push(...objective.targets.map((t) => ({ ...t, reason })));
    return result;
  }
  const periods = input.calendar.periods(input.range, objective.periodType);
  const taken = new Set<string>();
  for (const target of objective.targets) {
    const moved = toSfDate(calendarDay(target.start).startOf('month').plus({ months }));
    const period = periods.find((p) => p.full.start <= moved && moved <= p.full.end);
    if (!period) {
      result.dropped.push({ ...target, reason: `moved to ${moved}, outside the new plan` });
      continue;
    }
    if (taken.has(period.id)) {
      result.dropped.push({ ...target, reason: `${period.label} already has a target from the template` });
      continue;
    }
    taken.add(period.id);
    result.rows.push({
      Plan_Objective__c: input.objectiveId,
      Period_Key__c: periodKey(input.objectiveId, period),
      Period_Start__c: period.start,
      Period_End__c: period.end,
      Period_Label__c: period.label,
      Target__c: target.target
    });
  }
  return result;
}
