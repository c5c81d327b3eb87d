// End to end: the connector syncs Deal Registration objectives against the local org over HTTP
// (jsforce, SOAP login, REST), and what it writes is compared with values computed here by
// brute force over the raw fixture records: plain filtering and arithmetic, none of the
// connector's code. The fixture is built with jsforce directly, as any client would. The org
// keeps Salesforce's default fiscal year (starting in January), so fiscal periods are calendar
// periods, and period rows written by the calendar-quarter connector are migrated in place.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Connection } from 'jsforce';
import { DateTime } from 'luxon';
import { startLocalOrg } from '../../localorg/src/index.ts';
import { fixedClock } from '../../connector/src/clock.ts';
import { loadConfig, type Config } from '../../connector/src/config.ts';
import { silentLogger } from '../../connector/src/logger.ts';
import { SalesforceClient } from '../../connector/src/salesforce/client.ts';
import type { SyncReport } from '../../connector/src/sync/report.ts';
import { runSync } from '../../connector/src/sync/runSync.ts';
import { createPlan, createRecords, queryRecords, type ExistingRow } from '../support/planFixtures.ts';

const ZONE = 'America/New_York';
const NOW = '2026-11-22T10:00:00.000Z';
const EARLIER = '2026-01-05T12:00:00.000Z';

type Lead = {
  LastName: string;
  Company: string;
  Status: string;
  LeadSource: string | null;
  AnnualRevenue: number | null;
  PartnerAccountId: string | null;
  CreatedDate: string;
};
type Fn = 'SUM' | 'COUNT' | 'COUNT_DISTINCT' | 'AVG' | 'MIN' | 'MAX';
type Field = 'AnnualRevenue' | 'Company';
type PeriodType = 'Monthly' | 'Quarterly' | 'Annually';

interface ObjectiveFixture {
  label: string;
  type: string;
  fn?: Fn;
  field?: Field;
  criteria?: string;
  /** The same condition as plain JavaScript, for the oracle. */
  matches?: (lead: Lead) => boolean;
  periodType?: PeriodType;
  weight: number;
  target: number | null;
  actual?: number;
  progress?: number;
  rows?: ExistingRow[];
}

interface PlanFixture {
  label: string;
  partner: 'P1' | 'P2' | 'P3' | 'P4' | null;
  status: string;
  start: string;
  end: string;
  progress?: number;
  lastCalculated?: string;
  objectives: ObjectiveFixture[];
}

const partnerReferral = "LeadSource = 'Partner Referral' AND Status != 'Closed - Not Converted'";
const isPartnerReferral = (l: Lead) =>
  l.LeadSource === 'Partner Referral' && l.Status !== 'Closed - Not Converted';

const PLANS: PlanFixture[] = [
  {
    label: 'A',
    partner: 'P1',
    status: 'In Progress',
    start: '2026-01-01',
    end: '2026-12-31',
    objectives: [
      {
        label: 'A1 count',
        type: 'Deal Registration',
        fn: 'COUNT',
        weight: 40,
        target: 30,
        // A period row a user already set a target on, holding a stale actual; and one outside the plan.
        rows: [
          { key: '2026-Q1', start: '2026-01-01', end: '2026-03-31', target: 7, actual: 999 },
          { key: '2025-Q4', start: '2025-10-01', end: '2025-12-31', target: 3, actual: 1 }
        ]
      },
      {
        label: 'A2 sum',
        type: 'Deal Registration',
        fn: 'SUM',
        field: 'AnnualRevenue',
        criteria: partnerReferral,
        matches: isPartnerReferral,
        weight: 30,
        target: 500000
      },
      {
        label: 'A3 avg',
        type: 'Deal Registration',
        fn: 'AVG',
        field: 'AnnualRevenue',
        criteria: "Status IN ('Working - Contacted', 'Closed - Converted')",
        matches: (l) => l.Status === 'Working - Contacted' || l.Status === 'Closed - Converted',
        weight: 20,
        target: 100000
      },
      {
        label: 'A4 distinct',
        type: 'Deal Registration',
        fn: 'COUNT_DISTINCT',
        field: 'Company',
        criteria: "(LeadSource = 'Web' OR LeadSource = 'Phone Inquiry') AND AnnualRevenue > 0",
        matches: (l) =>
          (l.LeadSource === 'Web' || l.LeadSource === 'Phone Inquiry') && (l.AnnualRevenue ?? 0) > 0,
        weight: 10,
        target: 4
      },
      {
        label: 'A5 injection',
        type: 'Deal Registration',
        fn: 'COUNT',
        criteria: "Name = 'x') OR (Id != null",
        weight: 10,
        target: 5,
        actual: 2,
        progress: 40
      },
      { label: 'A6 custom', type: 'Custom', weight: 10, target: 4, actual: 3 },
      {
        label: 'A7 monthly max',
        type: 'Deal Registration',
        fn: 'MAX',
        field: 'AnnualRevenue',
        periodType: 'Monthly',
        weight: 5,
        target: 900000
      }
    ]
  },
  {
    label: 'B',
    partner: 'P2',
    status: 'Draft',
    start: '2026-02-15',
    end: '2026-08-20',
    objectives: [
      {
        label: 'B1 sum',
        type: 'Deal Registration',
        fn: 'SUM',
        field: 'AnnualRevenue',
        weight: 1,
        // A target this small puts progress past what Progress__c can hold.
        target: 200
      },
      {
        label: 'B2 annual min',
        type: 'Deal Registration',
        fn: 'MIN',
        field: 'AnnualRevenue',
        criteria: "Status = 'Open - Not Contacted'",
        matches: (l) => l.Status === 'Open - Not Contacted',
        periodType: 'Annually',
        weight: 1,
        target: 1000
      },
      { label: 'B3 no target', type: 'Deal Registration', weight: 1, target: null }
    ]
  },
  {
    label: 'D',
    partner: 'P1',
    status: 'Draft Outline',
    start: '2025-10-01',
    end: '2026-03-31',
    objectives: [
      { label: 'D1 count', type: 'Deal Registration', fn: 'COUNT', weight: 1, target: 10 },
      {
        label: 'D2 sum',
        type: 'Deal Registration',
        fn: 'SUM',
        field: 'AnnualRevenue',
        criteria: partnerReferral,
        matches: isPartnerReferral,
        weight: 3,
        target: 100000
      }
    ]
  },
  {
    label: 'C completed',
    partner: 'P4',
    status: 'Completed',
    start: '2026-01-01',
    end: '2026-12-31',
    progress: 12.5,
    lastCalculated: EARLIER,
    objectives: [
      {
        label: 'C1 count',
        type: 'Deal Registration',
        fn: 'COUNT',
        weight: 1,
        target: 20,
        actual: 1,
        progress: 5
      }
    ]
  },
  {
    label: 'F no partner',
    partner: null,
    status: 'In Progress',
    start: '2026-01-01',
    end: '2026-12-31',
    objectives: [{ label: 'F1 count', type: 'Deal Registration', fn: 'COUNT', weight: 1, target: 3 }]
  }
];

// ---------- the fixture's leads ----------

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STATUSES = [
  'Open - Not Contacted',
  'Working - Contacted',
  'Closed - Converted',
  'Closed - Not Converted'
];
const SOURCES = ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', null];
const REVENUES = [null, 0, 7500, 15000, 42000, 99000, 120000, 250000, 333000];
const COMPANIES = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark'];

/** An instant, as the API takes it, for a wall-clock time in the org's zone. */
function at(local: string): string {
  const instant = DateTime.fromISO(local, { zone: ZONE });
  assert.ok(instant.isValid, local);
  return instant.toUTC().toISO() as string;
}

function makeLeads(partners: Record<string, string>): Lead[] {
  const next = random(20260101);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const leads: Lead[] = [];
  const lead = (partner: string | null, createdLocal: string): void => {
    leads.push({
      LastName: `Lead ${leads.length + 1}`,
      Company: pick(COMPANIES),
      Status: pick(STATUSES),
      LeadSource: pick(SOURCES),
      AnnualRevenue: pick(REVENUES),
      PartnerAccountId: partner,
      CreatedDate: at(createdLocal)
    });
  };
  const first = DateTime.fromISO('2025-09-01', { zone: ZONE });
  const days = Math.floor(DateTime.fromISO('2027-02-28', { zone: ZONE }).diff(first, 'days').days);
  for (const partner of [partners.P1, partners.P2, partners.P3, partners.P4, null]) {
    for (let i = 0; i < 45; i++) {
      const local = first.plus({ days: Math.floor(next() * days), minutes: Math.floor(next() * 24 * 60) });
      lead(partner ?? null, local.toISO({ includeOffset: false }) as string);
    }
  }
  // Near midnight at the plans' edges and at quarter ends: in UTC these fall on the other side.
  for (const local of [
    '2025-12-31T23:30',
    '2026-01-01T00:30',
    '2026-03-31T23:30',
    '2026-04-01T00:30',
    '2026-06-30T23:30',
    '2026-12-31T23:30',
    '2027-01-01T00:30'
  ]) {
    lead(partners.P1 as string, local);
  }
  for (const local of ['2026-02-14T23:30', '2026-02-15T00:30', '2026-08-20T23:30', '2026-08-21T00:30']) {
    lead(partners.P2 as string, local);
  }
  return leads;
}

// ---------- the oracle: brute force over the fixture ----------

const round2 = (value: number): number => (Math.sign(value) * Math.round(Math.abs(value) * 100 + 1e-9)) / 100;

function localDay(instant: string): string {
  return DateTime.fromISO(instant, { zone: 'utc' }).setZone(ZONE).toISODate() as string;
}

function expectedPeriods(
  start: string,
  end: string,
  type: PeriodType
): { id: string; start: string; end: string }[] {
  const months = type === 'Monthly' ? 1 : type === 'Quarterly' ? 3 : 12;
  const periods = [];
  for (let year = Number(start.slice(0, 4)); year <= Number(end.slice(0, 4)); year++) {
    for (let index = 1; index <= 12 / months; index++) {
      const first = DateTime.utc(year, (index - 1) * months + 1, 1);
      const periodStart = first.toISODate() as string;
      const periodEnd = first.plus({ months }).minus({ days: 1 }).toISODate() as string;
      if (periodEnd < start || periodStart > end) continue;
      // The period's type and its first month: Q-2026-04 is the quarter from April 2026.
      const id = `${type[0] === 'A' ? 'Y' : type[0]}-${periodStart.slice(0, 7)}`;
      periods.push({
        id,
        start: periodStart < start ? start : periodStart,
        end: periodEnd > end ? end : periodEnd
      });
    }
  }
  return periods;
}

function aggregate(fn: Fn, field: Field | undefined, leads: readonly Lead[]): number | null {
  if (fn === 'COUNT' && !field) return leads.length;
  const values = leads.map((l) => (field ? l[field] : null)).filter((v): v is string | number => v !== null);
  switch (fn) {
    case 'COUNT':
      return values.length;
    case 'COUNT_DISTINCT':
      return new Set(values).size;
    case 'SUM':
      return (values as number[]).reduce((a, b) => a + b, 0);
    case 'AVG':
      return values.length === 0 ? null : (values as number[]).reduce((a, b) => a + b, 0) / values.length;
    case 'MIN':
      return values.length === 0 ? null : Math.min(...(values as number[]));
    case 'MAX':
      return values.length === 0 ? null : Math.max(...(values as number[]));
  }
}

interface Expected {
  periods: Map<string, { start: string; end: string; actual: number | null }>;
  actual: number | null;
  progress: number | null;
}

function expectedFor(
  plan: PlanFixture,
  objective: ObjectiveFixture,
  partnerId: string,
  leads: readonly Lead[]
): Expected {
  const fn = objective.fn ?? 'COUNT';
  const inPlan = leads.filter(
    (l) =>
      l.PartnerAccountId === partnerId &&
      localDay(l.CreatedDate) >= plan.start &&
      localDay(l.CreatedDate) <= plan.end &&
      (objective.matches ?? (() => true))(l)
  );
  const periods = new Map<string, { start: string; end: string; actual: number | null }>();
  for (const period of expectedPeriods(plan.start, plan.end, objective.periodType ?? 'Quarterly')) {
    const inPeriod = inPlan.filter(
      (l) => localDay(l.CreatedDate) >= period.start && localDay(l.CreatedDate) <= period.end
    );
    const value = aggregate(fn, objective.field, inPeriod);
    periods.set(period.id, {
      start: period.start,
      end: period.end,
      actual: value === null ? null : round2(value)
    });
  }
  const whole = aggregate(fn, objective.field, inPlan);
  const actual = whole === null ? null : round2(whole);
  const target = objective.target;
  // Progress__c is Percent(8, 2): it holds at most 999,999.99.
  const progress =
    target !== null && target > 0 ? Math.min(round2(((actual ?? 0) / target) * 100), 999_999.99) : null;
  return { periods, actual, progress };
}

function expectedPlanProgress(
  items: { weight: number; target: number | null; progress: number | null }[]
): number | null {
  const counted = items.filter((i) => i.target !== null && i.target > 0 && i.weight > 0);
  const weights = counted.reduce((total, i) => total + i.weight, 0);
  if (weights === 0) return null;
  return round2(counted.reduce((total, i) => total + i.weight * Math.min(i.progress ?? 0, 100), 0) / weights);
}

// ---------- the run ----------

let org: Awaited<ReturnType<typeof startLocalOrg>>;
let conn: Connection;
let config: Config;
let client: SalesforceClient;
let leads: Lead[];
const partnerIds: Record<string, string> = {};
const planIds = new Map<string, string>();
const objectiveIds = new Map<string, string>();
let first: SyncReport;
let completedBefore: Record<string, unknown>;
let a1Q1RowId: string | undefined;

const queryAll = <T = Record<string, unknown>>(soql: string): Promise<T[]> => queryRecords<T>(conn, soql);

const instant = (value: unknown): number =>
  new Date(String(value).replace(/([+-]\d{2})(\d{2})$/, '$1:$2')).getTime();

before(async () => {
  org = await startLocalOrg({ port: 0, seed: false, ui: false, timeZoneSidKey: ZONE });
  conn = new Connection({ loginUrl: org.url, version: '62.0' });
  const user = await conn.login('admin@localorg.test', 'localorg');
  const [me] = await queryAll<{ TimeZoneSidKey: string }>(
    `SELECT TimeZoneSidKey FROM User WHERE Id = '${user.id}'`
  );
  if (me?.TimeZoneSidKey !== ZONE) await conn.sobject('User').update({ Id: user.id, TimeZoneSidKey: ZONE });

  const accounts = await createRecords(
    conn,
    'Account',
    ['Northwind Partners', 'Contoso Channel', 'Fabrikam (no plan)', 'Completed Co'].map((Name) => ({
      Name,
      IsPartner: true
    }))
  );
  accounts.forEach((id, index) => (partnerIds[`P${index + 1}`] = id));
  leads = makeLeads(partnerIds);
  await createRecords(conn, 'Lead', leads);

  for (const plan of PLANS) {
    const made = await createPlan(conn, plan, plan.partner ? (partnerIds[plan.partner] as string) : null);
    planIds.set(plan.label, made.planId);
    for (const [label, objectiveId] of made.objectiveIds) objectiveIds.set(label, objectiveId);
    a1Q1RowId ??= made.rowIds.get(`${made.objectiveIds.get('A1 count')}-2026-Q1`);
  }
  [completedBefore = {}] = await queryAll<Record<string, unknown>>(
    `SELECT Progress__c, Last_Calculated__c, LastModifiedDate FROM Business_Plan__c WHERE Id = '${planIds.get('C completed')}'`
  );

  config = loadConfig({
    SF_LOGIN_URL: org.url,
    SF_USERNAME: 'admin@localorg.test',
    SF_PASSWORD: 'localorg',
    LOG_LEVEL: 'silent'
  });
  client = new SalesforceClient({ ...config.salesforce, logger: silentLogger() });
  first = await runSync({
    salesforce: client,
    clock: fixedClock(NOW),
    logger: silentLogger(),
    sources: config.sources
  });
});

after(async () => {
  await client?.close();
  await org?.close();
});

/** Deal Registration objectives of open plans with a partner, except the one with broken criteria. */
const isComputed = (o: ObjectiveFixture): boolean =>
  o.type === 'Deal Registration' && o.label !== 'A5 injection';
const openPlans = PLANS.filter((p) => p.partner && p.status !== 'Completed');
const computed = openPlans.flatMap((plan) =>
  plan.objectives.filter(isComputed).map((objective) => ({ plan, objective }))
);
/** Custom objectives get progress (from their hand-entered actual) and period rows, too. */
const customs = openPlans.flatMap((plan) => plan.objectives.filter((o) => o.type === 'Custom'));

test('one sync pass completes and reports plans, objectives, writes and API calls by kind', () => {
  assert.equal(first.outcome, 'completed', JSON.stringify(first.errors, null, 2));
  assert.equal(first.timeZone, ZONE);
  assert.equal(first.plans.read, 4, 'the Completed plan is not even read');
  assert.equal(first.plans.calculated, 3);
  assert.equal(first.plans.skipped, 1);
  assert.equal(first.objectives.computed, computed.length + customs.length);
  assert.deepEqual(first.fiscalYear, { startMonth: 1, nameByStartYear: false });
  assert.ok((first.records.Objective_Target__c?.created ?? 0) > 0);
  assert.equal(first.records.Objective_Target__c?.failed, 0);
  assert.equal(first.apiCalls.login, 1);
  assert.equal(first.apiCalls.describe, 4, 'three planning objects and Lead, each once');
  assert.ok(first.apiCalls.query >= 5 + 1, 'time zones, plans, objectives, targets and the aggregates');
  assert.ok(first.apiCalls.composite >= 4);
  assert.equal(
    first.apiCalls.total,
    first.apiCalls.login +
      first.apiCalls.query +
      first.apiCalls.queryMore +
      first.apiCalls.describe +
      first.apiCalls.composite
  );
});

test('period actuals, objective actuals and progress match brute force over the fixture leads', async () => {
  const rows = await queryAll<Record<string, unknown>>(
    'SELECT Plan_Objective__c, Period_Key__c, Period_Start__c, Period_End__c, Target__c, Actual__c FROM Objective_Target__c'
  );
  const objectives = await queryAll<Record<string, unknown>>(
    'SELECT Id, Actual__c, Progress__c FROM Plan_Objective__c'
  );
  for (const { plan, objective } of computed) {
    const id = objectiveIds.get(objective.label) as string;
    const expected = expectedFor(plan, objective, partnerIds[plan.partner as string] as string, leads);
    const orphan = `${objectiveIds.get('A1 count')}-2025-Q4`;
    const mine = rows.filter((r) => r.Plan_Objective__c === id && r.Period_Key__c !== orphan);
    assert.deepEqual(
      mine.map((r) => String(r.Period_Key__c)).sort(),
      [...expected.periods.keys()].map((period) => `${id}-${period}`).sort(),
      `${objective.label}: one row per period`
    );
    for (const row of mine) {
      const period = expected.periods.get(String(row.Period_Key__c).slice(id.length + 1));
      assert.ok(period);
      assert.equal(row.Period_Start__c, period.start, `${objective.label} ${row.Period_Key__c} start`);
      assert.equal(row.Period_End__c, period.end, `${objective.label} ${row.Period_Key__c} end`);
      assert.equal(row.Actual__c, period.actual, `${objective.label} ${row.Period_Key__c} actual`);
    }
    const stored = objectives.find((o) => o.Id === id);
    assert.equal(stored?.Actual__c, expected.actual, `${objective.label} actual`);
    assert.equal(stored?.Progress__c, expected.progress, `${objective.label} progress`);
  }
});

test('records created at 23:30 local time count in the local day, quarter and plan', async () => {
  const a1 = objectiveIds.get('A1 count') as string;
  const [q1] = await queryAll<{ Actual__c: number }>(
    `SELECT Actual__c FROM Objective_Target__c WHERE Period_Key__c = '${a1}-Q-2026-01'`
  );
  const p1 = partnerIds.P1;
  const names = (test: (l: Lead) => boolean): string[] =>
    leads.filter((l) => l.PartnerAccountId === p1 && test(l)).map((l) => l.LastName);
  const local = names(
    (l) => localDay(l.CreatedDate) >= '2026-01-01' && localDay(l.CreatedDate) <= '2026-03-31'
  );
  const utc = names((l) => l.CreatedDate >= '2026-01-01T00:00' && l.CreatedDate < '2026-04-01T00:00');
  assert.ok(
    local.some((name) => !utc.includes(name)) && utc.some((name) => !local.includes(name)),
    'the fixture tells local days from UTC days'
  );
  assert.equal(q1?.Actual__c, local.length);
});

test('plan progress weighs capped objective progress, including objectives the connector does not compute', async () => {
  const plans = await queryAll<Record<string, unknown>>(
    'SELECT Id, Progress__c, Last_Calculated__c FROM Business_Plan__c'
  );
  for (const plan of PLANS.filter((p) => p.partner && p.status !== 'Completed')) {
    const items = plan.objectives.map((objective) => {
      if (isComputed(objective)) {
        const expected = expectedFor(plan, objective, partnerIds[plan.partner as string] as string, leads);
        return { weight: objective.weight, target: objective.target, progress: expected.progress };
      }
      const target = objective.target;
      const progress =
        target !== null && target > 0 ? round2(((objective.actual ?? 0) / target) * 100) : null;
      return { weight: objective.weight, target, progress };
    });
    const stored = plans.find((p) => p.Id === planIds.get(plan.label));
    assert.equal(stored?.Progress__c, expectedPlanProgress(items), `plan ${plan.label} progress`);
    assert.equal(instant(stored?.Last_Calculated__c), Date.parse(NOW), `plan ${plan.label} Last Calculated`);
  }
});

test('an objective with injected criteria is reported and left alone while the others compute', async () => {
  const id = objectiveIds.get('A5 injection') as string;
  const problem = first.problems.find((p) => p.objectiveId === id);
  assert.ok(problem, JSON.stringify(first.problems));
  assert.match(problem.message, /Criteria is not a valid SOQL condition/);
  const [stored] = await queryAll<Record<string, unknown>>(
    `SELECT Actual__c, Progress__c FROM Plan_Objective__c WHERE Id = '${id}'`
  );
  assert.deepEqual({ actual: stored?.Actual__c, progress: stored?.Progress__c }, { actual: 2, progress: 40 });
  const rows = await queryAll(`SELECT Id FROM Objective_Target__c WHERE Plan_Objective__c = '${id}'`);
  assert.equal(rows.length, 0);
});

test('progress beyond what Progress__c holds is stored at its limit and reported', async () => {
  const id = objectiveIds.get('B1 sum') as string;
  const [stored] = await queryAll<Record<string, unknown>>(
    `SELECT Progress__c FROM Plan_Objective__c WHERE Id = '${id}'`
  );
  assert.equal(stored?.Progress__c, 999_999.99);
  assert.match(
    first.problems.find((p) => p.objectiveId === id)?.message ?? '',
    /exceeds what Progress__c can hold/
  );
});

test('a plan without a partner is reported, not computed', () => {
  const problem = first.problems.find((p) => p.planId === planIds.get('F no partner'));
  assert.match(problem?.message ?? '', /Partner Account is empty/);
});

test('a row keyed by the calendar-quarter connector is re-keyed and keeps the target a user set; empty periods share the rest', async () => {
  const a1 = objectiveIds.get('A1 count') as string;
  const rows = await queryAll<Record<string, unknown>>(
    `SELECT Id, Period_Key__c, Target__c, Actual__c FROM Objective_Target__c WHERE Plan_Objective__c = '${a1}'`
  );
  const byKey = new Map(rows.map((r) => [r.Period_Key__c, r]));
  assert.equal(byKey.get(`${a1}-Q-2026-01`)?.Id, a1Q1RowId, 'the same row, under its new key');
  assert.equal(byKey.has(`${a1}-2026-Q1`), false);
  assert.equal(byKey.get(`${a1}-Q-2026-01`)?.Target__c, 7);
  assert.notEqual(byKey.get(`${a1}-Q-2026-01`)?.Actual__c, 999);
  // Target 30, of which the user gave Q1 7: the other three whole quarters share 23.
  assert.deepEqual(
    ['Q-2026-04', 'Q-2026-07', 'Q-2026-10'].map((id) => byKey.get(`${a1}-${id}`)?.Target__c),
    [7.67, 7.67, 7.66]
  );
});

test('a row that matches no period of the plan keeps its target, loses its actual and is reported', async () => {
  const a1 = objectiveIds.get('A1 count') as string;
  const [orphan] = await queryAll<Record<string, unknown>>(
    `SELECT Target__c, Actual__c FROM Objective_Target__c WHERE Period_Key__c = '${a1}-2025-Q4'`
  );
  assert.deepEqual({ target: orphan?.Target__c, actual: orphan?.Actual__c }, { target: 3, actual: null });
  assert.match(
    first.problems.find((p) => p.objectiveId === a1)?.message ?? '',
    new RegExp(`^1 period row matches no period of this objective any more \\(${a1}-2025-Q4\\)`)
  );
});

test("a Custom objective's hand-entered actual is kept and its progress computed", async () => {
  const id = objectiveIds.get('A6 custom') as string;
  const [stored] = await queryAll<Record<string, unknown>>(
    `SELECT Actual__c, Progress__c FROM Plan_Objective__c WHERE Id = '${id}'`
  );
  assert.deepEqual({ actual: stored?.Actual__c, progress: stored?.Progress__c }, { actual: 3, progress: 75 });
  const rows = await queryAll<Record<string, unknown>>(
    `SELECT Target__c, Actual__c FROM Objective_Target__c WHERE Plan_Objective__c = '${id}'`
  );
  assert.deepEqual(
    rows.map((r) => [r.Target__c, r.Actual__c]),
    [
      [1, null],
      [1, null],
      [1, null],
      [1, null]
    ]
  );
});

test('a Completed plan and its objectives are left untouched', async () => {
  const planId = planIds.get('C completed') as string;
  const [after] = await queryAll<Record<string, unknown>>(
    `SELECT Progress__c, Last_Calculated__c, LastModifiedDate FROM Business_Plan__c WHERE Id = '${planId}'`
  );
  assert.deepEqual(after, completedBefore);
  const c1 = objectiveIds.get('C1 count') as string;
  const [objective] = await queryAll<Record<string, unknown>>(
    `SELECT Actual__c, Progress__c FROM Plan_Objective__c WHERE Id = '${c1}'`
  );
  assert.deepEqual(
    { actual: objective?.Actual__c, progress: objective?.Progress__c },
    { actual: 1, progress: 5 }
  );
  assert.equal(
    (await queryAll(`SELECT Id FROM Objective_Target__c WHERE Plan_Objective__c = '${c1}'`)).length,
    0
  );
});

test('a second sync over unchanged data writes nothing', async () => {
  const second = await runSync({
    salesforce: client,
    clock: fixedClock('2026-11-22T10:15:00.000Z'),
    logger: silentLogger(),
    sources: config.sources
  });
  assert.equal(second.outcome, 'completed', JSON.stringify(second.errors, null, 2));
  assert.deepEqual(second.records, {});
  assert.equal(second.apiCalls.composite, 0);
  assert.equal(second.apiCalls.login, 0, 'the session is reused');
  assert.ok(second.apiCalls.query > 0);
  const plans = await queryAll<Record<string, unknown>>(
    `SELECT Last_Calculated__c FROM Business_Plan__c WHERE Id = '${planIds.get('A')}'`
  );
  assert.equal(
    instant(plans[0]?.Last_Calculated__c),
    Date.parse(NOW),
    'Last Calculated moves only when results change'
  );
});
