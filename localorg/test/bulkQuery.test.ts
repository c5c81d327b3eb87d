// Bulk API 2.0 query jobs over HTTP: jsforce's bulk2.query end to end, and each endpoint on
// its own with fetch (CSV as Salesforce writes it, locator paging, queryAll, abort, delete and
// the errors). Records are created by hand below; expected CSV is written out in full.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Connection } from 'jsforce';
import { startLocalOrg, type LocalOrg } from '../src/index.ts';
import { createRecord, signIn } from '../../test/support/salesforce.ts';

let org: LocalOrg;
let conn: Connection;
let base: string;
let accountId: string;
const leadIds: string[] = [];

async function call(
  method: string,
  path: string,
  body?: unknown,
  version = '62.0'
): Promise<{ status: number; headers: Headers; text: string; json: () => unknown }> {
  const response = await fetch(`${base}/services/data/v${version}/jobs/query${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${conn.accessToken}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' })
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
}

async function createJob(query: string, extra: Record<string, unknown> = {}): Promise<string> {
  const response = await call('POST', '', { operation: 'query', query, ...extra });
  assert.equal(response.status, 200, response.text);
  return (response.json() as { id: string }).id;
}

before(async () => {
  org = await startLocalOrg({ ui: false });
  base = org.url;
  conn = await signIn(org);
  accountId = await createRecord(conn, 'Account', { Name: 'Northwind, "the" partner', IsPartner: true });
  for (const [LastName, AnnualRevenue] of [
    ['Ada', 1000],
    ['Bea', null],
    ['Cy', 2500.5]
  ] as const) {
    leadIds.push(
      await createRecord(conn, 'Lead', {
        LastName,
        Company: 'Acme',
        AnnualRevenue,
        PartnerAccountId: accountId,
        CreatedDate: '2026-01-10T09:30:00.000Z'
      })
    );
  }
  await conn.sobject('Lead').destroy(leadIds[2] as string);
});
after(() => org.close());

test('jsforce bulk2.query reads every record through a query job', async () => {
  const records = await conn.bulk2.query('SELECT Id, LastName FROM Lead ORDER BY LastName', {
    pollInterval: 10,
    pollTimeout: 10_000
  });
  const rows = (await records.toArray()) as Record<string, unknown>[];
  assert.deepEqual(rows, [
    { Id: leadIds[0], LastName: 'Ada' },
    { Id: leadIds[1], LastName: 'Bea' }
  ]);
});

test('a job is created UploadComplete, then reports JobComplete with its record count', async () => {
  const created = await call('POST', '', { operation: 'query', query: 'SELECT Id FROM Lead' });
  const info = created.json() as Record<string, unknown>;
  assert.equal(info.state, 'UploadComplete');
  assert.deepEqual(
    [info.operation, info.object, info.contentType, info.apiVersion, info.lineEnding, info.columnDelimiter],
    ['query', 'Lead', 'CSV', 62, 'LF', 'COMMA']
  );
  assert.match(String(info.id), /^750/);
  const status = (await call('GET', `/${String(info.id)}`)).json() as Record<string, unknown>;
  assert.deepEqual(
    [status.state, status.numberRecordsProcessed, status.jobType],
    ['JobComplete', 2, 'V2Query']
  );
  const list = (await call('GET', '')).json() as { done: boolean; records: { id: string }[] };
  assert.ok(list.done && list.records.some((job) => job.id === info.id));
});

test('results are CSV as Salesforce writes them: all quoted, nulls empty, parents dotted, UTC datetimes', async () => {
  const id = await createJob(
    'SELECT LastName, AnnualRevenue, PartnerAccount.Name, CreatedDate, IsConverted FROM Lead ORDER BY LastName'
  );
  const response = await call('GET', `/${id}/results`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/csv/);
  assert.equal(response.headers.get('sforce-locator'), 'null');
  assert.equal(response.headers.get('sforce-numberofrecords'), '2');
  assert.equal(
    response.text,
    '"LastName","AnnualRevenue","PartnerAccount.Name","CreatedDate","IsConverted"\n' +
      '"Ada","1000","Northwind, ""the"" partner","2026-01-10T09:30:00.000Z","false"\n' +
      '"Bea","","Northwind, ""the"" partner","2026-01-10T09:30:00.000Z","false"\n'
  );
});

test('maxRecords splits the results into pages linked by Sforce-Locator', async () => {
  const id = await createJob('SELECT LastName FROM Lead ORDER BY LastName', {
    columnDelimiter: 'PIPE',
    lineEnding: 'CRLF'
  });
  const first = await call('GET', `/${id}/results?maxRecords=1`);
  const locator = first.headers.get('sforce-locator') as string;
  assert.notEqual(locator, 'null');
  assert.equal(first.text, '"LastName"\r\n"Ada"\r\n');
  const second = await call('GET', `/${id}/results?maxRecords=1&locator=${locator}`);
  assert.equal(second.text, '"LastName"\r\n"Bea"\r\n');
  assert.equal(second.headers.get('sforce-locator'), 'null');
  // A locator can be read again for as long as the job exists.
  assert.equal((await call('GET', `/${id}/results?maxRecords=1&locator=${locator}`)).text, second.text);
  assert.equal((await call('GET', `/${id}/results?maxRecords=0`)).status, 400);
  assert.equal((await call('GET', `/${id}/results?locator=bogus`)).status, 400);
  assert.equal((await call('GET', `/${id}/results`, undefined, '61.0')).status, 409);
});

test('queryAll includes deleted records', async () => {
  const response = await call('POST', '', {
    operation: 'queryAll',
    query: 'SELECT LastName, IsDeleted FROM Lead ORDER BY LastName'
  });
  const id = (response.json() as { id: string }).id;
  assert.equal(
    (await call('GET', `/${id}/results`)).text,
    '"LastName","IsDeleted"\n"Ada","false"\n"Bea","false"\n"Cy","true"\n'
  );
});

test('a job aborted before it runs has no results; finished jobs cannot be aborted, only deleted', async () => {
  const id = await createJob('SELECT Id FROM Lead');
  const aborted = await call('PATCH', `/${id}`, { state: 'Aborted' });
  assert.equal((aborted.json() as { state: string }).state, 'Aborted');
  assert.equal(((await call('GET', `/${id}`)).json() as { state: string }).state, 'Aborted');
  assert.equal((await call('GET', `/${id}/results`)).status, 400);
  assert.equal((await call('PATCH', `/${id}`, { state: 'Aborted' })).status, 400);
  assert.equal((await call('DELETE', `/${id}`)).status, 204);
  assert.equal((await call('GET', `/${id}`)).status, 404);
});

test('bad jobs are refused with the reason', async () => {
  const refused = async (body: unknown, errorCode: string) => {
    const response = await call('POST', '', body);
    assert.equal(response.status, 400, response.text);
    assert.equal((response.json() as { errorCode: string }[])[0]?.errorCode, errorCode);
  };
  await refused({ operation: 'upsert', query: 'SELECT Id FROM Lead' }, 'INVALIDJOB');
  await refused({ operation: 'query' }, 'INVALIDJOB');
  await refused({ operation: 'query', query: 'SELECT Id FROM Lead', columnDelimiter: 'DASH' }, 'INVALIDJOB');
  await refused({ operation: 'query', query: 'SELECT COUNT() FROM Lead' }, 'API_ERROR');
  await refused({ operation: 'query', query: 'SELECT LastName FROM Lead GROUP BY LastName' }, 'API_ERROR');
  await refused(
    { operation: 'query', query: 'SELECT Id, (SELECT Id FROM Contacts) FROM Account' },
    'API_ERROR'
  );
  await refused({ operation: 'query', query: 'SELEKT' }, 'MALFORMED_QUERY');
  // A query the org rejects when it runs fails the job, and says why.
  const id = await createJob('SELECT Nope__c FROM Lead');
  const info = (await call('GET', `/${id}`)).json() as { state: string; errorMessage: string };
  assert.equal(info.state, 'Failed');
  assert.match(info.errorMessage, /Nope__c/);
  assert.equal((await call('GET', '/750000000000000AAA')).status, 404);
});
