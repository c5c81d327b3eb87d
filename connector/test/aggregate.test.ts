import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canCombinePeriods, checkMeasure, combinePeriods, emptyValue } from '../src/engine/aggregate.ts';
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

test('sums, counts and extremes combine across periods; averages and distinct counts do not', () => {
  assert.equal(combinePeriods('SUM', [100, 0, 250.5]), 350.5);
  assert.equal(combinePeriods('COUNT', [3, 0, 4]), 7);
  assert.equal(combinePeriods('MIN', [null, 40, 15]), 15);
  assert.equal(combinePeriods('MAX', [null, null]), null);
  assert.ok(!canCombinePeriods('AVG'));
  assert.ok(!canCombinePeriods('COUNT_DISTINCT'));
  assert.throws(() => combinePeriods('AVG', [1, 2]));
});

test('over no records, counts and sums are 0 and averages and extremes are unknown', () => {
  assert.equal(emptyValue('COUNT'), 0);
  assert.equal(emptyValue('COUNT_DISTINCT'), 0);
  assert.equal(emptyValue('SUM'), 0);
  assert.equal(emptyValue('AVG'), null);
  assert.equal(emptyValue('MIN'), null);
});
