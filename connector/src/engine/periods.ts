// Periods a plan's dates divide into, and the keys that name them.
// A Calendar says how a year divides (today the Gregorian calendar; fiscal calendars will be
// other implementations) both for generating periods and for bucketing records in SOQL,
// so the two can never disagree.
import type { DateTime } from 'luxon';
import { calendarDay, toSfDate } from './dates.ts';
import type { DateRange, PeriodType, SfDate } from './model.ts';

export interface Period {
  /** Unique within an objective and stable across runs: '2026-Q1', '2026-M03', '2026'. */
  id: string;
  /** For people: '2026 Q1', '2026 Mar', '2026'. */
  label: string;
  /** First and last day of the period that fall inside the plan (both inclusive). */
  start: SfDate;
  end: SfDate;
}

export interface Calendar {
  readonly name: string;
  /** The periods of `type` that overlap `range`, in order, clipped to it. */
  periods(range: DateRange, type: PeriodType): Period[];
  /**
   * SOQL date functions that, applied to a record's date, give the period it falls in,
   * most significant first (e.g. CALENDAR_YEAR then CALENDAR_QUARTER).
   */
  bucketFunctions(type: PeriodType): readonly string[];
  /** The id of the period named by a result row's values for bucketFunctions(type), or null if they name none. */
  periodId(type: PeriodType, buckets: readonly number[]): string | null;
}

const MONTHS_PER_PERIOD: Readonly<Record<PeriodType, number>> = { Monthly: 1, Quarterly: 3, Annually: 12 };
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function gregorianId(type: PeriodType, year: number, index: number): string {
  switch (type) {
    case 'Quarterly':
      return `${year}-Q${index}`;
    case 'Monthly':
      return `${year}-M${String(index).padStart(2, '0')}`;
    case 'Annually':
      return `${year}`;
  }
}

function gregorianLabel(type: PeriodType, year: number, index: number): string {
  switch (type) {
    case 'Quarterly':
      return `${year} Q${index}`;
    case 'Monthly':
      return `${year} ${MONTH_NAMES[index - 1]}`;
    case 'Annually':
      return `${year}`;
  }
}

const later = (a: DateTime, b: DateTime): DateTime => (a > b ? a : b);
const earlier = (a: DateTime, b: DateTime): DateTime => (a < b ? a : b);

export const gregorianCalendar: Calendar = {
  name: 'Gregorian',

  periods(range, type) {
    const first = calendarDay(range.start);
    const last = calendarDay(range.end);
    if (last < first) return [];
    const months = MONTHS_PER_PERIOD[type];
    const periods: Period[] = [];
    let periodStart = first.set({ month: Math.floor((first.month - 1) / months) * months + 1, day: 1 });
    while (periodStart <= last) {
      const next = periodStart.plus({ months });
      const index = Math.floor((periodStart.month - 1) / months) + 1;
      periods.push({
        id: gregorianId(type, periodStart.year, index),
        label: gregorianLabel(type, periodStart.year, index),
        start: toSfDate(later(periodStart, first)),
        end: toSfDate(earlier(next.minus({ days: 1 }), last))
      });
      periodStart = next;
    }
    return periods;
  },

  bucketFunctions(type) {
    switch (type) {
      case 'Quarterly':
        return ['CALENDAR_YEAR', 'CALENDAR_QUARTER'];
      case 'Monthly':
        return ['CALENDAR_YEAR', 'CALENDAR_MONTH'];
      case 'Annually':
        return ['CALENDAR_YEAR'];
    }
  },

  periodId(type, buckets) {
    const [year, index = 1] = buckets;
    const perYear = 12 / MONTHS_PER_PERIOD[type];
    const expected = type === 'Annually' ? 1 : 2;
    if (buckets.length !== expected || !Number.isInteger(year) || year === undefined) return null;
    if (!Number.isInteger(index) || index < 1 || index > perYear) return null;
    return gregorianId(type, year, index);
  }
};

/** The Objective_Target__c external id: `<ObjectiveId>-<period id>`, unique across the org because the objective Id is. */
export function periodKey(objectiveId: string, period: Pick<Period, 'id'>): string {
  return `${objectiveId}-${period.id}`;
}
