// WHERE: every operator with SOQL's semantics (case-insensitive text, nulls kept by != and
// NOT IN), literal syntax and escapes, type checking with Salesforce's messages, semi-joins
// and anti-joins, multi-select picklists, and literals that try to inject SQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createOrg, errorText, failure, type Org } from './soqlFixture.ts';

const A1 = '001000000000001AAA';
const A2 = '001000000000002AAA';
const INJECTION = "x'; drop table lead; --";

let org: Org;

/** LastNames of the matching leads, sorted, for compact assertions. */
async function leads(where: string): Promise<string[]> {
  const result = await org.query(`SELECT LastName FROM Lead WHERE ${where} ORDER BY LastName`);
  return result.records.map((r) => r.LastName as string);
}

async function objectives(where: string): Promise<string[]> {
  const result = await org.query(`SELECT Name FROM Plan_Objective__c WHERE ${where} ORDER BY Name`);
  return result.records.map((r) => r.Name as string);
}

before(async () => {
  org = await createOrg();
  await org.insert('Account', [
    { Id: A1, Name: 'Acme', IsPartner: true },
    { Id: A2, Name: 'Globex', IsPartner: false }
  ]);
  await org.insert('Contact', [{ Id: '003000000000001AAA', LastName: 'Carla', AccountId: A1 }]);
  const lead = (n: number, fields: Record<string, unknown>) => ({ Id: `00Q00000000000${n}AAA`, ...fields });
  await org.insert('Lead', [
    lead(1, {
      FirstName: 'Ann',
      LastName: 'Lee',
      Company: 'Acme',
      LeadSource: 'Web',
      Rating: 'Hot',
      AnnualRevenue: '500000',
      NumberOfEmployees: 10,
      Title: "O'Brien & Co",
      PartnerAccountId: A1
    }),
    lead(2, {
      FirstName: 'Bob',
      LastName: 'Stone',
      Company: 'globex',
      LeadSource: 'Phone Inquiry',
      AnnualRevenue: '1500000',
      NumberOfEmployees: 200,
      IsConverted: true,
      ConvertedDate: '2026-03-01',
      PartnerAccountId: A2,
      Title: 'line1\nline2'
    }),
    lead(3, { LastName: 'Null', Company: '100%_Real', Rating: 'Cold', Title: 'back\\slash' }),
    lead(4, {
      LastName: 'Under_Score',
      Company: 'Under Inc',
      LeadSource: 'Web',
      AnnualRevenue: '0',
      NumberOfEmployees: 0,
      Title: INJECTION
    }),
    lead(5, { LastName: 'UnderXScore', Company: 'X', LeadSource: 'Other', AnnualRevenue: '42.5' })
  ]);
  await org.insert('Plan_Objective__c', [
    { Id: 'a01000000000001AAA', Name: 'O1', Tags__c: 'Leads;Revenue', Criteria__c: 'long text' },
    { Id: 'a01000000000002AAA', Name: 'O2', Tags__c: 'Training' },
    { Id: 'a01000000000003AAA', Name: 'O3' },
    { Id: 'a01000000000004AAA', Name: 'O4', Tags__c: 'Revenue' }
  ]);
});

after(() => org.close());

describe('comparison operators', () => {
  test('= on text ignores case', async () => {
    assert.deepEqual(await leads("Company = 'ACME'"), ['Lee']);
    assert.deepEqual(await leads("Company = 'Globex'"), ['Stone']);
  });

  test('!= and <> keep records whose field is null', async () => {
    assert.deepEqual(await leads("LeadSource != 'Web'"), ['Null', 'Stone', 'UnderXScore']);
    assert.deepEqual(await leads("LeadSource <> 'web'"), ['Null', 'Stone', 'UnderXScore']);
  });

  test('< <= > >= compare numbers and leave nulls out', async () => {
    assert.deepEqual(await leads('AnnualRevenue > 500000'), ['Stone']);
    assert.deepEqual(await leads('AnnualRevenue >= 500000'), ['Lee', 'Stone']);
    assert.deepEqual(await leads('AnnualRevenue < 500000'), ['Under_Score', 'UnderXScore']);
    assert.deepEqual(await leads('AnnualRevenue <= 0'), ['Under_Score']);
    assert.deepEqual(await leads('AnnualRevenue = 42.5'), ['UnderXScore']);
    assert.deepEqual(await leads('NumberOfEmployees = 200'), ['Stone']);
  });

  test('< and > on text compare ignoring case', async () => {
    assert.deepEqual(await leads("Company > 'b'"), ['Stone', 'Under_Score', 'UnderXScore']);
  });

  test('the same literal compared as text and as a number keeps both meanings', async () => {
    assert.deepEqual(await leads("Company = '10' OR NumberOfEmployees = 10"), ['Lee']);
  });

  test('= null and != null test for a missing value', async () => {
    assert.deepEqual(await leads('LeadSource = null'), ['Null']);
    assert.deepEqual(await leads('Rating != NULL'), ['Lee', 'Null']);
  });

  test('booleans compare with TRUE and FALSE in any case', async () => {
    assert.deepEqual(await leads('IsConverted = true'), ['Stone']);
    assert.deepEqual(await leads('IsConverted = FALSE'), ['Lee', 'Null', 'Under_Score', 'UnderXScore']);
  });

  test('on a checkbox, = null means false and != null means true', async () => {
    assert.deepEqual(await leads('IsConverted = null'), ['Lee', 'Null', 'Under_Score', 'UnderXScore']);
    assert.deepEqual(await leads('IsConverted != null'), ['Stone']);
  });

  test('dates compare with YYYY-MM-DD literals', async () => {
    assert.deepEqual(await leads('ConvertedDate = 2026-03-01'), ['Stone']);
    assert.deepEqual(await leads('ConvertedDate > 2026-03-01'), []);
    assert.deepEqual(await leads('ConvertedDate >= 2026-01-01'), ['Stone']);
  });
});

describe('LIKE', () => {
  test('LIKE ignores case and treats % as any run of characters', async () => {
    assert.deepEqual(await leads("Company LIKE 'ac%'"), ['Lee']);
    assert.deepEqual(await leads("Company LIKE 'GLOB%'"), ['Stone']);
    assert.deepEqual(await leads("Company LIKE '%in%'"), ['Under_Score']);
  });

  test('_ matches one character, and \\_ and \\% match themselves', async () => {
    assert.deepEqual(await leads("LastName LIKE 'L_e'"), ['Lee']);
    assert.deepEqual(await leads("LastName LIKE 'Under_Score'"), ['Under_Score', 'UnderXScore']);
    assert.deepEqual(await leads("LastName LIKE 'Under\\_Score'"), ['Under_Score']);
    assert.deepEqual(await leads("Company LIKE '100\\%\\_Real'"), ['Null']);
    assert.deepEqual(await leads("Company LIKE '100\\%'"), []);
  });

  test('LIKE never matches a null field', async () => {
    assert.deepEqual(await leads("Rating LIKE '%'"), ['Lee', 'Null']);
  });

  test('LIKE on a number field is a type error', async () => {
    const error = await failure(org.query("SELECT Id FROM Lead WHERE AnnualRevenue LIKE '5%'"));
    assert.equal(error.errorCode, 'INVALID_FIELD');
  });
});

describe('IN and NOT IN', () => {
  test('IN matches any listed value, ignoring case', async () => {
    assert.deepEqual(await leads("LeadSource IN ('web', 'Phone Inquiry')"), ['Lee', 'Stone', 'Under_Score']);
  });

  test('NOT IN keeps records whose field is null', async () => {
    assert.deepEqual(await leads("LeadSource NOT IN ('Web', 'Other')"), ['Null', 'Stone']);
  });

  test('null may be listed', async () => {
    assert.deepEqual(await leads("LeadSource IN (null, 'Phone Inquiry')"), ['Null', 'Stone']);
    assert.deepEqual(await leads("LeadSource NOT IN (null, 'Web')"), ['Stone', 'UnderXScore']);
  });

  test('Ids match exactly, and a 15-character Id matches its 18-character form', async () => {
    assert.deepEqual(await leads("Id IN ('00Q000000000001AAA', '00Q000000000002')"), ['Lee', 'Stone']);
    assert.deepEqual(await leads("Id = '00Q000000000003'"), ['Null']);
    assert.deepEqual(await leads("PartnerAccountId = '001000000000001AAA'"), ['Lee']);
  });

  test('an Id that is not 15 or 18 characters is INVALID_QUERY_FILTER_OPERATOR', async () => {
    const error = await failure(org.query("SELECT Id FROM Lead WHERE Id = 'abc'"));
    assert.equal(error.errorCode, 'INVALID_QUERY_FILTER_OPERATOR');
    assert.equal(errorText(error), 'invalid ID field: abc');
  });
});

describe('semi-joins and anti-joins', () => {
  test('IN (SELECT …) keeps records whose reference is among the subquery results', async () => {
    assert.deepEqual(await leads('PartnerAccountId IN (SELECT AccountId FROM Contact)'), ['Lee']);
    const accounts = await org.query(
      'SELECT Name FROM Account WHERE Id IN (SELECT PartnerAccountId FROM Lead WHERE IsConverted = true)'
    );
    assert.deepEqual(
      accounts.records.map((r) => r.Name),
      ['Globex']
    );
  });

  test('NOT IN (SELECT …) keeps the others, including records with no reference', async () => {
    assert.deepEqual(await leads('PartnerAccountId NOT IN (SELECT AccountId FROM Contact)'), [
      'Null',
      'Stone',
      'Under_Score',
      'UnderXScore'
    ]);
    const accounts = await org.query(
      'SELECT Name FROM Account WHERE Id NOT IN (SELECT AccountId FROM Contact)'
    );
    assert.deepEqual(
      accounts.records.map((r) => r.Name),
      ['Globex']
    );
  });

  test('a semi-join on a text field is MALFORMED_QUERY', async () => {
    const error = await failure(org.query('SELECT Id FROM Lead WHERE Company IN (SELECT Name FROM Account)'));
    assert.equal(error.errorCode, 'MALFORMED_QUERY');
  });
});

describe('multi-select picklists', () => {
  test('INCLUDES matches records having all the values of any one listed term', async () => {
    assert.deepEqual(await objectives("Tags__c INCLUDES ('Revenue')"), ['O1', 'O4']);
    assert.deepEqual(await objectives("Tags__c INCLUDES ('leads;revenue')"), ['O1']);
    assert.deepEqual(await objectives("Tags__c INCLUDES ('Training', 'Leads;Revenue')"), ['O1', 'O2']);
  });

  test('EXCLUDES keeps records without the values, including empty ones', async () => {
    assert.deepEqual(await objectives("Tags__c EXCLUDES ('Revenue')"), ['O2', 'O3']);
  });

  test('= on a multi-select picklist matches the exact set in any order', async () => {
    assert.deepEqual(await objectives("Tags__c = 'Revenue;Leads'"), ['O1']);
    assert.deepEqual(await objectives("Tags__c = 'Revenue'"), ['O4']);
  });

  test('INCLUDES on a plain picklist is refused', async () => {
    const error = await failure(org.query("SELECT Id FROM Lead WHERE LeadSource INCLUDES ('Web')"));
    assert.equal(error.errorCode, 'INVALID_QUERY_FILTER_OPERATOR');
  });
});

describe('AND, OR, NOT and parentheses', () => {
  test('conditions combine with AND, OR, NOT and parentheses', async () => {
    assert.deepEqual(await leads("(LeadSource = 'Web' OR Rating = 'Cold') AND NOT AnnualRevenue > 100000"), [
      'Null',
      'Under_Score'
    ]);
    assert.deepEqual(await leads("NOT (LeadSource = 'Web' OR LeadSource = 'Other')"), ['Null', 'Stone']);
    assert.deepEqual(await leads("((NOT Rating = 'Hot') AND Company LIKE '%e%') OR LastName = 'Lee'"), [
      'Lee',
      'Null',
      'Stone',
      'Under_Score'
    ]);
  });

  test('AND and OR mixed without parentheses is MALFORMED_QUERY', async () => {
    const error = await failure(
      org.query("SELECT Id FROM Lead WHERE Rating = 'Hot' AND Company = 'x' OR LastName = 'y'")
    );
    assert.equal(error.errorCode, 'MALFORMED_QUERY');
    assert.equal(errorText(error), "unexpected token: 'OR'");
  });

  test('conditions may follow relationships', async () => {
    assert.deepEqual(await leads("PartnerAccount.Name = 'acme'"), ['Lee']);
    assert.deepEqual(await leads('PartnerAccount.IsPartner = false'), ['Stone']);
    assert.deepEqual(await leads("PartnerAccount.Name != 'Acme'"), [
      'Null',
      'Stone',
      'Under_Score',
      'UnderXScore'
    ]);
  });
});

describe('literals', () => {
  test('escaped quotes, backslashes and newlines in strings', async () => {
    assert.deepEqual(await leads("Title = 'O\\'Brien & Co'"), ['Lee']);
    assert.deepEqual(await leads("Title = 'back\\\\slash'"), ['Null']);
    assert.deepEqual(await leads("Title = 'line1\\nline2'"), ['Stone']);
  });

  test('an unknown escape sequence is MALFORMED_QUERY', async () => {
    const error = await failure(org.query("SELECT Id FROM Lead WHERE Title = 'a\\qb'"));
    assert.equal(error.errorCode, 'MALFORMED_QUERY');
  });

  test('a quoted number for a number field is INVALID_FIELD, as Salesforce words it', async () => {
    const error = await failure(org.query("SELECT Id FROM Lead WHERE AnnualRevenue = '5'"));
    assert.equal(error.errorCode, 'INVALID_FIELD');
    assert.equal(
      errorText(error),
      "value of filter criterion for field 'AnnualRevenue' must be of type double and should not be enclosed in quotes"
    );
  });

  test('an unquoted value for a text field must be quoted', async () => {
    const error = await failure(org.query('SELECT Id FROM Lead WHERE Company = 5'));
    assert.equal(error.errorCode, 'INVALID_FIELD');
    assert.equal(
      errorText(error),
      "value of filter criterion for field 'Company' must be of type string and should be enclosed in quotes"
    );
  });

  test('booleans, dates and dateTimes only take their own literal types', async () => {
    const cases: [string, string][] = [
      [
        "IsConverted = 'true'",
        "value of filter criterion for field 'IsConverted' must be of type boolean and should not be enclosed in quotes"
      ],
      [
        "ConvertedDate = '2026-03-01'",
        "value of filter criterion for field 'ConvertedDate' must be of type date and should not be enclosed in quotes"
      ],
      [
        'ConvertedDate = 2026-03-01T00:00:00Z',
        "value of filter criterion for field 'ConvertedDate' must be of type date and should not be enclosed in quotes"
      ],
      [
        'CreatedDate > 2026-03-01',
        "value of filter criterion for field 'CreatedDate' must be of type dateTime and should not be enclosed in quotes"
      ],
      [
        'NumberOfEmployees = true',
        "value of filter criterion for field 'NumberOfEmployees' must be of type integer and should not be enclosed in quotes"
      ]
    ];
    for (const [where, message] of cases) {
      const error = await failure(org.query(`SELECT Id FROM Lead WHERE ${where}`));
      assert.equal(error.errorCode, 'INVALID_FIELD', where);
      assert.equal(errorText(error), message, where);
    }
  });

  test('a long text area cannot be filtered', async () => {
    const error = await failure(org.query("SELECT Id FROM Plan_Objective__c WHERE Criteria__c = 'x'"));
    assert.equal(error.errorCode, 'INVALID_FIELD');
    assert.equal(errorText(error), "field 'Criteria__c' can not be filtered in query call");
  });
});

describe('SQL injection', () => {
  test('string literals are values, never SQL: injection attempts match nothing and change nothing', async () => {
    const attempts = [
      "Company = 'x\\'; drop table lead; --'",
      "Company = 'x\\' OR \\'1\\'=\\'1'",
      "Company LIKE '%\\'; delete from lead; --'",
      "Company IN ('a\\'); delete from lead; --')",
      'LastName = \'Lee" or "1"="1\''
    ];
    for (const where of attempts) assert.deepEqual(await leads(where), [], where);
    assert.equal((await org.query('SELECT COUNT() FROM Lead')).totalSize, 5);
    assert.deepEqual(await leads(`Title = '${INJECTION.replaceAll("'", "\\'")}'`), ['Under_Score']);
  });
});
