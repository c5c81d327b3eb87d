// The share diff, on a hand-worked org:
//   account N (Northwind): roles nE (Executive, under the channel manager's role cm) > nM > nW
//   account B (Blue Harbor): roles bE (under cm) > bW
//   account X: no partner roles (no partner users yet)
//   groups: RoleAndSubordinates gNE, gBE, gNW; Role gNEr; cm's own role group gCM (internal)
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  partnerAccess,
  planShareChanges,
  type PlanShare,
  type SharedPlan
} from '../src/sync/partnerShares.ts';

const roles = [
  { id: 'nE', accountId: 'N', parentRoleId: 'cm' },
  { id: 'nM', accountId: 'N', parentRoleId: 'nE' },
  { id: 'nW', accountId: 'N', parentRoleId: 'nM' },
  { id: 'bE', accountId: 'B', parentRoleId: 'cm' },
  { id: 'bW', accountId: 'B', parentRoleId: 'bE' }
];
const groups = [
  { id: 'gNE', roleId: 'nE', type: 'RoleAndSubordinates' },
  { id: 'gNEr', roleId: 'nE', type: 'Role' },
  { id: 'gNW', roleId: 'nW', type: 'RoleAndSubordinates' },
  { id: 'gBE', roleId: 'bE', type: 'RoleAndSubordinates' },
  // An internal role's group: not the connector's to touch.
  { id: 'gCM', roleId: 'cm', type: 'RoleAndSubordinates' }
];

const plan = (id: string, partnerAccountId: string | null, status: string | null): SharedPlan => ({
  id,
  partnerAccountId,
  status
});
const share = (id: string, planId: string, groupId: string, level: string): PlanShare => ({
  id,
  planId,
  groupId,
  level
});

describe('partner access by status', () => {
  test('Edit while Draft or In Progress, Read once Completed, none in Draft Outline or an unknown status', () => {
    assert.equal(partnerAccess('Draft Outline'), null);
    assert.equal(partnerAccess('Draft'), 'Edit');
    assert.equal(partnerAccess('In Progress'), 'Edit');
    assert.equal(partnerAccess('Completed'), 'Read');
    assert.equal(partnerAccess('Archived'), null);
    assert.equal(partnerAccess(null), null);
  });
});

describe('planShareChanges', () => {
  test('grants the top portal role group of the plan’s account, at the status’s level', () => {
    const changes = planShareChanges({
      plans: [plan('p1', 'N', 'Draft'), plan('p2', 'B', 'Completed'), plan('p3', 'N', 'Draft Outline')],
      roles,
      groups,
      shares: []
    });
    assert.deepEqual(changes, {
      grants: [
        { planId: 'p1', groupId: 'gNE', level: 'Edit' },
        { planId: 'p2', groupId: 'gBE', level: 'Read' }
      ],
      levelChanges: [],
      revokes: [],
      unreachable: []
    });
  });

  test('changes nothing when the org already matches', () => {
    const changes = planShareChanges({
      plans: [plan('p1', 'N', 'In Progress'), plan('p2', 'B', 'Completed')],
      roles,
      groups,
      shares: [share('s1', 'p1', 'gNE', 'Edit'), share('s2', 'p2', 'gBE', 'Read')]
    });
    assert.deepEqual(changes, { grants: [], levelChanges: [], revokes: [], unreachable: [] });
  });

  test('a completed plan’s share drops to Read in place', () => {
    const changes = planShareChanges({
      plans: [plan('p1', 'N', 'Completed')],
      roles,
      groups,
      shares: [share('s1', 'p1', 'gNE', 'Edit')]
    });
    assert.deepEqual(changes.levelChanges, [{ id: 's1', level: 'Read' }]);
    assert.deepEqual(changes.grants, []);
    assert.deepEqual(changes.revokes, []);
  });

  test('a plan stepped back to Draft Outline loses every partner share, mistaken ones included', () => {
    const changes = planShareChanges({
      plans: [plan('p1', 'N', 'Draft Outline')],
      roles,
      groups,
      shares: [
        share('s1', 'p1', 'gNE', 'Edit'),
        share('s2', 'p1', 'gNW', 'Read'),
        share('s3', 'p1', 'gNEr', 'Read')
      ]
    });
    assert.deepEqual(changes.revokes, ['s1', 's2', 's3']);
    assert.deepEqual(changes.grants, []);
  });

  test('a plan moved to another partner account leaves the old partner and reaches the new one', () => {
    const changes = planShareChanges({
      plans: [plan('p1', 'B', 'Draft')],
      roles,
      groups,
      shares: [share('s1', 'p1', 'gNE', 'Edit')]
    });
    assert.deepEqual(changes.revokes, ['s1']);
    assert.deepEqual(changes.grants, [{ planId: 'p1', groupId: 'gBE', level: 'Edit' }]);
  });

  test('shares to internal groups and of plans the connector did not read are left alone', () => {
    const changes = planShareChanges({
      plans: [plan('p1', 'N', 'Draft Outline')],
      roles,
      groups,
      shares: [
        share('s1', 'p1', 'gCM', 'Edit'),
        share('s2', 'p9', 'gNE', 'Edit'),
        share('s3', 'p1', 'someUserOrPublicGroup', 'Read')
      ]
    });
    assert.deepEqual(changes, { grants: [], levelChanges: [], revokes: [], unreachable: [] });
  });

  test('a second share to the same group goes; a narrower group of the right partner goes too', () => {
    const changes = planShareChanges({
      plans: [plan('p1', 'N', 'Draft')],
      roles,
      groups,
      shares: [
        share('s1', 'p1', 'gNE', 'Edit'),
        share('s2', 'p1', 'gNE', 'Read'),
        share('s3', 'p1', 'gNW', 'Edit')
      ]
    });
    assert.deepEqual(changes.revokes, ['s2', 's3']);
    assert.deepEqual(changes.levelChanges, []);
    assert.deepEqual(changes.grants, []);
  });

  test('a plan whose account has no partner roles, or no account, is reported or skipped, not shared', () => {
    const changes = planShareChanges({
      plans: [plan('p1', 'X', 'Draft'), plan('p2', null, 'Draft'), plan('p3', 'X', 'Draft Outline')],
      roles,
      groups,
      shares: []
    });
    assert.deepEqual(changes.grants, []);
    assert.deepEqual(
      changes.unreachable.map((p) => p.id),
      ['p1']
    );
  });
});
