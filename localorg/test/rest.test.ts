// The local org's REST API through a stock jsforce client, as the connector and the
// sf CLI use it: sign-in, record saves and their errors, collections, tree import, limits.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import jsforce, { type Connection } from 'jsforce';
import { createRecord, signIn } from '../../test/support/salesforce.ts';
import { startLocalOrg, type LocalOrg } from '../src/index.ts';

let org: LocalOrg;
let conn: Connection;

before(async () => {
  org = await startLocalOrg({ port: 0, seed: false, ui: false });
  conn = await signIn(org);
});

after(async () => {
  await org.close();
});

const create = (type: string, values: Record<string, unknown>): Promise<string> =>
  createRecord(conn, type, values);

/** The errorCode jsforce raises for a failed call. */
async function errorCodeOf(call: PromiseLike<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    return (error as { errorCode?: string }).errorCode ?? String(error);
  }
  assert.fail('expected the call to fail');
}

describe('sign-in', () => {
  test('SOAP login returns a session for the REST API', async () => {
    const identity = await conn.identity();
    assert.equal(identity.username, org.adminUsername);
    assert.match(conn.accessToken ?? '', /^00D\w{12}!/);
  });

  test('OAuth 2.0 username-password flow returns a bearer token', async () => {
    const oauth = new jsforce.Connection({
      oauth2: { loginUrl: org.url, clientId: 'local', clientSecret: 'local' },
      version: '62.0'
    });
    await oauth.login(org.adminUsername, org.adminPassword);
    const result = await oauth.query('SELECT Id FROM User');
    assert.equal(result.totalSize, 1);
  });

  test('SOAP logout ends the session', async () => {
    const other = await signIn(org);
    const token = other.accessToken as string;
    await other.logout();
    const response = await fetch(`${org.url}/services/data/v62.0/limits`, {
      headers: { Authorization: `Bearer ${token}` }
    });
    assert.equal(response.status, 401);
  });

  test('a wrong password is INVALID_LOGIN', async () => {
    const other = new jsforce.Connection({ loginUrl: org.url, version: '62.0' });
    await assert.rejects(other.login(org.adminUsername, 'wrong'), /INVALID_LOGIN/);
  });

  test('a bad session is INVALID_SESSION_ID', async () => {
    const response = await fetch(`${org.url}/services/data/v62.0/sobjects`, {
      headers: { Authorization: 'Bearer 00Dnope!nope' }
    });
    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), [
      { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }
    ]);
  });
});

describe('records', () => {
  test('create, read, update and delete an Account', async () => {
    const created = await create('Account', { Name: 'Acme', AnnualRevenue: 1500.5, IsPartner: true });
    assert.match(created, /^001\w{15}$/);
    await conn.sobject('Account').update({ Id: created, Name: 'Acme Corp' });
    const read = (await conn.sobject('Account').retrieve(created)) as Record<string, unknown>;
    assert.equal(read.Name, 'Acme Corp');
    assert.equal(read.AnnualRevenue, 1501);
    assert.equal(read.IsPartner, true);
    await conn.sobject('Account').destroy(created);
    assert.equal(await errorCodeOf(conn.sobject('Account').retrieve(created)), 'NOT_FOUND');
  });

  test('Salesforce computes Lead.Name and Opportunity.IsWon', async () => {
    const lead = await create('Lead', { FirstName: 'Ada', LastName: 'Lovelace', Company: 'Engines' });
    const readLead = (await conn.sobject('Lead').retrieve(lead)) as Record<string, unknown>;
    assert.equal(readLead.Name, 'Ada Lovelace');
    assert.equal(readLead.Status, 'Open - Not Contacted');
    const opportunity = await create('Opportunity', {
      Name: 'Big deal',
      StageName: 'Closed Won',
      CloseDate: '2026-03-31'
    });
    const readOpportunity = (await conn.sobject('Opportunity').retrieve(opportunity)) as Record<
      string,
      unknown
    >;
    assert.equal(readOpportunity.IsWon, true);
    assert.equal(readOpportunity.IsClosed, true);
  });

  test('the admin may set CreatedDate on insert', async () => {
    const lead = await create('Lead', {
      LastName: 'Past',
      Company: 'Then',
      CreatedDate: '2026-03-31T23:30:00-04:00'
    });
    const read = (await conn.sobject('Lead').retrieve(lead)) as Record<string, unknown>;
    assert.equal(read.CreatedDate, '2026-04-01T03:30:00.000+0000');
  });

  test('a missing required field is REQUIRED_FIELD_MISSING naming the fields', async () => {
    const result = await fetch(`${org.url}/services/data/v62.0/sobjects/Lead`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${conn.accessToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ FirstName: 'No' })
    });
    assert.equal(result.status, 400);
    assert.deepEqual(await result.json(), [
      {
        message: 'Required fields are missing: [LastName, Company]',
        errorCode: 'REQUIRED_FIELD_MISSING',
        fields: ['LastName', 'Company']
      }
    ]);
  });

  test('a value outside a restricted picklist is rejected', async () => {
    const account = await create('Account', { Name: 'Partner' });
    const code = await errorCodeOf(
      conn.sobject('Business_Plan__c').create({
        Name: 'Plan',
        Partner_Account__c: account,
        Status__c: 'Approved',
        Start_Date__c: '2026-01-01',
        End_Date__c: '2026-12-31'
      })
    );
    assert.equal(code, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
  });

  test('unknown fields, long text, bad ids and wrong lookups are rejected', async () => {
    assert.equal(
      await errorCodeOf(conn.sobject('Account').create({ Name: 'x', Nope__c: 1 })),
      'INVALID_FIELD'
    );
    assert.equal(
      await errorCodeOf(conn.sobject('Account').create({ Name: 'x'.repeat(256) })),
      'STRING_TOO_LONG'
    );
    assert.equal(
      await errorCodeOf(
        conn.sobject('Lead').create({ LastName: 'x', Company: 'y', PartnerAccountId: 'bogus' })
      ),
      'MALFORMED_ID'
    );
    const user = (await conn.query<{ Id: string }>('SELECT Id FROM User')).records[0]?.Id as string;
    assert.equal(
      await errorCodeOf(conn.sobject('Lead').create({ LastName: 'x', Company: 'y', PartnerAccountId: user })),
      'FIELD_INTEGRITY_EXCEPTION'
    );
  });

  test('read-only fields cannot be written', async () => {
    const lead = await create('Lead', { LastName: 'x', Company: 'y' });
    assert.equal(
      await errorCodeOf(conn.sobject('Lead').update({ Id: lead, IsConverted: true })),
      'INVALID_FIELD_FOR_INSERT_UPDATE'
    );
  });

  test('describe lists force-app fields with their metadata', async () => {
    const describe = await conn.sobject('Plan_Objective__c').describe();
    const weight = describe.fields.find((f) => f.name === 'Weight__c');
    assert.equal(weight?.type, 'double');
    assert.ok(weight?.inlineHelpText);
    const type = describe.fields.find((f) => f.name === 'Type__c');
    assert.equal(type?.restrictedPicklist, true);
    assert.deepEqual(
      type?.picklistValues?.map((p) => p.value),
      [
        'Course Completion',
        'Deal Registration',
        'Qualified Deal Registration',
        'Number of Deals',
        'Number of Qualified Deals',
        'Custom'
      ]
    );
    const plan = await conn.sobject('Business_Plan__c').describe();
    assert.ok(plan.childRelationships.some((c) => c.relationshipName === 'Plan_Objectives__r'));
    const global = await conn.describeGlobal();
    assert.ok(global.sobjects.some((o) => o.name === 'Objective_Target__c'));
  });
});

describe('plans and their objectives', () => {
  async function newPlan(): Promise<string> {
    const account = await create('Account', { Name: 'Partner' });
    const plan = await create('Business_Plan__c', {
      Name: 'FY26',
      Partner_Account__c: account,
      Start_Date__c: '2026-01-01',
      End_Date__c: '2026-12-31'
    });
    return plan;
  }

  const newObjective = (planId: string): Promise<string> =>
    create('Plan_Objective__c', {
      Name: 'Pipeline',
      Business_Plan__c: planId,
      Type__c: 'Deal Registration',
      Weight__c: 50
    });

  test('a new plan starts in Draft Outline', async () => {
    const id = await newPlan();
    const plan = (await conn.sobject('Business_Plan__c').retrieve(id)) as Record<string, unknown>;
    assert.equal(plan.Status__c, 'Draft Outline');
  });

  test('deleting a plan deletes its objectives and targets (master-detail)', async () => {
    const planId = await newPlan();
    const objective = await newObjective(planId);
    await conn
      .sobject('Objective_Target__c')
      .create({ Plan_Objective__c: objective, Period_Key__c: `${objective}-2026-Q1` });
    await conn.sobject('Business_Plan__c').destroy(planId);
    const left = await conn.query(
      `SELECT Id FROM Objective_Target__c WHERE Plan_Objective__c = '${objective}'`
    );
    assert.equal(left.totalSize, 0);
    const deleted = await conn.query(
      `SELECT Id, IsDeleted FROM Plan_Objective__c WHERE Id = '${objective}'`,
      { scanAll: true }
    );
    assert.equal(deleted.records[0]?.IsDeleted, true);
  });

  test('collections: upsert on Period_Key__c creates, then updates, per record', async () => {
    const planId = await newPlan();
    const objective = await newObjective(planId);
    const rows = [1, 2].map((q) => ({
      Plan_Objective__c: objective,
      Period_Key__c: `${objective}-2026-Q${q}`,
      Actual__c: q * 10
    }));
    const first = await conn
      .sobject('Objective_Target__c')
      .upsert(rows, 'Period_Key__c', { allOrNone: false });
    assert.deepEqual(
      first.map((r) => [r.success, (r as { created?: boolean }).created]),
      [
        [true, true],
        [true, true]
      ]
    );
    const second = await conn
      .sobject('Objective_Target__c')
      .upsert([{ Period_Key__c: `${objective}-2026-Q1`, Actual__c: 99 }], 'Period_Key__c', {
        allOrNone: false
      });
    assert.equal((second[0] as { created?: boolean }).created, false);
    const stored = await conn.query<{ Actual__c: number }>(
      `SELECT Actual__c FROM Objective_Target__c WHERE Period_Key__c = '${objective}-2026-Q1'`
    );
    assert.equal(stored.records[0]?.Actual__c, 99);
  });

  test('collection updates name records by id, as the documentation writes it', async () => {
    const account = await create('Account', { Name: 'Lower' });
    const results = await conn.request<Array<{ success: boolean }>>({
      method: 'PATCH',
      url: '/services/data/v62.0/composite/sobjects',
      body: JSON.stringify({
        allOrNone: false,
        records: [{ attributes: { type: 'Account' }, id: account, Name: 'Lowered' }]
      }),
      headers: { 'Content-Type': 'application/json' }
    });
    assert.equal(results[0]?.success, true);
    const read = (await conn.sobject('Account').retrieve(account)) as Record<string, unknown>;
    assert.equal(read.Name, 'Lowered');
  });

  test('collections with allOrNone roll back every record when one fails', async () => {
    const before = (await conn.query('SELECT Id FROM Account')).totalSize;
    const results = await conn
      .sobject('Account')
      .create([{ Name: 'Good' }, { Name: 'x'.repeat(300) }], { allOrNone: true });
    assert.equal(results[0]?.success, false);
    assert.equal(
      (results[0] as unknown as { errors: Array<{ statusCode: string }> }).errors[0]?.statusCode,
      'ALL_OR_NONE_OPERATION_ROLLED_BACK'
    );
    assert.equal(
      (results[1] as unknown as { errors: Array<{ statusCode: string }> }).errors[0]?.statusCode,
      'STRING_TOO_LONG'
    );
    assert.equal((await conn.query('SELECT Id FROM Account')).totalSize, before);
  });

  test('collections without allOrNone keep the records that saved', async () => {
    const results = await conn
      .sobject('Account')
      .create([{ Name: 'Kept' }, { Name: 'x'.repeat(300) }], { allOrNone: false });
    assert.deepEqual(
      results.map((r) => r.success),
      [true, false]
    );
  });

  test('a duplicate external id is DUPLICATE_VALUE', async () => {
    const planId = await newPlan();
    const objective = await newObjective(planId);
    const key = `${objective}-dup`;
    await conn.sobject('Objective_Target__c').create({ Plan_Objective__c: objective, Period_Key__c: key });
    assert.equal(
      await errorCodeOf(
        conn.sobject('Objective_Target__c').create({ Plan_Objective__c: objective, Period_Key__c: key })
      ),
      'DUPLICATE_VALUE'
    );
  });

  test('sObject Tree imports a plan with its objectives in one call', async () => {
    const account = await create('Account', { Name: 'Tree Partner' });
    const response = await conn.request<{
      hasErrors: boolean;
      results: Array<{ referenceId: string; id: string }>;
    }>({
      method: 'POST',
      url: '/services/data/v62.0/composite/tree/Business_Plan__c',
      body: JSON.stringify({
        records: [
          {
            attributes: { type: 'Business_Plan__c', referenceId: 'plan1' },
            Name: 'Tree plan',
            Partner_Account__c: account,
            Start_Date__c: '2026-01-01',
            End_Date__c: '2026-12-31',
            Plan_Objectives__r: {
              records: [
                {
                  attributes: { type: 'Plan_Objective__c', referenceId: 'obj1' },
                  Name: 'Pipeline',
                  Type__c: 'Deal Registration',
                  Weight__c: 70
                }
              ]
            }
          }
        ]
      }),
      headers: { 'Content-Type': 'application/json' }
    });
    assert.equal(response.hasErrors, false);
    assert.deepEqual(
      response.results.map((r) => r.referenceId),
      ['plan1', 'obj1']
    );
    const planId = response.results[0]?.id;
    const objectives = await conn.query(
      `SELECT Name FROM Plan_Objective__c WHERE Business_Plan__c = '${planId}'`
    );
    assert.equal(objectives.totalSize, 1);
  });
});

describe('limits', () => {
  test('every response reports API usage, and calls past the limit fail', async () => {
    const limits = await conn.request<{ DailyApiRequests: { Max: number; Remaining: number } }>(
      '/services/data/v62.0/limits'
    );
    assert.equal(limits.DailyApiRequests.Max, org.usage.max);
    const response = await fetch(`${org.url}/services/data/v62.0/limits`, {
      headers: { Authorization: `Bearer ${conn.accessToken}` }
    });
    assert.match(response.headers.get('sforce-limit-info') ?? '', /^api-usage=\d+\/\d+$/);
    const used = org.usage.used();
    await fetch(`${org.url}/services/data/v62.0/ui-api/object-info/Account`, {
      headers: { Cookie: `sid=${conn.accessToken}` }
    });
    assert.equal(org.usage.used(), used, 'a Lightning page (cookie session) does not use the API allowance');
    org.usage.set(org.usage.max);
    assert.equal(await errorCodeOf(conn.query('SELECT Id FROM Account')), 'REQUEST_LIMIT_EXCEEDED');
    org.usage.set(0);
  });
});

describe('validation rules from force-app', () => {
  test('a weight over 100 fails with the rule message on the weight field', async () => {
    const account = await create('Account', { Name: 'Weights' });
    const plan = await create('Business_Plan__c', {
      Name: 'FY26',
      Partner_Account__c: account,
      Start_Date__c: '2026-01-01',
      End_Date__c: '2026-12-31'
    });
    const response = await fetch(`${org.url}/services/data/v62.0/sobjects/Plan_Objective__c`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${conn.accessToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ Name: 'Too heavy', Business_Plan__c: plan, Type__c: 'Custom', Weight__c: 150 })
    });
    assert.equal(response.status, 400);
    const [error] = (await response.json()) as Array<{
      errorCode: string;
      fields: string[];
      message: string;
    }>;
    assert.equal(error?.errorCode, 'FIELD_CUSTOM_VALIDATION_EXCEPTION');
    assert.deepEqual(error?.fields, ['Weight__c']);
    assert.match(error?.message ?? '', /weight from 1 to 100/);
  });

  test('a plan that ends before it starts is rejected, and one that ends when it starts is fine', async () => {
    const account = await create('Account', { Name: 'Dates' });
    const plan = { Name: 'FY26', Partner_Account__c: account, Start_Date__c: '2026-06-01' };
    assert.equal(
      await errorCodeOf(conn.sobject('Business_Plan__c').create({ ...plan, End_Date__c: '2026-05-31' })),
      'FIELD_CUSTOM_VALIDATION_EXCEPTION'
    );
    await create('Business_Plan__c', { ...plan, End_Date__c: '2026-06-01' });
  });
});
