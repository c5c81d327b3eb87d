// Incremental sync end to end: the connector, with its store in PGlite, syncs against the local
// org over HTTP (jsforce, SOAP login, REST). A full run, then record changes made with jsforce
// as any client would (one lead's amount, an opportunity moved to another partner, one moved
// across a quarter boundary, a delete, an undelete from the recycle bin), then an incremental
// run. The incremental run must make far fewer API calls, and every value in the org must
// equal what this test computes by brute force over the raw records: plain filtering and
// arithmetic, none of the connector's code.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Connection } from 'jsforce';
import { DateTime } from 'luxon';
import { startLocalOrg } from '../../localorg/src/index.ts';
import { fixedClock } from '../../connector/src/clock.ts';
import { loadConfig, type Config } from '../../connector/src/config.ts';
import { ConnectorError } from '../../connector/src/errors.ts';
import { silentLogger } from '../../connector/src/logger.ts';
import { SalesforceClient, type SalesforceApi } from '../../connector/src/salesforce/client.ts';
import { openStore, type ConnectorStore } from '../../connector/src/store/store.ts';
import { runIncrementalSync, type IncrementalReport } from '../../connector/src/sync/incremental.ts';
import { recordsWritten } from '../../connector/src/sync/report.ts';

const ZONE = 'America/New_York';
const NOW = '2026-11-22T10:00:00.000Z';
const PARTNERS = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6'] as const;
type Partner = (typeof PARTNERS)[number];

/** P1 and P2 share their dates, so their queries are shared too; the others each have their own. */
const PLAN_DATES: Record<Partner, [string, string]> = {
  P1: ['2026-01-01', '2026-12-31'],
  P2: ['2026-01-01', '2026-12-31'],
  P3: ['2026-02-01', '2027-01-31'],
  P4: ['2026-03-01', '2027-02-28'],
  P5: ['2026-04-01', '2027-03-31'],
  P6: ['2026-05-01', '2027-04-30']
};

interface ObjectiveFixture {
  name: string;
  type: string;
  fn: 'SUM' | 'COUNT';
  field: string | null;
  periodType: 'Monthly' | 'Quarterly' | 'Annually';
  target: number;
  source: 'leads' | 'opportunities' | 'courses';
}

const OBJECTIVES: ObjectiveFixture[] = [
  {
    name: 'Deal value',
    type: 'Deal Registration',
    fn: 'SUM',
    field: 'AnnualRevenue',
    periodType: 'Quarterly',
    target: 400_000,
    source: 'leads'
  },
  {
    name: 'Deals',
    type: 'Number of Deals',
    fn: 'COUNT',
    field: null,
    periodType: 'Monthly',
    target: 24,
    source: 'leads'
  },
  {
    name: 'Won value',
    type: 'Qualified Deal Registration',
    fn: 'SUM',
    field: 'Amount',
    periodType: 'Quarterly',
    target: 300_000,
    source: 'opportunities'
  },
  {
    name: 'Won deals',
    type: 'Number of Qualified Deals',
    fn: 'COUNT',
    field: null,
    periodType: 'Annually',
    target: 12,
    source: 'opportunities'
  },
  {
    name: 'Courses',
    type: 'Course Completion',
    fn: 'COUNT',
    field: null,
    periodType: 'Quarterly',
    target: 8,
    source: 'courses'
  }
];

/** A raw record as the oracle sees it: the partner, the day in the org's zone, the amount, and whether it counts at all. */
interface RawRecord {
  partnerId: string | null;
  day: string;
  amount: number | null;
  counts: boolean;
}

let org: Awaited<ReturnType<typeof startLocalOrg>>;
let conn: Connection;
let config: Config;
let client: SalesforceClient;
let store: ConnectorStore;
const partnerIds = {} as Record<Partner, string>;
const planPartner = new Map<string, Partner>();
/** The records the changes are made to, by role. */
type Special = 'leadChanged' | 'leadDeleted' | 'opportunityMoved' | 'opportunityAcross' | 'courseUndeleted';
const special = {} as Record<Special, string>;

/** Records the Ids of records created in order under the given roles. */
function remember(roles: Special[], ids: string[]): void {
  roles.forEach((role, index) => (special[role] = ids[index] as string));
}
let full: IncrementalReport;

async function created(object: string, values: Record<string, unknown>[]): Promise<string[]> {
  const results = await conn.sobject(object).create(values, { allowRecursive: true });
  return results.map((result, index) => {
    assert.ok(result.success, `${object} #${index}: ${JSON.stringify(result)}`);
    return result.id as string;
  });
}

async function records<T>(soql: string): Promise<T[]> {
  return (await conn.query<Record<string, unknown>>(soql, { autoFetch: true, maxFetch: 100_000 }))
    .records as T[];
}

const sync = (now: string, salesforce: { forRun(): SalesforceApi } = client): Promise<IncrementalReport> =>
  runIncrementalSync({
    salesforce,
    clock: fixedClock(now),
    logger: silentLogger(),
    sources: config.sources,
    store,
    settings: config.sync
  });

const localDay = (instant: string): string =>
  DateTime.fromISO(instant, { zone: 'utc' }).setZone(ZONE).toISODate() as string;

/** Every lead, opportunity and course assignment as it is now in the org, read plainly. */
async function rawRecords(): Promise<Record<ObjectiveFixture['source'], RawRecord[]>> {
  const leads = await records<{
    PartnerAccountId: string | null;
    CreatedDate: string;
    AnnualRevenue: number | null;
  }>('SELECT PartnerAccountId, CreatedDate, AnnualRevenue FROM Lead');
  const opportunities = await records<{
    PartnerAccountId: string | null;
    CloseDate: string;
    Amount: number | null;
  }>('SELECT PartnerAccountId, CloseDate, Amount FROM Opportunity');
  const courses = await records<{
    Partner_Account__c: string | null;
    Completed_Date__c: string | null;
    Status__c: string;
  }>('SELECT Partner_Account__c, Completed_Date__c, Status__c FROM Course_Assignment__c');
  return {
    leads: leads.map((l) => ({
      partnerId: l.PartnerAccountId,
      day: localDay(l.CreatedDate),
      amount: l.AnnualRevenue,
      counts: true
    })),
    opportunities: opportunities.map((o) => ({
      partnerId: o.PartnerAccountId,
      day: o.CloseDate,
      amount: o.Amount,
      counts: true
    })),
    courses: courses
      .filter((c) => c.Completed_Date__c !== null)
      .map((c) => ({
        partnerId: c.Partner_Account__c,
        day: c.Completed_Date__c as string,
        amount: null,
        counts: c.Status__c === 'Completed'
      }))
  };
}

function oracle(
  fixture: ObjectiveFixture,
  raw: RawRecord[],
  partnerId: string,
  start: string,
  end: string
): number {
  const matching = raw.filter((r) => r.counts && r.partnerId === partnerId && start <= r.day && r.day <= end);
  return fixture.fn === 'COUNT' ? matching.length : matching.reduce((sum, r) => sum + (r.amount ?? 0), 0);
}

const nextDay = (date: string): string => DateTime.fromISO(date).plus({ days: 1 }).toISODate() as string;

/** Checks every objective's actual and every period row's actual against the oracle; returns how many values it checked. */
async function assertValuesMatchOracle(): Promise<number> {
  const raw = await rawRecords();
  const objectives = await records<{
    Id: string;
    Name: string;
    Actual__c: number | null;
    Business_Plan__c: string;
  }>('SELECT Id, Name, Actual__c, Business_Plan__c FROM Plan_Objective__c');
  const rows = await records<{
    Plan_Objective__c: string;
    Period_Start__c: string;
    Period_End__c: string;
    Actual__c: number | null;
  }>(
    'SELECT Plan_Objective__c, Period_Start__c, Period_End__c, Actual__c FROM Objective_Target__c ORDER BY Period_Start__c'
  );
  let checked = 0;
  for (const objective of objectives) {
    const fixture = OBJECTIVES.find((o) => o.name === objective.Name) as ObjectiveFixture;
    const partner = planPartner.get(objective.Business_Plan__c) as Partner;
    const [start, end] = PLAN_DATES[partner];
    const where = `${partner} ${objective.Name}`;
    assert.equal(
      objective.Actual__c,
      oracle(fixture, raw[fixture.source], partnerIds[partner], start, end),
      where
    );
    const periods = rows.filter((r) => r.Plan_Objective__c === objective.Id);
    // The period rows tile the plan's dates, first day to last, without gap or overlap.
    assert.equal(periods[0]?.Period_Start__c, start, where);
    assert.equal(periods.at(-1)?.Period_End__c, end, where);
    periods
      .slice(1)
      .forEach((row, index) =>
        assert.equal(row.Period_Start__c, nextDay(periods[index]?.Period_End__c as string), where)
      );
    for (const row of periods) {
      const expected = oracle(
        fixture,
        raw[fixture.source],
        partnerIds[partner],
        row.Period_Start__c,
        row.Period_End__c
      );
      assert.equal(row.Actual__c, expected, `${where} ${row.Period_Start__c}..${row.Period_End__c}`);
      checked++;
    }
    checked++;
  }
  return checked;
}

/** Deterministic records for a partner: leads and opportunities across its plan's months, some course assignments. */
function recordsFor(partner: Partner, index: number) {
  const partnerId = partnerIds[partner];
  const [start] = PLAN_DATES[partner];
  const month = (offset: number, day: number) =>
    DateTime.fromISO(start).plus({ months: offset }).set({ day }).toISODate() as string;
  const leads = Array.from({ length: 8 }, (_, i) => ({
    LastName: `${partner} lead ${i + 1}`,
    Company: 'Prospect',
    Status: 'Open - Not Contacted',
    AnnualRevenue: 10_000 * (i + 1) + index * 1_000,
    PartnerAccountId: partnerId,
    // Noon in New York, on a day spread over the plan's year.
    CreatedDate: DateTime.fromISO(`${month(i + (i % 3), 5 + i * 2)}T12:00:00`, { zone: ZONE })
      .toUTC()
      .toISO()
  }));
  const opportunities = Array.from({ length: 6 }, (_, i) => ({
    Name: `${partner} deal ${i + 1}`,
    StageName: 'Closed Won',
    CloseDate: month(i * 2, 10 + i),
    Amount: 25_000 * (i + 1) + index * 500,
    PartnerAccountId: partnerId
  }));
  const courses = Array.from({ length: 4 }, (_, i) => ({
    Course_Name__c: `Course ${i + 1}`,
    Course_Id__c: `C-${i + 1}`,
    Status__c: i === 3 ? 'In Progress' : 'Completed',
    Completed_Date__c: i === 3 ? null : month(i * 3 + 1, 15),
    Partner_Account__c: partnerId
  }));
  return { leads, opportunities, courses };
}

before(async () => {
  // Opened first: PGlite takes seconds to start, and an HTTP connection left idle that long
  // may be closed by the org just as the connector reuses it.
  store = await openStore({ kind: 'pglite', dataDir: null });
  org = await startLocalOrg({ port: 0, seed: false, ui: false, timeZoneSidKey: ZONE });
  conn = new Connection({ loginUrl: org.url, version: '62.0' });
  await conn.login(org.adminUsername, org.adminPassword);
  const partners = await created(
    'Account',
    PARTNERS.map((p) => ({ Name: `Partner ${p}`, IsPartner: true }))
  );
  PARTNERS.forEach((p, i) => (partnerIds[p] = partners[i] as string));
  const [customer] = await created('Account', [{ Name: 'Customer' }]);

  for (const [index, partner] of PARTNERS.entries()) {
    const generated = recordsFor(partner, index);
    await created('Lead', generated.leads);
    await created(
      'Opportunity',
      generated.opportunities.map((o) => ({ ...o, AccountId: customer }))
    );
    await created('Course_Assignment__c', generated.courses);
    const [planId] = await created('Business_Plan__c', [
      {
        Name: `Plan ${partner}`,
        Partner_Account__c: partnerIds[partner],
        Status__c: 'In Progress',
        Start_Date__c: PLAN_DATES[partner][0],
        End_Date__c: PLAN_DATES[partner][1]
      }
    ]);
    planPartner.set(planId as string, partner);
    await created(
      'Plan_Objective__c',
      OBJECTIVES.map((o) => ({
        Name: o.name,
        Business_Plan__c: planId,
        Type__c: o.type,
        Aggregate_Function__c: o.type.startsWith('Number') || o.type === 'Course Completion' ? null : o.fn,
        Aggregate_Field__c: o.field,
        Period_Type__c: o.periodType,
        Weight__c: 1,
        Target__c: o.target
      }))
    );
  }

  // The records the changes are made to.
  remember(
    ['leadChanged', 'leadDeleted'],
    await created('Lead', [
      {
        LastName: 'Changed',
        Company: 'Prospect',
        Status: 'Open - Not Contacted',
        AnnualRevenue: 1_000,
        PartnerAccountId: partnerIds.P1,
        CreatedDate: '2026-02-10T17:00:00.000Z'
      },
      {
        LastName: 'Deleted',
        Company: 'Prospect',
        Status: 'Open - Not Contacted',
        AnnualRevenue: 3_000,
        PartnerAccountId: partnerIds.P1,
        CreatedDate: '2026-07-07T17:00:00.000Z'
      }
    ])
  );
  remember(
    ['opportunityMoved', 'opportunityAcross'],
    await created('Opportunity', [
      {
        Name: 'Moved',
        StageName: 'Closed Won',
        CloseDate: '2026-05-15',
        Amount: 700,
        AccountId: customer,
        PartnerAccountId: partnerIds.P1
      },
      {
        Name: 'Across',
        StageName: 'Closed Won',
        CloseDate: '2026-03-31',
        Amount: 900,
        AccountId: customer,
        PartnerAccountId: partnerIds.P2
      }
    ])
  );
  // In the recycle bin before the first sync, and brought back after it.
  remember(
    ['courseUndeleted'],
    await created('Course_Assignment__c', [
      {
        Course_Name__c: 'Returning',
        Course_Id__c: 'C-9',
        Status__c: 'Completed',
        Completed_Date__c: '2026-06-15',
        Partner_Account__c: partnerIds.P3
      }
    ])
  );
  await conn.sobject('Course_Assignment__c').destroy(special.courseUndeleted);

  config = loadConfig({
    SF_LOGIN_URL: org.url,
    SF_USERNAME: org.adminUsername,
    SF_PASSWORD: org.adminPassword,
    LOG_LEVEL: 'silent'
  });
  client = new SalesforceClient({ ...config.salesforce, logger: silentLogger() });
  full = await sync(NOW);
});

after(async () => {
  await client?.close();
  await store?.close();
  await org?.close();
});

test('the first run is a full one, and every value it writes equals the brute-force oracle', async () => {
  assert.equal(full.outcome, 'completed', JSON.stringify(full.errors));
  assert.deepEqual(
    [full.incremental.mode, full.incremental.reason, full.incremental.committed],
    ['full', 'first run', true]
  );
  assert.equal(full.incremental.objectivesRecomputed, PARTNERS.length * OBJECTIVES.length);
  assert.ok((await assertValuesMatchOracle()) > 100);
});

test('a deleted record is in /queryAll with IsDeleted, and undelete() brings it back with a new SystemModstamp', async () => {
  const id = special.courseUndeleted;
  const [before] = await records<{ IsDeleted: boolean; SystemModstamp: string }>(
    `SELECT IsDeleted, SystemModstamp FROM Course_Assignment__c WHERE Id = '${id}'`
  );
  assert.equal(before, undefined, 'query leaves the recycle bin out');
  const deleted = (
    await conn.query<{ IsDeleted: boolean; SystemModstamp: string }>(
      `SELECT IsDeleted, SystemModstamp FROM Course_Assignment__c WHERE Id = '${id}'`,
      { scanAll: true }
    )
  ).records[0];
  assert.equal(deleted?.IsDeleted, true);
  const [result] = await conn.soap.undelete([id]);
  assert.deepEqual([result?.success, result?.id], [true, id]);
  const [restored] = await records<{ IsDeleted: boolean; SystemModstamp: string }>(
    `SELECT IsDeleted, SystemModstamp FROM Course_Assignment__c WHERE Id = '${id}'`
  );
  assert.equal(restored?.IsDeleted, false);
  assert.ok(Date.parse(restored?.SystemModstamp ?? '') > Date.parse(deleted?.SystemModstamp ?? ''));
  const [again] = await conn.soap.undelete([id]);
  assert.equal(again?.success, false);
  assert.equal(again?.errors[0]?.statusCode, 'UNDELETE_FAILED');
});

test('after an amount change, a partner move, a period move, a delete and an undelete, only the buckets touched are recomputed, with far fewer API calls', async () => {
  await conn.sobject('Lead').update({ Id: special.leadChanged, AnnualRevenue: 5_000 });
  await conn.sobject('Opportunity').update({ Id: special.opportunityMoved, PartnerAccountId: partnerIds.P2 });
  await conn.sobject('Opportunity').update({ Id: special.opportunityAcross, CloseDate: '2026-04-01' });
  await conn.sobject('Lead').destroy(special.leadDeleted);
  // (The course assignment was undeleted by the test before.)

  const incremental = await sync(NOW);
  assert.equal(incremental.outcome, 'completed', JSON.stringify(incremental.errors));
  assert.deepEqual(
    [incremental.incremental.mode, incremental.incremental.reason, incremental.incremental.committed],
    ['incremental', null, true]
  );
  assert.deepEqual(incremental.incremental.changedRecords, {
    Lead: 2,
    Opportunity: 2,
    Course_Assignment__c: 1
  });
  // P1's two lead objectives, P1's and P2's two opportunity objectives, P3's course objective.
  assert.equal(incremental.incremental.objectivesRecomputed, 7);

  // Aggregates: 5 measures × 5 distinct plan date ranges in the full run; here the lead
  // measures for P1, the opportunity measures for P1 and P2 (one query each, they share
  // dates) and the course count for P3, while scans cost one queryAll per source object.
  const calls = (report: IncrementalReport) => report.apiCalls;
  assert.ok(
    calls(incremental).query <= calls(full).query - 15,
    `queries: full ${calls(full).query}, incremental ${calls(incremental).query}`
  );
  // Collections carry up to 200 records a call, so both runs make one call per kind of write;
  // what differs is how many records they carry.
  assert.ok(calls(incremental).composite <= calls(full).composite);
  assert.ok(
    recordsWritten(incremental) * 5 < recordsWritten(full),
    `records written: full ${recordsWritten(full)}, incremental ${recordsWritten(incremental)}`
  );
  assert.ok(calls(incremental).describe <= calls(full).describe);
  assert.equal(calls(incremental).login, 0, 'the session is reused');
  assert.ok(
    calls(incremental).total <= calls(full).total - 15,
    `total: full ${calls(full).total}, incremental ${calls(incremental).total}`
  );
  assert.ok(incremental.objectives.updated <= 7);

  await assertValuesMatchOracle();
});

test('a run with nothing changed recomputes nothing and writes nothing', async () => {
  const idle = await sync(NOW);
  assert.equal(idle.outcome, 'completed', JSON.stringify(idle.errors));
  assert.deepEqual(idle.incremental.changedRecords, { Lead: 0, Opportunity: 0, Course_Assignment__c: 0 });
  assert.equal(idle.incremental.objectivesRecomputed, 0);
  assert.equal(idle.apiCalls.composite, 0);
});

test('a run that fails halfway commits nothing, and the next run redoes the same window', async () => {
  await conn.sobject('Lead').update({ Id: special.leadChanged, AnnualRevenue: 8_000 });
  // Salesforce goes away after the period rows are written: objectives and plans are not.
  const crashing = {
    forRun(): SalesforceApi {
      const api = client.forRun();
      return {
        ...api,
        update: async (object, values) => {
          if (object === 'Plan_Objective__c')
            throw new ConnectorError('SERVER_UNAVAILABLE', 'The org stopped answering mid-run.');
          return api.update(object, values);
        }
      };
    }
  };
  const crashed = await sync(NOW, crashing);
  assert.equal(crashed.outcome, 'failed');
  assert.equal(crashed.incremental.committed, false);

  const redone = await sync(NOW);
  assert.equal(redone.outcome, 'completed', JSON.stringify(redone.errors));
  assert.deepEqual(redone.incremental.changedRecords, { Lead: 1, Opportunity: 0, Course_Assignment__c: 0 });
  assert.equal(redone.incremental.objectivesRecomputed, 2);
  assert.ok(redone.objectives.updated >= 1, 'the objective actual the crash left behind is written now');
  await assertValuesMatchOracle();
});

test('once the reconciliation interval has passed, the run is a full one again and finds nothing to fix', async () => {
  const later = DateTime.fromISO(NOW)
    .plus({ hours: config.sync.reconcileHours + 1 })
    .toUTC()
    .toISO() as string;
  const reconciled = await sync(later);
  assert.equal(reconciled.outcome, 'completed', JSON.stringify(reconciled.errors));
  assert.deepEqual(
    [reconciled.incremental.mode, reconciled.incremental.reason],
    ['full', 'reconciliation due']
  );
  assert.equal(
    reconciled.apiCalls.composite > 0 ? (reconciled.records.Objective_Target__c?.updated ?? 0) : 0,
    0
  );
  await assertValuesMatchOracle();
});
