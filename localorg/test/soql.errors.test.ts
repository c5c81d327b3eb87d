// Query errors as Salesforce sends them: the error code, the query excerpt with a caret at
// the offending token, "ERROR at Row:r:Column:c", then the message.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createOrg, failure, type Org } from './soqlFixture.ts';

const WSDL = ' Please reference your WSDL or the describe call for the appropriate names.';

let org: Org;

before(async () => {
  org = await createOrg();
});

after(() => org.close());

async function error(soql: string): Promise<{ status: number; errorCode: string; message: string }> {
  const e = await failure(org.query(soql));
  return { status: e.status, errorCode: e.errorCode, message: e.message };
}

describe('syntax', () => {
  test('an unexpected token is MALFORMED_QUERY pointing at the token', async () => {
    assert.deepEqual(await error('SELECT Id, FROM Lead'), {
      status: 400,
      errorCode: 'MALFORMED_QUERY',
      message: "\nSELECT Id, FROM Lead\n           ^\nERROR at Row:1:Column:12\nunexpected token: 'FROM'"
    });
  });

  test('a query that ends too early points past its end at <EOF>', async () => {
    assert.equal(
      (await error('SELECT Id FROM Lead WHERE')).message,
      "\nSELECT Id FROM Lead WHERE\n                         ^\nERROR at Row:1:Column:26\nunexpected token: '<EOF>'"
    );
  });

  test('the caret finds the occurrence that broke the query, not an earlier one', async () => {
    const { message } = await error('SELECT Id FROM Lead LIMIT 5 LIMIT 4');
    assert.equal(
      message,
      "\nSELECT Id FROM Lead LIMIT 5 LIMIT 4\n                            ^\nERROR at Row:1:Column:29\nunexpected token: 'LIMIT'"
    );
  });

  test('rows and columns count lines of a multi-line query', async () => {
    const { errorCode, message } = await error('SELECT Id\nFROM Lead\nWHERE Nope__c = 1');
    assert.equal(errorCode, 'INVALID_FIELD');
    assert.equal(
      message,
      `\nWHERE Nope__c = 1\n      ^\nERROR at Row:3:Column:7\nNo such column 'Nope__c' on entity 'Lead'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name.${WSDL}`
    );
  });

  test('a long query shows about 35 characters either side of the error, cut at token boundaries', async () => {
    const soql = 'SELECT Id, Name, Company, Email, Title, Bogus__c, Status, LeadSource, Rating FROM Lead';
    const { message } = await error(soql);
    // Bogus__c starts at offset 40: the excerpt starts at the first token at or after offset 5
    // and ends at the last token boundary at or before offset 75.
    assert.equal(
      message.split('\n').slice(1, 4).join('\n'),
      'Id, Name, Company, Email, Title, Bogus__c, Status, LeadSource,\n' +
        `${' '.repeat(33)}^\nERROR at Row:1:Column:41`
    );
  });

  test('an unknown character is MALFORMED_QUERY', async () => {
    const { errorCode, message } = await error('SELECT Id FROM Lead WHERE Name = $x');
    assert.equal(errorCode, 'MALFORMED_QUERY');
    assert.match(message, /ERROR at Row:1:Column:34\nunexpected token: '\$'$/);
  });

  test('an alias on a plain field outside an aggregate query is MALFORMED_QUERY', async () => {
    assert.equal((await error('SELECT Name n FROM Lead')).errorCode, 'MALFORMED_QUERY');
  });
});

describe('names', () => {
  test('an unknown object is INVALID_TYPE', async () => {
    assert.deepEqual(await error('SELECT Id FROM Foo'), {
      status: 400,
      errorCode: 'INVALID_TYPE',
      message: `\nSELECT Id FROM Foo\n               ^\nERROR at Row:1:Column:16\nsObject type 'Foo' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name.${WSDL}`
    });
  });

  test('an unknown field is INVALID_FIELD, naming the field as written and the entity', async () => {
    assert.deepEqual(await error('SELECT Id, foo FROM lead'), {
      status: 400,
      errorCode: 'INVALID_FIELD',
      message: `\nSELECT Id, foo FROM lead\n           ^\nERROR at Row:1:Column:12\nNo such column 'foo' on entity 'Lead'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name.${WSDL}`
    });
  });

  test('an unknown field behind a relationship names the parent entity', async () => {
    assert.match(
      (await error('SELECT Owner.Bogus FROM Lead')).message,
      /No such column 'Bogus' on entity 'User'\./
    );
  });

  test('an unknown relationship is INVALID_FIELD "Didn\'t understand relationship"', async () => {
    const { errorCode, message } = await error('SELECT Id, Partner__r.Name FROM Lead');
    assert.equal(errorCode, 'INVALID_FIELD');
    assert.equal(
      message,
      `\nSELECT Id, Partner__r.Name FROM Lead\n           ^\nERROR at Row:1:Column:12\nDidn't understand relationship 'Partner__r' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name.${WSDL}`
    );
  });

  test('an unknown child relationship is INVALID_TYPE', async () => {
    const { errorCode, message } = await error('SELECT Id, (SELECT Id FROM Bogus__r) FROM Account');
    assert.equal(errorCode, 'INVALID_TYPE');
    assert.match(message, /Didn't understand relationship 'Bogus__r' in FROM part of query call\./);
  });
});

describe('limits', () => {
  test('OFFSET above 2000 is NUMBER_OUTSIDE_VALID_RANGE', async () => {
    const { errorCode, message } = await error('SELECT Id FROM Lead OFFSET 2001');
    assert.equal(errorCode, 'NUMBER_OUTSIDE_VALID_RANGE');
    assert.match(message, /Maximum SOQL offset allowed is 2000$/);
  });

  test('features the local org does not model are refused, not ignored', async () => {
    assert.equal((await error('SELECT Id FROM Lead USING SCOPE mine')).errorCode, 'MALFORMED_QUERY');
    assert.equal(
      (await error('SELECT TYPEOF Owner WHEN User THEN Name END FROM Lead')).errorCode,
      'MALFORMED_QUERY'
    );
    assert.equal((await error('SELECT toLabel(Status) FROM Lead')).errorCode, 'MALFORMED_QUERY');
  });
});
