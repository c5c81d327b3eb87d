// End to end: everything the connector writes besides actuals, and how it copes when Salesforce
// pushes back. The org's fiscal year starts in February (FY2027 is February 2026 to January
// 2027) and its time zone is New York. Expected figures are worked out by hand below, or by a
// brute-force oracle over the leads this test created (plain JavaScript, none of the connector's
// code). The local org's fault hooks lock records and fail requests; its API counter is moved
// to put the org at its daily limit.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Connection } from 'jsforce';
import { DateTime } from 'luxon';
import { startLocalOrg, type LocalOrgFaults } from '../../localorg/src/index.ts';
import { fixedClock } from '../../connector/src/clock.ts';
import { loadConfig, type Config } from '../../connector/src/config.ts';
import { silentLogger } from '../../connector/src/logger.ts';
import { SalesforceClient, type SalesforceApi } from '../../connector/src/salesforce/client.ts';
import type { SyncReport } from '../../connector/src/sync/report.ts';
import { runSync } from '../../connector/src/sync/runSync.ts';
import { createPlan, createRecords, queryRecords, type PlanSpec } from '../support/planFixtures.ts';
import { signIn } from '../support/salesforce.ts';

const ZONE = 'America/New_York';
/** 22:00 on 22 November in New York, already 23 November in UTC. Every run here is before midnight in New York. */
const NOW = '2026-11-23T03:00:00.000Z';
const TODAY_IN_NEW_YORK = '2026-11-22';

interface Lead {
  partner: 'P1' | 'P2';
  /** Wall-clock time in New York. */
  local: string;
  LeadSource: string;
  AnnualRevenue: number;
}

/** P1's leads, placed by hand: FY2027 Q1 is February to April 2026, Q2 May to July, Q3 August to October, Q4 November to January. */
const P1_LEADS: Lead[] = [
  { partner: 'P1', local: '2026-02-10T10:00', LeadSource: 'Web', AnnualRevenue: 1000 },
  // 03:30 UTC on 1 May: still Q1 (and April) in New York.
  { partner: 'P1', local: '2026-04-30T23:30', LeadSource: 'Partner Referral', AnnualRevenue: 2000 },
  { partner: 'P1', local: '2026-05-01T00:30', LeadSource: 'Web', AnnualRevenue: 4000 },
  { partner: 'P1', local: '2026-08-15T12:00', LeadSource: 'Partner Referral', AnnualRevenue: 8000 },
  // 04:30 UTC on 1 February 2027: still FY2027 Q4 (and January) in New York.
  { partner: 'P1', local: '2027-01-31T23:30', LeadSource: 'Web', AnnualRevenue: 16000 }
];
const P2_LEADS: Lead[] = [
  { partner: 'P2', local: '2026-03-03T09:00', LeadSource: 'Web', AnnualRevenue: 500 },
  { partner: 'P2', local: '2026-06-06T09:00', LeadSource: 'Web', AnnualRevenue: 500 }
];

const FY2027 = { start: '2026-02-01', end: '2027-01-31' };

const MAIN: PlanSpec = {
  label: 'Main',
  ...FY2027,
  objectives: [
    {
      label: 'Revenue',
      type: 'Deal Registration',
      fn: 'SUM',
      field: 'AnnualRevenue',
      weight: 50,
      target: 40000
    },
    { label: 'Leads', type: 'Number of Deals', periodType: 'Monthly', weight: 10, target: 24 },
    { label: 'Events', type: 'Custom', weight: 10, target: 8, actual: 6 },
    {
      label: 'Injected',
      type: 'Deal Registration',
      fn: 'COUNT',
      criteria: "Name = 'x') OR (Id != null",
      weight: 1,
      target: null
    },
    {
      label: 'Unknown field',
      type: 'Deal Registration',
      fn: 'COUNT',
      criteria: 'Shoe_Size__c > 3',
      weight: 1,
      target: null
    },
    { label: 'Text sum', type: 'Deal Registration', fn: 'SUM', field: 'Company', weight: 1, target: null },
    { label: 'Courses', type: 'Course Completion', weight: 1, target: null },
    {
      label: 'Rejected',
      type: 'Deal Registration',
      fn: 'COUNT',
      criteria: "LeadSource = 'Trade Show'",
      weight: 1,
      target: null
    }
  ]
};
const BARE: PlanSpec = {
  label: 'Bare',
  status: 'Draft Outline',
  start: '2026-03-01',
  end: null,
  objectives: []
};
const CLOSING: PlanSpec = {
  label: 'Closing',
  ...FY2027,
  objectives: [{ label: 'P2 leads', type: 'Number of Deals', weight: 1, target: 10 }]
};

/** The Course Completion source points at an object this org does not have. */
const MISSING_SOURCE: Config['sources'] = {
  'Course Completion': {
    measure: 'count',
    object: 'Course_Missing__c',
    partnerField: 'Partner_Account__c',
    dateField: 'Completed_Date__c'
  }
};

// ---------- the oracle ----------

const localDay = (lead: Lead): string => lead.local.slice(0, 10);
/** FY2027's quarters and months as [first day, last day]. */
function periodsOf(months: number): [string, string][] {
  const periods: [string, string][] = [];
  for (
    let first = DateTime.utc(2026, 2, 1);
    first.year < 2027 || first.month < 2;
    first = first.plus({ months })
  )
    periods.push([
      first.toISODate() as string,
      first.plus({ months }).minus({ days: 1 }).toISODate() as string
    ]);
  return periods;
}
const round2 = (value: number): number => Math.round(value * 100) / 100;

/** Revenue per quarter and Leads per month for P1, from the raw leads. */
function oracle(leads: readonly Lead[]) {
  const p1 = leads.filter(
    (l) => l.partner === 'P1' && localDay(l) >= FY2027.start && localDay(l) <= FY2027.end
  );
  const inPeriod = ([from, to]: [string, string]) =>
    p1.filter((l) => localDay(l) >= from && localDay(l) <= to);
  const revenue = periodsOf(3).map((p) => inPeriod(p).reduce((sum, l) => sum + l.AnnualRevenue, 0));
  const leadsPerMonth = periodsOf(1).map((p) => inPeriod(p).length);
  const total = revenue.reduce((a, b) => a + b, 0);
  return {
    revenue,
    revenueProgress: round2((total / 40000) * 100),
    leadsPerMonth,
    leadsProgress: round2((p1.length / 24) * 100)
  };
}

// ---------- the org and the connector ----------

const faults: LocalOrgFaults = {};
let org: Awaited<ReturnType<typeof startLocalOrg>>;
let conn: Connection;
let config: Config;
let client: SalesforceClient;
let first: SyncReport;
const sleeps: number[] = [];
const partnerIds: Record<string, string> = {};
const planIds = new Map<string, string>();
const objectiveIds = new Map<string, string>();
const leads: Lead[] = [];
let adminId: string;

const queryAll = <T = Record<string, unknown>>(soql: string): Promise<T[]> => queryRecords<T>(conn, soql);

/** A client whose retry pauses are recorded instead of waited for. */
function newClient(): SalesforceClient {
  return new SalesforceClient({
    ...config.salesforce,
    logger: silentLogger(),
    retry: { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 }
  });
}

function sync(
  now = NOW,
  salesforce: { forRun(): SalesforceApi } = client,
  sources: Config['sources'] = { ...config.sources, ...MISSING_SOURCE }
): Promise<SyncReport> {
  return runSync({ salesforce, clock: fixedClock(now), logger: silentLogger(), sources });
}

async function addLeads(added: readonly Lead[]): Promise<void> {
  await createRecords(
    conn,
    'Lead',
    added.map((lead, index) => ({
      LastName: `Lead ${leads.length + index + 1}`,
      Company: 'Prospect',
      Status: 'Open - Not Contacted',
      LeadSource: lead.LeadSource,
      AnnualRevenue: lead.AnnualRevenue,
      PartnerAccountId: partnerIds[lead.partner],
      CreatedDate: DateTime.fromISO(lead.local, { zone: ZONE }).toUTC().toISO()
    }))
  );
  leads.push(...added);
}

async function addPlan(plan: PlanSpec, partner: string): Promise<void> {
  const made = await createPlan(conn, plan, partnerIds[partner] as string);
  planIds.set(plan.label, made.planId);
  for (const [label, objectiveId] of made.objectiveIds) objectiveIds.set(label, objectiveId);
}

const objectiveId = (label: string): string => objectiveIds.get(label) as string;

async function objectiveRow(label: string): Promise<Record<string, unknown>> {
  const [row] = await queryAll(
    'SELECT Actual__c, Progress__c, Calculation_Status__c, Calculation_Message__c FROM Plan_Objective__c ' +
      `WHERE Id = '${objectiveId(label)}'`
  );
  assert.ok(row, label);
  return row;
}

async function periodRows(label: string): Promise<Record<string, unknown>[]> {
  return queryAll(
    'SELECT Period_Key__c, Period_Label__c, Period_Start__c, Target__c, Actual__c, Progress__c FROM Objective_Target__c ' +
      `WHERE Plan_Objective__c = '${objectiveId(label)}' ORDER BY Period_Start__c`
  );
}

/** What the connector wrote for P1's Main plan equals the oracle over every lead created so far. */
async function assertMatchesOracle(): Promise<void> {
  const expected = oracle(leads);
  const revenue = await periodRows('Revenue');
  assert.deepEqual(
    revenue.map((r) => r.Actual__c),
    expected.revenue
  );
  assert.deepEqual(
    revenue.map((r) => r.Progress__c),
    expected.revenue.map((actual) => round2((actual / 10000) * 100))
  );
  assert.equal((await objectiveRow('Revenue')).Progress__c, expected.revenueProgress);
  assert.deepEqual(
    (await periodRows('Leads')).map((r) => r.Actual__c),
    expected.leadsPerMonth
  );
  assert.equal((await objectiveRow('Leads')).Progress__c, expected.leadsProgress);
}

before(async () => {
  org = await startLocalOrg({
    seed: false,
    ui: false,
    timeZoneSidKey: ZONE,
    fiscalYearStartMonth: 2,
    faults
  });
  conn = await signIn(org);
  adminId = (await conn.identity()).user_id;
  await conn.sobject('User').update({ Id: adminId, TimeZoneSidKey: ZONE });
  const accounts = await createRecords(conn, 'Account', [
    { Name: 'Northwind', IsPartner: true },
    { Name: 'Contoso', IsPartner: true }
  ]);
  partnerIds.P1 = accounts[0] as string;
  partnerIds.P2 = accounts[1] as string;
  await addLeads([...P1_LEADS, ...P2_LEADS]);
  await addPlan(MAIN, 'P1');
  await addPlan(BARE, 'P2');
  await addPlan(CLOSING, 'P2');
  // A stale next review on Main (it has none now); reviews of Bare around today in New York.
  await conn
    .sobject('Business_Plan__c')
    .update({ Id: planIds.get('Main') as string, Next_Review_Date__c: '2026-10-01' });
  const bare = planIds.get('Bare') as string;
  await createRecords(conn, 'Business_Review__c', [
    { Name: 'Past', Business_Plan__c: bare, Review_Date__c: '2026-11-01', Status__c: 'Scheduled' },
    { Name: 'Cancelled', Business_Plan__c: bare, Review_Date__c: '2026-11-20', Status__c: 'Cancelled' },
    { Name: 'Later', Business_Plan__c: bare, Review_Date__c: '2026-12-10', Status__c: 'Scheduled' },
    { Name: 'Tonight', Business_Plan__c: bare, Review_Date__c: TODAY_IN_NEW_YORK, Status__c: 'Scheduled' }
  ]);
  // Salesforce rejects the query of one objective's criteria (until the second run).
  faults.request = ({ method, url }) =>
    method === 'GET' && url.includes('Trade%20Show')
      ? { status: 400, errorCode: 'MALFORMED_QUERY', message: 'unexpected token: Show' }
      : null;

  config = loadConfig({
    SF_LOGIN_URL: org.url,
    SF_USERNAME: org.adminUsername,
    SF_PASSWORD: org.adminPassword,
    LOG_LEVEL: 'silent'
  });
  client = newClient();
  first = await sync();
});

after(async () => {
  await client?.close();
  await org?.close();
});

test('every objective gets a status: Calculated, Manual for Custom, or Error naming the problem', async () => {
  assert.equal(first.stoppedAtLimit, false);
  const expected: Record<string, [string, RegExp | null]> = {
    Revenue: ['Calculated', null],
    Leads: ['Calculated', null],
    Events: ['Manual', null],
    Injected: ['Error', /^Criteria is not a valid SOQL condition/],
    'Unknown field': ['Error', /Shoe_Size__c/],
    'Text sum': ['Error', /Company/],
    Courses: ['Error', /Course_Missing__c is not in this org/],
    Rejected: ['Error', /^Salesforce rejected the query for this objective: .*unexpected token: Show/]
  };
  for (const [label, [status, message]] of Object.entries(expected)) {
    const row = await objectiveRow(label);
    assert.equal(row.Calculation_Status__c, status, label);
    if (message) assert.match(String(row.Calculation_Message__c), message, label);
    else assert.equal(row.Calculation_Message__c, null, label);
  }
  // The Custom objective's hand-entered actual stays; its progress is 6 of 8.
  const events = await objectiveRow('Events');
  assert.deepEqual([events.Actual__c, events.Progress__c], [6, 75]);
});

test('period rows carry fiscal labels and their own progress; the figures match the oracle', async () => {
  const revenue = await periodRows('Revenue');
  assert.deepEqual(
    revenue.map((r) => [r.Period_Label__c, r.Target__c, r.Actual__c, r.Progress__c]),
    [
      // 40,000 split over four quarters; 1,000 + 2,000 (23:30 on 30 April) in Q1, 16,000 on 31 January in Q4.
      ['FY2027 Q1', 10000, 3000, 30],
      ['FY2027 Q2', 10000, 4000, 40],
      ['FY2027 Q3', 10000, 8000, 80],
      ['FY2027 Q4', 10000, 16000, 160]
    ]
  );
  const months = await periodRows('Leads');
  assert.deepEqual(
    months.map((r) => r.Period_Label__c),
    [
      'FY2027 M01 (Feb 2026)',
      'FY2027 M02 (Mar 2026)',
      'FY2027 M03 (Apr 2026)',
      'FY2027 M04 (May 2026)',
      'FY2027 M05 (Jun 2026)',
      'FY2027 M06 (Jul 2026)',
      'FY2027 M07 (Aug 2026)',
      'FY2027 M08 (Sep 2026)',
      'FY2027 M09 (Oct 2026)',
      'FY2027 M10 (Nov 2026)',
      'FY2027 M11 (Dec 2026)',
      'FY2027 M12 (Jan 2027)'
    ]
  );
  // 24 leads a year are 2 a month: one lead in a month is 50 %.
  assert.deepEqual(
    months.map((r) => r.Progress__c),
    [50, 0, 50, 50, 0, 0, 50, 0, 0, 0, 0, 50]
  );
  // A Custom objective's periods: the connector fills the targets; nothing entered yet is 0 %.
  assert.deepEqual(
    (await periodRows('Events')).map((r) => [r.Period_Label__c, r.Target__c, r.Actual__c, r.Progress__c]),
    [
      ['FY2027 Q1', 2, null, 0],
      ['FY2027 Q2', 2, null, 0],
      ['FY2027 Q3', 2, null, 0],
      ['FY2027 Q4', 2, null, 0]
    ]
  );
  await assertMatchesOracle();
});

test('the plan gets its progress, the next scheduled review in the org time zone, and empty fields filled', async () => {
  const plans = await queryAll<Record<string, unknown>>(
    'SELECT Id, Progress__c, Next_Review_Date__c, End_Date__c, Channel_Manager__c FROM Business_Plan__c'
  );
  const byId = new Map(plans.map((p) => [p.Id, p]));
  const main = byId.get(planIds.get('Main'));
  // (50 × 77.5 + 10 × 20.83 + 10 × 75) ÷ 70; the objectives in error have no target.
  assert.equal(main?.Progress__c, 69.05);
  assert.equal(main?.Next_Review_Date__c, null, 'no review scheduled: the stale date is cleared');
  const bare = byId.get(planIds.get('Bare'));
  assert.equal(
    bare?.Next_Review_Date__c,
    TODAY_IN_NEW_YORK,
    'tonight in New York is already tomorrow in UTC'
  );
  assert.equal(bare?.End_Date__c, '2027-02-28', 'a year from 1 March 2026');
  assert.equal(bare?.Channel_Manager__c, adminId, 'the owner, an internal user');
});

test('a second run over unchanged data writes nothing', async () => {
  try {
    const again = await sync('2026-11-23T03:10:00.000Z');
    assert.deepEqual(again.records, {});
  } finally {
    // From here on Salesforce accepts the Rejected objective's query.
    delete faults.request;
  }
});

test('a plan that becomes Completed is calculated one last time, then never again', async () => {
  const closing = planIds.get('Closing') as string;
  const [before] = await queryAll(
    `SELECT Actual__c FROM Plan_Objective__c WHERE Id = '${objectiveId('P2 leads')}'`
  );
  assert.equal(before?.Actual__c, 2);
  await addLeads([{ partner: 'P2', local: '2026-09-09T09:00', LeadSource: 'Web', AnnualRevenue: 1 }]);
  await conn.sobject('Business_Plan__c').update({ Id: closing, Status__c: 'Completed' });
  const [change] = await queryAll<{ CreatedDate: string }>(
    `SELECT CreatedDate FROM Business_Plan__History WHERE ParentId = '${closing}' AND Field = 'Status__c' ORDER BY CreatedDate DESC LIMIT 1`
  );
  assert.ok(change, 'the org keeps the history of Status__c');

  const final = await sync('2026-11-23T03:20:00.000Z');
  assert.equal(final.outcome, 'completed', JSON.stringify(final.errors));
  assert.equal(final.plans.finalPasses, 1);
  const [objective] = await queryAll(
    `SELECT Actual__c FROM Plan_Objective__c WHERE Id = '${objectiveId('P2 leads')}'`
  );
  assert.equal(objective?.Actual__c, 3, 'the final pass counts the lead added before completion');
  const [plan] = await queryAll<{ Last_Calculated__c: string }>(
    `SELECT Last_Calculated__c FROM Business_Plan__c WHERE Id = '${closing}'`
  );
  // The local org's clock runs ahead of the connector's fixed one: the stamp never precedes the completion.
  assert.ok(
    Date.parse(plan?.Last_Calculated__c.replace('+0000', 'Z') ?? '') >=
      Date.parse(change.CreatedDate.replace('+0000', 'Z'))
  );

  await addLeads([{ partner: 'P2', local: '2026-10-10T09:00', LeadSource: 'Web', AnnualRevenue: 1 }]);
  const later = await sync('2026-11-23T03:30:00.000Z');
  assert.equal(later.plans.finalPasses, 0);
  assert.deepEqual(later.records, {}, 'nothing of the Completed plan is written again');
  const [frozen] = await queryAll(
    `SELECT Actual__c FROM Plan_Objective__c WHERE Id = '${objectiveId('P2 leads')}'`
  );
  assert.equal(frozen?.Actual__c, 3);
});

test('records Salesforce cannot lock are sent again, alone, after a backoff', async () => {
  sleeps.length = 0;
  let locks = 0;
  const sent: string[] = [];
  faults.recordSave = ({ object, ref }) => {
    if (object !== 'Plan_Objective__c') return null;
    sent.push(String(ref));
    return ref === objectiveId('Revenue') && locks++ < 2
      ? { errorCode: 'UNABLE_TO_LOCK_ROW', message: 'unable to obtain exclusive access to this record' }
      : null;
  };
  try {
    await addLeads([{ partner: 'P1', local: '2026-06-01T12:00', LeadSource: 'Web', AnnualRevenue: 32000 }]);
    const report = await sync('2026-11-23T03:40:00.000Z');
    assert.equal(report.outcome, 'completed', JSON.stringify(report.errors));
    assert.equal(report.records.Plan_Objective__c?.failed, 0);
    // Equal jitter at random 0.5 from a 500 ms base: 375 ms, then 750 ms.
    assert.deepEqual(sleeps, [375, 750]);
    assert.deepEqual(
      sent.filter((ref) => ref === objectiveId('Revenue')).length,
      3,
      'the locked objective three times'
    );
    assert.equal(sent.filter((ref) => ref === objectiveId('Leads')).length, 1, 'the others once');
  } finally {
    delete faults.recordSave;
  }
  await assertMatchesOracle();
});

test('a period row that stays locked is reported on its objective, and the next run writes it', async () => {
  sleeps.length = 0;
  faults.recordSave = ({ object, values }) =>
    object === 'Objective_Target__c' && values.Actual__c !== undefined
      ? { errorCode: 'UNABLE_TO_LOCK_ROW', message: 'unable to obtain exclusive access to this record' }
      : null;
  try {
    await addLeads([{ partner: 'P1', local: '2026-09-01T12:00', LeadSource: 'Web', AnnualRevenue: 64000 }]);
    const report = await sync('2026-11-23T03:50:00.000Z');
    assert.equal(report.outcome, 'completedWithErrors');
    assert.equal(sleeps.length, 4, 'five attempts in all');
    const revenue = await objectiveRow('Revenue');
    assert.equal(revenue.Calculation_Status__c, 'Calculated');
    assert.match(
      String(revenue.Calculation_Message__c),
      /^Salesforce refused period row .*UNABLE_TO_LOCK_ROW/
    );
  } finally {
    delete faults.recordSave;
  }
  const next = await sync('2026-11-23T04:00:00.000Z');
  assert.equal(next.outcome, 'completed', JSON.stringify(next.errors));
  assert.equal((await objectiveRow('Revenue')).Calculation_Message__c, null);
  await assertMatchesOracle();
});

test('a server that is briefly unavailable or drops the connection is asked again', async () => {
  sleeps.length = 0;
  const failed: string[] = [];
  faults.request = ({ method, path }) => {
    if (method === 'GET' && path.endsWith('/query') && !failed.includes('503')) {
      failed.push('503');
      return { status: 503, errorCode: 'SERVER_UNAVAILABLE', message: 'Server temporarily unavailable' };
    }
    if (method === 'GET' && path.endsWith('/describe') && !failed.includes('reset')) {
      failed.push('reset');
      return { reset: true };
    }
    return null;
  };
  try {
    const report = await sync('2026-11-23T04:10:00.000Z', { forRun: () => newClient().forRun() });
    assert.equal(report.outcome, 'completed', JSON.stringify(report.errors));
    assert.deepEqual(failed.sort(), ['503', 'reset']);
    assert.equal(sleeps.length, 2);
    assert.deepEqual(report.records, {});
  } finally {
    delete faults.request;
  }
});

test('a run stops cleanly before the daily API limit, and the next run finishes the work', async () => {
  await addLeads([{ partner: 'P1', local: '2026-12-01T12:00', LeadSource: 'Web', AnnualRevenue: 128000 }]);
  // 10 % of 100,000 requests are kept for others: the connector stops at 90,000.
  org.usage.set(89_990);
  const stopped = await sync('2026-11-23T04:20:00.000Z');
  assert.equal(stopped.outcome, 'failed');
  assert.equal(stopped.stoppedAtLimit, true);
  assert.equal(stopped.errors[0]?.code, 'API_LIMIT_REACHED');
  assert.match(
    stopped.errors[0]?.message ?? '',
    /90000 of 100000 requests in the last 24 hours, 10000 kept for others/
  );
  assert.equal(org.usage.used(), 90_000, 'not one request past the headroom');

  org.usage.set(0);
  const resumed = await sync('2026-11-23T04:30:00.000Z');
  assert.equal(resumed.outcome, 'completed', JSON.stringify(resumed.errors));
  await assertMatchesOracle();
});

test('REQUEST_LIMIT_EXCEEDED from the org stops the run the same way', async () => {
  org.usage.set(100_000);
  try {
    const fresh = newClient();
    const report = await sync('2026-11-23T04:35:00.000Z', fresh);
    await fresh.close();
    assert.deepEqual(
      [report.outcome, report.stoppedAtLimit, report.errors[0]?.code],
      ['failed', true, 'API_LIMIT_REACHED']
    );
    assert.match(report.errors[0]?.message ?? '', /daily API allowance/);
  } finally {
    org.usage.set(0);
  }
});

test('a run killed in the middle of its writes leaves nothing wrong after the next run', async () => {
  await addLeads([
    { partner: 'P1', local: '2026-03-15T12:00', LeadSource: 'Web', AnnualRevenue: 100 },
    { partner: 'P1', local: '2026-11-02T12:00', LeadSource: 'Web', AnnualRevenue: 200 }
  ]);
  // The process dies after its first write call: period rows written, objectives and plan not.
  let writes = 0;
  const dying = (api: SalesforceApi): SalesforceApi => {
    const write =
      <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        if (writes++ >= 1) throw new Error('process killed');
        return call(...args);
      };
    return {
      ...api,
      update: write(api.update),
      upsert: write(api.upsert),
      create: write(api.create)
    };
  };
  const killed = await sync('2026-11-23T04:40:00.000Z', { forRun: () => dying(client.forRun()) });
  assert.equal(killed.outcome, 'failed');
  assert.equal(writes, 2, 'one write went through before the crash');
  const next = await sync('2026-11-23T04:45:00.000Z');
  assert.equal(next.outcome, 'completed', JSON.stringify(next.errors));
  await assertMatchesOracle();
  assert.deepEqual((await sync('2026-11-23T04:50:00.000Z')).records, {}, 'and nothing is left to write');
});
