// The run's fiscal calendar: the org's standard fiscal year (Organization), with the custom
// fiscal years that overlap the plans laid over it. Custom years live in FiscalYearSettings
// (IsStandardYear = false) and their Period rows; one query reads the Quarter and Month rows of
// every custom year that overlaps the plans' dates, and none is sent when no plan has dates.
// The calendar is built once per run and shared by every step of it.
import { z } from 'zod';
import { CustomCalendarProblem, withCustomYears, type CustomFiscalYear } from '../engine/customPeriods.ts';
import { isSfDate } from '../engine/dates.ts';
import type { BusinessPlan, DateRange, FiscalYearSettings } from '../engine/model.ts';
import { fiscalCalendar, type Calendar } from '../engine/periods.ts';
import { ConnectorError } from '../errors.ts';
import type { SalesforceApi, SObjectRecord } from '../salesforce/client.ts';

const periodRow = z.object({
  Type: z.enum(['Quarter', 'Month']),
  Number: z.number().int().min(1),
  StartDate: z.string().refine(isSfDate),
  EndDate: z.string().refine(isSfDate),
  FiscalYearSettingsId: z.string().min(15),
  FiscalYearSettings: z.object({
    Name: z.string().min(1),
    StartDate: z.string().refine(isSfDate),
    EndDate: z.string().refine(isSfDate)
  })
});

/** Errors meaning this user cannot read fiscal periods at all. */
const UNREADABLE = new Set(['INVALID_TYPE', 'INVALID_FIELD', 'INSUFFICIENT_ACCESS']);

/** The days from the earliest plan start to the latest plan end, or null when no plan has both dates. */
export function plansSpan(plans: readonly BusinessPlan[]): DateRange | null {
  const ranges: DateRange[] = [];
  for (const { startDate: start, endDate: end } of plans) {
    if (isSfDate(start) && isSfDate(end) && start <= end) ranges.push({ start, end });
  }
  if (ranges.length === 0) return null;
  return {
    start: ranges.map((r) => r.start).reduce((a, b) => (a < b ? a : b)),
    end: ranges.map((r) => r.end).reduce((a, b) => (a > b ? a : b))
  };
}

/** The custom years in Period rows, grouped by their FiscalYearSettings row. */
export function customYearsOf(records: readonly SObjectRecord[]): CustomFiscalYear[] {
  const years = new Map<string, CustomFiscalYear>();
  for (const record of records) {
    const parsed = periodRow.safeParse(record);
    if (!parsed.success) {
      throw new ConnectorError(
        'UNEXPECTED_RECORD',
        `A Period row of a custom fiscal year does not have the expected shape (${parsed.error.issues
          .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
          .join('; ')}).`
      );
    }
    const row = parsed.data;
    const settings = row.FiscalYearSettings;
    const year = years.get(row.FiscalYearSettingsId) ?? {
      name: settings.Name,
      start: settings.StartDate,
      end: settings.EndDate,
      quarters: [],
      months: []
    };
    years.set(row.FiscalYearSettingsId, year);
    (row.Type === 'Quarter' ? year.quarters : year.months).push({
      number: row.Number,
      start: row.StartDate,
      end: row.EndDate
    });
  }
  const byStart = (a: { start: string }, b: { start: string }): number =>
    a.start < b.start ? -1 : a.start > b.start ? 1 : 0;
  return [...years.values()].map((year) => ({
    ...year,
    quarters: year.quarters.sort(byStart),
    months: year.months.sort(byStart)
  }));
}

/**
 * The calendar of a run over `plans`: standard only when no plan has dates or no custom year
 * overlaps them (zero or one query).
 */
export function readFiscalCalendar(
  sf: SalesforceApi,
  settings: FiscalYearSettings,
  plans: readonly BusinessPlan[]
): Promise<Calendar> {
  return calendarOver(sf, settings, plansSpan(plans));
}

/** The calendar over the days of `span`: standard only when `span` is null or no custom year overlaps it. */
export async function calendarOver(
  sf: SalesforceApi,
  settings: FiscalYearSettings,
  span: DateRange | null
): Promise<Calendar> {
  const standard = fiscalCalendar(settings);
  if (span === null) return standard;
  let records: SObjectRecord[];
  try {
    // Dates come from isSfDate-checked plan fields, never from user text.
    records = await sf.query(
      'SELECT Type, Number, StartDate, EndDate, FiscalYearSettingsId, FiscalYearSettings.Name, ' +
        'FiscalYearSettings.StartDate, FiscalYearSettings.EndDate FROM Period ' +
        "WHERE FiscalYearSettings.IsStandardYear = false AND Type IN ('Quarter', 'Month') " +
        `AND FiscalYearSettings.StartDate <= ${span.end} AND FiscalYearSettings.EndDate >= ${span.start} ` +
        'ORDER BY StartDate, Type'
    );
  } catch (error) {
    const failure = ConnectorError.from(error);
    if (!UNREADABLE.has(failure.code)) throw failure;
    throw new ConnectorError(
      'FISCAL_CALENDAR_UNREADABLE',
      `The connector's user cannot read the org's fiscal periods (Period, FiscalYearSettings): ${failure.message}`,
      {
        actions: [
          "Give the connector's user a Standard user license (partner and portal users cannot read Period)."
        ],
        cause: failure
      }
    );
  }
  try {
    return withCustomYears(standard, customYearsOf(records));
  } catch (error) {
    if (!(error instanceof CustomCalendarProblem)) throw error;
    throw new ConnectorError('FISCAL_CALENDAR_INVALID', error.message, {
      actions: ['Check the custom fiscal years in Setup > Fiscal Year.'],
      cause: error
    });
  }
}

/**
 * The days of custom fiscal year `name` (FiscalYearSettings.Name, e.g. 2027), or null when the
 * org has no such custom year (or the user cannot read fiscal years; the calendar then says so).
 */
export async function customYearRange(sf: SalesforceApi, name: number): Promise<DateRange | null> {
  if (!Number.isInteger(name)) throw new RangeError(`${name} is not a fiscal year`);
  let records: SObjectRecord[];
  try {
    // name is an integer, so nothing here is user text.
    records = await sf.query(
      `SELECT StartDate, EndDate FROM FiscalYearSettings WHERE IsStandardYear = false AND Name = '${name}'`
    );
  } catch (error) {
    if (UNREADABLE.has(ConnectorError.from(error).code)) return null;
    throw error;
  }
  const [year] = records;
  return year && isSfDate(year.StartDate) && isSfDate(year.EndDate)
    ? { start: year.StartDate, end: year.EndDate }
    : null;
}
