// End to end: the connector, signed in as its least-privilege API user (Connector_Integration),
// keeps partner sharing in step with a plan's status and partner account, and emails the
// primary partner contact once per move from Draft Outline to Draft, against the seeded local
// org over HTTP. What partners can see is checked by signing in as them, not by reading the
// connector's report: Northwind's executive is Ava, Blue Harbor's is Mei (seed/demo.ts).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Connection } from 'jsforce';
import { fixedClock } from '../../connector/src/clock.ts';
import { loadConfig } from '../../connector/src/config.ts';
import { silentLogger } from '../../connector/src/logger.ts';
import { SalesforceClient } from '../../connector/src/salesforce/client.ts';
import type { SyncReport } from '../../connector/src/sync/report.ts';
import { runSync } from '../../connector/src/sync/runSync.ts';
import { startLocalOrg, type LocalOrg } from '../../localorg/src/index.ts';
import { createRecord, signIn } from '../support/salesforce.ts';

const AVA = 'ava.lindqvist@northwind.partner.test';
const MEI = 'mei.tanaka@blueharbor.partner.test';

let org: LocalOrg;
let client: SalesforceClient;
let admin: Connection;
let casey: Connection;
let ava: Connection;
let mei: Connection;
const ids = {
  northwind: '',
  blueHarbor: '',
  avaContact: '',
  meiContact: '',
  northwindGroup: '',
  blueHarborGroup: '',
  plan: '',
  actionItem: ''
};
let run = 0;

async function sync(): Promise<SyncReport> {
  run++;
  const config = loadConfig({
    SF_LOGIN_URL: org.url,
    SF_USERNAME: 'connector@localorg.test',
    SF_PASSWORD: 'localorg',
    LOG_LEVEL: 'silent'
  });
  return runSync({
    salesforce: client,
    clock: fixedClock(`2026-03-0${run}T10:00:00.000Z`),
    logger: silentLogger(),
    sources: config.sources
  });
}

async function one(conn: Connection, soql: string): Promise<Record<string, unknown>> {
  const { records } = await conn.query<Record<string, unknown>>(soql);
  assert.equal(records.length, 1, soql);
  return records[0] as Record<string, unknown>;
}

async function sees(conn: Connection, object: string, id: string): Promise<boolean> {
  return (await conn.query(`SELECT Id FROM ${object} WHERE Id = '${id}'`)).totalSize === 1;
}

async function partnerShares(planId: string): Promise<Array<{ group: string; level: string }>> {
  const { records } = await admin.query<{ UserOrGroupId: string; AccessLevel: string }>(
    `SELECT UserOrGroupId, AccessLevel FROM Business_Plan__Share WHERE ParentId = '${planId}' AND RowCause = 'Manual' ORDER BY UserOrGroupId`
  );
  return records.map((r) => ({ group: r.UserOrGroupId, level: r.AccessLevel }));
}

const setPlan = (conn: Connection, values: Record<string, unknown>) =>
  conn.sobject('Business_Plan__c').update({ Id: ids.plan, ...values });

before(async () => {
  org = await startLocalOrg({ port: 0, seed: true, ui: false });
  [admin, casey, ava, mei] = await Promise.all([
    signIn(org),
    signIn(org, 'casey.morgan@localorg.test'),
    signIn(org, AVA),
    signIn(org, MEI)
  ]);
  const config = loadConfig({
    SF_LOGIN_URL: org.url,
    SF_USERNAME: 'connector@localorg.test',
    SF_PASSWORD: 'localorg',
    LOG_LEVEL: 'silent'
  });
  client = new SalesforceClient({ ...config.salesforce, logger: silentLogger() });
  for (const [key, name] of [
    ['northwind', 'Northwind Solutions'],
    ['blueHarbor', 'Blue Harbor Systems']
  ] as const)
    ids[key] = (await one(admin, `SELECT Id FROM Account WHERE Name = '${name}'`)).Id as string;
  for (const [key, email] of [
    ['avaContact', AVA],
    ['meiContact', MEI]
  ] as const)
    ids[key] = (await one(admin, `SELECT Id FROM Contact WHERE Email = '${email}'`)).Id as string;
  for (const [key, account] of [
    ['northwindGroup', ids.northwind],
    ['blueHarborGroup', ids.blueHarbor]
  ] as const)
    ids[key] = (
      await one(
        admin,
        `SELECT Id FROM Group WHERE Type = 'RoleAndSubordinates' AND RelatedId IN (SELECT Id FROM UserRole WHERE PortalAccountId = '${account}' AND PortalRole = 'Executive')`
      )
    ).Id as string;
});

after(async () => {
  await client.close();
  await org.close();
});

describe('the connector’s partner share maintenance', () => {
  test('the seeded demo is already shared as the connector would share it: the first run changes no share', async () => {
    const report = await sync();
    assert.deepEqual(
      report.errors.filter((e) => e.object === 'Business_Plan__Share' || e.object === 'Business_Plan__c'),
      []
    );
    // Four demo plans: Northwind (In Progress and last year's Completed), Blue Harbor (Draft), Alpine (Draft Outline).
    assert.deepEqual(report.partnerShares, {
      plans: 4,
      granted: 0,
      changed: 0,
      revoked: 0,
      failed: 0,
      unreachable: 0
    });
    // The Blue Harbor plan was seeded in Draft, never announced: its primary contact (Mei) hears of it.
    assert.deepEqual(
      org.outbox.sent().map((e) => e.to),
      [[MEI]]
    );
    assert.equal(report.notifications.sent, 1);
  });

  test('a Draft Outline plan is not shared, and a share made by mistake is revoked with its children', async () => {
    ids.plan = await createRecord(casey, 'Business_Plan__c', {
      Name: 'Northwind FY27 expansion',
      Partner_Account__c: ids.northwind,
      Primary_Partner_Contact__c: ids.avaContact,
      Start_Date__c: '2027-01-01',
      End_Date__c: '2027-12-31'
    });
    ids.actionItem = await createRecord(casey, 'Plan_Action_Item__c', {
      Name: 'Kick-off',
      Business_Plan__c: ids.plan,
      Due_Date__c: '2027-01-15'
    });
    await createRecord(admin, 'Business_Plan__Share', {
      ParentId: ids.plan,
      UserOrGroupId: ids.northwindGroup,
      AccessLevel: 'Edit',
      RowCause: 'Manual'
    });
    // The restriction rule hides the plan itself, but not its children: the share does.
    assert.equal(await sees(ava, 'Business_Plan__c', ids.plan), false);
    assert.equal(await sees(ava, 'Plan_Action_Item__c', ids.actionItem), true);

    const report = await sync();
    assert.equal(report.partnerShares.revoked, 1);
    assert.equal(report.partnerShares.granted, 0);
    assert.deepEqual(await partnerShares(ids.plan), []);
    assert.equal(await sees(ava, 'Plan_Action_Item__c', ids.actionItem), false);
  });

  test('moving to Draft shares the plan with the partner for editing and emails the primary contact once', async () => {
    await setPlan(casey, { Status__c: 'Draft' });
    const before = org.outbox.sent().length;
    const report = await sync();
    assert.equal(report.partnerShares.granted, 1);
    assert.deepEqual(await partnerShares(ids.plan), [{ group: ids.northwindGroup, level: 'Edit' }]);
    assert.equal(await sees(ava, 'Business_Plan__c', ids.plan), true);
    assert.equal(await sees(ava, 'Plan_Action_Item__c', ids.actionItem), true);
    assert.equal(await sees(mei, 'Business_Plan__c', ids.plan), false);
    const edited = await ava.sobject('Business_Plan__c').update({ Id: ids.plan, Summary__c: 'Our part' });
    assert.ok(edited.success);

    const sent = org.outbox.sent().slice(before);
    assert.equal(sent.length, 1);
    assert.deepEqual(sent[0]?.to, [AVA]);
    assert.match(sent[0]?.subject ?? '', /Northwind FY27 expansion/);
    assert.match(sent[0]?.body ?? '', /Casey Morgan has shared the business plan "Northwind FY27 expansion"/);
    assert.equal(sent[0]?.from, 'connector@localorg.test');
    const stamped = await one(
      admin,
      `SELECT Partner_Notified_On__c FROM Business_Plan__c WHERE Id = '${ids.plan}'`
    );
    assert.ok(stamped.Partner_Notified_On__c);

    // Later runs (and a restarted connector: the stamp is in the org) neither share again nor email again.
    const again = await sync();
    assert.deepEqual(
      [
        again.partnerShares.granted,
        again.partnerShares.changed,
        again.partnerShares.revoked,
        again.notifications.sent
      ],
      [0, 0, 0, 0]
    );
    assert.equal(org.outbox.sent().length, before + 1);
  });

  test('moving the plan to another partner account takes it from the old partner and gives it to the new one', async () => {
    await setPlan(casey, { Partner_Account__c: ids.blueHarbor, Primary_Partner_Contact__c: ids.meiContact });
    const report = await sync();
    assert.deepEqual([report.partnerShares.revoked, report.partnerShares.granted], [1, 1]);
    assert.deepEqual(await partnerShares(ids.plan), [{ group: ids.blueHarborGroup, level: 'Edit' }]);
    assert.equal(await sees(ava, 'Business_Plan__c', ids.plan), false);
    assert.equal(await sees(ava, 'Plan_Action_Item__c', ids.actionItem), false);
    assert.equal(await sees(mei, 'Business_Plan__c', ids.plan), true);
    // Still the same move to Draft: no second email.
    assert.equal(report.notifications.sent, 0);
  });

  test('stepping back to Draft Outline revokes the share; the next move to Draft notifies again', async () => {
    await setPlan(casey, { Status__c: 'Draft Outline' });
    const back = await sync();
    assert.equal(back.partnerShares.revoked, 1);
    assert.equal(await sees(mei, 'Business_Plan__c', ids.plan), false);
    const cleared = await one(
      admin,
      `SELECT Partner_Notified_On__c FROM Business_Plan__c WHERE Id = '${ids.plan}'`
    );
    assert.equal(cleared.Partner_Notified_On__c, null);

    await setPlan(casey, { Status__c: 'Draft' });
    const before = org.outbox.sent().length;
    const forward = await sync();
    assert.equal(forward.partnerShares.granted, 1);
    assert.equal(forward.notifications.sent, 1);
    assert.deepEqual(
      org.outbox
        .sent()
        .slice(before)
        .map((e) => e.to),
      [[MEI]]
    );
  });

  test('a completed plan stays visible to the partner but read-only', async () => {
    const meiId = (await one(admin, `SELECT Id FROM User WHERE Username = '${MEI}'`)).Id as string;
    await setPlan(mei, {
      Status__c: 'In Progress',
      Partner_Approved_By__c: meiId,
      Partner_Approved_On__c: '2026-03-06T09:00:00.000Z'
    });
    await setPlan(casey, { Status__c: 'Completed' });
    const report = await sync();
    assert.equal(report.partnerShares.changed, 1);
    assert.deepEqual(await partnerShares(ids.plan), [{ group: ids.blueHarborGroup, level: 'Read' }]);
    assert.equal(await sees(mei, 'Business_Plan__c', ids.plan), true);
    const refused = await mei
      .sobject('Business_Plan__c')
      .update({ Id: ids.plan, Summary__c: 'Too late' })
      .then(
        () => 'saved',
        (error: { errorCode?: string }) => error.errorCode
      );
    assert.equal(refused, 'INSUFFICIENT_ACCESS_OR_READONLY');
  });
});

describe('the local org’s emailSimple action', () => {
  test('answers each input on its own, sending the good ones', async () => {
    const before = org.outbox.sent().length;
    const results = await casey.requestPost<unknown[]>('/services/data/v62.0/actions/standard/emailSimple', {
      inputs: [
        { emailAddresses: 'a@example.com, b@example.com', emailSubject: 'Hi', emailBody: 'Body' },
        { emailAddresses: 'not-an-address', emailSubject: 'Hi', emailBody: 'Body' },
        { emailAddresses: 'a@example.com', emailBody: 'No subject' },
        {
          emailAddresses: 'a@example.com',
          emailSubject: 'Hi',
          emailBody: 'Body',
          senderType: 'OrgWideEmailAddress'
        }
      ]
    });
    assert.deepEqual(results, [
      { actionName: 'emailSimple', errors: null, isSuccess: true, outputValues: {} },
      {
        actionName: 'emailSimple',
        errors: [
          {
            statusCode: 'INVALID_EMAIL_ADDRESS',
            message: 'Email address is invalid: not-an-address',
            fields: ['emailAddresses']
          }
        ],
        isSuccess: false,
        outputValues: null
      },
      {
        actionName: 'emailSimple',
        errors: [
          {
            statusCode: 'REQUIRED_FIELD_MISSING',
            message: 'Missing required input parameter: emailSubject',
            fields: ['emailSubject']
          }
        ],
        isSuccess: false,
        outputValues: null
      },
      {
        actionName: 'emailSimple',
        errors: [
          {
            statusCode: 'INVALID_INPUT',
            message:
              'This org has no organization-wide email addresses; use CurrentUser or DefaultWorkflowUser.',
            fields: ['senderType']
          }
        ],
        isSuccess: false,
        outputValues: null
      }
    ]);
    const sent = org.outbox.sent().slice(before);
    assert.deepEqual(
      sent.map((e) => [e.to, e.from, e.subject]),
      [[['a@example.com', 'b@example.com'], 'casey.morgan@localorg.test', 'Hi']]
    );
  });

  test('refuses a call without inputs, and an action it does not have', async () => {
    const code = (call: Promise<unknown>) =>
      call.then(
        () => 'ok',
        (e: { errorCode?: string }) => e.errorCode
      );
    assert.equal(
      await code(casey.requestPost('/services/data/v62.0/actions/standard/emailSimple', { inputs: [] })),
      'JSON_PARSER_ERROR'
    );
    assert.equal(
      await code(casey.requestPost('/services/data/v62.0/actions/standard/chatterPost', { inputs: [{}] })),
      'NOT_FOUND'
    );
  });
});
