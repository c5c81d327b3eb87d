// Pagination as REST query/queryMore: 2000-record pages by default, batchSize from 200 to
// 2000, nextRecordsUrl locators over a snapshot, expiry and foreign locators, and queryAll.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createOrg, failure, NOW, type Org, options, pluck, user } from './soqlFixture.ts';
import type { QueryResult, QueryService } from '../src/soql/types.ts';

const TOTAL = 2500;
const company = (i: number): string => `Co ${String(i).padStart(4, '0')}`;
// The oracle: every company, in the order the query asks for.
const ALL = Array.from({ length: TOTAL }, (_, i) => company(i + 1));

let org: Org;

before(async () => {
  org = await createOrg();
  await org.db.query(
    `insert into lead (id, lastname, company, createddate, isdeleted)
     select '00Q' || lpad(i::text, 12, '0') || 'AAA', 'Bulk', 'Co ' || lpad(i::text, 4, '0'), now(), false
     from generate_series(1, ${TOTAL}) i`
  );
});

after(() => org.close());

/** Follows nextRecordsUrl to the end, checking each page's shape. */
async function drain(service: QueryService, first: QueryResult, batchSize?: number): Promise<QueryResult[]> {
  const pages = [first];
  let page = first;
  while (!page.done) {
    const match = /^\/services\/data\/v62\.0\/query\/(01g\w{15}-\d+)$/.exec(page.nextRecordsUrl ?? '');
    assert.ok(match, `nextRecordsUrl ${page.nextRecordsUrl}`);
    page = await service.queryMore(match[1] as string, { ...options, batchSize });
    pages.push(page);
  }
  return pages;
}

describe('pages', () => {
  test('2000 records a page by default; queryMore returns the rest in order', async () => {
    const service = org.service();
    const first = await service.query('SELECT Company FROM Lead ORDER BY Company', options);
    assert.equal(first.totalSize, TOTAL);
    assert.equal(first.done, false);
    assert.equal(first.records.length, 2000);
    assert.deepEqual(Object.keys(first), ['totalSize', 'done', 'nextRecordsUrl', 'records']);
    const pages = await drain(service, first);
    assert.deepEqual(
      pages.map((p) => p.records.length),
      [2000, 500]
    );
    assert.equal(pages[1]?.nextRecordsUrl, undefined);
    assert.equal(pages[1]?.totalSize, TOTAL);
    assert.deepEqual(
      pages.flatMap((p) => pluck(p, 'Company')),
      ALL
    );
  });

  test('batchSize sets the page size within 200–2000', async () => {
    const service = org.service();
    const sizes = async (batchSize: number): Promise<number[]> => {
      const first = await service.query('SELECT Company FROM Lead ORDER BY Company', {
        ...options,
        batchSize
      });
      const pages = await drain(service, first, batchSize);
      assert.deepEqual(
        pages.flatMap((p) => pluck(p, 'Company')),
        ALL
      );
      return pages.map((p) => p.records.length);
    };
    assert.deepEqual(await sizes(1000), [1000, 1000, 500]);
    assert.deepEqual((await sizes(50)).slice(0, 2), [200, 200]);
    assert.deepEqual(await sizes(5000), [2000, 500]);
  });

  test('LIMIT caps the whole result, not the page', async () => {
    const service = org.service();
    const first = await service.query('SELECT Company FROM Lead ORDER BY Company DESC LIMIT 2100', options);
    assert.equal(first.totalSize, 2100);
    const pages = await drain(service, first);
    assert.deepEqual(
      pages.flatMap((p) => pluck(p, 'Company')),
      [...ALL].reverse().slice(0, 2100)
    );
  });

  test('later pages come from the snapshot taken when the query ran', async () => {
    const service = org.service();
    const first = await service.query(
      "SELECT Company FROM Lead WHERE Company LIKE 'Co %' ORDER BY Company",
      options
    );
    await org.db.query(
      "insert into lead (id, lastname, company, createddate) values ('00Q999999999999AAA', 'Late', 'Co 9999', now())"
    );
    try {
      const pages = await drain(service, first);
      assert.deepEqual(
        pages.flatMap((p) => pluck(p, 'Company')),
        ALL
      );
    } finally {
      await org.db.query("delete from lead where id = '00Q999999999999AAA'");
    }
  });
});

describe('locators', () => {
  test('an unknown locator is INVALID_QUERY_LOCATOR', async () => {
    for (const locator of ['01gAAAAAAAAAAAAAAA-2000', 'nonsense']) {
      const error = await failure(org.service().queryMore(locator, options));
      assert.equal(error.errorCode, 'INVALID_QUERY_LOCATOR');
      assert.equal(error.message, 'invalid query locator');
    }
  });

  test("another user cannot continue someone else's query", async () => {
    const service = org.service();
    const first = await service.query('SELECT Id FROM Lead', options);
    const locator = (first.nextRecordsUrl ?? '').split('/').pop() as string;
    const other = { ...options, user: { ...user, id: '005000000000009AAA' } };
    assert.equal((await failure(service.queryMore(locator, other))).errorCode, 'INVALID_QUERY_LOCATOR');
  });

  test('a cursor expires after 15 idle minutes', async () => {
    let now = NOW.getTime();
    const service = org.service({ clock: () => new Date(now) });
    const first = await service.query('SELECT Id FROM Lead', { ...options, batchSize: 200 });
    const locator = (first.nextRecordsUrl ?? '').split('/').pop() as string;
    now += 14 * 60_000;
    const second = await service.queryMore(locator, { ...options, batchSize: 200 });
    assert.equal(second.records.length, 200);
    now += 16 * 60_000;
    assert.equal((await failure(service.queryMore(locator, options))).errorCode, 'INVALID_QUERY_LOCATOR');
  });
});

describe('queryAll', () => {
  test('query leaves deleted records out; queryAll includes them with IsDeleted true', async () => {
    await org.insert('Account', [
      { Id: '001000000000001AAA', Name: 'Live' },
      { Id: '001000000000002AAA', Name: 'Binned', IsDeleted: true }
    ]);
    await org.insert('Contact', [
      { Id: '003000000000001AAA', LastName: 'Kept', AccountId: '001000000000001AAA' },
      { Id: '003000000000002AAA', LastName: 'Dropped', AccountId: '001000000000001AAA', IsDeleted: true }
    ]);
    const soql =
      'SELECT Name, IsDeleted, (SELECT LastName, IsDeleted FROM Contacts ORDER BY LastName) FROM Account ORDER BY Name';
    const live = await org.query(soql);
    assert.deepEqual(pluck(live, 'Name'), ['Live']);
    assert.equal((live.records[0]?.Contacts as QueryResult).totalSize, 1);
    const all = await org.query(soql, { includeDeleted: true });
    assert.deepEqual(
      all.records.map((r) => [r.Name, r.IsDeleted]),
      [
        ['Binned', true],
        ['Live', false]
      ]
    );
    assert.deepEqual(
      (all.records[1]?.Contacts as QueryResult).records.map((r) => [r.LastName, r.IsDeleted]),
      [
        ['Dropped', true],
        ['Kept', false]
      ]
    );
    assert.equal(
      (await org.query('SELECT COUNT() FROM Account WHERE IsDeleted = true', { includeDeleted: true }))
        .totalSize,
      1
    );
  });
});
