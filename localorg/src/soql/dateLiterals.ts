// Relative date literals (TODAY, LAST_N_DAYS:30, THIS_FISCAL_QUARTER…) as half-open ranges
// [start, end) of local midnights in the running user's time zone, as the SOQL reference
// defines them. Pure: the caller passes "now" already in the user's zone.
//
// Weeks start on Sunday (the en_US locale; SessionUser carries no locale). Ranges follow the
// reference's wording: LAST_N_DAYS:n and LAST_90_DAYS include today, NEXT_N_DAYS:n and
// NEXT_90_DAYS start tomorrow, LAST_N_<unit>S:n covers the n whole units before the current one.
import type { DateTime, DurationLike } from 'luxon';
import type { OrgSettings } from './types.ts';

export interface DateRange {
  start: DateTime;
  end: DateTime;
}

type Unit = 'day' | 'week' | 'month' | 'quarter' | 'year' | 'fiscalQuarter' | 'fiscalYear';

function startOfFiscalYear(day: DateTime, org: OrgSettings): DateTime {
  const year = day.month >= org.fiscalYearStartMonth ? day.year : day.year - 1;
  return day.set({ year, month: org.fiscalYearStartMonth, day: 1 }).startOf('day');
}

/** The start of the unit containing `day`, and the unit's length. */
function unitOf(unit: Unit, day: DateTime, org: OrgSettings): { start: DateTime; length: DurationLike } {
  switch (unit) {
    case 'day':
      return { start: day, length: { days: 1 } };
    case 'week':
      // luxon weekdays run Monday 1 … Sunday 7; Sunday starts the week.
      return { start: day.minus({ days: day.weekday % 7 }), length: { days: 7 } };
    case 'month':
      return { start: day.startOf('month'), length: { months: 1 } };
    case 'quarter':
      return { start: day.startOf('quarter'), length: { months: 3 } };
    case 'year':
      return { start: day.startOf('year'), length: { years: 1 } };
    case 'fiscalYear':
      return { start: startOfFiscalYear(day, org), length: { years: 1 } };
    case 'fiscalQuarter': {
      const yearStart = startOfFiscalYear(day, org);
      const monthsIn = (day.year - yearStart.year) * 12 + day.month - yearStart.month;
      return { start: yearStart.plus({ months: monthsIn - (monthsIn % 3) }), length: { months: 3 } };
    }
  }
}

function times(length: DurationLike, n: number): DurationLike {
  const [[key, value]] = Object.entries(length) as [[string, number]];
  return { [key]: value * n };
}

/** Units relative to the current one: offset 0 is this unit, -1 the previous; count units long. */
function span(unit: Unit, day: DateTime, org: OrgSettings, offset: number, count: number): DateRange {
  const current = unitOf(unit, day, org);
  const start = current.start.plus(times(current.length, offset));
  return { start, end: start.plus(times(current.length, count)) };
}

const PERIODS: ReadonlyArray<[string, Unit]> = [
  ['WEEK', 'week'],
  ['MONTH', 'month'],
  ['QUARTER', 'quarter'],
  ['YEAR', 'year'],
  ['FISCAL_QUARTER', 'fiscalQuarter'],
  ['FISCAL_YEAR', 'fiscalYear']
];

function fixed(literal: string, today: DateTime, org: OrgSettings): DateRange | null {
  switch (literal) {
    case 'YESTERDAY':
      return span('day', today, org, -1, 1);
    case 'TODAY':
      return span('day', today, org, 0, 1);
    case 'TOMORROW':
      return span('day', today, org, 1, 1);
    case 'LAST_90_DAYS':
      return span('day', today, org, -90, 91);
    case 'NEXT_90_DAYS':
      return span('day', today, org, 1, 90);
  }
  for (const [name, unit] of PERIODS) {
    if (literal === `LAST_${name}`) return span(unit, today, org, -1, 1);
    if (literal === `THIS_${name}`) return span(unit, today, org, 0, 1);
    if (literal === `NEXT_${name}`) return span(unit, today, org, 1, 1);
  }
  return null;
}

function withN(literal: string, n: number, today: DateTime, org: OrgSettings): DateRange | null {
  switch (literal) {
    case 'LAST_N_DAYS':
      return span('day', today, org, -n, n + 1);
    case 'NEXT_N_DAYS':
      return span('day', today, org, 1, n);
    case 'N_DAYS_AGO':
      return span('day', today, org, -n, 1);
  }
  for (const [name, unit] of PERIODS) {
    if (literal === `LAST_N_${name}S`) return span(unit, today, org, -n, n);
    if (literal === `NEXT_N_${name}S`) return span(unit, today, org, 1, n);
    if (literal === `N_${name}S_AGO`) return span(unit, today, org, -n, 1);
  }
  return null;
}

/**
 * The range of a date literal such as TODAY, or LAST_N_DAYS with n = 30, at `now` (a luxon
 * DateTime in the running user's zone). Throws for names SOQL does not define.
 */
export function dateLiteralRange(
  literal: string,
  n: number | null,
  now: DateTime,
  org: OrgSettings
): DateRange {
  const today = now.startOf('day');
  const name = literal.toUpperCase();
  const range = n === null ? fixed(name, today, org) : withN(name, n, today, org);
  if (!range) throw new Error(`Invalid date literal ${literal}`);
  return range;
}
