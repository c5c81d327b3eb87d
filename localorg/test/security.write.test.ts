// What each persona can change: creating, editing each class of field (narrative, plan
// dates, weights and targets, computed values, fields they cannot see) and deleting, on
// plans and on each kind of child. Expected outcomes are worked out from the fixture's table
// (securityFixture.ts) and force-app's permission sets:
//   - record access: a partner's people have Edit on A1 and B1's partner, Read on A2, nothing on C;
//     a detail takes Edit on its plan to create, change or delete;
//   - object access: Partner_Planner creates and edits action items and target accounts, edits
//     plans, and only reads objectives, targets and reviews;
//   - fields: partners edit the narrative, not dates, weights, targets or computed values.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  attempt,
  type Persona,
  type PlanFamily,
  type SecurityWorld,
  startSecurityWorld
} from './securityFixture.ts';

let world: SecurityWorld;

before(async () => {
  world = await startSecurityWorld();
});

after(() => world.close());

type PlanKey = 'A0' | 'A1' | 'A2' | 'C' | 'B1';
type Part = keyof PlanFamily;

const OBJECT_OF: Record<Part, string> = {
  plan: 'Business_Plan__c',
  objective: 'Plan_Objective__c',
  target: 'Objective_Target__c',
  actionItem: 'Plan_Action_Item__c',
  targetAccount: 'Plan_Target_Account__c',
  review: 'Business_Review__c'
};

const update = (
  persona: Persona,
  key: PlanKey,
  part: Part,
  values: Record<string, unknown>
): Promise<string> =>
  attempt(world.as[persona].sobject(OBJECT_OF[part]).update({ Id: world.plans[key][part], ...values }));

const updatePlan = (persona: Persona, id: string, values: Record<string, unknown>): Promise<string> =>
  attempt(world.as[persona].sobject('Business_Plan__c').update({ Id: id, ...values }));

const create = (persona: Persona, object: string, values: Record<string, unknown>): Promise<string> =>
  attempt(world.as[persona].sobject(object).create(values));

const NO_ACCESS = 'INSUFFICIENT_ACCESS_OR_READONLY';
const READ_ONLY_FIELD = 'INVALID_FIELD_FOR_INSERT_UPDATE';
const UNKNOWN_FIELD = 'INVALID_FIELD';
const NO_PARENT_ACCESS = 'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY';

describe('editing a business plan, field by field', () => {
  const cases: Array<[Persona, PlanKey, string, unknown, string, string]> = [
    ['ava', 'A1', 'Summary__c', 'Joint plan', 'ok', 'the narrative is the partner’s to write'],
    [
      'noah',
      'A1',
      'Joint_Value_Proposition__c',
      'Faster onboarding',
      'ok',
      'the planner writes the narrative too'
    ],
    ['noah', 'A1', 'Start_Date__c', '2026-02-01', READ_ONLY_FIELD, 'plan dates are read-only for partners'],
    ['noah', 'A1', 'Progress__c', 50, READ_ONLY_FIELD, 'computed values are read-only for partners'],
    ['noah', 'A1', 'Is_Template__c', true, UNKNOWN_FIELD, 'a field partners cannot see is unknown'],
    ['noah', 'A2', 'Summary__c', 'x', NO_ACCESS, 'a plan shared Read only cannot be edited'],
    ['ava', 'B1', 'Summary__c', 'x', NO_ACCESS, 'another partner’s plan cannot be edited'],
    ['ava', 'C', 'Summary__c', 'x', NO_ACCESS, 'an unshared plan cannot be edited'],
    ['mei', 'A1', 'Summary__c', 'x', NO_ACCESS, 'Blue Harbor cannot edit Northwind’s plan'],
    ['casey', 'A1', 'Start_Date__c', '2026-02-01', 'ok', 'the channel manager sets the dates'],
    ['casey', 'A1', 'Progress__c', 50, READ_ONLY_FIELD, 'computed values are the connector’s'],
    ['casey', 'C', 'Summary__c', 'Mine', 'ok', 'the owner edits their plan'],
    ['jordan', 'C', 'Summary__c', 'x', NO_ACCESS, 'a peer’s unshared plan is out of reach'],
    [
      'jordan',
      'A1',
      'Summary__c',
      'Via hierarchy',
      'ok',
      'Edit shared with Northwind’s people rolls up to the Channel Manager role'
    ],
    ['connector', 'B1', 'Progress__c', 42.5, 'ok', 'the connector writes computed values'],
    ['connector', 'B1', 'Summary__c', 'From template', 'ok', 'Apply Template copies a template’s narrative'],
    [
      'connector',
      'B1',
      'Primary_Partner_Contact__c',
      '003000000000000AAA',
      READ_ONLY_FIELD,
      'the connector reads who reviews a plan but never changes it'
    ],
    ['connector', 'B1', 'Status__c', 'Completed', READ_ONLY_FIELD, 'the connector never moves a plan'],
    ['admin', 'B1', 'Summary__c', 'Admin edit', 'ok', 'the administrator edits anything']
  ];
  for (const [persona, key, field, value, expected, why] of cases) {
    test(`${persona} sets ${field} on ${key}: ${expected} (${why})`, async () => {
      assert.equal(await update(persona, key, 'plan', { [field]: value }), expected);
    });
  }

  test('a refused edit changes nothing', async () => {
    await update('noah', 'A1', 'plan', { Summary__c: 'Kept', Progress__c: 99 });
    const { records } = await world.as.admin.query<{ Summary__c: string; Progress__c: number | null }>(
      `SELECT Summary__c, Progress__c FROM Business_Plan__c WHERE Id = '${world.plans.A1.plan}'`
    );
    assert.notEqual(records[0]?.Summary__c, 'Kept');
    assert.notEqual(records[0]?.Progress__c, 99);
  });
});

describe('partner users cannot change weights, targets or computed values', () => {
  const cases: Array<[Persona, PlanKey, Part, Record<string, unknown>, string]> = [
    ['noah', 'A1', 'objective', { Weight__c: 50 }, NO_ACCESS],
    ['ava', 'A1', 'objective', { Target__c: 10 }, NO_ACCESS],
    ['ava', 'A1', 'objective', { Progress__c: 10 }, NO_ACCESS],
    ['noah', 'A1', 'target', { Target__c: 1 }, NO_ACCESS],
    ['ava', 'A1', 'review', { Wins__c: 'Won' }, NO_ACCESS],
    ['casey', 'A1', 'objective', { Weight__c: 90 }, 'ok'],
    ['casey', 'A1', 'objective', { Progress__c: 10 }, READ_ONLY_FIELD],
    ['casey', 'A1', 'target', { Target__c: 12 }, 'ok'],
    ['casey', 'A1', 'target', { Progress__c: 10 }, READ_ONLY_FIELD],
    ['casey', 'A1', 'review', { Wins__c: 'Two new logos' }, 'ok'],
    ['connector', 'B1', 'objective', { Progress__c: 25, Calculation_Status__c: 'Calculated' }, 'ok'],
    ['connector', 'B1', 'target', { Progress__c: 25 }, 'ok'],
    ['connector', 'B1', 'review', { Wins__c: 'x' }, UNKNOWN_FIELD],
    ['jordan', 'C', 'objective', { Weight__c: 10 }, NO_ACCESS]
  ];
  for (const [persona, key, part, values, expected] of cases) {
    test(`${persona} sets ${Object.keys(values).join(', ')} on ${key}'s ${part}: ${expected}`, async () => {
      assert.equal(await update(persona, key, part, values), expected);
    });
  }
});

describe('action items and target accounts: what partners do with a plan', () => {
  const cases: Array<[Persona, PlanKey, Part, Record<string, unknown>, string]> = [
    ['noah', 'A1', 'actionItem', { Due_Date__c: '2026-03-01' }, 'ok'],
    ['noah', 'A1', 'actionItem', { Completed_On__c: '2026-03-01T10:00:00Z' }, READ_ONLY_FIELD],
    ['ava', 'A1', 'targetAccount', { Notes__c: 'Call the CIO' }, 'ok'],
    ['noah', 'A2', 'actionItem', { Due_Date__c: '2026-03-01' }, NO_ACCESS],
    ['noah', 'B1', 'actionItem', { Due_Date__c: '2026-03-01' }, NO_ACCESS],
    ['liam', 'A1', 'targetAccount', { Notes__c: 'x' }, NO_ACCESS]
  ];
  for (const [persona, key, part, values, expected] of cases) {
    test(`${persona} sets ${Object.keys(values).join(', ')} on ${key}'s ${part}: ${expected}`, async () => {
      assert.equal(await update(persona, key, part, values), expected);
    });
  }

  test('a partner executive checks off an action item; the planner may not record who did', async () => {
    const me = world.userIds.ava;
    assert.equal(
      await update('ava', 'A1', 'actionItem', {
        Status__c: 'Completed',
        Completed_By__c: me,
        Completed_On__c: '2026-03-02T09:00:00Z'
      }),
      'ok'
    );
  });
});

describe('creating records', () => {
  const plan = (key: PlanKey) => world.plans[key].plan;
  test('partners add action items to plans they may edit, and nowhere else', async () => {
    const item = (key: PlanKey) => ({ Name: 'Follow up', Business_Plan__c: plan(key) });
    assert.equal(await create('noah', 'Plan_Action_Item__c', item('A1')), 'ok');
    assert.equal(await create('noah', 'Plan_Action_Item__c', item('A2')), NO_PARENT_ACCESS);
    assert.equal(await create('noah', 'Plan_Action_Item__c', item('B1')), NO_PARENT_ACCESS);
    assert.equal(await create('noah', 'Plan_Action_Item__c', item('C')), NO_PARENT_ACCESS);
  });

  test('partners create no plans, objectives or reviews, and cannot see jobs at all', async () => {
    assert.equal(await create('noah', 'Business_Plan__c', { Name: 'Mine' }), NO_ACCESS);
    assert.equal(
      await create('ava', 'Plan_Objective__c', {
        Name: 'x',
        Business_Plan__c: plan('A1'),
        Type__c: 'Custom'
      }),
      NO_ACCESS
    );
    assert.equal(
      await create('ava', 'Business_Review__c', {
        Name: 'x',
        Business_Plan__c: plan('A1'),
        Review_Date__c: '2026-06-01'
      }),
      NO_ACCESS
    );
    assert.equal(
      await create('noah', 'Plan_Job__c', { Business_Plan__c: plan('A1'), Type__c: 'Recalculate' }),
      'NOT_FOUND'
    );
  });

  test('a target account must be an account the partner can read', async () => {
    const key = (account: string) => `${plan('A1').slice(0, 15)}${account.slice(0, 15)}`;
    const values = (account: string) => ({
      Business_Plan__c: plan('A1'),
      Account__c: account,
      Unique_Key__c: key(account)
    });
    // Partner users read only their own account (external default Private).
    assert.equal(
      await create('noah', 'Plan_Target_Account__c', values(world.accounts.customer)),
      NO_PARENT_ACCESS
    );
    assert.equal(await create('noah', 'Plan_Target_Account__c', values(world.accounts.northwind)), 'ok');
  });

  test('channel managers add objectives to plans they may edit; not to a peer’s', async () => {
    const objective = (key: PlanKey) => ({
      Name: 'Training',
      Business_Plan__c: plan(key),
      Type__c: 'Custom',
      Weight__c: 10,
      Target__c: 5
    });
    assert.equal(await create('casey', 'Plan_Objective__c', objective('C')), 'ok');
    assert.equal(await create('jordan', 'Plan_Objective__c', objective('C')), NO_PARENT_ACCESS);
    assert.equal(
      await create('casey', 'Plan_Job__c', { Business_Plan__c: plan('C'), Type__c: 'Recalculate' }),
      'ok'
    );
  });

  test('the connector creates objectives on any plan (Modify All on plans)', async () => {
    assert.equal(
      await create('connector', 'Plan_Objective__c', {
        Name: 'From template',
        Business_Plan__c: plan('C'),
        Type__c: 'Custom'
      }),
      'ok'
    );
  });
});

describe('deleting records', () => {
  /** A throwaway record made by the administrator. */
  const scratch = async (object: string, values: Record<string, unknown>): Promise<string> => {
    const result = await world.as.admin.sobject(object).create(values);
    assert.ok(result.success, JSON.stringify(result));
    return result.id as string;
  };
  const remove = (persona: Persona, object: string, id: string) =>
    attempt(world.as[persona].sobject(object).destroy(id));
  const plan = (owner: string) =>
    scratch('Business_Plan__c', {
      Name: 'Scratch',
      OwnerId: owner,
      Channel_Manager__c: owner,
      Partner_Account__c: world.accounts.northwind
    });

  test('partners delete nothing: they have no delete permission', async () => {
    const item = await scratch('Plan_Action_Item__c', { Name: 'x', Business_Plan__c: world.plans.A1.plan });
    assert.equal(await remove('noah', 'Plan_Action_Item__c', item), NO_ACCESS);
    assert.equal(await remove('ava', 'Business_Plan__c', world.plans.A1.plan), NO_ACCESS);
  });

  test('a channel manager deletes the details of a plan they may edit', async () => {
    const item = await scratch('Plan_Action_Item__c', { Name: 'x', Business_Plan__c: world.plans.A1.plan });
    assert.equal(await remove('casey', 'Plan_Action_Item__c', item), 'ok');
  });

  test('deleting a plan takes full access: the owner, not a peer who can edit it', async () => {
    const id = await plan(world.userIds.casey);
    await scratch('Business_Plan__Share', {
      ParentId: id,
      UserOrGroupId: world.partnerGroups.northwind,
      AccessLevel: 'Edit',
      RowCause: 'Manual'
    });
    // Jordan edits it through the share's roll-up, but is neither its owner nor above them.
    assert.equal(await updatePlan('jordan', id, { Summary__c: 'edit is fine' }), 'ok');
    assert.equal(await remove('jordan', 'Business_Plan__c', id), NO_ACCESS);
    assert.equal(await remove('casey', 'Business_Plan__c', id), 'ok');
  });

  test('the connector deletes any plan (Modify All), the administrator anything', async () => {
    assert.equal(await remove('connector', 'Business_Plan__c', await plan(world.userIds.jordan)), 'ok');
    assert.equal(await remove('admin', 'Business_Plan__c', await plan(world.userIds.jordan)), 'ok');
  });
});
