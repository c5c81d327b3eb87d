// A plan across a standard and a custom fiscal year, end to end through jsforce against the
// local org. The org is in New York with fiscal years starting in February, and "2027" is a
// custom 4-4-5 year from Sunday 2026-02-01 to 2027-01-30: its months are 1–28 Feb, 1–28 Mar,
// 29 Mar – 2 May (Q1 ends 2 May), 3–30 May, 31 May – 27 Jun, 28 Jun – 1 Aug (Q2 ends 1 Aug).
// The plan runs 2025-12-01 to 2026-06-30: December and January are standard FY2026 Q4. Leads
// sit at 23:30 and just after midnight local time on the boundaries; 23:30 on 2 May is
// 03:30 UTC on 3 May, yet counts in Q1. Expected values are worked by hand below and also
// checked against a brute-force oracle over the raw records and the org's own Period rows.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Connection } from 'jsforce';
import { DateTime } from 'luxon';
import { CUSTOM_YEAR_TEMPLATES, startLocalOrg, type LocalOrg } from '../../localorg/src/index.ts';
import { fixedClock } from '../../connector/src/clock.ts';
import { loadConfig } from '../../connector/src/config.ts';
import { silentLogger } from '../../connector/src/logger.ts';
import { SalesforceClient } from '../../connector/src/salesforce/client.ts';
import type { SyncReport } from '../../connector/src/sync/report.ts';
import { runJobs } from '../../connector/src/jobs/runJobs.ts';
import { runSync } from '../../connector/src/sync/runSync.ts';
import { createPlan, createRecords, queryRecords } from '../support/planFixtures.ts';

const ZONE = 'America/New_York';
const NOW = '2026-07-05T12:00:00Z';
const PLAN = { start: '2025-12-01', end: '2026-06-30' };

/** Lead creation times, local to New York, by partner. */
const LEADS: readonly { partner: 'P1' | 'P2'; local: string }[] = [
  { partner: 'P1', local: '2025-11-30T23:30' }, // before the plan
  { partner: 'P1', local: '2025-12-01T00:10' }, // FY2026 Q4, Dec
  { partner: 'P1', local: '2026-01-31T23:30' }, // FY2026 Q4, Jan: last day of the standard year
  { partner: 'P1', local: '2026-02-01T00:30' }, // FY2027 Q1, M01
  { partner: 'P1', local: '2026-02-28T23:30' }, // FY2027 Q1, M01
  { partner: 'P1', local: '2026-03-01T00:10' }, // FY2027 Q1, M02
  { partner: 'P1', local: '2026-03-28T23:30' }, // FY2027 Q1, M02
  { partner: 'P1', local: '2026-03-29T00:00' }, // FY2027 Q1, M03
  { partner: 'P1', local: '2026-05-02T23:30' }, // FY2027 Q1, M03: 03:30 UTC on 3 May
  { partner: 'P1', local: '2026-05-03T00:30' }, // FY2027 Q2, M04
  { partner: 'P1', local: '2026-06-30T23:30' }, // FY2027 Q2, M06, last day of the plan
  { partner: 'P1', local: '2026-07-01T00:30' }, // after the plan
  { partner: 'P2', local: '2026-04-10T12:00' } // another partner's
];

/** Opportunity close dates (Date fields: no zone) and amounts, all P1. */
const OPPORTUNITIES = [
  { CloseDate: '2026-01-31', Amount: 100 },
  { CloseDate: '2026-02-01', Amount: 200 },
  { CloseDate: '2026-05-02', Amount: 400 },
  { CloseDate: '2026-05-03', Amount: 800 }
];

/** Worked by hand from the comments above: Period key suffix → [start, end, label, actual]. */
const EXPECTED: Record<string, [string, string, string, number][]> = {
  Deals: [
    ['Q-2025-11', '2025-12-01', '2026-01-31', 'FY2026 Q4', 2],
    ['Q-2026-02-01', '2026-02-01', '2026-05-02', 'FY2027 Q1', 6],
    ['Q-2026-05-03', '2026-05-03', '2026-06-30', 'FY2027 Q2', 2]
  ].map(([key, start, end, label, n]) => [`${key}|${start}`, end as string, label as string, n as number]),
  'Deals monthly': [
    ['M-2025-12', '2025-12-01', '2025-12-31', 'FY2026 M11 (Dec 2025)', 1],
    ['M-2026-01', '2026-01-01', '2026-01-31', 'FY2026 M12 (Jan 2026)', 1],
    ['M-2026-02-01', '2026-02-01', '2026-02-28', 'FY2027 M01 (1 Feb 2026)', 2],
    ['M-2026-03-01', '2026-03-01', '2026-03-28', 'FY2027 M02 (1 Mar 2026)', 2],
    ['M-2026-03-29', '2026-03-29', '2026-05-02', 'FY2027 M03 (29 Mar 2026)', 2],
    ['M-2026-05-03', '2026-05-03', '2026-05-30', 'FY2027 M04 (3 May 2026)', 1],
    ['M-2026-05-31', '2026-05-31', '2026-06-27', 'FY2027 M05 (31 May 2026)', 0],
    ['M-2026-06-28', '2026-06-28', '2026-06-30', 'FY2027 M06 (28 Jun 2026)', 1]
  ].map(([key, start, end, label, n]) => [`${key}|${start}`, end as string, label as string, n as number]),
  'Deals annual': [
    ['Y-2025-02', '2025-12-01', '2026-01-31', 'FY2026', 2],
    ['Y-2026-02-01', '2026-02-01', '2026-06-30', 'FY2027', 8]
  ].map(([key, start, end, label, n]) => [`${key}|${start}`, end as string, label as string, n as number]),
  Pipeline: [
    ['Q-2025-11', '2025-12-01', '2026-01-31', 'FY2026 Q4', 100],
    ['Q-2026-02-01', '2026-02-01', '2026-05-02', 'FY2027 Q1', 600],
    ['Q-2026-05-03', '2026-05-03', '2026-06-30', 'FY2027 Q2', 800]
  ].map(([key, start, end, label, n]) => [`${key}|${start}`, end as string, label as string, n as number])
};

let org: LocalOrg;
let conn: Connection;
let client: SalesforceClient;
let report: SyncReport;
const objectiveIds = new Map<string, string>();
const partnerIds: Record<string, string> = {};
const leadDays: { partnerId: string; day: string }[] = [];

before(async () => {
  org = await startLocalOrg({
    ui: false,
    timeZoneSidKey: ZONE,
    fiscalYearStartMonth: 2,
    clock: () => new Date(NOW),
    customFiscalYears: [{ name: '2027', startDate: '2026-02-01', quarters: CUSTOM_YEAR_TEMPLATES['4-4-5'] }]
  });
  conn = new Connection({ loginUrl: org.url, version: '62.0' });
  await conn.login(org.adminUsername, org.adminPassword);
  const [p1, p2, customer] = await createRecords(conn, 'Account', [
    { Name: 'Northwind', IsPartner: true },
    { Name: 'Contoso', IsPartner: true },
    { Name: 'Customer' }
  ]);
  partnerIds.P1 = p1 as string;
  partnerIds.P2 = p2 as string;
  const leads = LEADS.map((lead, index) => {
    const instant = DateTime.fromISO(lead.local, { zone: ZONE });
    assert.ok(instant.isValid, lead.local);
    return {
      LastName: `Lead ${index + 1}`,
      Company: 'Prospect',
      Status: 'Open - Not Contacted',
      PartnerAccountId: partnerIds[lead.partner],
      CreatedDate: instant.toUTC().toISO() as string
    };
  });
  await createRecords(conn, 'Lead', leads);
  for (const lead of leads) {
    // The oracle's day: the UTC instant read back in the zone, independently of the connector.
    leadDays.push({
      partnerId: lead.PartnerAccountId as string,
      day: DateTime.fromISO(lead.CreatedDate).setZone(ZONE).toISODate() as string
    });
  }
  await createRecords(
    conn,
    'Opportunity',
    OPPORTUNITIES.map((o, index) => ({
      Name: `Deal ${index + 1}`,
      StageName: 'Prospecting',
      AccountId: customer,
      PartnerAccountId: partnerIds.P1,
      ...o
    }))
  );
  const plan = await createPlan(
    conn,
    {
      label: 'Across the custom year',
      ...PLAN,
      objectives: [
        { label: 'Deals', type: 'Number of Deals', weight: 1, target: 20 },
        { label: 'Deals monthly', type: 'Number of Deals', periodType: 'Monthly', weight: 1, target: 20 },
        { label: 'Deals annual', type: 'Number of Deals', periodType: 'Annually', weight: 1, target: 20 },
        {
          label: 'Pipeline',
          type: 'Qualified Deal Registration',
          fn: 'SUM',
          field: 'Amount',
          weight: 1,
          target: 3000
        }
      ]
    },
    partnerIds.P1
  );
  for (const [label, id] of plan.objectiveIds) objectiveIds.set(label, id);
  const config = loadConfig({
    SF_LOGIN_URL: org.url,
    SF_USERNAME: org.adminUsername,
    SF_PASSWORD: org.adminPassword,
    LOG_LEVEL: 'silent'
  });
  client = new SalesforceClient({ ...config.salesforce, logger: silentLogger() });
  report = await runSync({
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

interface Row {
  Period_Key__c: string;
  Period_Start__c: string;
  Period_End__c: string;
  Period_Label__c: string;
  Actual__c: number | null;
}

const rowsOf = (objectiveId: string): Promise<Row[]> =>
  queryRecords<Row>(
    conn,
    `SELECT Period_Key__c, Period_Start__c, Period_End__c, Period_Label__c, Actual__c FROM Objective_Target__c WHERE Plan_Objective__c = '${objectiveId}' ORDER BY Period_Start__c`
  );

test('periods of a plan across a standard and a custom 4-4-5 year follow the Period rows, keyed and labelled by hand-worked values', async () => {
  assert.equal(report.outcome, 'completed', JSON.stringify(report.errors, null, 2));
  for (const [label, expected] of Object.entries(EXPECTED)) {
    const objectiveId = objectiveIds.get(label) as string;
    const rows = await rowsOf(objectiveId);
    assert.deepEqual(
      rows.map((r) => [
        `${r.Period_Key__c.slice(objectiveId.length + 1)}|${r.Period_Start__c}`,
        r.Period_End__c,
        r.Period_Label__c,
        r.Actual__c
      ]),
      expected,
      label
    );
  }
  const [deals] = await queryRecords<{ Actual__c: number }>(
    conn,
    `SELECT Actual__c FROM Plan_Objective__c WHERE Id = '${objectiveIds.get('Deals')}'`
  );
  assert.equal(deals?.Actual__c, 10, "the plan holds 10 of P1's leads");
});

test("every period actual equals a brute-force count over the raw leads, placed by the org's own Period rows", async () => {
  // Independent of the connector: each row's days are checked to be one Period (or a standard
  // one, clipped to the plan) and its actual recounted from the leads' local days.
  const periods = await queryRecords<{ Type: string; StartDate: string; EndDate: string }>(
    conn,
    "SELECT Type, StartDate, EndDate FROM Period WHERE Type IN ('Year', 'Quarter', 'Month') AND EndDate >= 2025-12-01 AND StartDate <= 2026-06-30"
  );
  const clip = (p: { StartDate: string; EndDate: string }): string =>
    `${p.StartDate < PLAN.start ? PLAN.start : p.StartDate}..${p.EndDate > PLAN.end ? PLAN.end : p.EndDate}`;
  const TYPE: Record<string, string> = { Deals: 'Quarter', 'Deals monthly': 'Month', 'Deals annual': 'Year' };
  for (const [label, type] of Object.entries(TYPE)) {
    const rows = await rowsOf(objectiveIds.get(label) as string);
    const expectedSpans = periods
      .filter((p) => p.Type === type)
      .map(clip)
      .sort();
    assert.deepEqual(
      rows.map((r) => `${r.Period_Start__c}..${r.Period_End__c}`).sort(),
      expectedSpans,
      label
    );
    for (const row of rows) {
      const count = leadDays.filter(
        (l) => l.partnerId === partnerIds.P1 && row.Period_Start__c <= l.day && l.day <= row.Period_End__c
      ).length;
      assert.equal(row.Actual__c, count, `${label} ${row.Period_Key__c}`);
    }
  }
});

test('Apply Template for custom year 2027 makes a plan of exactly its weeks, with the targets in its quarters', async () => {
  // A standard-year template (FY2026: 2025-02-01 to 2026-01-31) with targets in its Q1 and Q4.
  const [template] = await createRecords(conn, 'Business_Plan__c', [
    {
      Name: 'Custom year template',
      Status__c: 'Draft Outline',
      Is_Template__c: true,
      Start_Date__c: '2025-02-01',
      End_Date__c: '2026-01-31'
    }
  ]);
  const [objective] = await createRecords(conn, 'Plan_Objective__c', [
    {
      Name: 'Registrations',
      Business_Plan__c: template,
      Type__c: 'Number of Deals',
      Period_Type__c: 'Quarterly',
      Weight__c: 100,
      Target__c: 40
    }
  ]);
  await createRecords(
    conn,
    'Objective_Target__c',
    [
      ['Q-2025-02', '2025-02-01', '2025-04-30', 15],
      ['Q-2025-11', '2025-11-01', '2026-01-31', 25]
    ].map(([key, start, end, target]) => ({
      Plan_Objective__c: objective,
      Period_Key__c: `${objective}-${key}`,
      Period_Start__c: start,
      Period_End__c: end,
      Target__c: target
    }))
  );
  const [job] = await createRecords(conn, 'Plan_Job__c', [
    {
      Type__c: 'Apply Template',
      Business_Plan__c: template,
      Parameters__c: JSON.stringify({ partnerAccountIds: [partnerIds.P2], fiscalYear: 2027 })
    }
  ]);
  const summary = await runJobs({
    salesforce: client,
    clock: fixedClock(NOW),
    logger: silentLogger(),
    recalculate: async () => report
  });
  const [done] = await queryRecords<{ Status__c: string; Error__c: string | null }>(
    conn,
    `SELECT Status__c, Error__c FROM Plan_Job__c WHERE Id = '${job}'`
  );
  assert.equal(done?.Status__c, 'Done', `${done?.Error__c} ${JSON.stringify(summary)}`);
  const [plan] = await queryRecords<{ Id: string; Start_Date__c: string; End_Date__c: string }>(
    conn,
    `SELECT Id, Start_Date__c, End_Date__c FROM Business_Plan__c WHERE Template__c = '${template}'`
  );
  // The 4-4-5 year "2027" runs from Sunday 2026-02-01 to Saturday 2027-01-30 (52 weeks).
  assert.deepEqual([plan?.Start_Date__c, plan?.End_Date__c], ['2026-02-01', '2027-01-30']);
  const targets = await queryRecords<{ Period_Key__c: string; Period_Label__c: string; Target__c: number }>(
    conn,
    `SELECT Period_Key__c, Period_Label__c, Target__c FROM Objective_Target__c WHERE Plan_Objective__r.Business_Plan__c = '${plan?.Id}' ORDER BY Period_Start__c`
  );
  // Moved twelve months: Q1's target to custom Q1 (from 1 Feb), Q4's (1 Nov) to custom Q4, which
  // starts on 1 Nov after Q1 (13 weeks to 2 May), Q2 (to 1 Aug) and Q3 (to 31 Oct).
  assert.deepEqual(
    targets.map((t) => [t.Period_Key__c.replace(/^\w+-/, ''), t.Period_Label__c, t.Target__c]),
    [
      ['Q-2026-02-01', 'FY2027 Q1', 15],
      ['Q-2026-11-01', 'FY2027 Q4', 25]
    ]
  );
});
