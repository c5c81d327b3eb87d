// SELECT lists in REST form: attributes, value types, relationship nesting and nulls,
// child subqueries, FIELDS(), ORDER BY, LIMIT and OFFSET.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createOrg, errorText, failure, type Org, pluck } from './soqlFixture.ts';

const U1 = '005000000000001AAA';
const U2 = '005000000000002AAA';
const P1 = '00e000000000001AAA';
const A1 = '001000000000001AAA';
const A2 = '001000000000002AAA';
const A3 = '001000000000003AAA';
const A4 = '001000000000004AAA';
const BP1 = 'a00000000000001AAA';
const BP2 = 'a00000000000002AAA';
const BP3 = 'a00000000000003AAA';
const O1 = 'a01000000000001AAA';
const O2 = 'a01000000000002AAA';

const url = (type: string, id: string): string => `/services/data/v62.0/sobjects/${type}/${id}`;

let org: Org;

before(async () => {
  org = await createOrg();
  await org.insert('Profile', [{ Id: P1, Name: 'Partner Community User' }]);
  await org.insert('User', [
    {
      Id: U1,
      FirstName: 'Ada',
      LastName: 'Admin',
      Name: 'Ada Admin',
      Username: 'ada@x.com',
      Email: 'ada@x.com'
    },
    {
      Id: U2,
      FirstName: 'Bob',
      LastName: 'Partner',
      Name: 'Bob Partner',
      Username: 'bob@x.com',
      Email: 'bob@x.com',
      ProfileId: P1
    }
  ]);
  await org.insert('Account', [
    {
      Id: A1,
      Name: 'Acme Corp',
      OwnerId: U1,
      AnnualRevenue: '1000000',
      NumberOfEmployees: 50,
      IsPartner: true,
      Industry: 'Technology',
      CreatedDate: '2025-06-01T12:34:56.789Z'
    },
    { Id: A2, Name: 'Globex', OwnerId: U2, ParentId: A1, IsPartner: false },
    { Id: A3, Name: 'Initech', OwnerId: U1, IsDeleted: true },
    { Id: A4, Name: 'umbrella', OwnerId: U1, AnnualRevenue: '20' }
  ]);
  await org.insert('Contact', [
    { Id: '003000000000001AAA', LastName: 'Contact', Name: 'Carla Contact', AccountId: A1 },
    { Id: '003000000000002AAA', LastName: 'Doe', Name: 'Dan Doe', AccountId: A1 },
    { Id: '003000000000003AAA', LastName: 'Example', Name: 'Eve Example', AccountId: A2 },
    { Id: '003000000000004AAA', LastName: 'Gone', Name: 'Gone', AccountId: A1, IsDeleted: true }
  ]);
  await org.insert('Business_Plan__c', [
    { Id: BP1, Name: 'Acme FY26', Partner_Account__c: A1, Status__c: 'Active', OwnerId: U1 },
    { Id: BP2, Name: 'Orphan plan', Status__c: 'Draft', OwnerId: U1 },
    { Id: BP3, Name: 'Closed plan', Status__c: 'Closed', OwnerId: U2 }
  ]);
  await org.insert('Plan_Objective__c', [
    {
      Id: O1,
      Name: 'Grow leads',
      Business_Plan__c: BP1,
      Target__c: '100',
      Weight__c: '25.5',
      Tags__c: 'Leads;Revenue',
      Due_Date__c: '2026-06-30'
    },
    { Id: O2, Name: 'Train reps', Business_Plan__c: BP1, Target__c: '10.5' }
  ]);
  await org.insert('Objective_Result__c', [
    { Id: 'a02000000000001AAA', Name: 'Q1 result', Plan_Objective__c: O1, Actual__c: '40' },
    { Id: 'a02000000000002AAA', Name: 'Q2 result', Plan_Objective__c: O2 },
    { Id: 'a02000000000003AAA', Name: 'Loose result' }
  ]);
});

after(() => org.close());

describe('record shape', () => {
  test('a record has attributes with its type and url, then the fields in SELECT order', async () => {
    const result = await org.query(`SELECT Name, Id FROM Account WHERE Id = '${A1}'`);
    assert.deepEqual(result, {
      totalSize: 1,
      done: true,
      records: [{ attributes: { type: 'Account', url: url('Account', A1) }, Name: 'Acme Corp', Id: A1 }]
    });
    assert.deepEqual(Object.keys(result.records[0] ?? {}), ['attributes', 'Name', 'Id']);
  });

  test('the url is there even when Id is not selected', async () => {
    const [record] = (await org.query("SELECT Name FROM Account WHERE Name = 'Globex'")).records;
    assert.deepEqual(record, { attributes: { type: 'Account', url: url('Account', A2) }, Name: 'Globex' });
  });

  test('values come back as JSON numbers, booleans, YYYY-MM-DD dates and UTC datetimes with +0000', async () => {
    const [account] = (
      await org.query(
        `SELECT AnnualRevenue, NumberOfEmployees, IsPartner, CreatedDate, Industry, Phone FROM Account WHERE Id = '${A1}'`
      )
    ).records;
    assert.equal(account?.AnnualRevenue, 1000000);
    assert.equal(account?.NumberOfEmployees, 50);
    assert.equal(account?.IsPartner, true);
    assert.equal(account?.CreatedDate, '2025-06-01T12:34:56.789+0000');
    assert.equal(account?.Industry, 'Technology');
    assert.equal(account?.Phone, null);
    const [objective] = (
      await org.query(
        `SELECT Target__c, Weight__c, Tags__c, Due_Date__c FROM Plan_Objective__c WHERE Id = '${O1}'`
      )
    ).records;
    assert.deepEqual(objective, {
      attributes: { type: 'Plan_Objective__c', url: url('Plan_Objective__c', O1) },
      Target__c: 100,
      Weight__c: 25.5,
      Tags__c: 'Leads;Revenue',
      Due_Date__c: '2026-06-30'
    });
  });

  test('object and field names are matched ignoring case and answered in their API casing', async () => {
    const [record] = (await org.query("select name, OWNER.name from ACCOUNT where NAME = 'Globex'")).records;
    assert.deepEqual(Object.keys(record ?? {}), ['attributes', 'Name', 'Owner']);
    assert.equal((record?.Owner as { Name: string }).Name, 'Bob Partner');
  });

  test('fields may carry the FROM alias as a prefix', async () => {
    const [record] = (await org.query("SELECT a.Name, a.Owner.Name FROM Account a WHERE a.Name = 'Globex'"))
      .records;
    assert.equal(record?.Name, 'Globex');
    assert.equal((record?.Owner as { Name: string }).Name, 'Bob Partner');
  });

  test('FOR VIEW, FOR REFERENCE and UPDATE TRACKING are accepted and change nothing', async () => {
    for (const suffix of ['FOR VIEW', 'FOR REFERENCE', 'UPDATE TRACKING', 'UPDATE VIEWSTAT']) {
      const result = await org.query(`SELECT Id FROM Account WHERE Id = '${A1}' ${suffix}`);
      assert.equal(result.totalSize, 1, suffix);
    }
  });
});

describe('relationships', () => {
  test('a lookup nests the parent as a record; a null lookup makes the whole relationship null', async () => {
    const result = await org.query('SELECT Name, Parent.Name FROM Account ORDER BY Name');
    assert.deepEqual(
      result.records.map((r) => [r.Name, r.Parent]),
      [
        ['Acme Corp', null],
        ['Globex', { attributes: { type: 'Account', url: url('Account', A1) }, Name: 'Acme Corp' }],
        ['umbrella', null]
      ]
    );
  });

  test('fields through one relationship share one nested record, and paths can go several levels', async () => {
    const result = await org.query(
      'SELECT Name, Owner.Name, Owner.Email, Owner.Profile.Name FROM Account ORDER BY Name'
    );
    assert.deepEqual(result.records[1], {
      attributes: { type: 'Account', url: url('Account', A2) },
      Name: 'Globex',
      Owner: {
        attributes: { type: 'User', url: url('User', U2) },
        Name: 'Bob Partner',
        Email: 'bob@x.com',
        Profile: { attributes: { type: 'Profile', url: url('Profile', P1) }, Name: 'Partner Community User' }
      }
    });
    assert.equal((result.records[0]?.Owner as Record<string, unknown>).Profile, null);
  });

  test('custom relationships resolve through their __r names across three levels', async () => {
    const result = await org.query(
      'SELECT Name, Plan_Objective__r.Business_Plan__r.Partner_Account__r.Name FROM Objective_Result__c ORDER BY Name'
    );
    assert.equal(result.records[0]?.Name, 'Loose result');
    assert.equal(result.records[0]?.Plan_Objective__r, null);
    assert.deepEqual(result.records[1]?.Plan_Objective__r, {
      attributes: { type: 'Plan_Objective__c', url: url('Plan_Objective__c', O1) },
      Business_Plan__r: {
        attributes: { type: 'Business_Plan__c', url: url('Business_Plan__c', BP1) },
        Partner_Account__r: { attributes: { type: 'Account', url: url('Account', A1) }, Name: 'Acme Corp' }
      }
    });
  });

  test('the polymorphic Owner points at User', async () => {
    const [plan] = (await org.query(`SELECT Owner.Name FROM Business_Plan__c WHERE Id = '${BP3}'`)).records;
    assert.deepEqual(plan?.Owner, {
      attributes: { type: 'User', url: url('User', U2) },
      Name: 'Bob Partner'
    });
  });
});

describe('child subqueries', () => {
  test('children nest as a query result in their own order; deleted children are left out', async () => {
    const result = await org.query(
      'SELECT Name, (SELECT LastName FROM Contacts ORDER BY LastName DESC) FROM Account ORDER BY Name'
    );
    const acme = result.records[0]?.Contacts as { totalSize: number; done: boolean; records: unknown[] };
    assert.equal(acme.totalSize, 2);
    assert.equal(acme.done, true);
    assert.deepEqual(
      acme.records,
      [
        ['003000000000002AAA', 'Doe'],
        ['003000000000001AAA', 'Contact']
      ].map(([id, lastName]) => ({
        attributes: { type: 'Contact', url: url('Contact', id as string) },
        LastName: lastName
      }))
    );
    assert.equal((result.records[1]?.Contacts as { totalSize: number }).totalSize, 1);
  });

  test('a parent without children gets null, not an empty result', async () => {
    const [record] = (
      await org.query("SELECT Name, (SELECT Id FROM Contacts) FROM Account WHERE Name = 'umbrella'")
    ).records;
    assert.equal(record?.Contacts, null);
  });

  test('custom child relationships take WHERE, LIMIT and parent fields', async () => {
    const result = await org.query(
      'SELECT Name, (SELECT Name, Business_Plan__r.Name FROM Plan_Objectives__r WHERE Target__c > 50 LIMIT 5) FROM Business_Plan__c ORDER BY Name'
    );
    assert.deepEqual(pluck(result, 'Name'), ['Acme FY26', 'Closed plan', 'Orphan plan']);
    assert.deepEqual(result.records[0]?.Plan_Objectives__r, {
      totalSize: 1,
      done: true,
      records: [
        {
          attributes: { type: 'Plan_Objective__c', url: url('Plan_Objective__c', O1) },
          Name: 'Grow leads',
          Business_Plan__r: {
            attributes: { type: 'Business_Plan__c', url: url('Business_Plan__c', BP1) },
            Name: 'Acme FY26'
          }
        }
      ]
    });
    assert.equal(result.records[1]?.Plan_Objectives__r, null);
  });

  test('LIMIT in a child subquery caps each parent separately', async () => {
    const result = await org.query(
      'SELECT Name, (SELECT Id FROM Contacts LIMIT 1) FROM Account ORDER BY Name LIMIT 2'
    );
    assert.deepEqual(
      result.records.map((r) => (r.Contacts as { totalSize: number }).totalSize),
      [1, 1]
    );
  });
});

describe('FIELDS()', () => {
  test('FIELDS(STANDARD) selects the standard fields and needs no LIMIT', async () => {
    const [record] = (await org.query(`SELECT FIELDS(STANDARD) FROM Business_Plan__c WHERE Id = '${BP1}'`))
      .records;
    assert.deepEqual(Object.keys(record ?? {}), [
      'attributes',
      'Id',
      'IsDeleted',
      'CreatedDate',
      'CreatedById',
      'LastModifiedDate',
      'LastModifiedById',
      'SystemModstamp',
      'OwnerId',
      'Name'
    ]);
  });

  test('FIELDS(CUSTOM) selects the custom fields', async () => {
    const [record] = (
      await org.query(`SELECT FIELDS(CUSTOM) FROM Business_Plan__c WHERE Id = '${BP1}' LIMIT 10`)
    ).records;
    assert.deepEqual(record, {
      attributes: { type: 'Business_Plan__c', url: url('Business_Plan__c', BP1) },
      Partner_Account__c: A1,
      Status__c: 'Active'
    });
  });

  test('FIELDS(ALL) and FIELDS(CUSTOM) need a LIMIT of at most 200', async () => {
    for (const soql of ['SELECT FIELDS(ALL) FROM Account', 'SELECT FIELDS(CUSTOM) FROM Account LIMIT 201']) {
      const error = await failure(org.query(soql));
      assert.equal(error.errorCode, 'MALFORMED_QUERY');
      assert.equal(errorText(error), 'The SOQL FIELDS function must have a LIMIT of at most 200');
    }
    assert.equal((await org.query('SELECT FIELDS(ALL) FROM Account LIMIT 200')).totalSize, 3);
  });
});

describe('ORDER BY, LIMIT and OFFSET', () => {
  test('text sorts ignore case', async () => {
    const result = await org.query('SELECT Name FROM Account ORDER BY Name DESC');
    assert.deepEqual(pluck(result, 'Name'), ['umbrella', 'Globex', 'Acme Corp']);
  });

  test('nulls sort first by default in both directions, last with NULLS LAST', async () => {
    const asc = await org.query('SELECT Name FROM Account ORDER BY AnnualRevenue');
    assert.deepEqual(pluck(asc, 'Name'), ['Globex', 'umbrella', 'Acme Corp']);
    const desc = await org.query('SELECT Name FROM Account ORDER BY AnnualRevenue DESC');
    assert.deepEqual(pluck(desc, 'Name'), ['Globex', 'Acme Corp', 'umbrella']);
    const last = await org.query('SELECT Name FROM Account ORDER BY AnnualRevenue ASC NULLS LAST');
    assert.deepEqual(pluck(last, 'Name'), ['umbrella', 'Acme Corp', 'Globex']);
  });

  test('picklists sort in their defined value order, not alphabetically', async () => {
    const result = await org.query('SELECT Status__c FROM Business_Plan__c ORDER BY Status__c');
    assert.deepEqual(pluck(result, 'Status__c'), ['Draft', 'Active', 'Closed']);
  });

  test('ORDER BY follows relationships and sorts several keys', async () => {
    const result = await org.query('SELECT Name FROM Account ORDER BY Owner.Name DESC, Name ASC');
    assert.deepEqual(pluck(result, 'Name'), ['Globex', 'Acme Corp', 'umbrella']);
  });

  test('LIMIT and OFFSET page through the ordered rows', async () => {
    const result = await org.query('SELECT Name FROM Account ORDER BY Name LIMIT 1 OFFSET 1');
    assert.deepEqual(result, {
      totalSize: 1,
      done: true,
      records: [{ attributes: { type: 'Account', url: url('Account', A2) }, Name: 'Globex' }]
    });
  });

  test('selecting the same field twice is MALFORMED_QUERY', async () => {
    const error = await failure(org.query('SELECT Name, name FROM Account'));
    assert.equal(error.errorCode, 'MALFORMED_QUERY');
    assert.equal(errorText(error), 'duplicate field selected: name');
  });

  test('a long text area cannot be sorted', async () => {
    const error = await failure(org.query('SELECT Id FROM Plan_Objective__c ORDER BY Criteria__c'));
    assert.equal(error.errorCode, 'INVALID_FIELD');
    assert.equal(errorText(error), "field 'Criteria__c' can not be sorted in a query call");
  });
});
