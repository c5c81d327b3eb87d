// Aggregate queries: COUNT() as a bare total, every aggregate function, GROUP BY with
// aliases and expr0…, grouped relationship fields, HAVING, ROLLUP, and Salesforce's errors.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createOrg, errorText, failure, type Org } from './soqlFixture.ts';

const A1 = '001000000000001AAA';
const A2 = '001000000000002AAA';

let org: Org;

before(async () => {
  org = await createOrg();
  await org.insert('Account', [
    { Id: A1, Name: 'Acme' },
    { Id: A2, Name: 'Globex' }
  ]);
  const deal = (n: number, fields: Record<string, unknown>) => ({
    Id: `00600000000000${n}AAA`,
    Name: `Deal ${n}`,
    ...fields
  });
  await org.insert('Opportunity', [
    deal(1, {
      Amount: '100',
      StageName: 'Prospecting',
      LeadSource: 'Web',
      AccountId: A1,
      CloseDate: '2026-01-15'
    }),
    deal(2, {
      Amount: '200',
      StageName: 'Prospecting',
      LeadSource: 'Web',
      AccountId: A1,
      CloseDate: '2026-02-20'
    }),
    deal(3, {
      Amount: '300',
      StageName: 'Closed Won',
      LeadSource: 'Phone Inquiry',
      AccountId: A2,
      CloseDate: '2026-04-01'
    }),
    deal(4, { StageName: 'Closed Won', AccountId: A2, CloseDate: '2026-07-04' }),
    deal(5, { Amount: '50.5', StageName: 'Closed Lost', LeadSource: 'Web', CloseDate: '2025-12-31' }),
    deal(6, {
      Amount: '1000',
      StageName: 'Prospecting',
      LeadSource: 'Web',
      CloseDate: '2026-01-01',
      IsDeleted: true
    })
  ]);
});

after(() => org.close());

const aggregate = (fields: Record<string, unknown>) => ({
  attributes: { type: 'AggregateResult' },
  ...fields
});

describe('COUNT()', () => {
  test('COUNT() alone answers with totalSize and no records', async () => {
    assert.deepEqual(await org.query('SELECT COUNT() FROM Opportunity'), {
      totalSize: 5,
      done: true,
      records: []
    });
    assert.deepEqual(await org.query("SELECT COUNT() FROM Opportunity WHERE LeadSource = 'Web'"), {
      totalSize: 3,
      done: true,
      records: []
    });
  });

  test('COUNT() respects LIMIT', async () => {
    assert.equal((await org.query('SELECT COUNT() FROM Opportunity LIMIT 2')).totalSize, 2);
  });
});

describe('aggregate functions', () => {
  test('each function over all rows, unaliased columns named expr0, expr1… in order', async () => {
    const result = await org.query(
      'SELECT COUNT(Id), COUNT(Amount), COUNT_DISTINCT(LeadSource), SUM(Amount), AVG(Amount), MIN(Amount), MAX(Amount), MIN(CloseDate), MAX(CloseDate), MAX(Name) FROM Opportunity'
    );
    assert.deepEqual(result, {
      totalSize: 1,
      done: true,
      records: [
        aggregate({
          expr0: 5,
          expr1: 4,
          expr2: 2,
          expr3: 650.5,
          expr4: 162.625,
          expr5: 50.5,
          expr6: 300,
          expr7: '2025-12-31',
          expr8: '2026-07-04',
          expr9: 'Deal 5'
        })
      ]
    });
  });

  test('an aggregate over no rows still returns one row: counts 0, others null', async () => {
    const [record] = (
      await org.query("SELECT COUNT(Id) n, SUM(Amount) s FROM Opportunity WHERE Name = 'none'")
    ).records;
    assert.deepEqual(record, aggregate({ n: 0, s: null }));
  });

  test('grouped fields keep their name, aliases rename, and expr numbering counts only unaliased functions', async () => {
    const result = await org.query(
      'SELECT LeadSource, MAX(Amount), COUNT(Id) c, MIN(Amount) FROM Opportunity GROUP BY LeadSource ORDER BY LeadSource NULLS LAST'
    );
    assert.deepEqual(result.records, [
      aggregate({ LeadSource: 'Web', expr0: 200, c: 3, expr1: 50.5 }),
      aggregate({ LeadSource: 'Phone Inquiry', expr0: 300, c: 1, expr1: 300 }),
      aggregate({ LeadSource: null, expr0: null, c: 1, expr1: null })
    ]);
  });

  test('GROUP BY a picklist orders groups by the picklist order when asked', async () => {
    const result = await org.query(
      'SELECT StageName s, COUNT(Id) n, SUM(Amount) total FROM Opportunity GROUP BY StageName ORDER BY StageName'
    );
    assert.deepEqual(result.records, [
      aggregate({ s: 'Prospecting', n: 2, total: 300 }),
      aggregate({ s: 'Closed Won', n: 2, total: 300 }),
      aggregate({ s: 'Closed Lost', n: 1, total: 50.5 })
    ]);
  });

  test('a grouped relationship field is keyed by its field name', async () => {
    const result = await org.query(
      'SELECT Account.Name, SUM(Amount) FROM Opportunity GROUP BY Account.Name ORDER BY Account.Name NULLS LAST'
    );
    assert.deepEqual(result.records, [
      aggregate({ Name: 'Acme', expr0: 300 }),
      aggregate({ Name: 'Globex', expr0: 300 }),
      aggregate({ Name: null, expr0: 50.5 })
    ]);
  });

  test('HAVING filters groups on aggregates and grouped fields', async () => {
    const result = await org.query(
      'SELECT LeadSource, COUNT(Id) FROM Opportunity GROUP BY LeadSource HAVING COUNT(Id) > 1'
    );
    assert.deepEqual(result.records, [aggregate({ LeadSource: 'Web', expr0: 3 })]);
    const both = await org.query(
      "SELECT LeadSource, SUM(Amount) FROM Opportunity GROUP BY LeadSource HAVING SUM(Amount) >= 300 AND LeadSource != 'Web'"
    );
    assert.deepEqual(both.records, [aggregate({ LeadSource: 'Phone Inquiry', expr0: 300 })]);
  });

  test('ORDER BY an aggregate', async () => {
    const result = await org.query(
      'SELECT AccountId, COUNT(Id) n FROM Opportunity GROUP BY AccountId ORDER BY COUNT(Id) DESC, AccountId'
    );
    assert.deepEqual(
      result.records.map((r) => [r.AccountId, r.n]),
      [
        [A1, 2],
        [A2, 2],
        [null, 1]
      ]
    );
  });

  test('GROUP BY ROLLUP adds subtotal rows that GROUPING() tells apart', async () => {
    const result = await org.query(
      'SELECT LeadSource, GROUPING(LeadSource) g, COUNT(Id) n FROM Opportunity GROUP BY ROLLUP(LeadSource)'
    );
    // Row order is not specified without ORDER BY; compare as a set.
    const rows = result.records.map((r) => JSON.stringify([r.LeadSource, r.g, r.n])).sort();
    const expected = [
      [null, 0, 1],
      [null, 1, 5],
      ['Phone Inquiry', 0, 1],
      ['Web', 0, 3]
    ];
    assert.deepEqual(rows, expected.map((row) => JSON.stringify(row)).sort());
  });

  test('aggregate records have no url and ignore deleted rows', async () => {
    const [record] = (await org.query("SELECT SUM(Amount) FROM Opportunity WHERE StageName = 'Prospecting'"))
      .records;
    assert.deepEqual(record, aggregate({ expr0: 300 }));
  });

  test('queryAll aggregates over deleted rows too', async () => {
    const [record] = (
      await org.query("SELECT SUM(Amount) FROM Opportunity WHERE StageName = 'Prospecting'", {
        includeDeleted: true
      })
    ).records;
    assert.deepEqual(record, aggregate({ expr0: 1300 }));
  });
});

describe('aggregate errors', () => {
  test('a field neither grouped nor aggregated is MALFORMED_QUERY', async () => {
    const error = await failure(org.query('SELECT Name, COUNT(Id) FROM Opportunity GROUP BY StageName'));
    assert.equal(error.errorCode, 'MALFORMED_QUERY');
    assert.equal(errorText(error), 'Field must be grouped or aggregated: Name');
    const ungrouped = await failure(org.query('SELECT Name, COUNT(Id) FROM Opportunity'));
    assert.equal(errorText(ungrouped), 'Field must be grouped or aggregated: Name');
  });

  test('grouping by a field that is not groupable is refused', async () => {
    const error = await failure(org.query('SELECT Amount, COUNT(Id) FROM Opportunity GROUP BY Amount'));
    assert.equal(error.errorCode, 'MALFORMED_QUERY');
    assert.equal(errorText(error), "field 'Amount' can not be grouped in a query call");
  });

  test('SUM of a text field is refused', async () => {
    const error = await failure(org.query('SELECT SUM(Name) FROM Opportunity'));
    assert.equal(error.errorCode, 'INVALID_FIELD');
    assert.equal(errorText(error), 'field Name does not support aggregate operator SUM');
  });

  test('ordering by a field that is not grouped is refused', async () => {
    const error = await failure(
      org.query('SELECT StageName, COUNT(Id) FROM Opportunity GROUP BY StageName ORDER BY Name')
    );
    assert.equal(error.errorCode, 'MALFORMED_QUERY');
    assert.equal(errorText(error), 'Ordered field must be grouped or aggregated: Name');
  });

  test('aggregate functions in WHERE are refused', async () => {
    const error = await failure(org.query('SELECT Id FROM Opportunity WHERE COUNT(Id) > 1'));
    assert.equal(error.errorCode, 'MALFORMED_QUERY');
  });

  test('more than 2000 groups cannot be paged: EXCEEDED_ID_LIMIT, unless LIMIT keeps them in one batch', async () => {
    await org.db.query(
      `insert into lead (id, lastname, company, createddate, isdeleted)
       select '00Q' || lpad(i::text, 12, '0') || 'AAA', 'Bulk', 'Company ' || i, now(), false
       from generate_series(1, 2001) i`
    );
    const error = await failure(org.query('SELECT Company, COUNT(Id) FROM Lead GROUP BY Company'));
    assert.equal(error.errorCode, 'EXCEEDED_ID_LIMIT');
    assert.equal(
      error.message,
      'Aggregate query does not support queryMore(), use LIMIT to restrict the results to a single batch'
    );
    const limited = await org.query('SELECT Company, COUNT(Id) FROM Lead GROUP BY Company LIMIT 2000', {
      batchSize: 200
    });
    assert.equal(limited.records.length, 2000);
    assert.equal(limited.done, true);
  });
});
