// Plan_Job__c end to end: a channel manager requests jobs through the API as the UI does, and
// the connector, signed in as its own API user (Connector_Integration), runs them against the
// seeded local org. Every expected value is worked out by hand below from the records created
// here; the org's calendar is the default one (fiscal year = calendar year, Los Angeles).
//
//   "Jobs Recalc" (Jobs Partner, 2026): Leads, Number of Deals, Annually, target 6, weight 1:
//     3 of the partner's 4 leads fall in 2026 → actual 3, progress 50.
//   Joint events, Custom, Quarterly, target 8, actual 6 (by hand), weight 1 → progress 75.
//   Plan progress (1×50 + 1×75) / 2 = 62.5.
//
//   "Jobs Template" (2026): Registrations, Quarterly, targets Q1 5, Q2 10, Q3 12, Q4 13;
//   Certifications, Annually, no period targets. Applied from 1 April 2027 the plans run
//   2027-04-01 to 2028-03-31 (the template's 12 months), 15 months later, so the quarters
//   starting January, April, July and October 2026 move to those starting April, July and
//   October 2027 and January 2028: FY2027 Q2, Q3, Q4 and FY2028 Q1.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import type { Connection } from 'jsforce';
import { startLocalOrg, type LocalOrg } from '../../localorg/src/index.ts';
import { DEMO_PASSWORD } from '../../localorg/src/seed/users.ts';
import { fixedClock } from '../../connector/src/clock.ts';
import { loadConfig, type Config } from '../../connector/src/config.ts';
import { runJobs } from '../../connector/src/jobs/runJobs.ts';
import { silentLogger } from '../../connector/src/logger.ts';
import { SalesforceClient } from '../../connector/src/salesforce/client.ts';
import { startService } from '../../connector/src/server.ts';
import type { JobsSummary, SyncReport } from '../../connector/src/sync/report.ts';
import { runSync } from '../../connector/src/sync/runSync.ts';
import { readJob, requestJob, resultDetails } from '../support/planJobs.ts';
import { createRecord, signIn } from '../support/salesforce.ts';

const NOW = '2026-11-22T10:00:00.000Z';
const CONNECTOR = 'connector@localorg.test';

let org: LocalOrg;
let admin: Connection;
let casey: Connection;
let config: Config;
const clients: SalesforceClient[] = [];
const ids: Record<string, string> = {};

function connectorClient(): SalesforceClient {
  const client = new SalesforceClient({ ...config.salesforce, logger: silentLogger() });
  clients.push(client);
  return client;
}

function jobsRun(client: SalesforceClient, now = NOW): Promise<JobsSummary> {
  const clock = fixedClock(now);
  const sync = (planIds: readonly string[] | null): Promise<SyncReport> =>
    runSync({
      salesforce: client,
      clock,
      logger: silentLogger(),
      sources: config.sources,
      ...(planIds ? { scope: { planIds } } : {})
    });
  return runJobs({ salesforce: client, clock, logger: silentLogger(), recalculate: sync });
}

async function one<T extends Record<string, unknown>>(soql: string): Promise<T> {
  const { records } = await admin.query<T>(soql);
  assert.equal(records.length, 1, soql);
  return records[0] as T;
}

const idOf = async (object: string, name: string, field = 'Name'): Promise<string> =>
  (await one<{ Id: string }>(`SELECT Id FROM ${object} WHERE ${field} = '${name}'`)).Id;

before(async () => {
  org = await startLocalOrg({ port: 0, seed: true, ui: false });
  admin = await signIn(org);
  casey = await signIn(org, 'casey.morgan@localorg.test', DEMO_PASSWORD);
  ids.casey = await idOf('User', 'casey.morgan@localorg.test', 'Username');
  ids.jordan = await idOf('User', 'jordan.reyes@localorg.test', 'Username');
  ids.northwind = await idOf('Account', 'Northwind Solutions');
  ids.blueHarbor = await idOf('Account', 'Blue Harbor Systems');
  ids.customer = await idOf('Account', 'Contoso Retail');
  ids.partner = await createRecord(admin, 'Account', { Name: 'Jobs Partner Co', IsPartner: true });
  for (const created of [
    '2025-12-15T18:00:00Z',
    '2026-03-10T18:00:00Z',
    '2026-05-05T18:00:00Z',
    '2026-08-20T18:00:00Z'
  ])
    await createRecord(admin, 'Lead', {
      LastName: `Lead ${created}`,
      Company: 'Prospect',
      PartnerAccountId: ids.partner,
      CreatedDate: created
    });

  const plan = (name: string, values: Record<string, unknown> = {}) =>
    createRecord(admin, 'Business_Plan__c', {
      Name: name,
      Partner_Account__c: ids.partner,
      OwnerId: ids.casey,
      Channel_Manager__c: ids.casey,
      Status__c: 'In Progress',
      Start_Date__c: '2026-01-01',
      End_Date__c: '2026-12-31',
      ...values
    });
  ids.recalc = await plan('Jobs Recalc');
  ids.leads = await createRecord(admin, 'Plan_Objective__c', {
    Name: 'Leads',
    Business_Plan__c: ids.recalc,
    Type__c: 'Number of Deals',
    Category__c: 'Sales',
    Period_Type__c: 'Annually',
    Weight__c: 1,
    Target__c: 6
  });
  ids.events = await createRecord(admin, 'Plan_Objective__c', {
    Name: 'Joint events',
    Business_Plan__c: ids.recalc,
    Type__c: 'Custom',
    Category__c: 'Marketing',
    Period_Type__c: 'Quarterly',
    Weight__c: 1,
    Target__c: 8,
    Actual__c: 6
  });
  ids.untouched = await plan('Jobs Untouched');
  await createRecord(admin, 'Plan_Objective__c', {
    Name: 'Untouched events',
    Business_Plan__c: ids.untouched,
    Type__c: 'Custom',
    Period_Type__c: 'Annually',
    Weight__c: 1,
    Target__c: 10,
    Actual__c: 5
  });
  ids.jordanPlan = await plan("Jordan's plan", { OwnerId: ids.jordan, Channel_Manager__c: ids.jordan });
  ids.completed = await plan('Jobs Completed', { Status__c: 'Completed' });

  ids.template = await plan('Jobs Template', {
    Partner_Account__c: null,
    Status__c: 'Draft Outline',
    Is_Template__c: true,
    Summary__c: '<p>Grow together</p>',
    Risks_And_Escalation_Path__c: '<p>Escalate to the VP</p>'
  });
  ids.registrations = await createRecord(admin, 'Plan_Objective__c', {
    Name: 'Registrations',
    Business_Plan__c: ids.template,
    Type__c: 'Deal Registration',
    Category__c: 'Sales',
    Description__c: 'Registered deals',
    Aggregate_Function__c: 'COUNT',
    Aggregate_Field__c: 'Id',
    Period_Type__c: 'Quarterly',
    Weight__c: 60,
    Target__c: 40
  });
  for (const [month, target] of [
    ['01', 5],
    ['04', 10],
    ['07', 12],
    ['10', 13]
  ] as const) {
    const end = { '01': '03-31', '04': '06-30', '07': '09-30', '10': '12-31' }[month];
    await createRecord(admin, 'Objective_Target__c', {
      Plan_Objective__c: ids.registrations,
      Period_Key__c: `${ids.registrations}-Q-2026-${month}`,
      Period_Start__c: `2026-${month}-01`,
      Period_End__c: `2026-${end}`,
      Target__c: target
    });
  }
  await createRecord(admin, 'Plan_Objective__c', {
    Name: 'Certifications',
    Business_Plan__c: ids.template,
    Type__c: 'Course Completion',
    Category__c: 'Training',
    Period_Type__c: 'Annually',
    Weight__c: 40,
    Target__c: 4
  });

  config = loadConfig({
    SF_LOGIN_URL: org.url,
    SF_USERNAME: CONNECTOR,
    SF_PASSWORD: DEMO_PASSWORD,
    LOG_LEVEL: 'silent'
  });
});

after(async () => {
  for (const client of clients) await client.close();
  await org?.close();
});

describe('Recalculate', () => {
  test("recalculates the job's plan now, and only that plan", async () => {
    const job = await requestJob(casey, 'Recalculate', ids.recalc as string);
    const summary = await jobsRun(connectorClient());
    assert.equal((await readJob(casey, job)).Error__c, null);
    assert.deepEqual(
      { ...summary, errors: summary.errors.length },
      {
        found: 1,
        claimed: 1,
        done: 1,
        failed: 0,
        abandoned: 0,
        errors: 0
      }
    );
    const done = await readJob(casey, job);
    assert.equal(done.Status__c, 'Done', done.Error__c ?? '');
    assert.equal(done.Error__c, null);
    assert.match(done.Result__c ?? '', /^Recalculated "Jobs Recalc": 2 objectives computed, 2 changed\./);
    assert.equal(new Date(done.Started_On__c as string).toISOString(), NOW);
    assert.equal(new Date(done.Finished_On__c as string).toISOString(), NOW);

    const plan = await one<{ Progress__c: number; Last_Calculated__c: string }>(
      `SELECT Progress__c, Last_Calculated__c FROM Business_Plan__c WHERE Id = '${ids.recalc}'`
    );
    assert.equal(plan.Progress__c, 62.5);
    const leads = await one<{ Actual__c: number; Progress__c: number }>(
      `SELECT Actual__c, Progress__c FROM Plan_Objective__c WHERE Id = '${ids.leads}'`
    );
    assert.deepEqual([leads.Actual__c, leads.Progress__c], [3, 50]);
    const untouched = await one<{ Progress__c: number | null; Last_Calculated__c: string | null }>(
      `SELECT Progress__c, Last_Calculated__c FROM Business_Plan__c WHERE Id = '${ids.untouched}'`
    );
    assert.deepEqual([untouched.Progress__c, untouched.Last_Calculated__c], [null, null]);
  });

  test('fails a job whose Parameters are not JSON, name no plan there is, or disagree with its plan', async () => {
    const badJson = await requestJob(casey, 'Recalculate', null, '{"planId": ');
    const unknown = await requestJob(casey, 'Recalculate', null, { planId: 'a00000000000000AAA' });
    const extra = await requestJob(casey, 'Recalculate', null, { plan: ids.recalc });
    const conflict = await requestJob(casey, 'Recalculate', ids.recalc as string, { planId: ids.untouched });
    const completed = await requestJob(admin, 'Recalculate', ids.completed as string);
    const summary = await jobsRun(connectorClient());
    assert.deepEqual([summary.claimed, summary.done, summary.failed], [5, 0, 5]);
    const error = async (job: string) => {
      const read = await readJob(admin, job);
      assert.equal(read.Status__c, 'Failed');
      return read.Error__c ?? '';
    };
    assert.match(
      await error(badJson),
      /^Parameters is not valid JSON \(.+\)\. Expected an object such as \{"planId"/
    );
    assert.equal(
      await error(unknown),
      "There is no business plan a00000000000000AAA, or the connector's user cannot see it."
    );
    assert.match(await error(extra), /^Parameters: unknown "plan"\./);
    assert.equal(
      await error(conflict),
      `Parameters planId ${ids.untouched} is not the job's Business Plan ${ids.recalc}. Name the plan once, or the same plan in both.`
    );
    assert.equal(
      await error(completed),
      '"Jobs Completed" is Completed: its figures are frozen and are not recalculated.'
    );
  });
});

describe('Snapshot Review', () => {
  const snapshotOf = async (review: string) =>
    one<{ Progress_Snapshot__c: string | null; Plan_Progress__c: number | null }>(
      `SELECT Progress_Snapshot__c, Plan_Progress__c FROM Business_Review__c WHERE Id = '${review}'`
    );

  test("freezes a held review's objective and plan progress, once", async () => {
    const review = await createRecord(casey, 'Business_Review__c', {
      Name: 'Q4 review',
      Business_Plan__c: ids.recalc,
      Review_Date__c: '2025-12-15',
      Status__c: 'Held'
    });
    const job = await requestJob(casey, 'Snapshot Review', ids.recalc as string, { reviewId: review });
    await jobsRun(connectorClient());
    const done = await readJob(casey, job);
    assert.equal(done.Status__c, 'Done', done.Error__c ?? '');
    assert.equal(
      done.Result__c?.split('\n')[0],
      'Recorded the progress of "Jobs Recalc" (62.5%, 2 objectives) on review "Q4 review".'
    );
    const plan = await one<{ Last_Calculated__c: string }>(
      `SELECT Last_Calculated__c FROM Business_Plan__c WHERE Id = '${ids.recalc}'`
    );
    const stored = await snapshotOf(review);
    assert.equal(stored.Plan_Progress__c, 62.5);
    const objectives = {
      [ids.leads as string]: {
        name: 'Leads',
        category: 'Sales',
        type: 'Number of Deals',
        periodType: 'Annually',
        weight: 1,
        target: 6,
        actual: 3,
        progress: 50
      },
      [ids.events as string]: {
        name: 'Joint events',
        category: 'Marketing',
        type: 'Custom',
        periodType: 'Quarterly',
        weight: 1,
        target: 8,
        actual: 6,
        progress: 75
      }
    };
    const expected = {
      version: 1,
      takenAt: NOW,
      reviewId: review,
      plan: {
        id: ids.recalc,
        name: 'Jobs Recalc',
        status: 'In Progress',
        startDate: '2026-01-01',
        endDate: '2026-12-31',
        progress: 62.5,
        calculatedAt: plan.Last_Calculated__c
      },
      objectives
    };
    assert.deepEqual(JSON.parse(stored.Progress_Snapshot__c as string), expected);
    // Keys in Id order, so two snapshots of the same plan line up.
    assert.deepEqual(
      Object.keys(JSON.parse(stored.Progress_Snapshot__c as string).objectives),
      Object.keys(objectives).sort()
    );

    const again = await requestJob(casey, 'Snapshot Review', ids.recalc as string, { reviewId: review });
    await jobsRun(connectorClient(), '2026-11-23T10:00:00.000Z');
    assert.match(
      (await readJob(casey, again)).Result__c ?? '',
      /already has its progress snapshot; it was kept/
    );
    assert.equal(JSON.parse((await snapshotOf(review)).Progress_Snapshot__c as string).takenAt, NOW);

    const replace = await requestJob(casey, 'Snapshot Review', ids.recalc as string, {
      reviewId: review,
      replace: true
    });
    await jobsRun(connectorClient(), '2026-11-24T10:00:00.000Z');
    assert.equal((await readJob(casey, replace)).Status__c, 'Done');
    assert.equal(
      JSON.parse((await snapshotOf(review)).Progress_Snapshot__c as string).takenAt,
      '2026-11-24T10:00:00.000Z'
    );
  });

  test('fails for a review not held, of another plan, missing, or of a completed plan', async () => {
    const scheduled = await createRecord(casey, 'Business_Review__c', {
      Name: 'Next review',
      Business_Plan__c: ids.recalc,
      Review_Date__c: '2027-03-01',
      Status__c: 'Scheduled'
    });
    const elsewhere = await createRecord(admin, 'Business_Review__c', {
      Name: "Jordan's review",
      Business_Plan__c: ids.jordanPlan,
      Review_Date__c: '2025-12-15',
      Status__c: 'Held'
    });
    const closed = await createRecord(admin, 'Business_Review__c', {
      Name: 'Final review',
      Business_Plan__c: ids.completed,
      Review_Date__c: '2025-12-15',
      Status__c: 'Held'
    });
    const jobs = {
      scheduled: await requestJob(casey, 'Snapshot Review', ids.recalc as string, { reviewId: scheduled }),
      elsewhere: await requestJob(casey, 'Snapshot Review', ids.recalc as string, { reviewId: elsewhere }),
      missing: await requestJob(casey, 'Snapshot Review', ids.recalc as string, {}),
      closed: await requestJob(admin, 'Snapshot Review', ids.completed as string, { reviewId: closed })
    };
    await jobsRun(connectorClient());
    const errors = Object.fromEntries(
      await Promise.all(
        Object.entries(jobs).map(async ([key, job]) => {
          const read = await readJob(admin, job);
          assert.equal(read.Status__c, 'Failed', key);
          return [key, read.Error__c] as const;
        })
      )
    );
    assert.equal(
      errors.scheduled,
      'Review "Next review" is Scheduled: progress is recorded for a held review. Mark it Held (on or after its review date), then request the snapshot again.'
    );
    assert.equal(
      errors.elsewhere,
      `Review "Jordan's review" belongs to plan ${ids.jordanPlan}, not to the job's Business Plan ${ids.recalc}.`
    );
    assert.match(errors.missing ?? '', /^Parameters: reviewId must be an 18-character Salesforce Id\./);
    assert.match(
      errors.closed ?? '',
      new RegExp(
        `^Salesforce did not save Business_Review__c ${closed}: FIELD_CUSTOM_VALIDATION_EXCEPTION: This plan is completed`
      )
    );
    assert.equal((await snapshotOf(closed)).Progress_Snapshot__c, null);
  });

  test('a channel manager cannot point a job at a plan they cannot see', async () => {
    await assert.rejects(
      requestJob(casey, 'Snapshot Review', ids.jordanPlan as string, { reviewId: ids.recalc }),
      {
        errorCode: 'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY'
      }
    );
  });
});

describe('Apply Template', () => {
  type NewPlan = Record<string, unknown> & {
    Id: string;
    Name: string;
    Partner_Account__c: string;
    Status__c: string;
    Start_Date__c: string;
    End_Date__c: string;
    OwnerId: string;
    Channel_Manager__c: string;
    Summary__c: string | null;
    Risks_And_Escalation_Path__c: string | null;
  };
  const plansFrom = async (accounts: string[]) =>
    (
      await admin.query<NewPlan>(
        `SELECT Id, Name, Partner_Account__c, Status__c, Start_Date__c, End_Date__c, OwnerId, Channel_Manager__c, Summary__c, Risks_And_Escalation_Path__c
         FROM Business_Plan__c WHERE Template__c = '${ids.template}' AND Partner_Account__c IN ('${accounts.join("', '")}') ORDER BY Name`
      )
    ).records;

  test("creates a plan per partner account with the template's narrative, objectives and targets moved to its dates", async () => {
    const job = await requestJob(casey, 'Apply Template', ids.template as string, {
      partnerAccountIds: [ids.northwind, ids.blueHarbor],
      startDate: '2027-04-01'
    });
    await jobsRun(connectorClient());
    const done = await readJob(casey, job);
    assert.equal(done.Status__c, 'Done', done.Error__c ?? '');
    assert.equal(
      done.Result__c?.split('\n')[0],
      'Applied "Jobs Template" for FY2027 (2027-04-01 to 2028-03-31): 2 plans created, 0 skipped (already had one).'
    );
    const plans = await plansFrom([ids.northwind as string, ids.blueHarbor as string]);
    assert.deepEqual(
      plans.map(({ Id: _id, attributes: _a, ...plan }) => plan),
      [
        ['Blue Harbor Systems', ids.blueHarbor],
        ['Northwind Solutions', ids.northwind]
      ].map(([name, account]) => ({
        Name: `${name} FY2027 – Jobs Template`,
        Partner_Account__c: account,
        Status__c: 'Draft Outline',
        Start_Date__c: '2027-04-01',
        End_Date__c: '2028-03-31',
        OwnerId: ids.casey,
        Channel_Manager__c: ids.casey,
        Summary__c: '<p>Grow together</p>',
        Risks_And_Escalation_Path__c: '<p>Escalate to the VP</p>'
      }))
    );
    const details = resultDetails(done) as {
      created: { planId: string; objectives: number; targets: number }[];
    };
    assert.deepEqual(
      details.created.map((c) => [c.objectives, c.targets]),
      [
        [2, 4],
        [2, 4]
      ]
    );

    for (const plan of plans) {
      const objectives = (
        await admin.query<Record<string, unknown>>(
          `SELECT Id, Name, Type__c, Category__c, Description__c, Aggregate_Function__c, Aggregate_Field__c, Period_Type__c, Weight__c, Target__c, Actual__c
           FROM Plan_Objective__c WHERE Business_Plan__c = '${plan.Id}' ORDER BY Name`
        )
      ).records.map(({ attributes: _a, ...o }) => o);
      const [certifications, registrations] = objectives as [
        Record<string, unknown>,
        Record<string, unknown>
      ];
      assert.deepEqual(
        { ...certifications, Id: null },
        {
          Id: null,
          Name: 'Certifications',
          Type__c: 'Course Completion',
          Category__c: 'Training',
          Description__c: null,
          Aggregate_Function__c: null,
          Aggregate_Field__c: null,
          Period_Type__c: 'Annually',
          Weight__c: 40,
          Target__c: 4,
          Actual__c: null
        }
      );
      assert.deepEqual(
        { ...registrations, Id: null },
        {
          Id: null,
          Name: 'Registrations',
          Type__c: 'Deal Registration',
          Category__c: 'Sales',
          Description__c: 'Registered deals',
          Aggregate_Function__c: 'COUNT',
          Aggregate_Field__c: 'Id',
          Period_Type__c: 'Quarterly',
          Weight__c: 60,
          Target__c: 40,
          Actual__c: null
        }
      );
      const rows = (
        await admin.query<Record<string, unknown>>(
          `SELECT Period_Key__c, Period_Label__c, Period_Start__c, Period_End__c, Target__c FROM Objective_Target__c
           WHERE Plan_Objective__r.Business_Plan__c = '${plan.Id}' ORDER BY Period_Start__c`
        )
      ).records.map(({ attributes: _a, ...row }) => row);
      const id = registrations.Id as string;
      assert.deepEqual(rows, [
        {
          Period_Key__c: `${id}-Q-2027-04`,
          Period_Label__c: 'FY2027 Q2',
          Period_Start__c: '2027-04-01',
          Period_End__c: '2027-06-30',
          Target__c: 5
        },
        {
          Period_Key__c: `${id}-Q-2027-07`,
          Period_Label__c: 'FY2027 Q3',
          Period_Start__c: '2027-07-01',
          Period_End__c: '2027-09-30',
          Target__c: 10
        },
        {
          Period_Key__c: `${id}-Q-2027-10`,
          Period_Label__c: 'FY2027 Q4',
          Period_Start__c: '2027-10-01',
          Period_End__c: '2027-12-31',
          Target__c: 12
        },
        {
          Period_Key__c: `${id}-Q-2028-01`,
          Period_Label__c: 'FY2028 Q1',
          Period_Start__c: '2028-01-01',
          Period_End__c: '2028-03-31',
          Target__c: 13
        }
      ]);
    }
  });

  test('running the same job again skips the accounts that already have a plan from the template', async () => {
    const before = await plansFrom([ids.northwind as string, ids.blueHarbor as string]);
    const job = await requestJob(casey, 'Apply Template', ids.template as string, {
      partnerAccountIds: [ids.northwind, ids.blueHarbor, ids.northwind],
      startDate: '2027-04-01'
    });
    await jobsRun(connectorClient());
    const done = await readJob(casey, job);
    assert.equal(done.Status__c, 'Done', done.Error__c ?? '');
    assert.match(done.Result__c ?? '', /: 0 plans created, 2 skipped \(already had one\)\./);
    const details = resultDetails(done) as { skipped: { accountId: string; planId: string }[] };
    const planOf = new Map(before.map((p) => [p.Partner_Account__c, p.Id]));
    assert.deepEqual(
      details.skipped.map((s) => [s.accountId, s.planId]),
      [
        [ids.northwind, planOf.get(ids.northwind as string)],
        [ids.blueHarbor, planOf.get(ids.blueHarbor as string)]
      ]
    );
    assert.deepEqual(
      (await plansFrom([ids.northwind as string, ids.blueHarbor as string])).map((p) => p.Id),
      before.map((p) => p.Id)
    );
  });

  test('creates plans for the partner accounts it can, and fails naming the accounts it cannot', async () => {
    const nowhere = '001000000000000AAA';
    const alpine = await idOf('Account', 'Alpine Data Partners');
    const job = await requestJob(casey, 'Apply Template', ids.template as string, {
      partnerAccountIds: [alpine, ids.customer, nowhere],
      fiscalYear: 2027,
      channelManagerId: ids.jordan
    });
    await jobsRun(connectorClient());
    const failed = await readJob(casey, job);
    assert.equal(failed.Status__c, 'Failed');
    assert.equal(
      failed.Error__c,
      `2 of 3 partner accounts did not get a complete plan. Contoso Retail: This account is not a partner account.; ${nowhere}: No such account, or the connector's user cannot see it.`
    );
    const [plan] = await plansFrom([alpine]);
    assert.deepEqual(
      [plan?.Start_Date__c, plan?.End_Date__c, plan?.Channel_Manager__c, plan?.OwnerId],
      ['2027-01-01', '2027-12-31', ids.jordan, ids.jordan]
    );
    assert.match(
      failed.Result__c ?? '',
      /^Applied "Jobs Template" for FY2027 \(2027-01-01 to 2027-12-31\): 1 plan created/
    );
  });

  test('fails for a plan that is not a template and for Parameters that say too little or too much', async () => {
    const notTemplate = await requestJob(casey, 'Apply Template', ids.recalc as string, {
      partnerAccountIds: [ids.northwind],
      fiscalYear: 2027
    });
    const noAccounts = await requestJob(casey, 'Apply Template', ids.template as string, {
      fiscalYear: 2027
    });
    const bothDates = await requestJob(casey, 'Apply Template', ids.template as string, {
      partnerAccountIds: [ids.northwind],
      fiscalYear: 2027,
      startDate: '2027-01-01'
    });
    const badDate = await requestJob(casey, 'Apply Template', ids.template as string, {
      partnerAccountIds: [ids.northwind],
      startDate: '2027-02-30'
    });
    await jobsRun(connectorClient());
    const error = async (job: string) => {
      const read = await readJob(casey, job);
      assert.equal(read.Status__c, 'Failed');
      return read.Error__c ?? '';
    };
    assert.equal(
      await error(notTemplate),
      '"Jobs Recalc" is not a template: check Is Template on it, or choose a template.'
    );
    assert.match(await error(noAccounts), /^Parameters: partnerAccountIds .+\. Expected an object such as/);
    assert.match(
      await error(bothDates),
      /^Parameters: give either fiscalYear or startDate, not both or neither\./
    );
    assert.match(await error(badDate), /^Parameters: startDate must be a date, YYYY-MM-DD\./);
  });
});

describe('claiming', () => {
  test('two connector instances running the same queued jobs run each job once', async () => {
    const jobs = await Promise.all(
      [1, 2, 3].map(() => requestJob(casey, 'Recalculate', ids.recalc as string))
    );
    const [a, b] = await Promise.all([jobsRun(connectorClient()), jobsRun(connectorClient())]);
    assert.equal((a?.claimed ?? 0) + (b?.claimed ?? 0), 3);
    assert.equal((a?.done ?? 0) + (b?.done ?? 0), 3);
    assert.deepEqual([...(a?.errors ?? []), ...(b?.errors ?? [])], []);
    for (const job of jobs) assert.equal((await readJob(casey, job)).Status__c, 'Done');
  });

  test('the org lets a job start running only from Queued', async () => {
    const job = await requestJob(admin, 'Recalculate', ids.recalc as string);
    await admin.sobject('Plan_Job__c').update({ Id: job, Status__c: 'Failed' });
    await assert.rejects(admin.sobject('Plan_Job__c').update({ Id: job, Status__c: 'Running' }), {
      errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
      message: 'This job has already been picked up. To run it again, request a new job.'
    });
  });

  test('a job left Running for over an hour is failed so it can be requested again', async () => {
    const abandoned = await createRecord(admin, 'Plan_Job__c', {
      Type__c: 'Recalculate',
      Status__c: 'Running',
      Started_On__c: '2026-11-22T08:59:00.000Z'
    });
    const running = await createRecord(admin, 'Plan_Job__c', {
      Type__c: 'Recalculate',
      Status__c: 'Running',
      Started_On__c: '2026-11-22T09:30:00.000Z'
    });
    const summary = await jobsRun(connectorClient());
    assert.equal(summary.abandoned, 1);
    const failed = await readJob(admin, abandoned);
    assert.equal(failed.Status__c, 'Failed');
    assert.match(failed.Error__c ?? '', /^The connector stopped while running this job\./);
    assert.equal((await readJob(admin, running)).Status__c, 'Running');
    await admin.sobject('Plan_Job__c').update({ Id: running, Status__c: 'Failed' });
  });
});

test('the service runs queued jobs right after the sync that POST /sync starts', async () => {
  const syncToken = 'j'.repeat(40);
  const serviceConfig = loadConfig({
    SF_LOGIN_URL: org.url,
    SF_USERNAME: CONNECTOR,
    SF_PASSWORD: DEMO_PASSWORD,
    PORT: '0',
    SYNC_TOKEN: syncToken,
    SYNC_INTERVAL_SECONDS: '3600',
    LOG_LEVEL: 'silent'
  });
  const client = connectorClient();
  const service = await startService({
    config: serviceConfig,
    salesforce: client,
    clock: fixedClock(NOW),
    logger: silentLogger()
  });
  type Status = { running: unknown; runs: { id: string; report: SyncReport }[] };
  const settled = async (): Promise<Status> => {
    for (let i = 0; i < 600; i++) {
      const status = (await (await fetch(`${service.url}/status`)).json()) as Status;
      if (!status.running && status.runs.length > 0) return status;
      await sleep(50);
    }
    throw new Error('the run did not finish');
  };
  try {
    await settled();
    const job = await requestJob(casey, 'Recalculate', ids.recalc as string);
    const started = await fetch(`${service.url}/sync`, {
      method: 'POST',
      headers: { authorization: `Bearer ${syncToken}` }
    });
    assert.equal(started.status, 202);
    const { runId } = (await started.json()) as { runId: string };
    let status = await settled();
    while (status.runs[0]?.id !== runId) status = await settled();
    assert.deepEqual(status.runs[0]?.report.jobs, {
      found: 1,
      claimed: 1,
      done: 1,
      failed: 0,
      abandoned: 0,
      errors: []
    });
    assert.equal((await readJob(casey, job)).Status__c, 'Done');
  } finally {
    await service.stop();
  }
});
