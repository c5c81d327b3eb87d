import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gregorianCalendar as calendar, periodKey } from '../src/engine/periods.ts';

test('a calendar year divides into four quarters with labels and whole-quarter dates', () => {
  assert.deepEqual(calendar.periods({ start: '2026-01-01', end: '2026-12-31' }, 'Quarterly'), [
    { id: '2026-Q1', label: '2026 Q1', start: '2026-01-01', end: '2026-03-31' },
    { id: '2026-Q2', label: '2026 Q2', start: '2026-04-01', end: '2026-06-30' },
    { id: '2026-Q3', label: '2026 Q3', start: '2026-07-01', end: '2026-09-30' },
    { id: '2026-Q4', label: '2026 Q4', start: '2026-10-01', end: '2026-12-31' }
  ]);
});

test('periods are clipped to plan dates that do not fall on quarter boundaries', () => {
  assert.deepEqual(calendar.periods({ start: '2025-11-15', end: '2026-04-10' }, 'Quarterly'), [
    { id: '2025-Q4', label: '2025 Q4', start: '2025-11-15', end: '2025-12-31' },
    { id: '2026-Q1', label: '2026 Q1', start: '2026-01-01', end: '2026-03-31' },
    { id: '2026-Q2', label: '2026 Q2', start: '2026-04-01', end: '2026-04-10' }
  ]);
});

test('a one-day plan has one period of one day', () => {
  assert.deepEqual(calendar.periods({ start: '2026-05-20', end: '2026-05-20' }, 'Quarterly'), [
    { id: '2026-Q2', label: '2026 Q2', start: '2026-05-20', end: '2026-05-20' }
  ]);
});

test('a plan that ends before it starts has no periods', () => {
  assert.deepEqual(calendar.periods({ start: '2026-05-20', end: '2026-05-19' }, 'Quarterly'), []);
});

test('months know their lengths, leap years included', () => {
  const months = calendar.periods({ start: '2028-01-15', end: '2028-03-31' }, 'Monthly');
  assert.deepEqual(months, [
    { id: '2028-M01', label: '2028 Jan', start: '2028-01-15', end: '2028-01-31' },
    { id: '2028-M02', label: '2028 Feb', start: '2028-02-01', end: '2028-02-29' },
    { id: '2028-M03', label: '2028 Mar', start: '2028-03-01', end: '2028-03-31' }
  ]);
});

test('annual periods follow calendar years', () => {
  assert.deepEqual(calendar.periods({ start: '2025-07-01', end: '2026-06-30' }, 'Annually'), [
    { id: '2025', label: '2025', start: '2025-07-01', end: '2025-12-31' },
    { id: '2026', label: '2026', start: '2026-01-01', end: '2026-06-30' }
  ]);
});

test('period keys put the objective Id before the period id', () => {
  assert.equal(periodKey('a02000000000001AAA', { id: '2026-Q1' }), 'a02000000000001AAA-2026-Q1');
});

test('SOQL buckets name the same periods the generator makes', () => {
  assert.deepEqual(calendar.bucketFunctions('Quarterly'), ['CALENDAR_YEAR', 'CALENDAR_QUARTER']);
  assert.deepEqual(calendar.bucketFunctions('Monthly'), ['CALENDAR_YEAR', 'CALENDAR_MONTH']);
  assert.deepEqual(calendar.bucketFunctions('Annually'), ['CALENDAR_YEAR']);
  assert.equal(calendar.periodId('Quarterly', [2026, 3]), '2026-Q3');
  assert.equal(calendar.periodId('Monthly', [2026, 9]), '2026-M09');
  assert.equal(calendar.periodId('Annually', [2026]), '2026');
});

test('buckets that name no period are recognised', () => {
  assert.equal(calendar.periodId('Quarterly', [2026, 5]), null);
  assert.equal(calendar.periodId('Quarterly', [2026]), null);
  assert.equal(calendar.periodId('Monthly', [2026, 0]), null);
  assert.equal(calendar.periodId('Annually', [Number.NaN]), null);
});
