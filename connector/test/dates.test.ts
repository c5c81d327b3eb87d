import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DateTime } from 'luxon';
import { dayWindow, isSfDate, soqlDateTime } from '../src/engine/dates.ts';

test('a range of whole days becomes UTC instants from the first midnight to the midnight after the last day', () => {
  const { from, toExclusive } = dayWindow({ start: '2026-01-01', end: '2026-06-30' }, 'America/New_York');
  assert.equal(soqlDateTime(from), '2026-01-01T05:00:00Z', 'EST is UTC-5');
  assert.equal(soqlDateTime(toExclusive), '2026-07-01T04:00:00Z', 'EDT is UTC-4');
});

test('day windows east of UTC start on the previous UTC day', () => {
  const { from, toExclusive } = dayWindow({ start: '2026-04-01', end: '2026-04-01' }, 'Asia/Tokyo');
  assert.equal(soqlDateTime(from), '2026-03-31T15:00:00Z');
  assert.equal(soqlDateTime(toExclusive), '2026-04-01T15:00:00Z');
});

test('SOQL datetime literals are UTC to the second', () => {
  assert.equal(soqlDateTime(DateTime.fromISO('2026-03-08T01:59:59.999-05:00')), '2026-03-08T06:59:59Z');
});

test('only real YYYY-MM-DD dates are Salesforce dates', () => {
  assert.ok(isSfDate('2028-02-29'));
  assert.ok(!isSfDate('2026-02-29'));
  assert.ok(!isSfDate('2026-2-1'));
  assert.ok(!isSfDate(null));
  assert.throws(
    () => dayWindow({ start: '2026-01-01', end: '2026-01-02' }, 'Mars/Olympus'),
    /Unknown time zone/
  );
});
