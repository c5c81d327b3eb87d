// How each aggregate query of a run is answered, and each objective's values put in its plan's
// currency. Normally by grouped SOQL (engine/calculation.ts batches it), whose currency totals
// come back in the corporate currency and are multiplied into the plan's. Two kinds of source
// are read record by record instead and aggregated here, by the same monthly columns:
// - sources whose amounts need dated exchange rates (advanced currency management, on
//   opportunities), which Salesforce's aggregates ignore;
// - very large sources (at least extraction.bulkThresholdRecords records with a partner), and
//   any grouped query Salesforce gives up on (QUERY_TIMEOUT).
// Both are read with Bulk API 2.0, whose pages of CSV cost one call per bulkPageRecords records.
import { monthColumns } from '../engine/aggregate.ts';
import {
  queriesFor,
  readRows,
  windowBounds,
  type CalculationContext,
  type CalculationPlan,
  type MeasureQuery,
  type MeasureValues,
  type ObjectiveJob,
  type Source
} from '../engine/calculation.ts';
import {
  convert,
  CurrencyProblem,
  datedRateField,
  monthValues,
  rateOf,
  scaleValues,
  type ExtractedValue
} from '../engine/currency.ts';
import { dayIn, isSfDate, parseSfDateTime } from '../engine/dates.ts';
import { findField, type SObjectDescribe } from '../engine/describe.ts';
import { countQuery, recordQuery, valueColumn } from '../engine/soql.ts';
import { DEFAULT_EXTRACTION, type Config } from '../config.ts';
import { ConnectorError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { SalesforceApi, SObjectRecord } from '../salesforce/client.ts';
import { CURRENCY_FIELD, planCurrency, readMoneyContext, type MoneyContext } from './currencyRates.ts';

export type ExtractionSettings = Config['extraction'];

/** Partner Ids per extraction query: a Bulk API 2.0 query is sent in a request body, where SOQL may run to 100,000 characters. */
const MAX_PARTNERS_PER_JOB = 2000;

type Mode = 'grouped' | 'bulk';

/** One extracted record, as the aggregation needs it; amounts still in the record's currency. */
interface ExtractedRecord {
  month: string;
  value: number | null;
  currency: string | null;
  /** The day whose dated rate converts the value; null for static rates. */
  rateDay: string | null;
}

/** An objective's values in its plan's currency, or why they cannot be had (shown on the objective). */
export type Priced = { ok: true; values: MeasureValues | null } | { ok: false; problem: string };

export interface Measuring {
  /** Answers one query: its grouped rows into `result`, or its records kept for forJob. */
  read(query: MeasureQuery, result: MeasureValues): Promise<void>;
  /** The values of one objective, converted into its plan's currency where they are money. */
  forJob(job: ObjectiveJob, values: MeasureValues | null): Priced;
}

export interface MeasuringInput {
  sf: SalesforceApi;
  calculation: Pick<CalculationPlan, 'jobs' | 'queries'>;
  context: CalculationContext;
  /** The plan object's describe: its CurrencyIsoCode field says the org has multiple currencies. */
  planDescribe: SObjectDescribe | null;
  /** The configuration's defaults when absent. */
  settings: ExtractionSettings | undefined;
  log: Logger;
}

const MONEY_FUNCTIONS: ReadonlySet<string> = new Set(['SUM', 'AVG', 'MIN', 'MAX']);

/** Whether a query aggregates money: a currency field under a function whose value is an amount. */
function isMoney(query: MeasureQuery): boolean {
  return (
    MONEY_FUNCTIONS.has(query.measure.fn) &&
    findField(query.source.describe, query.measure.field)?.type === 'currency'
  );
}

const sourceKey = (source: Source): string =>
  JSON.stringify([source.mapping.object, source.mapping.partnerField, source.filterText]);

/**
 * Reads the org's rates and the plans' currencies (multi-currency orgs only) and decides how
 * each query is answered: one size count per source that could be extracted.
 */
export async function prepareMeasuring(input: MeasuringInput): Promise<Measuring> {
  const { sf, context, log } = input;
  const settings = input.settings ?? DEFAULT_EXTRACTION;
  const queries = new Map(input.calculation.queries.map((query) => [query.key, query]));
  const measuredPlans = new Map(
    input.calculation.jobs
      .filter((job) => job.measurement.kind === 'records')
      .map((job) => [job.plan.id, job.plan])
  );
  const money = input.planDescribe
    ? await readMoneyContext(sf, input.planDescribe, [...measuredPlans.values()])
    : null;
  const modes = new Map<string, Mode>();
  const sizes = new Map<string, number>();
  for (const query of queries.values()) {
    // COUNT_DISTINCT is answered per window, one row per partner: it never nears the row cap,
    // and distinct values cannot be merged across months.
    if (monthColumns(query.measure.fn) === null) {
      modes.set(query.key, 'grouped');
      continue;
    }
    const key = sourceKey(query.source);
    let size = sizes.get(key);
    if (size === undefined) {
      const [row] = await sf.query(
        countQuery({
          object: query.source.mapping.object,
          partnerField: query.source.mapping.partnerField,
          conditions: query.source.filter ? [query.source.filter] : []
        })
      );
      size = Number(row?.[valueColumn(0)] ?? 0);
      sizes.set(key, size);
    }
    const dated =
      money !== null && isMoney(query) && datedRateField(money.rates, query.source.mapping.object) !== null;
    modes.set(query.key, size >= settings.bulkThresholdRecords || dated ? 'bulk' : 'grouped');
  }
  const extracted = new Map<string, Map<string, ExtractedRecord[]>>();

  async function extract(query: MeasureQuery): Promise<void> {
    const byPartner = new Map<string, ExtractedRecord[]>();
    const read = recordReader(query, money, context.timeZone);
    const add = (rows: readonly SObjectRecord[]): void => {
      for (const row of rows) {
        const record = read(row);
        if (record === null) continue;
        const list = byPartner.get(record.partnerId);
        if (list) list.push(record.record);
        else byPartner.set(record.partnerId, [record.record]);
      }
    };
    for (let i = 0; i < query.partnerIds.length; i += MAX_PARTNERS_PER_JOB) {
      const soql = recordQuery({
        object: query.source.mapping.object,
        partnerField: query.source.mapping.partnerField,
        dateField: query.source.mapping.dateField,
        partnerIds: query.partnerIds.slice(i, i + MAX_PARTNERS_PER_JOB),
        window: windowBounds(query.source, query.range, context.timeZone),
        conditions: query.conditions,
        fields: read.fields
      });
      for await (const page of sf.bulkQuery(soql, {
        maxRecords: settings.bulkPageRecords,
        timeoutMs: settings.bulkTimeoutSeconds * 1000
      }))
        add(page);
    }
    extracted.set(query.key, byPartner);
    log.info(
      {
        query: query.key,
        partners: byPartner.size,
        records: [...byPartner.values()].reduce((n, l) => n + l.length, 0)
      },
      'records extracted'
    );
  }

  return {
    async read(query, result) {
      const mode = modes.get(query.key) ?? 'grouped';
      if (mode !== 'grouped') return extract(query);
      try {
        for (const batch of queriesFor(query, context))
          readRows(await sf.query(batch.soql), batch, query, result);
      } catch (error) {
        // Salesforce gives up on aggregates over too many rows; a bulk job reads them instead,
        // unless they are distinct counts, which records aggregated by month cannot give.
        const timedOut = error instanceof ConnectorError && error.code === 'QUERY_TIMEOUT';
        if (!timedOut || monthColumns(query.measure.fn) === null) throw error;
        log.warn({ query: query.key }, 'grouped query timed out; extracting its records with Bulk API 2.0');
        await extract(query);
      }
    },
    forJob(job, values) {
      if (job.measurement.kind !== 'records') return { ok: true, values };
      const query = queries.get(job.measurement.queryKey);
      if (!query) return { ok: true, values };
      try {
        const target = money !== null && isMoney(query) ? planCurrency(money, job.plan) : null;
        const records = extracted.get(query.key);
        if (records)
          return { ok: true, values: aggregate(job, query, records.get(job.partnerId) ?? [], target, money) };
        if (values === null || target === null || money === null) return { ok: true, values };
        return { ok: true, values: scaleValues(values, query.measure.fn, rateOf(money.rates, target, null)) };
      } catch (error) {
        if (error instanceof CurrencyProblem) return { ok: false, problem: error.message };
        throw error;
      }
    }
  };
}

/** The partner's records, converted into `target` (when money), as monthly rows of the query's function. */
function aggregate(
  job: ObjectiveJob,
  query: MeasureQuery,
  records: readonly ExtractedRecord[],
  target: string | null,
  money: MoneyContext | null
): MeasureValues {
  const values: ExtractedValue[] = records.map((record) => ({
    partnerId: job.partnerId,
    month: record.month,
    value:
      record.value === null || target === null || money === null || record.currency === null
        ? record.value
        : convert(record.value, record.currency, target, money.rates, record.rateDay)
  }));
  return monthValues(values, query.measure.fn);
}

type RecordReader = ((row: SObjectRecord) => { partnerId: string; record: ExtractedRecord } | null) & {
  fields: string[];
};

/**
 * Reads one record of a query (REST values, or Bulk API 2.0 text with '' for empty): its
 * partner, its calendar month in the org's zone, its value, and for money its currency and
 * the day whose dated rate applies.
 */
function recordReader(query: MeasureQuery, money: MoneyContext | null, timeZone: string): RecordReader {
  const { partnerField, dateField, object } = query.source.mapping;
  const { fn, field } = query.measure;
  const converted = money !== null && isMoney(query);
  const rateField = converted ? datedRateField(money.rates, object) : null;
  // COUNT of records (COUNT(Id)) needs no value; COUNT(field) counts records where it is set.
  const valueField = fn === 'COUNT' && field === 'Id' ? null : field;
  const fields = [partnerField, dateField, valueField, converted ? CURRENCY_FIELD : null, rateField].filter(
    (name): name is string => name !== null
  );
  const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
  const odd = (what: string, value: unknown): ConnectorError =>
    new ConnectorError(
      'UNEXPECTED_RECORD',
      `${object} ${what} ${JSON.stringify(value)} is not what the connector expected.`
    );

  const read = (row: SObjectRecord): { partnerId: string; record: ExtractedRecord } | null => {
    const partnerId = text(row[partnerField]);
    if (partnerId === null) return null;
    const month = bucketOf(row[dateField], query.source.dateFieldType, timeZone, query.byDay);
    if (month === null) throw odd(dateField, row[dateField]);
    let value: number | null = null;
    if (valueField !== null) {
      const raw = row[valueField];
      value = raw === null || raw === undefined || raw === '' ? null : Number(raw);
      if (value !== null && !Number.isFinite(value)) throw odd(valueField, raw);
      if (value === null && fn === 'COUNT') return null;
    }
    const currency = converted ? text(row[CURRENCY_FIELD]) : null;
    if (converted && currency === null) throw odd(CURRENCY_FIELD, row[CURRENCY_FIELD]);
    const rateDay = rateField === null ? null : text(row[rateField]);
    if (rateField !== null && !isSfDate(rateDay)) throw odd(rateField, row[rateField]);
    return { partnerId, record: { month, value, currency, rateDay } };
  };
  return Object.assign(read, { fields });
}

/**
 * 'YYYY-MM' (or 'YYYY-MM-DD' for queries bucketed by day, over custom fiscal years) of a Date
 * field's day, or of a Date/Time field's instant in the org's zone: the buckets grouped queries read.
 */
function bucketOf(
  value: unknown,
  type: 'date' | 'datetime',
  timeZone: string,
  byDay: boolean
): string | null {
  const day = type === 'date' ? (isSfDate(value) ? value : null) : dayOf(value, timeZone);
  return day === null ? null : byDay ? day : day.slice(0, 7);
}

function dayOf(value: unknown, timeZone: string): string | null {
  const instant = parseSfDateTime(value);
  return instant ? dayIn(instant, timeZone) : null;
}
