// The Bulk API 2.0 query protocol against a scripted org: the answers are shaped as Salesforce's
// (job info JSON, CSV pages with Sforce-Locator), for the states the local org cannot be made to
// reach on demand (a job Salesforce fails, a job still running at the deadline). The happy path
// and the abort after a connector error run against the local org in
// test/integration/bulkExtraction.test.ts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConnectorError } from '../src/errors.ts';
import { silentLogger } from '../src/logger.ts';
import { bulkQueryPages, parseCsv, type BulkTransport } from '../src/salesforce/bulk2.ts';

const JOB = '750R0000000zlh9IAA';

interface Call {
  method: string;
  url: string;
  body?: unknown;
}

/** An org that answers job looks with `states` in turn and results with `pages`. */
function scriptedOrg(
  states: { state: string; errorMessage?: string }[],
  pages: { body: string; locator: string }[] = []
) {
  const calls: Call[] = [];
  let clock = 0;
  const transport: BulkTransport = {
    async json<T>(_doing: string, request: Call): Promise<T> {
      calls.push(request);
      if (request.method === 'POST') return { id: JOB, state: 'UploadComplete' } as T;
      if (request.method === 'PATCH') return { id: JOB, state: 'Aborted' } as T;
      const next = states.length > 1 ? states.shift() : states[0];
      return { id: JOB, ...next } as T;
    },
    async text(_doing, url) {
      calls.push({ method: 'GET', url });
      const page = pages.shift();
      assert.ok(page, `unexpected results call ${url}`);
      return { body: page.body, headers: { 'sforce-locator': page.locator } };
    },
    async sleep(ms) {
      clock += ms;
    },
    now: () => clock
  };
  return { transport, calls };
}

async function collect(pages: AsyncIterable<Record<string, string>[]>): Promise<Record<string, string>[]> {
  const rows = [];
  for await (const page of pages) rows.push(...page);
  return rows;
}

const options = { maxRecords: 2, timeoutMs: 60_000 };

describe('bulkQueryPages', () => {
  test('creates a CSV job, waits while it runs and follows locators until "null"', async () => {
    const { transport, calls } = scriptedOrg(
      [{ state: 'UploadComplete' }, { state: 'InProgress' }, { state: 'JobComplete' }],
      [
        { body: '"Id","Amount"\n"006A","10.5"\n"006B",""\n', locator: 'MjAwMDA' },
        { body: '"Id","Amount"\n"006C","7"\n', locator: 'null' }
      ]
    );
    const rows = await collect(
      bulkQueryPages(transport, 'SELECT Id, Amount FROM Opportunity', options, silentLogger())
    );
    assert.deepEqual(rows, [
      { Id: '006A', Amount: '10.5' },
      { Id: '006B', Amount: '' },
      { Id: '006C', Amount: '7' }
    ]);
    assert.deepEqual(calls[0], {
      method: 'POST',
      url: '/jobs/query',
      body: {
        operation: 'query',
        query: 'SELECT Id, Amount FROM Opportunity',
        contentType: 'CSV',
        columnDelimiter: 'COMMA',
        lineEnding: 'LF'
      }
    });
    assert.deepEqual(
      calls.slice(1).map((c) => `${c.method} ${c.url}`),
      [
        `GET /jobs/query/${JOB}`,
        `GET /jobs/query/${JOB}`,
        `GET /jobs/query/${JOB}`,
        `GET /jobs/query/${JOB}/results?maxRecords=2`,
        `GET /jobs/query/${JOB}/results?maxRecords=2&locator=MjAwMDA`
      ]
    );
  });

  test('a job Salesforce fails is BULK_JOB_FAILED with its reason, and is not aborted', async () => {
    const { transport, calls } = scriptedOrg([
      { state: 'Failed', errorMessage: "INVALID_FIELD: No such column 'Amount__c' on entity 'Opportunity'" }
    ]);
    await assert.rejects(
      collect(bulkQueryPages(transport, 'SELECT Id FROM Opportunity', options, silentLogger())),
      (error: ConnectorError) =>
        error.code === 'BULK_JOB_FAILED' &&
        error.message.includes(JOB) &&
        /No such column 'Amount__c'/.test(error.message)
    );
    assert.equal(calls.filter((c) => c.method === 'PATCH').length, 0);
  });

  test('a job still running at the deadline is aborted and reported as BULK_JOB_TIMEOUT', async () => {
    const { transport, calls } = scriptedOrg([{ state: 'InProgress' }]);
    await assert.rejects(
      collect(
        bulkQueryPages(
          transport,
          'SELECT Id FROM Lead',
          { maxRecords: 10, timeoutMs: 20_000 },
          silentLogger()
        )
      ),
      (error: ConnectorError) => error.code === 'BULK_JOB_TIMEOUT' && /20 seconds/.test(error.message)
    );
    assert.deepEqual(calls.at(-1), {
      method: 'PATCH',
      url: `/jobs/query/${JOB}`,
      body: { state: 'Aborted' }
    });
  });

  test('maxRecords must be a positive whole number', async () => {
    const { transport } = scriptedOrg([]);
    await assert.rejects(
      collect(
        bulkQueryPages(transport, 'SELECT Id FROM Lead', { maxRecords: 0, timeoutMs: 1000 }, silentLogger())
      ),
      /maxRecords/
    );
  });
});

describe('parseCsv', () => {
  test('quoted values with doubled quotes, commas and line breaks; CRLF rows; empty values', () => {
    const text = '"Name","Description"\r\n"Acme, Inc.","He said ""hi""\nthen left"\r\n"Beta",""\r\n';
    assert.deepEqual(parseCsv(text), [
      { Name: 'Acme, Inc.', Description: 'He said "hi"\nthen left' },
      { Name: 'Beta', Description: '' }
    ]);
  });

  test('a header alone is no records; a short row or an open quote is an error naming it', () => {
    assert.deepEqual(parseCsv('"Id"\n'), []);
    assert.throws(() => parseCsv('"Id","Amount"\n"006A"\n'), /row 1 has 1 values for 2 columns/);
    assert.throws(() => parseCsv('"Id"\n"006A\n'), /quoted/);
  });
});
