// The recycle bin as Salesforce keeps it, through jsforce: a delete stamps SystemModstamp and
// leaves the record to /queryAll with IsDeleted = true; SOAP undelete() brings it back with
// the details its deletion took along (not details deleted on their own before), refuses a
// detail whose master is still deleted, and lets people undelete only what they deleted
// themselves unless they have Modify All.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import type { Connection } from 'jsforce';
import { createRecord, signIn } from '../../test/support/salesforce.ts';
import { startLocalOrg, type LocalOrg } from '../src/index.ts';
import { signInAs, USERS } from './securityFixture.ts';

let org: LocalOrg;
let admin: Connection;
let partnerAccountId: string;

before(async () => {
  org = await startLocalOrg({ port: 0, seed: true, ui: false });
  admin = await signIn(org);
  const [partner] = (
    await admin.query<{ Id: string }>('SELECT Id FROM Account WHERE IsPartner = true LIMIT 1')
  ).records;
  partnerAccountId = partner?.Id as string;
});

after(async () => {
  await org.close();
});

const plan = (conn: Connection, name: string): Promise<string> =>
  createRecord(conn, 'Business_Plan__c', {
    Name: name,
    Partner_Account__c: partnerAccountId,
    Status__c: 'Draft Outline',
    Start_Date__c: '2026-01-01',
    End_Date__c: '2026-12-31'
  });

const objective = (planId: string, name: string): Promise<string> =>
  createRecord(admin, 'Plan_Objective__c', {
    Name: name,
    Business_Plan__c: planId,
    Type__c: 'Custom',
    Weight__c: 1,
    Target__c: 10
  });

async function state(
  object: string,
  id: string
): Promise<{ IsDeleted: boolean; SystemModstamp: string } | undefined> {
  const result = await admin.query<{ IsDeleted: boolean; SystemModstamp: string }>(
    `SELECT IsDeleted, SystemModstamp FROM ${object} WHERE Id = '${id}'`,
    { scanAll: true }
  );
  return result.records[0];
}

async function undelete(conn: Connection, id: string): Promise<{ success: boolean; code: string | null }> {
  const [result] = await conn.soap.undelete([id]);
  return { success: result?.success === true, code: result?.errors[0]?.statusCode ?? null };
}

test('a delete stamps SystemModstamp and leaves the record to queryAll, with IsDeleted', async () => {
  const id = await plan(admin, 'Deleted plan');
  const live = await state('Business_Plan__c', id);
  await sleep(5);
  await admin.sobject('Business_Plan__c').destroy(id);
  const deleted = await state('Business_Plan__c', id);
  assert.equal(deleted?.IsDeleted, true);
  assert.ok(Date.parse(deleted?.SystemModstamp ?? '') > Date.parse(live?.SystemModstamp ?? ''));
  const plain = await admin.query(`SELECT Id FROM Business_Plan__c WHERE Id = '${id}'`);
  assert.equal(plain.totalSize, 0);
  // What an incremental sync asks: changed since a datetime literal, oldest first, deletes included.
  const from = (live?.SystemModstamp ?? '').replace(/\.\d+\+0000$/, 'Z');
  const since = await admin.query<{ Id: string; IsDeleted: boolean; SystemModstamp: string }>(
    `SELECT Id, IsDeleted, SystemModstamp FROM Business_Plan__c WHERE SystemModstamp > ${from} ORDER BY SystemModstamp, Id`,
    { scanAll: true }
  );
  assert.deepEqual(since.records.at(-1), { ...since.records.at(-1), Id: id, IsDeleted: true });
  const stamps = since.records.map((r) => Date.parse(r.SystemModstamp));
  assert.ok(
    stamps.every((stamp, i) => stamp > Date.parse(from) && (i === 0 || stamp >= (stamps[i - 1] as number)))
  );
});

test('undeleting a plan brings back the objectives deleted with it, not one deleted before', async () => {
  const planId = await plan(admin, 'Plan with objectives');
  const withPlan = await objective(planId, 'Deleted with the plan');
  const before = await objective(planId, 'Deleted on its own');
  await admin.sobject('Plan_Objective__c').destroy(before);
  await sleep(5);
  await admin.sobject('Business_Plan__c').destroy(planId);
  assert.equal((await state('Plan_Objective__c', withPlan))?.IsDeleted, true);

  assert.deepEqual(await undelete(admin, planId), { success: true, code: null });
  assert.equal((await state('Business_Plan__c', planId))?.IsDeleted, false);
  assert.equal((await state('Plan_Objective__c', withPlan))?.IsDeleted, false);
  assert.equal((await state('Plan_Objective__c', before))?.IsDeleted, true);
});

test('a detail whose master is in the recycle bin cannot come back alone', async () => {
  const planId = await plan(admin, 'Master deleted');
  const child = await objective(planId, 'Detail');
  await admin.sobject('Business_Plan__c').destroy(planId);
  assert.deepEqual(await undelete(admin, child), { success: false, code: 'UNDELETE_FAILED' });
  assert.equal((await state('Plan_Objective__c', child))?.IsDeleted, true);
});

test('undeleting a live record, an unknown Id or a malformed one fails with their codes', async () => {
  const live = await plan(admin, 'Live plan');
  assert.deepEqual(await undelete(admin, live), { success: false, code: 'UNDELETE_FAILED' });
  const unknown = `${live.slice(0, 5)}ZZZZZZZZZZ`;
  assert.deepEqual(await undelete(admin, unknown), { success: false, code: 'INVALID_CROSS_REFERENCE_KEY' });
  assert.deepEqual(await undelete(admin, 'not-an-id'), { success: false, code: 'MALFORMED_ID' });
});

test('people undelete what they deleted themselves; what someone else deleted takes Modify All', async () => {
  const casey = await signInAs(org, USERS.casey);
  const own = await plan(casey, 'Casey deletes and undeletes');
  await casey.sobject('Business_Plan__c').destroy(own);
  assert.deepEqual(await undelete(casey, own), { success: true, code: null });

  const shared = await plan(casey, 'The administrator deletes');
  await admin.sobject('Business_Plan__c').destroy(shared);
  assert.deepEqual(await undelete(casey, shared), {
    success: false,
    code: 'INSUFFICIENT_ACCESS_OR_READONLY'
  });
  assert.deepEqual(await undelete(admin, shared), { success: true, code: null });
});

test('undelete() without a valid session is a SOAP fault jsforce reads as INVALID_SESSION_ID', async () => {
  const response = await fetch(`${org.url}/services/Soap/u/62.0`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml', SOAPAction: '""' },
    body:
      '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">' +
      '<soapenv:Header><SessionHeader><sessionId>bogus</sessionId></SessionHeader></soapenv:Header>' +
      '<soapenv:Body><undelete xmlns="urn:partner.soap.sforce.com"><ids>a00000000000001AAA</ids></undelete></soapenv:Body></soapenv:Envelope>'
  });
  assert.equal(response.status, 500);
  assert.match(await response.text(), /<faultcode>sf:INVALID_SESSION_ID<\/faultcode>/);
});
