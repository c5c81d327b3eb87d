// The AccessPolicy hooks sharing and field-level security will use: hidden rows on the main
// object, on parents (the relationship reads null) and on children (absent from subqueries
// and semi-joins); unreadable fields fail as missing ones; unreadable objects as unknown ones.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ObjectDef } from '../src/schema/types.ts';
import type { AccessPolicy, QueryResult } from '../src/soql/types.ts';
import { createOrg, errorText, failure, type Org, options, user } from './soqlFixture.ts';

const VISIBLE = '001000000000001AAA';
const SECRET = '001000000000002AAA';

// Rows named 'Secret' and contacts named 'Hidden' are invisible; the user's own id is a
// parameter too, to check that fragment parameters are renumbered next to the query's own.
const policy: AccessPolicy = {
  rowFilter(object: ObjectDef, alias: string, who) {
    if (object.name === 'Account')
      return { sql: `${alias}."name" <> $1 and $2 <> ''`, params: ['Secret', who.id] };
    if (object.name === 'Contact') return { sql: `${alias}."lastname" <> $1`, params: ['Hidden'] };
    return null;
  },
  objectReadable: (object) => object.name !== 'Opportunity',
  fieldReadable: (object, field) => !(object.name === 'Account' && field.name === 'AnnualRevenue')
};

let org: Org;

const query = (soql: string): Promise<QueryResult> => org.service({ access: policy }).query(soql, options);

before(async () => {
  org = await createOrg();
  await org.insert('Account', [
    { Id: VISIBLE, Name: 'Visible', AnnualRevenue: '10' },
    { Id: SECRET, Name: 'Secret', AnnualRevenue: '99' }
  ]);
  await org.insert('Contact', [
    { Id: '003000000000001AAA', LastName: 'Shown', AccountId: VISIBLE },
    { Id: '003000000000002AAA', LastName: 'Hidden', AccountId: VISIBLE },
    { Id: '003000000000003AAA', LastName: 'Orphaned', AccountId: SECRET }
  ]);
  await org.insert('Lead', [{ Id: '00Q000000000001AAA', LastName: 'L', Company: 'c' }]);
});

after(() => org.close());

describe('row visibility', () => {
  test('rows the policy hides are not returned, and the user reaches the policy', async () => {
    const result = await query("SELECT Name FROM Account WHERE Name != 'nobody'");
    assert.deepEqual(
      result.records.map((r) => r.Name),
      ['Visible']
    );
    assert.equal((await query('SELECT COUNT() FROM Account')).totalSize, 1);
  });

  test('a hidden parent makes the relationship null and cannot be filtered on', async () => {
    const result = await query('SELECT LastName, Account.Name FROM Contact ORDER BY LastName');
    assert.deepEqual(
      result.records.map((r) => [r.LastName, (r.Account as { Name?: string } | null)?.Name ?? null]),
      [
        ['Orphaned', null],
        ['Shown', 'Visible']
      ]
    );
    assert.equal((await query("SELECT Id FROM Contact WHERE Account.Name = 'Secret'")).totalSize, 0);
  });

  test('hidden children are absent from subqueries', async () => {
    const [record] = (await query('SELECT Name, (SELECT LastName FROM Contacts) FROM Account')).records;
    assert.deepEqual(
      (record?.Contacts as QueryResult).records.map((r) => r.LastName),
      ['Shown']
    );
  });

  test('semi-joins see only visible rows', async () => {
    assert.equal(
      (
        await query(
          "SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Contact WHERE LastName = 'Hidden')"
        )
      ).totalSize,
      0
    );
    assert.equal(
      (
        await query(
          "SELECT Id FROM Contact WHERE AccountId IN (SELECT Id FROM Account WHERE Name = 'Secret')"
        )
      ).totalSize,
      0
    );
  });
});

describe('field and object access', () => {
  test('an unreadable field is INVALID_FIELD, exactly like a missing one', async () => {
    const missing =
      "No such column 'AnnualRevenue' on entity 'Account'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.";
    for (const soql of [
      'SELECT AnnualRevenue FROM Account',
      'SELECT Id FROM Account WHERE AnnualRevenue > 5',
      'SELECT Id FROM Account ORDER BY AnnualRevenue',
      'SELECT Account.AnnualRevenue FROM Contact',
      'SELECT SUM(AnnualRevenue) FROM Account'
    ]) {
      const error = await failure(query(soql));
      assert.equal(error.errorCode, 'INVALID_FIELD', soql);
      assert.equal(errorText(error), missing, soql);
    }
  });

  test('FIELDS(ALL) leaves unreadable fields out', async () => {
    const [record] = (await query('SELECT FIELDS(ALL) FROM Account LIMIT 1')).records;
    assert.equal('AnnualRevenue' in (record ?? {}), false);
    assert.equal(record?.Name, 'Visible');
  });

  test('an unreadable object is INVALID_TYPE, and relationships to it are not understood', async () => {
    const error = await failure(query('SELECT Id FROM Opportunity'));
    assert.equal(error.errorCode, 'INVALID_TYPE');
    assert.match(errorText(error), /^sObject type 'Opportunity' is not supported\./);
    const relationship = await failure(query('SELECT ConvertedOpportunity.Name FROM Lead'));
    assert.equal(relationship.errorCode, 'INVALID_FIELD');
    assert.match(
      errorText(relationship),
      /^Didn't understand relationship 'ConvertedOpportunity' in field path\./
    );
    const children = await failure(query('SELECT (SELECT Id FROM Opportunities) FROM Account'));
    assert.equal(children.errorCode, 'INVALID_TYPE');
    assert.match(
      errorText(children),
      /^Didn't understand relationship 'Opportunities' in FROM part of query call\./
    );
  });

  test('the same queries succeed under a policy that allows everything', async () => {
    const result = await org.query('SELECT Name, AnnualRevenue FROM Account ORDER BY Name');
    assert.deepEqual(
      result.records.map((r) => [r.Name, r.AnnualRevenue]),
      [
        ['Secret', 99],
        ['Visible', 10]
      ]
    );
    assert.equal(user.id.length, 18);
  });
});
