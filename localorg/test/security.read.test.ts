// What each persona can read, through every door a real org has: SOQL on the object, by Id,
// through relationships (parent paths, child subqueries, semi-joins), aggregates, queryAll,
// the UI API, and describe. Expectations are worked out in securityFixture.ts's table.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Connection } from 'jsforce';
import {
  errorCodeOf,
  type Persona,
  type PlanFamily,
  type SecurityWorld,
  startSecurityWorld
} from './securityFixture.ts';
import { uiApiCall } from './uiApiHttp.ts';

let world: SecurityWorld;

before(async () => {
  world = await startSecurityWorld();
});

after(() => world.close());

type PlanKey = 'A0' | 'A1' | 'A2' | 'C' | 'B1';
const PLAN_KEYS: PlanKey[] = ['A0', 'A1', 'A2', 'B1', 'C'];

/** Hand-worked from the fixture's table. */
const VISIBLE_PLANS: Record<Persona, PlanKey[]> = {
  admin: ['A0', 'A1', 'A2', 'B1', 'C'],
  // Owner of the A plans and C; B1 is shared with Blue Harbor's people, whose roles roll up to the Channel Manager role.
  casey: ['A0', 'A1', 'A2', 'B1', 'C'],
  // Owner of B1; the A plans are shared with Northwind's people, below the same role; C is Casey's alone.
  jordan: ['A0', 'A1', 'A2', 'B1'],
  // Connector_Integration: View All and Modify All on Business_Plan__c.
  connector: ['A0', 'A1', 'A2', 'B1', 'C'],
  // Shared with Northwind's people; A0 is shared too, but the restriction rule hides Draft Outline plans.
  ava: ['A1', 'A2'],
  noah: ['A1', 'A2'],
  mei: ['B1'],
  liam: ['B1']
};

const PERSONAS = Object.keys(VISIBLE_PLANS) as Persona[];

const idsOf = (keys: PlanKey[], part: keyof PlanFamily = 'plan'): string[] =>
  keys.map((k) => world.plans[k][part]).sort();

const fixtureIds = (part: keyof PlanFamily): string =>
  PLAN_KEYS.map((k) => `'${world.plans[k][part]}'`).join(', ');

async function ids(conn: Connection, soql: string): Promise<string[]> {
  const { records } = await conn.query<{ Id: string }>(soql);
  return records.map((r) => r.Id).sort();
}

describe('business plans by query', () => {
  for (const persona of PERSONAS) {
    test(`${persona} reads exactly the plans sharing gives them`, async () => {
      assert.deepEqual(
        await ids(world.as[persona], `SELECT Id FROM Business_Plan__c WHERE Id IN (${fixtureIds('plan')})`),
        idsOf(VISIBLE_PLANS[persona])
      );
    });
  }

  test('no partner user sees a Draft Outline plan, even one shared with them by mistake', async () => {
    for (const persona of ['ava', 'noah', 'mei', 'liam'] as const) {
      const { records } = await world.as[persona].query(
        "SELECT Id FROM Business_Plan__c WHERE Status__c = 'Draft Outline'"
      );
      assert.deepEqual(records, [], persona);
    }
  });
});

describe('partner A never reads partner B', () => {
  const b = () => world.plans.B1;

  test('not by Id', async () => {
    const ava = world.as.ava;
    assert.equal(await errorCodeOf(ava.sobject('Business_Plan__c').retrieve(b().plan)), 'NOT_FOUND');
    assert.equal(await errorCodeOf(ava.sobject('Plan_Objective__c').retrieve(b().objective)), 'NOT_FOUND');
    assert.equal(await errorCodeOf(ava.sobject('Objective_Target__c').retrieve(b().target)), 'NOT_FOUND');
    assert.equal(await errorCodeOf(ava.sobject('Plan_Action_Item__c').retrieve(b().actionItem)), 'NOT_FOUND');
    assert.equal(await errorCodeOf(ava.sobject('Business_Review__c').retrieve(b().review)), 'NOT_FOUND');
  });

  test('not as children of any kind', async () => {
    const ava = world.as.ava;
    for (const [object, part] of [
      ['Plan_Objective__c', 'objective'],
      ['Objective_Target__c', 'target'],
      ['Plan_Action_Item__c', 'actionItem'],
      ['Plan_Target_Account__c', 'targetAccount'],
      ['Business_Review__c', 'review']
    ] as const) {
      const seen = await ids(ava, `SELECT Id FROM ${object} WHERE Id IN (${fixtureIds(part)})`);
      assert.ok(!seen.includes(b()[part]), object);
      // A0's children stay readable: restriction rules do not reach child records, the share does.
      assert.deepEqual(seen, idsOf(['A0', 'A1', 'A2'], part), object);
    }
  });

  test('not through relationships: parent paths, child subqueries and semi-joins', async () => {
    const ava = world.as.ava;
    const parents = await ava.query<{ Id: string; Business_Plan__r: { Name: string } | null }>(
      `SELECT Id, Business_Plan__r.Name FROM Plan_Objective__c WHERE Business_Plan__r.Partner_Account__c = '${world.accounts.blueHarbor}'`
    );
    assert.equal(parents.totalSize, 0);
    const withChildren = await ava.query<{ Id: string; Plan_Objectives__r: { records: unknown[] } | null }>(
      `SELECT Id, (SELECT Id FROM Plan_Objectives__r) FROM Business_Plan__c WHERE Id IN (${fixtureIds('plan')})`
    );
    assert.deepEqual(withChildren.records.map((r) => r.Id).sort(), idsOf(['A1', 'A2']));
    const semiJoin = await ids(
      ava,
      `SELECT Id FROM Business_Plan__c WHERE Id IN (SELECT Business_Plan__c FROM Plan_Objective__c WHERE Id = '${b().objective}')`
    );
    assert.deepEqual(semiJoin, []);
    // Blue Harbor's account is not Northwind's to read, so neither are its plans through it.
    const accounts = await ava.query<{ Id: string }>(
      `SELECT Id, (SELECT Id FROM Business_Plans__r) FROM Account WHERE Id = '${world.accounts.blueHarbor}'`
    );
    assert.equal(accounts.totalSize, 0);
  });

  test('not by aggregate', async () => {
    const ava = world.as.ava;
    const count = await ava.query(
      `SELECT COUNT() FROM Plan_Objective__c WHERE Business_Plan__c = '${b().plan}'`
    );
    assert.equal(count.totalSize, 0);
    const grouped = await ava.query<{ Business_Plan__c: string; n: number }>(
      `SELECT Business_Plan__c, COUNT(Id) n FROM Plan_Objective__c WHERE Id IN (${fixtureIds('objective')}) GROUP BY Business_Plan__c`
    );
    assert.deepEqual(grouped.records.map((r) => r.Business_Plan__c).sort(), idsOf(['A0', 'A1', 'A2']));
    const total = await ava.query<{ expr0: number }>(
      `SELECT SUM(Target__c) FROM Plan_Objective__c WHERE Id IN (${fixtureIds('objective')})`
    );
    // Three Northwind objectives with a target of 40 each.
    assert.equal(total.records[0]?.expr0, 120);
  });

  test('not with queryAll', async () => {
    const { records } = await world.as.mei.query<{ Id: string }>(
      `SELECT Id FROM Business_Plan__c WHERE Id IN (${fixtureIds('plan')})`,
      { scanAll: true }
    );
    assert.deepEqual(
      records.map((r) => r.Id),
      [world.plans.B1.plan]
    );
  });

  test('not through the UI API', async () => {
    const session = { url: world.org.url, accessToken: world.as.ava.accessToken as string };
    const record = await uiApiCall(session, 'GET', `/records/${b().plan}?fields=Business_Plan__c.Name`);
    assert.equal(record.status, 404);
    const related = await uiApiCall<{ records: unknown[] }>(
      session,
      'GET',
      `/related-list-records/${world.accounts.northwind}/Business_Plans__r?fields=Business_Plan__c.Name&pageSize=50`
    );
    assert.equal(related.status, 200);
    const names = (related.body.records as Array<{ fields: { Name: { value: string } } }>).map(
      (r) => r.fields.Name.value
    );
    assert.ok(!names.some((n) => n.includes('B1')));
    assert.ok(!names.includes('Test A0'));
    assert.ok(names.includes('Test A1'));
  });
});

describe('accounts, contacts and users', () => {
  test('a partner user reads their own account only, and its contacts', async () => {
    const accounts = await ids(world.as.noah, 'SELECT Id FROM Account');
    assert.deepEqual(accounts, [world.accounts.northwind]);
    const { records } = await world.as.noah.query<{ Account: { Name: string } }>(
      'SELECT Account.Name FROM Contact'
    );
    assert.ok(records.length >= 2);
    assert.ok(records.every((r) => r.Account.Name === 'Northwind Solutions'));
  });

  test("a partner user sees their account's users and its channel manager, not other partners' users", async () => {
    const { records } = await world.as.noah.query<{ Username: string }>(
      'SELECT Username FROM User ORDER BY Username'
    );
    assert.deepEqual(
      records.map((r) => r.Username),
      [
        'ava.lindqvist@northwind.partner.test',
        'casey.morgan@localorg.test',
        'noah.patel@northwind.partner.test'
      ]
    );
  });

  test('a channel manager reads every account and user, as internal defaults are public', async () => {
    const { totalSize } = await world.as.jordan.query('SELECT Id FROM Account');
    assert.equal(totalSize, 5);
    const users = await world.as.jordan.query('SELECT Id FROM User');
    assert.ok(users.totalSize >= 8);
  });
});

describe('object permissions and field-level security', () => {
  test('an object without read access is unknown to SOQL, REST and describe', async () => {
    const noah = world.as.noah;
    assert.equal(await errorCodeOf(noah.query('SELECT Id FROM Plan_Job__c')), 'INVALID_TYPE');
    assert.equal(await errorCodeOf(noah.sobject('Plan_Job__c').describe()), 'NOT_FOUND');
    const global = await noah.describeGlobal();
    const names = global.sobjects.map((o) => o.name);
    assert.ok(!names.includes('Plan_Job__c'));
    assert.ok(!names.includes('Lead'));
    assert.ok(names.includes('Business_Plan__c'));
  });

  test('a field without read access fails as a missing one, wherever the query names it', async () => {
    const noah = world.as.noah;
    // Partner_Planner grants no access to Is_Template__c.
    for (const soql of [
      'SELECT Is_Template__c FROM Business_Plan__c',
      'SELECT Id FROM Business_Plan__c WHERE Is_Template__c = false',
      'SELECT Id FROM Business_Plan__c ORDER BY Is_Template__c',
      'SELECT Business_Plan__r.Is_Template__c FROM Plan_Objective__c',
      'SELECT Id, (SELECT Is_Template__c FROM Plans_From_Template__r) FROM Business_Plan__c'
    ]) {
      assert.equal(await errorCodeOf(noah.query(soql)), 'INVALID_FIELD', soql);
    }
    // FIELDS(ALL) lists only what the user may read.
    const { records } = await noah.query<Record<string, unknown>>(
      `SELECT FIELDS(ALL) FROM Business_Plan__c WHERE Id = '${world.plans.A1.plan}' LIMIT 1`
    );
    assert.ok(!('Is_Template__c' in (records[0] ?? {})));
    assert.equal(records[0]?.Summary__c, 'Test A1 summary');
  });

  test('a record read by Id leaves out the fields the user cannot read', async () => {
    const record = (await world.as.noah.sobject('Business_Plan__c').retrieve(world.plans.A1.plan)) as Record<
      string,
      unknown
    >;
    assert.ok(!('Is_Template__c' in record));
    assert.equal(record.Name, 'Test A1');
  });

  test('describe shows each field as the user may use it', async () => {
    const described = await world.as.noah.sobject('Business_Plan__c').describe();
    const field = (name: string) => described.fields.find((f) => f.name === name);
    assert.equal(field('Is_Template__c'), undefined);
    assert.equal(field('Summary__c')?.updateable, true);
    assert.equal(field('Progress__c')?.updateable, false);
    assert.equal(field('Start_Date__c')?.updateable, false);
    assert.equal(described.createable, false);
    assert.equal(described.deletable, false);
    assert.equal(described.updateable, true);
    const asAdmin = await world.as.admin.sobject('Business_Plan__c').describe();
    assert.ok(asAdmin.fields.some((f) => f.name === 'Is_Template__c'));
  });

  test('Object Info follows field-level security too', async () => {
    const session = { url: world.org.url, accessToken: world.as.noah.accessToken as string };
    const info = await uiApiCall<{ fields: Record<string, { updateable: boolean }> }>(
      session,
      'GET',
      '/object-info/Plan_Objective__c'
    );
    assert.equal(info.status, 200);
    assert.equal(info.body.fields.Weight__c?.updateable, false);
    assert.equal(info.body.fields.Criteria__c, undefined);
    assert.equal((await uiApiCall(session, 'GET', '/object-info/Plan_Job__c')).status, 404);
  });

  test("the connector reads the computed fields it writes, but not a review's discussion it has no access to", async () => {
    const connector = world.as.connector;
    const { records } = await connector.query<{ Progress__c: number | null }>(
      `SELECT Progress__c, Last_Calculated__c FROM Business_Plan__c WHERE Id = '${world.plans.B1.plan}'`
    );
    assert.equal(records.length, 1);
    assert.equal(
      await errorCodeOf(connector.query('SELECT Wins__c FROM Business_Review__c')),
      'INVALID_FIELD'
    );
  });
});
