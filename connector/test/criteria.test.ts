import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkCriteria } from '../src/engine/criteria.ts';
import { leadDescribe } from './fixtures.ts';

function recomposed(criteria: string | null): string {
  const result = checkCriteria(criteria, leadDescribe);
  assert.ok(result.ok, result.ok ? '' : result.problem);
  return result.text;
}

function rejected(criteria: string, reason: RegExp): void {
  const result = checkCriteria(criteria, leadDescribe);
  assert.equal(result.ok, false, `accepted: ${criteria}`);
  if (!result.ok) assert.match(result.problem, reason);
}

test('empty criteria match every record', () => {
  assert.deepEqual(checkCriteria(null, leadDescribe), { ok: true, where: null, text: '' });
  assert.deepEqual(checkCriteria('   \n ', leadDescribe), { ok: true, where: null, text: '' });
});

test('plain conditions are recomposed with field names spelled as describe spells them', () => {
  assert.equal(
    recomposed("leadsource = 'Partner Referral' AND STATUS != 'Closed - Not Converted'"),
    "LeadSource = 'Partner Referral' AND Status != 'Closed - Not Converted'"
  );
  assert.equal(
    recomposed("Company LIKE 'Acme%' OR Company IN ('Globex','Initech')"),
    "Company LIKE 'Acme%' OR Company IN ('Globex', 'Initech')"
  );
  assert.equal(
    recomposed('(AnnualRevenue >= 1000 AND AnnualRevenue < 5000) OR Email = null'),
    '(AnnualRevenue >= 1000 AND AnnualRevenue < 5000) OR Email = NULL'
  );
  assert.equal(
    recomposed("NOT (LeadSource = 'Web' OR LeadSource = 'Other')"),
    "NOT (LeadSource = 'Web' OR LeadSource = 'Other')"
  );
  assert.equal(
    recomposed("Email = null AND (NOT Status = 'Closed - Converted')"),
    "Email = NULL AND (NOT Status = 'Closed - Converted')"
  );
});

test('values of every supported type are accepted where they fit the field', () => {
  assert.equal(recomposed('AnnualRevenue > USD1000.50'), 'AnnualRevenue > USD1000.50');
  assert.equal(recomposed('NumberOfEmployees <= -5'), 'NumberOfEmployees <= -5');
  assert.equal(recomposed('IsConverted = false'), 'IsConverted = FALSE');
  assert.equal(recomposed('ConvertedDate >= 2026-01-01'), 'ConvertedDate >= 2026-01-01');
  assert.equal(recomposed('CreatedDate = LAST_N_DAYS:30'), 'CreatedDate = LAST_N_DAYS:30');
  assert.equal(recomposed('CreatedDate < 2026-01-01T00:00:00Z'), 'CreatedDate < 2026-01-01T00:00:00Z');
  assert.equal(
    recomposed("PartnerAccountId = '001000000000001AAA'"),
    "PartnerAccountId = '001000000000001AAA'"
  );
  assert.equal(
    recomposed("Products__c INCLUDES ('Cloud;Edge', 'Support')"),
    "Products__c INCLUDES ('Cloud;Edge', 'Support')"
  );
  assert.equal(recomposed("Company = 'O\\'Brien \\\\ Sons'"), "Company = 'O\\'Brien \\\\ Sons'");
});

test('closing the condition early to append another is rejected', () => {
  rejected("Company = 'x') OR (Id != null", /not a valid SOQL condition/);
  rejected("Company = 'x' OR Id != null) AND (Company = 'y'", /not a valid SOQL condition/);
});

test('statement separators and trailing statements are rejected', () => {
  rejected("Company = 'x'; DELETE FROM Lead", /not a valid SOQL condition/);
  rejected("Company = 'x' UNION SELECT Id FROM User", /not a valid SOQL condition/);
});

test('an unterminated or smuggled quote is rejected', () => {
  rejected("Company = 'x", /not a valid SOQL condition/);
  rejected("Company = 'x\\' OR Id != null", /not a valid SOQL condition/);
  rejected('Company = "x"', /not a valid SOQL condition/);
});

test('clauses after the condition are rejected', () => {
  rejected("Company = 'x' LIMIT 1", /only hold conditions.*LIMIT/);
  rejected("Company = 'x' ORDER BY Company", /ORDER BY/);
  rejected("Company = 'x' GROUP BY Company", /GROUP BY/);
  rejected("Company = 'x' WITH SECURITY_ENFORCED", /WITH SECURITY_ENFORCED/);
  rejected("Company = 'x' FOR UPDATE", /FOR/);
});

test('subqueries, semi-joins and anti-joins are rejected', () => {
  rejected('Id IN (SELECT Id FROM Lead)', /subqueries/);
  rejected("PartnerAccountId NOT IN (SELECT Id FROM Account WHERE Name = 'x')", /subqueries/);
});

test('fields the object lacks, or reached through relationships, are rejected', () => {
  rejected("Secret__c = 'x'", /"Secret__c" is not a field of Lead/);
  rejected("PartnerAccount.Name = 'x'", /relationship/);
  rejected("Owner.Profile.Name = 'System Administrator'", /relationship/);
});

test('fields describe marks as not filterable are rejected', () => {
  rejected("Description = 'x'", /Lead\.Description cannot be used in a filter/);
  rejected('Address = null', /Lead\.Address cannot be used in a filter/);
});

test('functions and bind variables are rejected', () => {
  rejected('CALENDAR_YEAR(CreatedDate) = 2026', /functions/);
  rejected('Company = :name', /not a valid SOQL condition/);
});

test('values that do not fit the field are rejected', () => {
  rejected("AnnualRevenue > '1000'", /currency field.*not a currency value/);
  rejected('Company = 5', /string field/);
  rejected("IsConverted = 'true'", /boolean field/);
  rejected('CreatedDate > 2026-01-01', /datetime field/);
  rejected('ConvertedDate > 2026-01-01T00:00:00Z', /date field/);
  rejected("PartnerAccountId = 'abc'", /not a Salesforce Id/);
  rejected("Company IN ('a', 1)", /string field/);
});

test('operators that do not apply to the field are rejected', () => {
  rejected("AnnualRevenue LIKE '1%'", /LIKE on Lead\.AnnualRevenue/);
  rejected('IsConverted > false', /> on Lead\.IsConverted/);
  rejected("Company INCLUDES ('x')", /INCLUDES on Lead\.Company/);
  rejected("Products__c LIKE 'C%'", /LIKE on Lead\.Products__c/);
});

test('mixing AND, OR and NOT without parentheses is rejected, as Salesforce does', () => {
  rejected("LeadSource = 'Web' AND Status = 'x' OR Email = null", /mixes AND and OR/);
  rejected("(LeadSource = 'Web' OR Status = 'x') AND Email = null OR Company = 'y'", /mixes AND and OR/);
  rejected("NOT LeadSource = 'Web' AND Email = null", /mixes NOT/);
  rejected("Email = null AND NOT LeadSource = 'Web'", /mixes NOT/);
});

test('criteria longer than Salesforce allows are rejected', () => {
  rejected(
    `Company IN (${Array.from({ length: 500 }, (_, i) => `'Company ${i}'`).join(', ')})`,
    /at most 4000/
  );
});
