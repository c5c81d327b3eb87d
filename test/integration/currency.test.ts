// End to end: objectives in their plan's currency, in a multi-currency org whose corporate
// currency is USD, with EUR at 0.9 and GBP at 0.8 per dollar (CurrencyType). Partner P1's plan
// is in EUR and its opportunities are in GBP, EUR and USD; partner P2's plan is in USD. Run
// twice: without advanced currency management (grouped aggregates, which Salesforce returns in
// USD, multiplied into EUR) and with it, where GBP moves to 0.75 on 2026-02-01 and EUR to 0.95
// on 2026-02-15, in the middle of the first quarter (records converted one by one at the rate
// of their CloseDate). Every expected figure is worked by hand below.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Connection } from 'jsforce';
import { startLocalOrg, type LocalOrg, type MultiCurrencyOptions } from '../../localorg/src/index.ts';
import { fixedClock } from '../../connector/src/clock.ts';
import { loadConfig, type Config } from '../../connector/src/config.ts';
import { silentLogger } from '../../connector/src/logger.ts';
import { SalesforceClient } from '../../connector/src/salesforce/client.ts';
import type { SyncReport } from '../../connector/src/sync/report.ts';
import { runSync } from '../../connector/src/sync/runSync.ts';
import { createPlan, createRecords, queryRecords, type PlanSpec } from '../support/planFixtures.ts';

const NOW = '2026-07-02T12:00:00.000Z';

const STATIC: MultiCurrencyOptions = {
  corporateCurrency: 'USD',
  currencies: [
    { isoCode: 'EUR', conversionRate: 0.9 },
    { isoCode: 'GBP', conversionRate: 0.8 },
    { isoCode: 'CHF', conversionRate: 0.88 }
  ]
};

const DATED: MultiCurrencyOptions = {
  ...STATIC,
  advancedCurrencyManagement: true,
  datedRates: [
    { isoCode: 'GBP', conversionRate: 0.75, startDate: '2026-02-01' },
    { isoCode: 'EUR', conversionRate: 0.95, startDate: '2026-02-15' },
    { isoCode: 'CHF', conversionRate: 0.9, startDate: '2026-03-01' }
  ]
};

type Partner = 'P1' | 'P2' | 'P3';

/** Opportunities, all Closed Won; the first is before the plans and counts nowhere. */
const OPPORTUNITIES: { partner: Partner; CloseDate: string; currency: string; Amount: number }[] = [
  { partner: 'P1', CloseDate: '2025-12-31', currency: 'GBP', Amount: 5000 },
  { partner: 'P1', CloseDate: '2026-01-10', currency: 'GBP', Amount: 1000 },
  { partner: 'P1', CloseDate: '2026-02-05', currency: 'GBP', Amount: 1000 },
  { partner: 'P1', CloseDate: '2026-02-20', currency: 'GBP', Amount: 1000 },
  { partner: 'P1', CloseDate: '2026-02-20', currency: 'EUR', Amount: 500 },
  { partner: 'P1', CloseDate: '2026-04-15', currency: 'EUR', Amount: 900 },
  { partner: 'P1', CloseDate: '2026-05-10', currency: 'USD', Amount: 1000 },
  { partner: 'P2', CloseDate: '2026-03-01', currency: 'GBP', Amount: 800 },
  { partner: 'P3', CloseDate: '2026-01-20', currency: 'GBP', Amount: 400 },
  { partner: 'P3', CloseDate: '2026-03-10', currency: 'GBP', Amount: 300 }
];

const HALF_YEAR = { start: '2026-01-01', end: '2026-06-30' };

const objectives = [
  {
    label: 'Revenue',
    type: 'Qualified Deal Registration',
    fn: 'SUM',
    field: 'Amount',
    weight: 1,
    target: 10000
  },
  {
    label: 'Average deal',
    type: 'Qualified Deal Registration',
    fn: 'AVG',
    field: 'Amount',
    weight: 1,
    target: 1000
  },
  {
    label: 'Largest deal',
    type: 'Qualified Deal Registration',
    fn: 'MAX',
    field: 'Amount',
    weight: 1,
    target: 2000
  },
  { label: 'Deals', type: 'Number of Qualified Deals', weight: 1, target: 10 }
];

const PLANS: (PlanSpec & { partner: Partner })[] = [
  { label: 'EUR plan', partner: 'P1', currency: 'EUR', ...HALF_YEAR, objectives },
  { label: 'USD plan', partner: 'P2', ...HALF_YEAR, objectives: objectives.slice(0, 1) },
  {
    label: 'CHF plan',
    partner: 'P3',
    currency: 'CHF',
    ...HALF_YEAR,
    objectives: [objectives[0]!, objectives[3]!]
  }
];

/** Actual__c of the objective and of its Q1 and Q2 rows. */
interface Actuals {
  status: string;
  message: string | null;
  actual: number | null;
  q1: number | null;
  q2: number | null;
}

interface Fixture {
  org: LocalOrg;
  conn: Connection;
  client: SalesforceClient;
  config: Config;
  report: SyncReport;
  objectiveIds: Map<string, string>;
}

async function setUp(multiCurrency: MultiCurrencyOptions): Promise<Fixture> {
  const org = await startLocalOrg({ port: 0, seed: false, ui: false, multiCurrency });
  const conn = new Connection({ loginUrl: org.url, version: '62.0' });
  await conn.login(org.adminUsername, org.adminPassword);
  if (multiCurrency.advancedCurrencyManagement) {
    // CHF's dated rates begin on 2026-03-01: a January deal has no CHF rate to convert with.
    const [first] = await queryRecords<{ Id: string }>(
      conn,
      "SELECT Id FROM DatedConversionRate WHERE IsoCode = 'CHF' AND StartDate < 2026-03-01"
    );
    assert.ok(first);
    await conn.sobject('DatedConversionRate').destroy(first.Id);
  }
  const partnerIds = await createRecords(
    conn,
    'Account',
    ['P1', 'P2', 'P3'].map((Name) => ({ Name, IsPartner: true }))
  );
  const partnerOf = (partner: Partner): string => partnerIds[Number(partner.slice(1)) - 1] as string;
  await createRecords(
    conn,
    'Opportunity',
    OPPORTUNITIES.map((o, index) => ({
      Name: `Deal ${index + 1}`,
      StageName: 'Closed Won',
      CloseDate: o.CloseDate,
      Amount: o.Amount,
      CurrencyIsoCode: o.currency,
      PartnerAccountId: partnerOf(o.partner)
    }))
  );
  const objectiveIds = new Map<string, string>();
  for (const plan of PLANS) {
    const created = await createPlan(conn, plan, partnerOf(plan.partner));
    for (const [label, id] of created.objectiveIds) objectiveIds.set(`${plan.label}/${label}`, id);
  }
  const config = loadConfig({
    SF_LOGIN_URL: org.url,
    SF_USERNAME: org.adminUsername,
    SF_PASSWORD: org.adminPassword,
    LOG_LEVEL: 'silent'
  });
  const client = new SalesforceClient({ ...config.salesforce, logger: silentLogger() });
  const report = await runSync({
    salesforce: client,
    clock: fixedClock(NOW),
    logger: silentLogger(),
    sources: config.sources,
    extraction: config.extraction
  });
  return { org, conn, client, config, report, objectiveIds };
}

async function actuals(fixture: Fixture, key: string): Promise<Actuals> {
  const id = fixture.objectiveIds.get(key);
  assert.ok(id, key);
  const [objective] = await queryRecords<Record<string, unknown>>(
    fixture.conn,
    `SELECT Actual__c, Calculation_Status__c, Calculation_Message__c FROM Plan_Objective__c WHERE Id = '${id}'`
  );
  const rows = await queryRecords<{ Period_Start__c: string; Actual__c: number | null }>(
    fixture.conn,
    `SELECT Period_Start__c, Actual__c FROM Objective_Target__c WHERE Plan_Objective__c = '${id}'`
  );
  const row = (start: string): number | null =>
    rows.find((r) => r.Period_Start__c === start)?.Actual__c ?? null;
  return {
    status: String(objective?.Calculation_Status__c),
    message: (objective?.Calculation_Message__c as string | null) ?? null,
    actual: (objective?.Actual__c as number | null) ?? null,
    q1: row('2026-01-01'),
    q2: row('2026-04-01')
  };
}

const calculated = (actual: number, q1: number, q2: number): Actuals => ({
  status: 'Calculated',
  message: null,
  actual,
  q1,
  q2
});

describe('without advanced currency management: static rates (CurrencyType)', () => {
  let fixture: Fixture;
  before(async () => {
    fixture = await setUp(STATIC);
  });
  after(async () => {
    await fixture.client.close();
    await fixture.org.close();
  });

  test('the run completes, reading rates with counted calls and no bulk job', () => {
    assert.equal(fixture.report.outcome, 'completed', JSON.stringify(fixture.report.errors));
    assert.equal(fixture.report.apiCalls.bulk, 0);
    // CurrencyType, the DatedConversionRate probe (INVALID_TYPE: no advanced currency management),
    // the plans' currencies and the opportunity count, besides the run's other queries.
    assert.ok(fixture.report.apiCalls.query >= 4 + 5);
  });

  test('an EUR plan: GBP and USD deals converted through the corporate currency, EUR deals as they are', async () => {
    // GBP 1000 = 1000 / 0.8 = 1250 USD = 1250 × 0.9 = 1125 EUR; USD 1000 = 900 EUR.
    // Q1: 3 × 1125 + 500 = 3875; Q2: 900 + 900 = 1800; the half year 5675.
    assert.deepEqual(await actuals(fixture, 'EUR plan/Revenue'), calculated(5675, 3875, 1800));
    // Q1: 3875 / 4 = 968.75; Q2: 1800 / 2 = 900; the half year 5675 / 6 = 945.83.
    assert.deepEqual(await actuals(fixture, 'EUR plan/Average deal'), calculated(945.83, 968.75, 900));
    assert.deepEqual(await actuals(fixture, 'EUR plan/Largest deal'), calculated(1125, 1125, 900));
    // Counts are never converted.
    assert.deepEqual(await actuals(fixture, 'EUR plan/Deals'), calculated(6, 4, 2));
  });

  test('a USD plan (the corporate currency) takes the aggregate as Salesforce returns it', async () => {
    // GBP 800 / 0.8 = 1000 USD.
    assert.deepEqual(await actuals(fixture, 'USD plan/Revenue'), calculated(1000, 1000, 0));
  });

  test('a CHF plan: 700 GBP = 875 USD = 770 CHF', async () => {
    // 400 / 0.8 × 0.88 = 440; 300 / 0.8 × 0.88 = 330.
    assert.deepEqual(await actuals(fixture, 'CHF plan/Revenue'), calculated(770, 770, 0));
  });
});

describe('with advanced currency management: dated rates by CloseDate, changing mid-quarter', () => {
  let fixture: Fixture;
  before(async () => {
    fixture = await setUp(DATED);
  });
  after(async () => {
    await fixture.client.close();
    await fixture.org.close();
  });

  test('an EUR plan: each deal converted at the rates of its close date', async () => {
    // 10 Jan, GBP 1000 / 0.8 × 0.9 = 1125; 5 Feb, GBP moved: 1000 / 0.75 × 0.9 = 1200;
    // 20 Feb, both moved: 1000 / 0.75 × 0.95 = 1266.666…; EUR 500 stays 500.
    // Q1 = 4091.666… → 4091.67. Q2: EUR 900 + USD 1000 × 0.95 = 950 → 1850. Half year 5941.67.
    assert.deepEqual(await actuals(fixture, 'EUR plan/Revenue'), calculated(5941.67, 4091.67, 1850));
    // Q1: 4091.666… / 4 = 1022.92; Q2: 1850 / 2 = 925; half year 5941.666… / 6 = 990.28.
    assert.deepEqual(await actuals(fixture, 'EUR plan/Average deal'), calculated(990.28, 1022.92, 925));
    assert.deepEqual(await actuals(fixture, 'EUR plan/Largest deal'), calculated(1266.67, 1266.67, 950));
    assert.deepEqual(await actuals(fixture, 'EUR plan/Deals'), calculated(6, 4, 2));
  });

  test('a USD plan: 1 March GBP deal at 0.75, not the static 0.8', async () => {
    // 800 / 0.75 = 1066.666… USD.
    assert.deepEqual(await actuals(fixture, 'USD plan/Revenue'), calculated(1066.67, 1066.67, 0));
  });

  test('a plan whose currency has no rate on a deal’s date is in Error, naming it; its count and the other plans compute', async () => {
    const chf = await actuals(fixture, 'CHF plan/Revenue');
    assert.equal(chf.status, 'Error');
    assert.match(chf.message ?? '', /No dated exchange rate of CHF covers 2026-01-20/);
    assert.deepEqual(await actuals(fixture, 'CHF plan/Deals'), calculated(2, 2, 0));
    assert.equal(fixture.report.outcome, 'completed', JSON.stringify(fixture.report.errors));
    assert.ok(
      fixture.report.problems.some((p) => p.objectiveName === 'Revenue' && p.planName === 'CHF plan')
    );
  });

  test('read with Bulk API 2.0 instead (threshold forced low, pages of 2), the same values: nothing is written', async () => {
    const before = await actuals(fixture, 'EUR plan/Revenue');
    const sf = new SalesforceClient({ ...fixture.config.salesforce, logger: silentLogger() });
    try {
      const report = await runSync({
        salesforce: sf,
        clock: fixedClock(NOW),
        logger: silentLogger(),
        sources: fixture.config.sources,
        extraction: { bulkThresholdRecords: 1, bulkPageRecords: 2, bulkTimeoutSeconds: 60 }
      });
      assert.ok(report.apiCalls.bulk > 0);
      assert.equal(report.apiCalls.composite, 0, JSON.stringify(report.errors));
    } finally {
      await sf.close();
    }
    assert.deepEqual(await actuals(fixture, 'EUR plan/Revenue'), before);
    assert.equal((await actuals(fixture, 'CHF plan/Revenue')).status, 'Error');
  });

  test('opportunities needing dated rates are extracted with Bulk API 2.0, whatever their number', () => {
    // A job per extraction query: create, at least one status poll and one page of results.
    assert.ok(fixture.report.apiCalls.bulk >= 3, JSON.stringify(fixture.report.apiCalls));
    assert.equal(
      fixture.report.apiCalls.total,
      Object.entries(fixture.report.apiCalls)
        .filter(([kind]) => kind !== 'total')
        .reduce((sum, [, calls]) => sum + calls, 0)
    );
  });
});
