import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  checkCountMeasure,
  checkMeasure,
  combineMonths,
  emptyValue,
  monthColumns
} from '../src/engine/aggregate.ts';
import { leadDescribe } from './fixtures.ts';

test('COUNT without a field counts records, as COUNT(Id); an empty function means COUNT', () => {
  assert.deepEqual(checkMeasure('COUNT', null, leadDescribe), {
    ok: true,
    measure: { fn: 'COUNT', field: 'Id' }
  });
  assert.deepEqual(checkMeasure(null, '  ', leadDescribe), {
    ok: true,
    measure: { fn: 'COUNT', field: 'Id' }
  });
});

test('the aggregate field is spelled as describe spells it', () => {
  assert.deepEqual(checkMeasure('SUM', 'annualrevenue', leadDescribe), {
    ok: true,
    measure: { fn: 'SUM', field: 'AnnualRevenue' }
  });
  assert.deepEqual(checkMeasure('COUNT_DISTINCT', 'Company', leadDescribe), {
    ok: true,
    measure: { fn: 'COUNT_DISTINCT', field: 'Company' }
  });
  assert.deepEqual(checkMeasure('MAX', 'Deal_Size__c', leadDescribe), {
    ok: true,
    measure: { fn: 'MAX', field: 'Deal_Size__c' }
  });
});

test('SUM and AVG need a number, currency or percent field', () => {
  const sum = checkMeasure('SUM', 'Company', leadDescribe);
  assert.equal(sum.ok, false);
  assert.match(sum.ok ? '' : sum.problem, /Lead\.Company is a string field; SUM needs a number/);
  assert.equal(checkMeasure('AVG', 'CreatedDate', leadDescribe).ok, false);
});

test('fields that are missing, not aggregatable or absent where required are reported', () => {
  const missing = checkMeasure('SUM', 'Amount', leadDescribe);
  assert.match(missing.ok ? '' : missing.problem, /"Amount" is not a field of Lead/);
  const notAggregatable = checkMeasure('COUNT_DISTINCT', 'Description', leadDescribe);
  assert.match(notAggregatable.ok ? '' : notAggregatable.problem, /cannot be aggregated/);
  const noField = checkMeasure('SUM', null, leadDescribe);
  assert.match(noField.ok ? '' : noField.problem, /Aggregate Field is empty/);
  const unknown = checkMeasure('MEDIAN', 'AnnualRevenue', leadDescribe);
  assert.match(unknown.ok ? '' : unknown.problem, /"MEDIAN" is not one of/);
  const relationship = checkMeasure('SUM', 'PartnerAccount.AnnualRevenue', leadDescribe);
  assert.equal(relationship.ok, false);
});

test('sums, counts and extremes combine across months; an average is the summed sum over the summed count', () => {
  assert.equal(combineMonths('SUM', [[100], [250.5]]), 350.5);
  assert.equal(combineMonths('SUM', []), 0);
  assert.equal(combineMonths('COUNT', [[3], [4]]), 7);
  assert.equal(combineMonths('MIN', [[null], [40], [15]]), 15);
  assert.equal(combineMonths('MAX', [[null]]), null);
  assert.deepEqual(monthColumns('AVG'), ['SUM', 'COUNT']);
  // (300 + 50) / (2 + 1), not the average of the monthly averages (150 and 50).
  assert.equal(
    combineMonths('AVG', [
      [300, 2],
      [50, 1]
    ]),
    350 / 3
  );
  assert.equal(combineMonths('AVG', [[null, 0]]), null);
});

test('distinct counts cannot be combined across months', () => {
  assert.equal(monthColumns('COUNT_DISTINCT'), null);
  assert.throws(() => combineMonths('COUNT_DISTINCT', [[1], [2]]));
});

test('types that count records refuse a function or field that would make them measure something else', () => {
  for (const [fn, field] of [
    [null, null],
    ['COUNT', ''],
    ['  ', null]
  ] as const) {
    assert.deepEqual(checkCountMeasure(fn, field, 'Number of Deals', 'Lead'), {
      ok: true,
      measure: { fn: 'COUNT', field: 'Id' }
    });
  }
  const sum = checkCountMeasure('SUM', 'AnnualRevenue', 'Number of Deals', 'Lead');
  assert.match(
    sum.ok ? '' : sum.problem,
    /^Number of Deals counts Lead records, so Aggregate Function SUM and Aggregate Field AnnualRevenue cannot apply\. Clear them/
  );
  const field = checkCountMeasure('COUNT', 'Company', 'Number of Deals', 'Lead');
  assert.match(field.ok ? '' : field.problem, /so Aggregate Field Company cannot apply\. Clear it/);
});

test('over no records, counts and sums are 0 and averages and extremes are unknown', () => {
  assert.equal(emptyValue('COUNT'), 0);
  assert.equal(emptyValue('COUNT_DISTINCT'), 0);
  assert.equal(emptyValue('SUM'), 0);
  assert.equal(emptyValue('AVG'), null);
  assert.equal(emptyValue('MIN'), null);
});
