// End to end: sources read with Bulk API 2.0 and aggregated by the connector give the same
// actuals as grouped SOQL, and both equal a brute-force oracle over the raw records. The org:
// New York time, multiple currencies (corporate USD, EUR at 0.5 and GBP at 0.25 per dollar:
// powers of two, so both paths convert without rounding and must agree to the cent), seeded
// random leads and opportunities, one plan per partner in a random currency. The first sync
// uses grouped queries (the default threshold); the second forces every source past the
// threshold, with results pages of 7 records, so locators are followed. The oracle is plain
// JavaScript over the records as created: Intl for New York days, the conversion by hand.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Connection } from 'jsforce';
import { DateTime } from 'luxon';
import { startLocalOrg, type LocalOrg } from '../../localorg/src/index.ts';
import { fixedClock } from '../../connector/src/clock.ts';
import { loadConfig, type Config } from '../../connector/src/config.ts';
import { silentLogger } from '../../connector/src/logger.ts';
import { SalesforceClient } from '../../connector/src/salesforce/client.ts';
import type { RetryPolicy } from '../../connector/src/salesforce/resilience.ts';
import type { SyncReport } from '../../connector/src/sync/report.ts';
import { runSync } from '../../connector/src/sync/runSync.ts';
import { createPlan, createRecords, queryRecords, type ObjectiveSpec } from '../support/planFixtures.ts';

const ZONE = 'America/New_York';
const NOW = '2026-12-15T12:00:00.000Z';
const RATES: Record<string, number> = { USD: 1, EUR: 0.5, GBP: 0.25 };
const CURRENCIES = Object.keys(RATES);
const PLAN_RANGE = { start: '2026-01-01', end: '2026-12-31' };
const PAGE = 7;

/** A small deterministic generator (LCG), so every run sees the same org. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

type Fn = 'SUM' | 'COUNT' | 'AVG' | 'MIN' | 'MAX';

interface ObjectiveFixture extends ObjectiveSpec {
  fn: Fn;
  source: 'leads' | 'opportunities';
  /** The criteria as JavaScript, for the oracle. */
  matches: (record: RawRecord) => boolean;
}

const all = (): boolean => true;
const OBJECTIVES: ObjectiveFixture[] = [
  {
    label: 'Lead revenue',
    type: 'Deal Registration',
    fn: 'SUM',
    field: 'AnnualRevenue',
    periodType: 'Quarterly',
    weight: 1,
    target: 100_000,
    source: 'leads',
    matches: all
  },
  {
    label: 'Leads',
    type: 'Number of Deals',
    fn: 'COUNT',
    periodType: 'Monthly',
    weight: 1,
    target: 24,
    source: 'leads',
    matches: all
  },
  {
    label: 'Average won deal',
    type: 'Qualified Deal Registration',
    fn: 'AVG',
    field: 'Amount',
    criteria: "StageName = 'Closed Won'",
    periodType: 'Quarterly',
    weight: 1,
    target: 2000,
    source: 'opportunities',
    matches: (r) => r.StageName === 'Closed Won'
  },
  {
    label: 'Smallest deal',
    type: 'Qualified Deal Registration',
    fn: 'MIN',
    field: 'Amount',
    periodType: 'Annually',
    weight: 1,
    target: 100,
    source: 'opportunities',
    matches: all
  },
  {
    label: 'Largest deal',
    type: 'Qualified Deal Registration',
    fn: 'MAX',
    field: 'Amount',
    periodType: 'Quarterly',
    weight: 1,
    target: 5000,
    source: 'opportunities',
    matches: all
  }
];

/** A record as created, with its partner, New York day, amount and currency. */
interface RawRecord {
  partnerId: string | null;
  day: string;
  amount: number | null;
  currency: string;
  StageName?: string;
}

let org: LocalOrg;
let conn: Connection;
let config: Config;
const faultState = { failJobInfo: false, timeOutAggregates: false };
const raw: { leads: RawRecord[]; opportunities: RawRecord[] } = { leads: [], opportunities: [] };
const plans: { partnerId: string; currency: string; objectiveIds: Map<string, string> }[] = [];
let grouped: SyncReport;
let bulk: SyncReport;
let groupedValues: Map<string, number | null>;
let bulkValues: Map<string, number | null>;

const localDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit'
});

function client(retry?: Partial<RetryPolicy>): SalesforceClient {
  return new SalesforceClient({ ...config.salesforce, logger: silentLogger(), retry });
}

async function sync(sf: SalesforceClient, extraction: Config['extraction']): Promise<SyncReport> {
  return runSync({
    salesforce: sf,
    clock: fixedClock(NOW),
    logger: silentLogger(),
    sources: config.sources,
    extraction
  });
}

/** Every objective's Actual__c and every period row's, keyed by objective Id and period start ('' for the objective). */
async function writtenValues(): Promise<Map<string, number | null>> {
  const values = new Map<string, number | null>();
  const objectives = await queryRecords<{
    Id: string;
    Actual__c: number | null;
    Calculation_Status__c: string;
  }>(conn, 'SELECT Id, Actual__c, Calculation_Status__c FROM Plan_Objective__c');
  for (const o of objectives) {
    assert.equal(o.Calculation_Status__c, 'Calculated', o.Id);
    values.set(`${o.Id}/`, o.Actual__c);
  }
  const rows = await queryRecords<{
    Plan_Objective__c: string;
    Period_Start__c: string;
    Actual__c: number | null;
  }>(conn, 'SELECT Plan_Objective__c, Period_Start__c, Actual__c FROM Objective_Target__c');
  for (const row of rows) values.set(`${row.Plan_Objective__c}/${row.Period_Start__c}`, row.Actual__c);
  return values;
}

/** The periods of a type over 2026 (the org's fiscal year starts in January). */
function periods(type: string | undefined): { start: string; end: string }[] {
  const months = type === 'Monthly' ? 1 : type === 'Annually' ? 12 : 3;
  const out = [];
  for (let month = 1; month <= 12; month += months) {
    const start = DateTime.fromObject({ year: 2026, month, day: 1 }, { zone: 'utc' });
    out.push({
      start: start.toISODate() as string,
      end: start.plus({ months }).minus({ days: 1 }).toISODate() as string
    });
  }
  return out;
}

/** Bulk calls of one extraction of every objective: per job a create, one look at the job and a page per `page` records. */
function expectedBulkCalls(page: number): number {
  // One job per objective definition (all four plans share it): its records are those of the
  // four planned partners in 2026 (New York days for leads) that meet the criteria.
  const inPlans = (r: RawRecord): boolean =>
    plans.some((p) => p.partnerId === r.partnerId) && r.day >= PLAN_RANGE.start && r.day <= PLAN_RANGE.end;
  return OBJECTIVES.reduce((calls, objective) => {
    const records = raw[objective.source].filter((r) => inPlans(r) && objective.matches(r)).length;
    return calls + 2 + Math.max(1, Math.ceil(records / page));
  }, 0);
}

/** The brute-force value of one objective of one plan over days `start`..`end`. */
function oracle(
  objective: ObjectiveFixture,
  plan: (typeof plans)[number],
  start: string,
  end: string
): number | null {
  const records = raw[objective.source].filter(
    (r) => r.partnerId === plan.partnerId && r.day >= start && r.day <= end && objective.matches(r)
  );
  if (objective.fn === 'COUNT') return records.length;
  const amounts = records
    .filter((r) => r.amount !== null)
    .map((r) => ((r.amount as number) / (RATES[r.currency] as number)) * (RATES[plan.currency] as number));
  const sum = amounts.reduce((a, b) => a + b, 0);
  switch (objective.fn) {
    case 'SUM':
      return sum;
    case 'AVG':
      return amounts.length === 0 ? null : sum / amounts.length;
    case 'MIN':
      return amounts.length === 0 ? null : Math.min(...amounts);
    case 'MAX':
      return amounts.length === 0 ? null : Math.max(...amounts);
  }
}

before(async () => {
  org = await startLocalOrg({
    port: 0,
    seed: false,
    ui: false,
    timeZoneSidKey: ZONE,
    multiCurrency: {
      corporateCurrency: 'USD',
      currencies: [
        { isoCode: 'EUR', conversionRate: RATES.EUR as number },
        { isoCode: 'GBP', conversionRate: RATES.GBP as number }
      ]
    },
    faults: {
      request: ({ method, path, url }) => {
        // Salesforce failing while a job is being waited for: the connector must abort the job.
        if (faultState.failJobInfo && method === 'GET' && /\/jobs\/query\/[^/]+$/.test(path))
          return { status: 503, errorCode: 'SERVER_UNAVAILABLE', message: 'Server temporarily unavailable' };
        // Salesforce giving up on grouped aggregates over too many rows.
        if (faultState.timeOutAggregates && path.endsWith('/query') && /GROUP(\+|%20)BY/i.test(url))
          return {
            status: 400,
            errorCode: 'QUERY_TIMEOUT',
            message: 'Your query request was running for too long.'
          };
        return null;
      }
    }
  });
  conn = new Connection({ loginUrl: org.url, version: '62.0' });
  await conn.login(org.adminUsername, org.adminPassword);
  const partnerIds = await createRecords(
    conn,
    'Account',
    ['Northwind', 'Contoso', 'Fabrikam', 'Tailspin', 'No plan'].map((Name) => ({ Name, IsPartner: true }))
  );
  const next = random(20261207);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const partnerOrNone = (): string | null => (next() < 0.1 ? null : pick(partnerIds));

  // Leads: instants from late 2025 to early 2027, some a few minutes either side of New York midnight.
  const leadValues = Array.from({ length: 90 }, (_, index) => {
    const day = DateTime.fromObject({ year: 2025, month: 12, day: 1 }, { zone: ZONE }).plus({
      days: Math.floor(next() * 420)
    });
    const minutes = next() < 0.3 ? pick([5, 23 * 60 + 55]) : Math.floor(next() * 24 * 60);
    return {
      LastName: `Lead ${index + 1}`,
      Company: 'Prospect',
      Status: 'Open - Not Contacted',
      AnnualRevenue: next() < 0.15 ? null : 40 * (1 + Math.floor(next() * 100)),
      CurrencyIsoCode: pick(CURRENCIES),
      PartnerAccountId: partnerOrNone(),
      CreatedDate: day.plus({ minutes }).toUTC().toISO() as string
    };
  });
  await createRecords(conn, 'Lead', leadValues);
  raw.leads = leadValues.map((v) => ({
    partnerId: v.PartnerAccountId,
    day: localDay.format(new Date(v.CreatedDate)),
    amount: v.AnnualRevenue,
    currency: v.CurrencyIsoCode
  }));

  const opportunityValues = Array.from({ length: 120 }, (_, index) => {
    const close = DateTime.fromISO('2025-12-01', { zone: 'utc' }).plus({ days: Math.floor(next() * 420) });
    return {
      Name: `Deal ${index + 1}`,
      StageName: pick(['Prospecting', 'Closed Won', 'Closed Won', 'Closed Lost']),
      CloseDate: close.toISODate() as string,
      Amount: next() < 0.1 ? null : 40 * (1 + Math.floor(next() * 200)),
      CurrencyIsoCode: pick(CURRENCIES),
      PartnerAccountId: partnerOrNone()
    };
  });
  await createRecords(conn, 'Opportunity', opportunityValues);
  raw.opportunities = opportunityValues.map((v) => ({
    partnerId: v.PartnerAccountId,
    day: v.CloseDate,
    amount: v.Amount,
    currency: v.CurrencyIsoCode,
    StageName: v.StageName
  }));

  for (const [index, partnerId] of partnerIds.slice(0, 4).entries()) {
    const currency = CURRENCIES[index % CURRENCIES.length] as string;
    const created = await createPlan(
      conn,
      { label: `Plan ${index + 1}`, currency, ...PLAN_RANGE, objectives: OBJECTIVES },
      partnerId
    );
    plans.push({ partnerId, currency, objectiveIds: created.objectiveIds });
  }

  config = loadConfig({
    SF_LOGIN_URL: org.url,
    SF_USERNAME: org.adminUsername,
    SF_PASSWORD: org.adminPassword,
    LOG_LEVEL: 'silent'
  });
  const first = client();
  grouped = await sync(first, config.extraction);
  await first.close();
  groupedValues = await writtenValues();
  const second = client();
  bulk = await sync(second, { bulkThresholdRecords: 1, bulkPageRecords: PAGE, bulkTimeoutSeconds: 60 });
  await second.close();
  bulkValues = await writtenValues();
});

after(async () => {
  await org?.close();
});

test('grouped queries: every period actual and objective actual equals brute force over the raw records', () => {
  assert.equal(grouped.outcome, 'completed', JSON.stringify(grouped.errors));
  assert.equal(grouped.apiCalls.bulk, 0);
  let compared = 0;
  for (const plan of plans) {
    for (const objective of OBJECTIVES) {
      const id = plan.objectiveIds.get(objective.label) as string;
      const check = (key: string, expected: number | null): void => {
        const actual = groupedValues.get(key);
        assert.ok(actual !== undefined, `${key} was not written`);
        if (expected === null) assert.equal(actual, null, key);
        else
          assert.ok(
            Math.abs((actual ?? NaN) - expected) <= 0.0051,
            `${objective.label} ${plan.currency} ${key}: ${actual} ≠ ${expected}`
          );
        compared++;
      };
      for (const period of periods(objective.periodType))
        check(`${id}/${period.start}`, oracle(objective, plan, period.start, period.end));
      check(`${id}/`, oracle(objective, plan, PLAN_RANGE.start, PLAN_RANGE.end));
    }
  }
  assert.equal(compared, plans.length * (4 + 1 + 12 + 1 + 4 + 1 + 1 + 1 + 4 + 1));
});

test('Bulk API 2.0 extraction writes nothing new: its values are the grouped values, to the cent', () => {
  assert.equal(bulk.outcome, 'completed', JSON.stringify(bulk.errors));
  assert.deepEqual(bulkValues, groupedValues);
  assert.equal(bulk.apiCalls.composite, 0, 'no value changed, so nothing is written');
});

test('bulk calls are counted: per job a create, one look at the job and a page per 7 records', () => {
  assert.equal(bulk.apiCalls.bulk, expectedBulkCalls(PAGE));
});

test('grouped queries Salesforce times out are answered by Bulk API 2.0 extraction, with the same values', async () => {
  faultState.timeOutAggregates = true;
  const sf = client({ maxAttempts: 1 });
  try {
    const report = await sync(sf, config.extraction);
    assert.equal(report.outcome, 'completed', JSON.stringify(report.errors));
    // Default pages hold every record: a create, a look and one page per job.
    assert.equal(report.apiCalls.bulk, expectedBulkCalls(config.extraction.bulkPageRecords));
    // The same state as the bulk run, plus one refused aggregate per objective definition
    // (4 partners × 12 months fit one batch).
    assert.equal(report.apiCalls.query - bulk.apiCalls.query, OBJECTIVES.length);
    assert.equal(report.apiCalls.composite, 0, 'no value changed, so nothing is written');
  } finally {
    faultState.timeOutAggregates = false;
    await sf.close();
  }
  assert.deepEqual(await writtenValues(), groupedValues);
});

test('a connector error while waiting for a job aborts the job and stops the run', async () => {
  faultState.failJobInfo = true;
  const sf = client({ maxAttempts: 2, sleep: async () => {} });
  try {
    const report = await sync(sf, { bulkThresholdRecords: 1, bulkPageRecords: PAGE, bulkTimeoutSeconds: 60 });
    assert.equal(report.outcome, 'failed');
    assert.match(report.errors[0]?.code ?? '', /SERVER_UNAVAILABLE|503/);
    // The create, two looks at the job (the first and its retry) and the abort.
    assert.equal(report.apiCalls.bulk, 4);
  } finally {
    faultState.failJobInfo = false;
    await sf.close();
  }
  const jobs = await conn.request<{ records: { id: string; state: string; createdDate: string }[] }>(
    '/services/data/v62.0/jobs/query'
  );
  const last = [...jobs.records].sort((a, b) => a.createdDate.localeCompare(b.createdDate)).at(-1);
  assert.equal(last?.state, 'Aborted');
});
