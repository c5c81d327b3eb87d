// Sharing as the connector and admins drive it through the API: Business_Plan__Share rows
// grant and revoke access, reach users through role groups and roll up the role hierarchy;
// only those with full access to a plan share it; a new owner keeps none of the old manual
// shares; restriction rules hide Draft Outline plans from partners whatever is shared; and
// permission set assignments made through the API change what a user may do at once.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Connection } from 'jsforce';
import {
  attempt,
  errorCodeOf,
  type Persona,
  type SecurityWorld,
  startSecurityWorld
} from './securityFixture.ts';

let world: SecurityWorld;

before(async () => {
  world = await startSecurityWorld();
});

after(() => world.close());

async function sees(persona: Persona, planId: string): Promise<boolean> {
  const { totalSize } = await world.as[persona].query(
    `SELECT Id FROM Business_Plan__c WHERE Id = '${planId}'`
  );
  return totalSize === 1;
}

async function share(
  conn: Connection,
  parentId: string,
  userOrGroupId: string,
  level = 'Read'
): Promise<string> {
  const result = await conn.sobject('Business_Plan__Share').create({
    ParentId: parentId,
    UserOrGroupId: userOrGroupId,
    AccessLevel: level,
    RowCause: 'Manual'
  });
  assert.ok(result.success, JSON.stringify(result));
  return result.id as string;
}

/** A fresh Draft plan of Northwind owned by Casey, shared with nobody. */
async function privatePlan(name: string): Promise<string> {
  const result = await world.as.admin.sobject('Business_Plan__c').create({
    Name: name,
    Partner_Account__c: world.accounts.northwind,
    OwnerId: world.userIds.casey,
    Channel_Manager__c: world.userIds.casey,
    Status__c: 'Draft'
  });
  assert.ok(result.success, JSON.stringify(result));
  return result.id as string;
}

async function roleGroup(
  portalRole: 'Executive' | 'Worker',
  type: 'Role' | 'RoleAndSubordinates'
): Promise<string> {
  const { records } = await world.as.admin.query<{ Id: string }>(
    `SELECT Id FROM Group WHERE Type = '${type}' AND RelatedId IN
       (SELECT Id FROM UserRole WHERE PortalAccountId = '${world.accounts.northwind}' AND PortalRole = '${portalRole}')`
  );
  assert.equal(records.length, 1);
  return (records[0] as { Id: string }).Id;
}

describe('share rows grant and revoke', () => {
  test('a share to a partner’s people reaches them; deleting it takes the plan away again', async () => {
    const plan = await privatePlan('Shared then revoked');
    assert.deepEqual([await sees('ava', plan), await sees('noah', plan)], [false, false]);
    const row = await share(world.as.casey, plan, world.partnerGroups.northwind);
    assert.deepEqual(
      [await sees('ava', plan), await sees('noah', plan), await sees('mei', plan)],
      [true, true, false]
    );
    // Read only: seeing is not editing.
    assert.equal(
      await attempt(world.as.noah.sobject('Business_Plan__c').update({ Id: plan, Summary__c: 'x' })),
      'INSUFFICIENT_ACCESS_OR_READONLY'
    );
    await world.as.casey.sobject('Business_Plan__Share').destroy(row);
    assert.deepEqual([await sees('ava', plan), await sees('noah', plan)], [false, false]);
  });

  test('raising a share from Read to Edit lets the partner edit', async () => {
    const plan = await privatePlan('Read then Edit');
    const row = await share(world.as.casey, plan, world.partnerGroups.northwind);
    await world.as.casey.sobject('Business_Plan__Share').update({ Id: row, AccessLevel: 'Edit' });
    assert.equal(
      await attempt(world.as.noah.sobject('Business_Plan__c').update({ Id: plan, Summary__c: 'Ours' })),
      'ok'
    );
  });

  test('share rows are queryable like a real org’s, with the group they name', async () => {
    const plan = await privatePlan('Queried shares');
    await share(world.as.casey, plan, world.partnerGroups.northwind, 'Edit');
    const { records } = await world.as.casey.query<{
      UserOrGroupId: string;
      AccessLevel: string;
      RowCause: string;
    }>(`SELECT UserOrGroupId, AccessLevel, RowCause FROM Business_Plan__Share WHERE ParentId = '${plan}'`);
    assert.deepEqual(
      records.map(({ UserOrGroupId, AccessLevel, RowCause }) => ({ UserOrGroupId, AccessLevel, RowCause })),
      [{ UserOrGroupId: world.partnerGroups.northwind, AccessLevel: 'Edit', RowCause: 'Manual' }]
    );
    // Blue Harbor's people do not see the plan, nor its sharing.
    const theirs = await world.as.mei.query(`SELECT Id FROM Business_Plan__Share WHERE ParentId = '${plan}'`);
    assert.equal(theirs.totalSize, 0);
  });

  test('deleting a plan deletes its sharing', async () => {
    const plan = await privatePlan('Deleted with its shares');
    const row = await share(world.as.casey, plan, world.partnerGroups.northwind);
    await world.as.casey.sobject('Business_Plan__c').destroy(plan);
    const { records } = await world.as.admin.query<{ IsDeleted: boolean }>(
      `SELECT IsDeleted FROM Business_Plan__Share WHERE Id = '${row}'`,
      { scanAll: true }
    );
    assert.equal(records[0]?.IsDeleted, true);
  });
});

describe('the role hierarchy', () => {
  test('a share to one partner user reaches those above them, not their peers or other partners', async () => {
    const plan = await privatePlan('Shared with Noah');
    await share(world.as.casey, plan, world.userIds.noah);
    // Noah is a Partner User; Ava, the Partner Executive, is above him; Jordan is above Northwind's roles.
    assert.deepEqual(
      await Promise.all((['noah', 'ava', 'jordan', 'mei', 'liam'] as const).map((p) => sees(p, plan))),
      [true, true, true, false, false]
    );
  });

  test('a share to a role reaches that role and those above it, not the roles below', async () => {
    const executives = await privatePlan('Shared with the executive role');
    await share(world.as.casey, executives, await roleGroup('Executive', 'Role'));
    assert.deepEqual([await sees('ava', executives), await sees('noah', executives)], [true, false]);

    const workers = await privatePlan('Shared with the user role');
    await share(world.as.casey, workers, await roleGroup('Worker', 'Role'));
    assert.deepEqual([await sees('ava', workers), await sees('noah', workers)], [true, true]);
  });

  test('a share to a public group reaches its members, groups nested in it, and those above them', async () => {
    const admin = world.as.admin;
    const created = async (type: string, values: Record<string, unknown>): Promise<string> => {
      const result = await admin.sobject(type).create(values);
      assert.ok(result.success, JSON.stringify(result));
      return result.id as string;
    };
    const outer = await created('Group', { Name: 'Plan reviewers', DeveloperName: 'Plan_Reviewers' });
    const inner = await created('Group', {
      Name: 'Blue Harbor reviewers',
      DeveloperName: 'Blue_Harbor_Reviewers'
    });
    await created('GroupMember', { GroupId: outer, UserOrGroupId: world.userIds.noah });
    await created('GroupMember', { GroupId: outer, UserOrGroupId: inner });
    await created('GroupMember', { GroupId: inner, UserOrGroupId: world.userIds.liam });
    const plan = await privatePlan('Shared with a public group');
    await share(world.as.casey, plan, outer);
    // Noah and Liam are members (Liam through the nested group); Ava and Mei are above them.
    assert.deepEqual(await Promise.all((['noah', 'ava', 'liam', 'mei'] as const).map((p) => sees(p, plan))), [
      true,
      true,
      true,
      true
    ]);
  });

  test('records of users below are the manager’s, but a peer’s are not', async () => {
    // Casey and Jordan share a role: neither reaches the other's unshared plans.
    const plan = await privatePlan('Casey only');
    assert.deepEqual(
      [await sees('casey', plan), await sees('jordan', plan), await sees('admin', plan)],
      [true, false, true]
    );
  });
});

describe('who may share, and transfers', () => {
  test('only someone with full access shares a plan', async () => {
    const plan = await privatePlan('Who shares');
    await share(world.as.casey, plan, world.partnerGroups.northwind, 'Edit');
    const attemptShare = (persona: Persona) =>
      attempt(
        world.as[persona].sobject('Business_Plan__Share').create({
          ParentId: plan,
          UserOrGroupId: world.partnerGroups.blueHarbor,
          AccessLevel: 'Read'
        })
      );
    // Noah and Jordan can edit the plan through the share, but neither owns it.
    assert.equal(await attemptShare('noah'), 'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY');
    assert.equal(await attemptShare('jordan'), 'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY');
    assert.equal(await attemptShare('connector'), 'ok');
  });

  test('manual sharing is for Read and Edit; All belongs to the owner', async () => {
    const plan = await privatePlan('No All');
    const result = await attempt(
      world.as.casey.sobject('Business_Plan__Share').create({
        ParentId: plan,
        UserOrGroupId: world.partnerGroups.northwind,
        AccessLevel: 'All'
      })
    );
    assert.equal(result, 'FIELD_INTEGRITY_EXCEPTION');
  });

  test('a new owner keeps none of the manual shares, and a peer cannot take a plan over', async () => {
    const plan = await privatePlan('Transferred');
    await share(world.as.casey, plan, world.partnerGroups.northwind, 'Edit');
    assert.equal(
      await attempt(
        world.as.jordan.sobject('Business_Plan__c').update({ Id: plan, OwnerId: world.userIds.jordan })
      ),
      'INSUFFICIENT_ACCESS_OR_READONLY'
    );
    assert.equal(await sees('ava', plan), true);
    await world.as.casey.sobject('Business_Plan__c').update({ Id: plan, OwnerId: world.userIds.jordan });
    assert.deepEqual(
      [await sees('ava', plan), await sees('casey', plan), await sees('jordan', plan)],
      [false, false, true]
    );
  });
});

describe('the restriction rule on business plans', () => {
  test('lifts when the plan leaves Draft Outline, for the partner it is shared with', async () => {
    // A0 is shared with Northwind's people but still in Draft Outline.
    assert.equal(await sees('ava', world.plans.A0.plan), false);
    const { records } = await world.as.admin.query<{ Id: string }>(
      `SELECT Id FROM Contact WHERE Email = 'ava.lindqvist@northwind.partner.test'`
    );
    const result = await world.as.admin.sobject('Business_Plan__c').update({
      Id: world.plans.A0.plan,
      Status__c: 'Draft',
      Primary_Partner_Contact__c: records[0]?.Id
    });
    assert.ok(result.success, JSON.stringify(result));
    assert.deepEqual(
      [await sees('ava', world.plans.A0.plan), await sees('mei', world.plans.A0.plan)],
      [true, false]
    );
  });

  test('does not apply to internal users, who see Draft Outline plans they own', async () => {
    const result = await world.as.casey.sobject('Business_Plan__c').create({
      Name: 'Outline',
      Partner_Account__c: world.accounts.northwind,
      Channel_Manager__c: world.userIds.casey
    });
    assert.ok(result.success, JSON.stringify(result));
    assert.equal(await sees('casey', result.id as string), true);
  });
});

describe('permission set assignments through the API', () => {
  test('removing and restoring a permission set changes what the user may do at once', async () => {
    const admin = world.as.admin;
    const { records } = await admin.query<{ Id: string }>(
      `SELECT Id FROM PermissionSetAssignment WHERE AssigneeId = '${world.userIds.liam}' AND PermissionSet.Name = 'Partner_Planner'`
    );
    assert.equal(records.length, 1);
    await admin.sobject('PermissionSetAssignment').destroy((records[0] as { Id: string }).Id);
    assert.equal(await errorCodeOf(world.as.liam.query('SELECT Id FROM Business_Plan__c')), 'INVALID_TYPE');

    const set = await admin.query<{ Id: string }>(
      "SELECT Id FROM PermissionSet WHERE Name = 'Partner_Planner'"
    );
    const permissionSetId = (set.records[0] as { Id: string }).Id;
    const restored = await admin
      .sobject('PermissionSetAssignment')
      .create({ AssigneeId: world.userIds.liam, PermissionSetId: permissionSetId });
    assert.ok(restored.success, JSON.stringify(restored));
    assert.equal((await world.as.liam.query('SELECT Id FROM Business_Plan__c')).totalSize > 0, true);

    const twice = await attempt(
      admin
        .sobject('PermissionSetAssignment')
        .create({ AssigneeId: world.userIds.liam, PermissionSetId: permissionSetId })
    );
    assert.equal(twice, 'DUPLICATE_VALUE');
  });

  test('only administrators assign permission sets', async () => {
    const set = await world.as.casey.query<{ Id: string }>(
      "SELECT Id FROM PermissionSet WHERE Name = 'Business_Planning_Admin'"
    );
    const result = await attempt(
      world.as.casey
        .sobject('PermissionSetAssignment')
        .create({ AssigneeId: world.userIds.casey, PermissionSetId: (set.records[0] as { Id: string }).Id })
    );
    assert.equal(result, 'INSUFFICIENT_ACCESS_OR_READONLY');
  });
});
