// Field history through a stock jsforce client: what Salesforce records for an object with
// history tracking (Business_Plan__c tracks Status__c and its dates, not Progress__c), how it is
// queried, and that nobody writes it through the API.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Connection } from 'jsforce';
import { createRecord, signIn } from '../../test/support/salesforce.ts';
import { startLocalOrg, type LocalOrg } from '../src/index.ts';

let org: LocalOrg;
let conn: Connection;
let planId: string;

before(async () => {
  org = await startLocalOrg({ port: 0, seed: false, ui: false });
  conn = await signIn(org);
  planId = await createRecord(conn, 'Business_Plan__c', {
    Name: 'History',
    Status__c: 'In Progress',
    Start_Date__c: '2026-01-01'
  });
  await conn.sobject('Business_Plan__c').update({ Id: planId, Progress__c: 12 });
  await conn
    .sobject('Business_Plan__c')
    .update({ Id: planId, Status__c: 'Completed', End_Date__c: '2026-12-31' });
});

after(async () => {
  await org.close();
});

test('a new record gets a created row, and each change of a tracked field a row of its own', async () => {
  const result = await conn.query<Record<string, unknown>>(
    `SELECT Field, DataType, OldValue, NewValue FROM Business_Plan__History WHERE ParentId = '${planId}' ORDER BY Field`
  );
  assert.deepEqual(
    result.records.map(({ Field, DataType, OldValue, NewValue }) => [Field, DataType, OldValue, NewValue]),
    // Salesforce sorts text case-insensitively.
    [
      ['created', null, null, null],
      ['End_Date__c', 'DateOnly', null, '2026-12-31'],
      ['Status__c', 'DynamicEnum', 'In Progress', 'Completed']
    ],
    'Progress__c is not tracked'
  );
});

test('the latest change of a field, through the Histories child relationship', async () => {
  // An admin reopens the plan.
  await conn.sobject('Business_Plan__c').update({ Id: planId, Status__c: 'In Progress' });
  const result = await conn.query<Record<string, unknown>>(
    `SELECT Id, (SELECT NewValue FROM Histories WHERE Field = 'Status__c' ORDER BY CreatedDate DESC, Id DESC LIMIT 1) FROM Business_Plan__c WHERE Id = '${planId}'`
  );
  const histories = result.records[0]?.Histories as { records: Record<string, unknown>[] };
  assert.deepEqual(
    histories.records.map((r) => r.NewValue),
    ['In Progress']
  );
});

test('history is written by the org only', async () => {
  const results = await conn
    .sobject('Business_Plan__History')
    .create([{ ParentId: planId, Field: 'Status__c' }]);
  assert.equal(results[0]?.success, false);
});
