import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WhereClause } from '@jetstreamapp/soql-parser-js';
import { checkCriteria } from '../src/engine/criteria.ts';
import { aggregateQuery, type AggregateQuerySpec } from '../src/engine/soql.ts';
import { leadDescribe } from './fixtures.ts';

function criteria(text: string): WhereClause {
  const result = checkCriteria(text, leadDescribe);
  assert.ok(result.ok && result.where);
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
  conditions: [],
  values: [{ fn: 'SUM', field: 'AnnualRevenue' }],
  buckets: ['CALENDAR_YEAR', 'CALENDAR_MONTH']
};

test('per-month aggregates group by partner and by calendar month in the user time zone', () => {
  assert.equal(
    aggregateQuery(spec),
    'SELECT PartnerAccountId, CALENDAR_YEAR(convertTimezone(CreatedDate)) b0, CALENDAR_MONTH(convertTimezone(CreatedDate)) b1, SUM(AnnualRevenue) v0 ' +
      "FROM Lead WHERE PartnerAccountId IN ('001000000000001AAA', '001000000000002AAA') " +
      'AND CreatedDate >= 2026-01-01T05:00:00Z AND CreatedDate < 2027-01-01T05:00:00Z ' +
      'GROUP BY PartnerAccountId, CALENDAR_YEAR(convertTimezone(CreatedDate)), CALENDAR_MONTH(convertTimezone(CreatedDate))'
  );
});

test('several aggregates are selected in order, and a window query groups by partner only', () => {
  assert.equal(
    aggregateQuery({
      ...spec,
      buckets: [],
      values: [
        { fn: 'SUM', field: 'AnnualRevenue' },
        { fn: 'COUNT', field: 'AnnualRevenue' }
      ]
    }),
    "SELECT PartnerAccountId, SUM(AnnualRevenue) v0, COUNT(AnnualRevenue) v1 FROM Lead WHERE PartnerAccountId IN ('001000000000001AAA', '001000000000002AAA') " +
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
  assert.match(soql, /CALENDAR_MONTH\(ConvertedDate\) b1/);
  assert.match(soql, /ConvertedDate >= 2026-01-01 AND ConvertedDate <= 2026-12-31/);
});

test("criteria are kept whole inside parentheses after the connector's own conditions", () => {
  const soql = aggregateQuery({
    ...spec,
    conditions: [criteria("LeadSource = 'Web' OR LeadSource = 'Other'")]
  });
  assert.match(
    soql,
    /CreatedDate < 2027-01-01T05:00:00Z AND \(LeadSource = 'Web' OR LeadSource = 'Other'\) GROUP BY/
  );
  const negated = aggregateQuery({ ...spec, conditions: [criteria("NOT (Status = 'x' OR Status = 'y')")] });
  assert.match(negated, /AND \(NOT \(Status = 'x' OR Status = 'y'\)\) GROUP BY/);
  const nested = aggregateQuery({
    ...spec,
    conditions: [criteria("(Email = null OR Company = 'a') AND LeadSource = 'Web'")]
  });
  assert.match(nested, /AND \(\(Email = NULL OR Company = 'a'\) AND LeadSource = 'Web'\) GROUP BY/);
});

test("a source's filter and the objective's criteria are each kept whole and joined by AND", () => {
  const soql = aggregateQuery({
    ...spec,
    conditions: [
      criteria("Status = 'Closed - Converted'"),
      criteria("LeadSource = 'Web' OR LeadSource = 'Other'")
    ]
  });
  assert.match(
    soql,
    /AND \(Status = 'Closed - Converted'\) AND \(LeadSource = 'Web' OR LeadSource = 'Other'\) GROUP BY/
  );
});

test('COUNT without a field counts Ids', () => {
  assert.match(
    aggregateQuery({ ...spec, values: [{ fn: 'COUNT', field: 'Id' }] }),
    /COUNT\(Id\) v0 FROM Lead/
  );
});

test('anything but Salesforce Ids and API names is refused before a query is composed', () => {
  assert.throws(
    () => aggregateQuery({ ...spec, partnerIds: ["001000000000001AAA') OR (Id != null"] }),
    /not a Salesforce Id/
  );
  assert.throws(() => aggregateQuery({ ...spec, partnerIds: [] }), /no partner Ids/);
  assert.throws(() => aggregateQuery({ ...spec, values: [] }), /no values/);
  assert.throws(() => aggregateQuery({ ...spec, object: 'Lead WHERE' }), /Not an API name/);
  assert.throws(
    () => aggregateQuery({ ...spec, values: [{ fn: 'SUM', field: 'AnnualRevenue) val FROM User --' }] }),
    /Not an API name/
  );
});
