// Currency conversion, without I/O. Objectives inherit their plan's currency, and source amounts
// are converted into it with the org's rates, as Salesforce converts them:
// - CurrencyType (static) rates normally. SOQL aggregates of a currency field come back in the
//   corporate currency, every record converted with its static rate; converting that total into
//   the plan's currency is one more multiplication by the plan currency's rate. That is exactly
//   the per-record conversion (Σ aᵢ·r(plan)/r(curᵢ)), and it holds for SUM, AVG, MIN and MAX alike
//   because the factor is positive, so grouped queries need not group by CurrencyIsoCode as well
//   (which would multiply their rows, and the partner batches, by the number of currencies).
// - DatedConversionRate, by the record's date, when advanced currency management is on and the
//   source is an object it applies to (opportunities: by CloseDate). Aggregates still use static
//   rates there, so those records are read one by one and converted here.
// A rate is "units of the currency per unit of the corporate currency".
import { monthColumns } from './aggregate.ts';
import type { MeasureValues } from './calculation.ts';
import type { AggregateFunction, SfDate } from './model.ts';

/** One DatedConversionRate row: the rate from `start` (inclusive) to `nextStart` (exclusive, null: open). */
export interface DatedRate {
  start: SfDate;
  nextStart: SfDate | null;
  rate: number;
}

export interface CurrencyRates {
  corporate: string;
  /** CurrencyType.ConversionRate by ISO code. */
  static: ReadonlyMap<string, number>;
  /** DatedConversionRate rows by ISO code; null when advanced currency management is off. */
  dated: ReadonlyMap<string, readonly DatedRate[]> | null;
}

/**
 * The objects advanced currency management converts with dated rates, and the date that picks
 * the rate (Salesforce Help, "Advanced Currency Management": opportunities, their products,
 * schedules and splits; never leads or custom objects). Only Opportunity is a source here.
 */
export const DATED_RATE_DATE_FIELDS: Readonly<Record<string, string>> = { Opportunity: 'CloseDate' };

export class CurrencyProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CurrencyProblem';
  }
}

interface CurrencyTypeRow {
  IsoCode?: unknown;
  ConversionRate?: unknown;
  IsCorporate?: unknown;
}
interface DatedRateRow {
  IsoCode?: unknown;
  ConversionRate?: unknown;
  StartDate?: unknown;
  NextStartDate?: unknown;
}

const positive = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value > 0;
const isDate = (value: unknown): value is SfDate =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);

/** The rates from CurrencyType rows and (with advanced currency management) DatedConversionRate rows. */
export function currencyRates(
  currencyTypes: readonly CurrencyTypeRow[],
  datedRates: readonly DatedRateRow[] | null
): CurrencyRates {
  const rates = new Map<string, number>();
  let corporate: string | null = null;
  for (const row of currencyTypes) {
    if (typeof row.IsoCode !== 'string' || !positive(row.ConversionRate))
      throw new CurrencyProblem(
        `CurrencyType ${JSON.stringify(row.IsoCode)} has no positive ConversionRate.`
      );
    rates.set(row.IsoCode, row.ConversionRate);
    if (row.IsCorporate === true) corporate = row.IsoCode;
  }
  if (corporate === null) throw new CurrencyProblem('No CurrencyType is the corporate currency.');
  if (datedRates === null) return { corporate, static: rates, dated: null };
  const dated = new Map<string, DatedRate[]>();
  for (const row of datedRates) {
    if (typeof row.IsoCode !== 'string' || !positive(row.ConversionRate) || !isDate(row.StartDate))
      throw new CurrencyProblem(
        `A DatedConversionRate of ${JSON.stringify(row.IsoCode)} has no rate or StartDate.`
      );
    const list = dated.get(row.IsoCode) ?? [];
    list.push({
      start: row.StartDate,
      nextStart: isDate(row.NextStartDate) ? row.NextStartDate : null,
      rate: row.ConversionRate
    });
    dated.set(row.IsoCode, list);
  }
  for (const list of dated.values()) list.sort((a, b) => a.start.localeCompare(b.start));
  return { corporate, static: rates, dated };
}

/** The date field whose value picks a record's dated rate, or null when static rates apply. */
export function datedRateField(rates: CurrencyRates, object: string): string | null {
  return rates.dated === null ? null : (DATED_RATE_DATE_FIELDS[object] ?? null);
}

/** The rate of `isoCode`: the dated one in force on `day` when given, else the static one. */
export function rateOf(rates: CurrencyRates, isoCode: string, day: SfDate | null): number {
  if (day !== null) {
    const list = rates.dated?.get(isoCode) ?? [];
    const inForce = list.find((r) => r.start <= day && (r.nextStart === null || day < r.nextStart));
    if (!inForce) throw new CurrencyProblem(`No dated exchange rate of ${isoCode} covers ${day}.`);
    return inForce.rate;
  }
  const rate = rates.static.get(isoCode);
  if (rate === undefined)
    throw new CurrencyProblem(`${isoCode} is not a currency of this org (CurrencyType).`);
  return rate;
}

/** `amount` in `from` converted into `to`, through the corporate currency; dated rates of `day` when given. */
export function convert(
  amount: number,
  from: string,
  to: string,
  rates: CurrencyRates,
  day: SfDate | null
): number {
  if (from === to) return amount;
  return (amount / rateOf(rates, from, day)) * rateOf(rates, to, day);
}

/** Aggregates that carry money: the ones a currency conversion multiplies (counts never). */
const MONEY: ReadonlySet<AggregateFunction> = new Set(['SUM', 'AVG', 'MIN', 'MAX']);

/**
 * Values of a measure over a currency field, read in the corporate currency, multiplied into
 * a plan currency by `factor` (its static rate). Month rows hold monthColumns(fn), of which
 * only the money columns scale (an AVG's COUNT does not); window values are `fn` itself.
 */
export function scaleValues(values: MeasureValues, fn: AggregateFunction, factor: number): MeasureValues {
  const columns = monthColumns(fn) ?? [];
  const scale = (value: number | null, money: boolean): number | null =>
    value === null || !money ? value : value * factor;
  const months = new Map(
    [...values.months].map(([partner, byMonth]) => [
      partner,
      new Map(
        [...byMonth].map(([month, row]) => [
          month,
          row.map((value, index) => scale(value, MONEY.has(columns[index] as AggregateFunction)))
        ])
      )
    ])
  );
  const windows = new Map(
    [...values.windows].map(([partner, byWindow]) => [
      partner,
      new Map([...byWindow].map(([id, value]) => [id, scale(value, MONEY.has(fn))]))
    ])
  );
  return { months, windows, unplaced: values.unplaced };
}

/** One extracted source record: its partner, its calendar month ('YYYY-MM') and its converted value. */
export interface ExtractedValue {
  partnerId: string;
  month: string;
  /** Null when the field is empty: counted by COUNT(), skipped by the other functions, as in SOQL. */
  value: number | null;
}

/**
 * Per partner and month, the monthColumns(fn) values of extracted records: what a grouped
 * query by partner and CALENDAR_YEAR/CALENDAR_MONTH would have returned, so the same
 * combineMonths() turns them into period values. `fn` must combine across months (not COUNT_DISTINCT).
 */
export function monthValues(records: readonly ExtractedValue[], fn: AggregateFunction): MeasureValues {
  const columns = monthColumns(fn);
  if (columns === null) throw new Error(`${fn} cannot be aggregated by month from extracted records`);
  const grouped = new Map<string, Map<string, (number | null)[]>>();
  for (const record of records) {
    const byMonth = grouped.get(record.partnerId) ?? new Map<string, (number | null)[]>();
    grouped.set(record.partnerId, byMonth);
    const values = byMonth.get(record.month) ?? [];
    byMonth.set(record.month, [...values, record.value]);
  }
  const months = new Map<string, Map<string, (number | null)[]>>();
  for (const [partner, byMonth] of grouped) {
    const rows = new Map<string, (number | null)[]>();
    for (const [month, values] of byMonth) {
      const known = values.filter((v): v is number => v !== null);
      rows.set(
        month,
        columns.map((column) => {
          switch (column) {
            case 'COUNT':
              // COUNT(Id) for counts; COUNT(field) (an AVG's divisor) counts non-empty values.
              return fn === 'COUNT' ? values.length : known.length;
            case 'SUM':
              return known.length === 0 ? null : known.reduce((a, b) => a + b, 0);
            case 'MIN':
              return known.length === 0 ? null : Math.min(...known);
            case 'MAX':
              return known.length === 0 ? null : Math.max(...known);
          }
        })
      );
    }
    months.set(partner, rows);
  }
  return { months, windows: new Map(), unplaced: 0 };
}
