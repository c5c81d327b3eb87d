// The org's fiscal years as FiscalYearSettings and Period rows, the way Salesforce keeps them:
// standard years (IsStandardYear = true) from Organization.FiscalYearStartMonth, with Year,
// Quarter and Month periods of whole calendar months; and custom years (Setup > Fiscal Year >
// Custom, IsStandardYear = false) made of whole weeks, with Year, Quarter, Month and Week
// periods. Standard years are generated around the clock's year up to the first custom year,
// whose start cuts the standard year it falls in short, as defining a custom year does in Setup.
// Written once, when the org is first started (the objects are read-only to the API).
import { DateTime } from 'luxon';
import type { Db } from '../store/db.ts';

/** A custom fiscal year: its first day and its quarters, each a list of its months' lengths in weeks. */
export interface CustomFiscalYearOption {
  /** FiscalYearSettings.Name, e.g. '2027'. */
  name: string;
  /** YYYY-MM-DD; the year must start the day after the previous custom year ends. */
  startDate: string;
  /** Four quarters of month lengths in weeks: 4-4-5 is [[4, 4, 5], [4, 4, 5], [4, 4, 5], [4, 4, 5]]. */
  quarters: readonly (readonly number[])[];
}

/** Salesforce's custom fiscal year templates: 4-4-5, 4-5-4, 5-4-4 and 13 four-week periods (3-3-3-4). */
export const CUSTOM_YEAR_TEMPLATES: Readonly<Record<'4-4-5' | '4-5-4' | '5-4-4' | '13-periods', number[][]>> =
  {
    '4-4-5': Array.from({ length: 4 }, () => [4, 4, 5]),
    '4-5-4': Array.from({ length: 4 }, () => [4, 5, 4]),
    '5-4-4': Array.from({ length: 4 }, () => [5, 4, 4]),
    '13-periods': [
      [4, 4, 4],
      [4, 4, 4],
      [4, 4, 4],
      [4, 4, 4, 4]
    ]
  };

/** Standard fiscal years generated before and after the clock's year. */
const STANDARD_YEARS_AROUND = 5;

interface PeriodRow {
  type: 'Year' | 'Quarter' | 'Month' | 'Week';
  start: DateTime;
  end: DateTime;
  number: number | null;
  periodLabel: string | null;
  fullyQualifiedLabel: string;
}

interface YearRows {
  name: string;
  standard: boolean;
  start: DateTime;
  end: DateTime;
  periods: PeriodRow[];
}

const iso = (day: DateTime): string => day.toISODate() ?? '';

function fail(message: string): never {
  throw new Error(`customFiscalYears: ${message}`);
}

/** Checks the option and lays each custom year out in days; years must follow one another without gaps. */
export function customYearRows(years: readonly CustomFiscalYearOption[]): YearRows[] {
  const names = new Set<string>();
  let previousEnd: DateTime | null = null;
  return years.map((year, index) => {
    const where = `year ${index + 1} (${JSON.stringify(year.name)})`;
    if (typeof year.name !== 'string' || year.name.trim() === '' || year.name.length > 80)
      fail(`${where} needs a name of 1 to 80 characters.`);
    if (names.has(year.name)) fail(`${where}: the name is used twice.`);
    names.add(year.name);
    const start = DateTime.fromISO(year.startDate, { zone: 'utc' });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(year.startDate) || !start.isValid)
      fail(`${where}: startDate must be YYYY-MM-DD, not ${JSON.stringify(year.startDate)}.`);
    if (previousEnd && +start !== +previousEnd.plus({ days: 1 }))
      fail(
        `${where} must start on ${iso(previousEnd.plus({ days: 1 }))}, the day after the previous year ends.`
      );
    if (!Array.isArray(year.quarters) || year.quarters.length !== 4) fail(`${where} needs 4 quarters.`);
    const weeks = year.quarters.flat();
    if (
      year.quarters.some((q) => q.length === 0) ||
      weeks.some((w) => !Number.isInteger(w) || w < 1 || w > 5)
    )
      fail(`${where}: each quarter needs months of 1 to 5 whole weeks.`);
    const total = weeks.reduce((a, b) => a + b, 0);
    if (total !== 52 && total !== 53) fail(`${where} has ${total} weeks; a fiscal year has 52 or 53.`);

    const label = `FY ${year.name}`;
    const periods: PeriodRow[] = [];
    let day = start;
    let month = 0;
    let week = 0;
    year.quarters.forEach((quarter, q) => {
      const quarterStart = day;
      for (const length of quarter) {
        const monthStart = day;
        for (let w = 0; w < length; w++, week++) {
          const end = day.plus({ days: 6 });
          periods.push({
            type: 'Week',
            start: day,
            end,
            number: week + 1,
            periodLabel: null,
            fullyQualifiedLabel: `W${week + 1} ${label}`
          });
          day = end.plus({ days: 1 });
        }
        month++;
        periods.push({
          type: 'Month',
          start: monthStart,
          end: day.minus({ days: 1 }),
          number: month,
          periodLabel: null,
          fullyQualifiedLabel: `P${month} ${label}`
        });
      }
      periods.push({
        type: 'Quarter',
        start: quarterStart,
        end: day.minus({ days: 1 }),
        number: q + 1,
        periodLabel: null,
        fullyQualifiedLabel: `Q${q + 1} ${label}`
      });
    });
    const end = day.minus({ days: 1 });
    periods.push({ type: 'Year', start, end, number: null, periodLabel: null, fullyQualifiedLabel: label });
    previousEnd = end;
    return { name: year.name, standard: false, start, end, periods };
  });
}

/**
 * Standard fiscal years around `today`'s year, ending where the first custom year starts (a
 * standard year it starts in is cut short): months are calendar months named in English.
 */
export function standardYearRows(
  startMonth: number,
  namedByStart: boolean,
  today: DateTime,
  customStart: DateTime | null
): YearRows[] {
  const years: YearRows[] = [];
  for (let offset = -STANDARD_YEARS_AROUND; offset <= STANDARD_YEARS_AROUND; offset++) {
    const start = DateTime.utc(today.year + offset, startMonth, 1);
    if (customStart && start >= customStart) break;
    const fullEnd = start.plus({ years: 1 }).minus({ days: 1 });
    const end = customStart && fullEnd >= customStart ? customStart.minus({ days: 1 }) : fullEnd;
    const name = String(namedByStart || startMonth === 1 ? start.year : start.year + 1);
    const label = `FY ${name}`;
    const periods: PeriodRow[] = [];
    for (let q = 0; q < 4; q++) {
      const quarterStart = start.plus({ months: q * 3 });
      if (quarterStart > end) break;
      for (let m = 0; m < 3; m++) {
        const monthStart = quarterStart.plus({ months: m });
        if (monthStart > end) break;
        const monthEnd = DateTime.min(monthStart.endOf('month').startOf('day'), end);
        const monthName = monthStart.toFormat('LLLL', { locale: 'en' });
        periods.push({
          type: 'Month',
          start: monthStart,
          end: monthEnd,
          number: q * 3 + m + 1,
          periodLabel: monthName,
          fullyQualifiedLabel: `${monthName} ${label}`
        });
      }
      const quarterEnd = DateTime.min(quarterStart.plus({ months: 3 }).minus({ days: 1 }), end);
      periods.push({
        type: 'Quarter',
        start: quarterStart,
        end: quarterEnd,
        number: q + 1,
        periodLabel: null,
        fullyQualifiedLabel: `Q${q + 1} ${label}`
      });
    }
    periods.push({ type: 'Year', start, end, number: null, periodLabel: null, fullyQualifiedLabel: label });
    years.push({ name, standard: true, start, end, periods });
  }
  return years;
}

export interface FiscalYearsInput {
  db: Db;
  newId: (keyPrefix: string) => string;
  clock: () => Date;
  fiscalYearStartMonth: number;
  usesStartDateAsFiscalYearName: boolean;
  customFiscalYears: readonly CustomFiscalYearOption[];
}

/** Writes the fiscal years once: an org started again from its data folder keeps the ones it has. */
export async function installFiscalYears(input: FiscalYearsInput): Promise<void> {
  const { db, newId } = input;
  const custom = customYearRows(input.customFiscalYears);
  const existing = await db.query('select 1 from fiscalyearsettings limit 1');
  if (existing.rows.length > 0) return;
  const now = input.clock().toISOString();
  const today = DateTime.fromJSDate(input.clock(), { zone: 'utc' });
  const years = [
    ...standardYearRows(
      input.fiscalYearStartMonth,
      input.usesStartDateAsFiscalYearName,
      today,
      custom[0]?.start ?? null
    ),
    ...custom
  ];
  for (const year of years) {
    const yearId = newId('022');
    const periodIds = year.periods.map(() => newId('026'));
    const yearPeriodId = periodIds[year.periods.findIndex((p) => p.type === 'Year')];
    await db.query(
      `insert into fiscalyearsettings (id, isdeleted, systemmodstamp, name, startdate, enddate, isstandardyear, periodid,
         yeartype, quarterlabelscheme, quarterprefix, periodlabelscheme, periodprefix, weeklabelscheme, weekstartday)
       values ($1, false, $2, $3, $4, $5, $6, $7, $8, 'NumberByYear', 'Q', $9, 'P', $10, $11)`,
      [
        yearId,
        now,
        year.name,
        iso(year.start),
        iso(year.end),
        year.standard,
        yearPeriodId,
        year.standard ? 'Standard' : 'Custom',
        year.standard ? 'StandardMonths' : 'NumberByYear',
        year.standard ? null : 'NumberByYear',
        // Custom years' weeks start on the year's first weekday (1 Sunday … 7 Saturday).
        year.standard ? null : (year.start.weekday % 7) + 1
      ]
    );
    for (const [index, period] of year.periods.entries()) {
      await db.query(
        `insert into period (id, isdeleted, systemmodstamp, fiscalyearsettingsid, type, startdate, enddate, number,
           periodlabel, quarterlabel, isforecastperiod, fullyqualifiedlabel)
         values ($1, false, $2, $3, $4, $5, $6, $7, $8, null, $9, $10)`,
        [
          periodIds[index],
          now,
          yearId,
          period.type,
          iso(period.start),
          iso(period.end),
          period.number,
          period.periodLabel,
          period.type === 'Month' || period.type === 'Quarter',
          period.fullyQualifiedLabel
        ]
      );
    }
  }
}
