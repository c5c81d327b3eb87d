// Periods of the org's standard fiscal calendar, the keys that name them, and which period a
// calendar month (or day) falls in. Standard fiscal years start on the first day of a month and
// are made of whole calendar months, so everything here is month arithmetic: periods() groups
// the plan's months by periodIdOfMonth(), the same function that places the calendar-month
// buckets read from SOQL, so generated periods and bucketed records cannot disagree. Custom
// fiscal years are laid over this calendar by customPeriods.ts.
import { DateTime } from 'luxon';
import { calendarDay, toSfDate } from './dates.ts';
import type { DateRange, FiscalYearSettings, PeriodType, SfDate } from './model.ts';
import type { CustomFiscalYear } from './customPeriods.ts';

export interface Period {
  /**
   * Unique within an objective and stable across runs and fiscal-year naming: the period type's
   * letter and the first calendar month of the whole period, e.g. 'Q-2025-02' for the quarter
   * February to April 2025, 'M-2025-02' for February 2025, 'Y-2025-02' for the year from February 2025.
   */
  id: string;
  /** For people, in the org's fiscal naming: 'FY2026 Q1', 'FY2026 M01 (Feb 2025)', 'FY2026'. */
  label: string;
  /** First and last day of the period that fall inside the plan (both inclusive). */
  start: SfDate;
  end: SfDate;
  /** The whole period, before clipping to the plan. */
  full: DateRange;
}

export interface Calendar {
  readonly fiscalYear: FiscalYearSettings;
  /** The custom fiscal years laid over the standard calendar (none for a standard calendar). */
  readonly customYears: readonly CustomFiscalYear[];
  /** The periods of `type` that overlap `range`, in order, clipped to it. */
  periods(range: DateRange, type: PeriodType): Period[];
  /**
   * The id of the period of `type` that calendar month `month` (1–12) of `year` falls in.
   * Throws for a month that overlaps a custom fiscal year: its days are in different periods.
   */
  periodIdOfMonth(type: PeriodType, year: number, month: number): string;
  /** The id of the period of `type` that day `day` falls in. */
  periodIdOfDay(type: PeriodType, day: SfDate): string;
  /** Whether any day of `range` lies in a custom fiscal year, so records must be placed by day, not by calendar month. */
  hasCustomDays(range: DateRange): boolean;
}

export const MONTHS_PER_PERIOD: Readonly<Record<PeriodType, number>> = {
  Monthly: 1,
  Quarterly: 3,
  Annually: 12
};
const LETTER: Readonly<Record<PeriodType, string>> = { Monthly: 'M', Quarterly: 'Q', Annually: 'Y' };
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const two = (n: number): string => String(n).padStart(2, '0');

/** Where a calendar month sits in the fiscal calendar. */
interface FiscalMonth {
  /** The fiscal year's name: the calendar year it starts in, or (Salesforce's default) ends in. */
  fiscalYear: number;
  /** Calendar year in which this fiscal year starts. */
  startYear: number;
  /** 0 for the fiscal year's first month … 11 for its last. */
  offset: number;
}

function checkSettings(settings: FiscalYearSettings): void {
  if (!Number.isInteger(settings.startMonth) || settings.startMonth < 1 || settings.startMonth > 12) {
    throw new RangeError(`Fiscal year start month must be 1–12, not ${settings.startMonth}`);
  }
}

function fiscalMonth(settings: FiscalYearSettings, year: number, month: number): FiscalMonth {
  const start = settings.startMonth;
  const startYear = month >= start ? year : year - 1;
  // A fiscal year starting in January starts and ends in the same calendar year.
  const fiscalYear = settings.nameByStartYear || start === 1 ? startYear : startYear + 1;
  return { fiscalYear, startYear, offset: (month - start + 12) % 12 };
}

/** The calendar month a period of `type` starts in, for the fiscal month `position`. */
function firstMonthOf(settings: FiscalYearSettings, type: PeriodType, position: FiscalMonth): DateTime {
  const months = MONTHS_PER_PERIOD[type];
  const offset = Math.floor(position.offset / months) * months;
  return DateTime.utc(position.startYear, settings.startMonth, 1).plus({ months: offset });
}

function label(type: PeriodType, position: FiscalMonth, first: DateTime): string {
  const year = `FY${position.fiscalYear}`;
  switch (type) {
    case 'Quarterly':
      return `${year} Q${Math.floor(position.offset / 3) + 1}`;
    case 'Monthly':
      return `${year} M${two(position.offset + 1)} (${MONTH_NAMES[first.month - 1]} ${first.year})`;
    case 'Annually':
      return year;
  }
}

const idOf = (type: PeriodType, first: DateTime): string =>
  `${LETTER[type]}-${first.year}-${two(first.month)}`;

const later = (a: DateTime, b: DateTime): DateTime => (a > b ? a : b);
const earlier = (a: DateTime, b: DateTime): DateTime => (a < b ? a : b);

/** The org's standard fiscal calendar. A fiscal year starting in January is the Gregorian year. */
export function fiscalCalendar(settings: FiscalYearSettings): Calendar {
  checkSettings(settings);
  const fiscalYear = { ...settings };
  return {
    fiscalYear,
    customYears: [],

    periods(range, type) {
      const first = calendarDay(range.start);
      const last = calendarDay(range.end);
      const periods: Period[] = [];
      if (last < first) return periods;
      for (let month = first.startOf('month'); month <= last;) {
        const position = fiscalMonth(settings, month.year, month.month);
        const periodStart = firstMonthOf(settings, type, position);
        const next = periodStart.plus({ months: MONTHS_PER_PERIOD[type] });
        const periodEnd = next.minus({ days: 1 });
        periods.push({
          id: idOf(type, periodStart),
          label: label(type, position, periodStart),
          start: toSfDate(later(periodStart, first)),
          end: toSfDate(earlier(periodEnd, last)),
          full: { start: toSfDate(periodStart), end: toSfDate(periodEnd) }
        });
        month = next;
      }
      return periods;
    },

    periodIdOfMonth(type, year, month) {
      if (!Number.isInteger(year) || !Number.isInteger(month) || month < 1 || month > 12) {
        throw new RangeError(`Not a calendar month: ${year}-${month}`);
      }
      return idOf(type, firstMonthOf(settings, type, fiscalMonth(settings, year, month)));
    },

    periodIdOfDay(type, day) {
      const date = calendarDay(day);
      return idOf(type, firstMonthOf(settings, type, fiscalMonth(settings, date.year, date.month)));
    },

    hasCustomDays() {
      return false;
    }
  };
}

/**
 * The period of `type` that a bucket read back from SOQL or extracted records falls in: a
 * calendar month ('YYYY-MM') or, where custom fiscal years make months useless, a day ('YYYY-MM-DD').
 */
export function periodIdOfBucket(calendar: Calendar, type: PeriodType, bucket: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(bucket)) return calendar.periodIdOfDay(type, bucket);
  const match = /^(\d{4})-(\d{2})$/.exec(bucket);
  if (!match) throw new RangeError(`Not a month or day bucket: ${JSON.stringify(bucket)}`);
  return calendar.periodIdOfMonth(type, Number(match[1]), Number(match[2]));
}

/** The Objective_Target__c external id: `<ObjectiveId>-<period id>`, unique across the org because the objective Id is. */
export function periodKey(objectiveId: string, period: Pick<Period, 'id'>): string {
  return `${objectiveId}-${period.id}`;
}

const LEGACY_KEY = /^(?<year>\d{4})(?:-Q(?<quarter>[1-4])|-M(?<month>0[1-9]|1[0-2]))?$/;

/**
 * The current key for a key written before fiscal calendars, when the connector named
 * calendar periods `<ObjectiveId>-2026-Q1`, `-2026-M03` and `-2026`; null for any other key.
 * Those periods were calendar quarters, months and years, so each names one whole period
 * exactly: 2026-Q1 is the quarter starting January 2026, 'Q-2026-01'.
 */
export function currentKeyForLegacy(objectiveId: string, key: string | null): string | null {
  if (key === null || !key.startsWith(`${objectiveId}-`)) return null;
  const match = LEGACY_KEY.exec(key.slice(objectiveId.length + 1));
  if (!match?.groups) return null;
  const { year, quarter, month } = match.groups;
  const id = quarter
    ? `Q-${year}-${two(Number(quarter) * 3 - 2)}`
    : month
      ? `M-${year}-${month}`
      : `Y-${year}-01`;
  return `${objectiveId}-${id}`;
}

/** Calendar months from the month of `range.start` to the month of `range.end`, as [year, month]. */
export function monthsOf(range: DateRange): [number, number][] {
  const months: [number, number][] = [];
  const last = calendarDay(range.end);
  for (
    let month = calendarDay(range.start).startOf('month');
    month <= last;
    month = month.plus({ months: 1 })
  ) {
    months.push([month.year, month.month]);
  }
  return months;
}
