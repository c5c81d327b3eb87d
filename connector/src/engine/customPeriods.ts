// Custom fiscal years (Setup > Fiscal Year > Custom): years of whole weeks (4-4-5, 4-5-4,
// 13 periods of four weeks…) whose months do not follow calendar months. Salesforce stores each
// as a FiscalYearSettings row (IsStandardYear = false) with Year, Quarter and Month Period rows.
// This module checks those years and lays them over the org's standard calendar: a day inside
// a custom year belongs to that year's periods, any other day to the standard ones. Pure; the
// rows are read by sync/fiscalCalendar.ts.
import { calendarDay, isSfDate, toSfDate } from './dates.ts';
import type { DateRange, PeriodType, SfDate } from './model.ts';
import type { Calendar, Period } from './periods.ts';

/** A period of a custom year, as its Period row says: its number in the year (or null for the year) and its days. */
export interface CustomPeriodRow {
  number: number;
  start: SfDate;
  end: SfDate;
}

/** One custom fiscal year: its FiscalYearSettings row and its Quarter and Month Period rows. */
export interface CustomFiscalYear {
  /** FiscalYearSettings.Name, e.g. '2027': the label's year. */
  name: string;
  start: SfDate;
  end: SfDate;
  quarters: CustomPeriodRow[];
  months: CustomPeriodRow[];
}

const LETTER: Readonly<Record<PeriodType, string>> = { Monthly: 'M', Quarterly: 'Q', Annually: 'Y' };
const two = (n: number): string => String(n).padStart(2, '0');

/** Thrown for custom years whose rows do not make a calendar; the message names the year and what is wrong. */
export class CustomCalendarProblem extends Error {
  override name = 'CustomCalendarProblem';
}

/** Checks that `rows` tile the year from its first day to its last, in order, numbered 1, 2, 3… */
function checkTiling(year: CustomFiscalYear, what: string, rows: readonly CustomPeriodRow[]): void {
  const fail = (detail: string): never => {
    throw new CustomCalendarProblem(`Custom fiscal year ${year.name}: ${what} ${detail}`);
  };
  if (rows.length === 0) fail('are missing.');
  let next = year.start;
  rows.forEach((row, index) => {
    if (!isSfDate(row.start) || !isSfDate(row.end) || row.end < row.start)
      fail(`${index + 1} has no valid start and end dates.`);
    if (row.number !== index + 1) fail(`are not numbered 1 to ${rows.length} in date order.`);
    if (row.start !== next)
      fail(`${row.number} starts on ${row.start} but the previous one ends the day before ${next}.`);
    next = toSfDate(calendarDay(row.end).plus({ days: 1 }));
  });
  if (toSfDate(calendarDay(next).minus({ days: 1 })) !== year.end)
    fail(`end on ${rows.at(-1)?.end} but the year ends on ${year.end}.`);
}

/**
 * The years, sorted and checked: each has valid dates, quarters and months that tile it, months
 * that each fall in one quarter, and no two years overlap.
 */
export function checkCustomYears(years: readonly CustomFiscalYear[]): CustomFiscalYear[] {
  const sorted = [...years].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  sorted.forEach((year, index) => {
    if (!isSfDate(year.start) || !isSfDate(year.end) || year.end < year.start)
      throw new CustomCalendarProblem(`Custom fiscal year ${year.name} has no valid start and end dates.`);
    checkTiling(year, 'quarters', year.quarters);
    checkTiling(year, 'months', year.months);
    const straddling = year.months.find(
      (month) => !year.quarters.some((q) => q.start <= month.start && month.end <= q.end)
    );
    if (straddling)
      throw new CustomCalendarProblem(
        `Custom fiscal year ${year.name}: month ${straddling.number} (${straddling.start} to ${straddling.end}) is not inside one quarter.`
      );
    const previous = sorted[index - 1];
    if (previous && previous.end >= year.start)
      throw new CustomCalendarProblem(`Custom fiscal years ${previous.name} and ${year.name} overlap.`);
  });
  return sorted;
}

const yearLabel = (year: CustomFiscalYear): string =>
  /^\d+$/.test(year.name) ? `FY${year.name}` : year.name;

const dayMonth = (day: SfDate): string => calendarDay(day).toFormat('d LLL yyyy', { locale: 'en' });

/** The custom period of `type` that holds `day` (which lies in `year`). */
function periodOfDay(year: CustomFiscalYear, type: PeriodType, day: SfDate): Omit<Period, 'start' | 'end'> {
  const find = (rows: readonly CustomPeriodRow[]): CustomPeriodRow => {
    const row = rows.find((r) => r.start <= day && day <= r.end);
    // checkCustomYears() made the rows tile the year, so a day of the year is always in one.
    if (!row) throw new CustomCalendarProblem(`Custom fiscal year ${year.name} has no period for ${day}.`);
    return row;
  };
  // The id is the letter and the first day: custom periods start on any day, and keys must not
  // collide with standard ones ('Q-2026-02'), nor come to name other days if the year is renamed.
  switch (type) {
    case 'Annually':
      return {
        id: `Y-${year.start}`,
        label: yearLabel(year),
        full: { start: year.start, end: year.end }
      };
    case 'Quarterly': {
      const quarter = find(year.quarters);
      return {
        id: `${LETTER[type]}-${quarter.start}`,
        label: `${yearLabel(year)} Q${quarter.number}`,
        full: { start: quarter.start, end: quarter.end }
      };
    }
    case 'Monthly': {
      const month = find(year.months);
      return {
        id: `${LETTER[type]}-${month.start}`,
        label: `${yearLabel(year)} M${two(month.number)} (${dayMonth(month.start)})`,
        full: { start: month.start, end: month.end }
      };
    }
  }
}

const nextDay = (day: SfDate): SfDate => toSfDate(calendarDay(day).plus({ days: 1 }));
const dayBefore = (day: SfDate): SfDate => toSfDate(calendarDay(day).minus({ days: 1 }));

/** `range` cut into runs of days that are all standard (year: null) or all in one custom year. */
function segments(
  range: DateRange,
  years: readonly CustomFiscalYear[]
): { range: DateRange; year: CustomFiscalYear | null }[] {
  const out: { range: DateRange; year: CustomFiscalYear | null }[] = [];
  let day = range.start;
  for (const year of years) {
    if (day > range.end) break;
    if (year.end < day || year.start > range.end) continue;
    if (year.start > day) out.push({ range: { start: day, end: dayBefore(year.start) }, year: null });
    const end = year.end < range.end ? year.end : range.end;
    out.push({ range: { start: year.start > day ? year.start : day, end }, year });
    day = nextDay(end);
  }
  if (day <= range.end) out.push({ range: { start: day, end: range.end }, year: null });
  return out;
}

/**
 * The org's calendar with custom years laid over the standard one. Standard periods next to a
 * custom year end where it starts (or start after it ends), so no day is in two periods.
 */
export function withCustomYears(standard: Calendar, customYears: readonly CustomFiscalYear[]): Calendar {
  const years = checkCustomYears(customYears);
  if (years.length === 0) return standard;
  const yearOf = (day: SfDate): CustomFiscalYear | null =>
    years.find((year) => year.start <= day && day <= year.end) ?? null;
  return {
    fiscalYear: standard.fiscalYear,
    customYears: years,

    periods(range, type) {
      const periods: Period[] = [];
      for (const segment of segments(range, years)) {
        if (segment.year === null) {
          // Standard periods clipped to the segment; the parts cut off belong to custom years.
          periods.push(...standard.periods(segment.range, type));
          continue;
        }
        for (let day = segment.range.start; day <= segment.range.end;) {
          const period = periodOfDay(segment.year, type, day);
          const end = period.full.end < segment.range.end ? period.full.end : segment.range.end;
          periods.push({ ...period, start: day, end });
          day = nextDay(end);
        }
      }
      return periods;
    },

    periodIdOfMonth(type, year, month) {
      const first = toSfDate(calendarDay(`${year}-${two(month)}-01`));
      const last = toSfDate(calendarDay(first).endOf('month').startOf('day'));
      if (years.some((y) => y.start <= last && first <= y.end))
        throw new RangeError(
          `${year}-${two(month)} overlaps a custom fiscal year: place its days, not the month`
        );
      return standard.periodIdOfMonth(type, year, month);
    },

    periodIdOfDay(type, day) {
      const year = yearOf(day);
      return year === null ? standard.periodIdOfDay(type, day) : periodOfDay(year, type, day).id;
    },

    hasCustomDays(range) {
      return years.some((year) => year.start <= range.end && range.start <= year.end);
    }
  };
}
