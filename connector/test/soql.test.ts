import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkCriteria } from '../src/engine/criteria.ts';
import { aggregateQuery, type AggregateQuerySpec } from '../src/engine/soql.ts';
import { leadDescribe } from './fixtures.ts';

function criteria(text: string) {
  const result = checkCriteria(text, leadDescribe);
  assert.ok(result.ok);
  return result.where;
}

const spec: AggregateQuerySpec = {
  object: 'Lead',
  partnerField: 'PartnerAccountId',
  dateField: 'CreatedDate',
  convertTimezone: true,
  partnerIds: ['001000000000001AAA', '001000000000002AAA'],
  window: [
    { operator: '>=', literal: '2026-01-01T05:00:00Z', literalType: 'DATETIME' },
    { operator: '<', literal: '2027-01-01T05:00:00Z', literalType: 'DATETIME' }
  ],
  criteria: null,
  measure: { fn: 'SUM', field: 'AnnualRevenue' },
  buckets: ['CALENDAR_YEAR', 'CALENDAR_QUARTER']
};

test('per-period aggregates group by partner and by the date functions in the user time zone', () => {
  assert.equal(
    aggregateQuery(spec),
    'SELECT PartnerAccountId, CALENDAR_YEAR(convertTimezone(CreatedDate)) b0, CALENDAR_QUARTER(convertTimezone(CreatedDate)) b1, SUM(AnnualRevenue) val ' +
      "FROM Lead WHERE PartnerAccountId IN ('001000000000001AAA', '001000000000002AAA') " +
      'AND CreatedDate >= 2026-01-01T05:00:00Z AND CreatedDate < 2027-01-01T05:00:00Z ' +
      'GROUP BY PartnerAccountId, CALENDAR_YEAR(convertTimezone(CreatedDate)), CALENDAR_QUARTER(convertTimezone(CreatedDate))'
  );
});

test('whole-range totals group by partner only', () => {
  assert.equal(
    aggregateQuery({ ...spec, buckets: [], measure: { fn: 'AVG', field: 'AnnualRevenue' } }),
    "SELECT PartnerAccountId, AVG(AnnualRevenue) val FROM Lead WHERE PartnerAccountId IN ('001000000000001AAA', '001000000000002AAA') " +
      'AND CreatedDate >= 2026-01-01T05:00:00Z AND CreatedDate < 2027-01-01T05:00:00Z GROUP BY PartnerAccountId'
  );
});

test('date fields are bucketed without convertTimezone and bounded by date literals', () => {
  const soql = aggregateQuery({
    ...spec,
    dateField: 'ConvertedDate',
    convertTimezone: false,
    window: [
      { operator: '>=', literal: '2026-01-01', literalType: 'DATE' },
      { operator: '<=', literal: '2026-12-31', literalType: 'DATE' }
    ]
  });
  assert.match(soql, /CALENDAR_QUARTER\(ConvertedDate\) b1/);
  assert.match(soql, /ConvertedDate >= 2026-01-01 AND ConvertedDate <= 2026-12-31/);
});

test("criteria are kept whole inside parentheses after the connector's own conditions", () => {
  const soql = aggregateQuery({ ...spec, criteria: criteria("LeadSource = 'Web' OR LeadSource = 'Other'") });
  assert.match(
    soql,
    /CreatedDate < 2027-01-01T05:00:00Z AND \(LeadSource = 'Web' OR LeadSource = 'Other'\) GROUP BY/
  );
  const negated = aggregateQuery({ ...spec, criteria: criteria("NOT (Status = 'x' OR Status = 'y')") });
  assert.match(negated, /AND \(NOT \(Status = 'x' OR Status = 'y'\)\) GROUP BY/);
  const nested = aggregateQuery({
    ...spec,
    criteria: criteria("(Email = null OR Company = 'a') AND LeadSource = 'Web'")
  });
  assert.match(nested, /AND \(\(Email = NULL OR Company = 'a'\) AND LeadSource = 'Web'\) GROUP BY/);
});

test('COUNT without a field counts Ids', () => {
  assert.match(
    aggregateQuery({ ...spec, measure: { fn: 'COUNT', field: 'Id' } }),
    /COUNT\(Id\) val FROM Lead/
  );
});

test('anything but Salesforce Ids and API names is refused before a query is composed', () => {
  assert.throws(
    () => aggregateQuery({ ...spec, partnerIds: ["001000000000001AAA') OR (Id != null"] }),
    /not a Salesforce Id/
  );
  assert.throws(() => aggregateQuery({ ...spec, partnerIds: [] }), /no partner Ids/);
  assert.throws(() => aggregateQuery({ ...spec, object: 'Lead WHERE' }), /Not an API name/);
  assert.throws(
    () => aggregateQuery({ ...spec, measure: { fn: 'SUM', field: 'AnnualRevenue) val FROM User --' } }),
    /Not an API name/
  );
});
