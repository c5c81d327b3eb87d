import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fiscalCalendar } from '../src/engine/periods.ts';
import { coverage, fillPeriodTargets, splitByWeight, targetsMismatch } from '../src/engine/targets.ts';

const february = fiscalCalendar({ startMonth: 2, nameByStartYear: false });
const fullYear = february.periods({ start: '2026-02-01', end: '2027-01-31' }, 'Quarterly');
/** FY2026 Q4 from 15 November (78 of 92 days), FY2027 Q1 whole (89 days), Q2 to 30 June (61 of 92 days). */
const acrossYears = february.periods({ start: '2025-11-15', end: '2026-06-30' }, 'Quarterly');

test('with no period targets set, whole periods share the objective target evenly', () => {
  assert.deepEqual(fillPeriodTargets(100, fullYear, [null, null, null, null], 2), [25, 25, 25, 25]);
});

test('shares are rounded at field scale and add up to the target exactly', () => {
  const thirds = fullYear.slice(0, 3);
  assert.deepEqual(fillPeriodTargets(100, thirds, [null, null, null], 2), [33.34, 33.33, 33.33]);
  assert.deepEqual(fillPeriodTargets(10, thirds, [null, null, null], 0), [4, 3, 3]);
});

test('partial periods get the share of the period the plan covers', () => {
  assert.deepEqual(
    acrossYears.map((p) => coverage(p)),
    [78 / 92, 1, 61 / 92]
  );
  // 1000 × 78/231, 1000 × 92/231, 1000 × 61/231 = 337.662…, 398.268…, 264.069…; the two cents
  // left by rounding down go to the largest remainders (.93 and .84).
  assert.deepEqual(fillPeriodTargets(1000, acrossYears, [null, null, null], 2), [337.66, 398.27, 264.07]);
});

test('targets a person set are kept and the rest of the objective target is split over the empty periods', () => {
  assert.deepEqual(fillPeriodTargets(30, fullYear, [7, null, null, null], 2), [7, 7.67, 7.67, 7.66]);
  assert.deepEqual(fillPeriodTargets(30, fullYear, [7, 8, 9, 10], 2), [7, 8, 9, 10], 'nothing empty');
  assert.deepEqual(
    fillPeriodTargets(10, fullYear.slice(0, 2), [12, null], 2),
    [12, 0],
    'set targets beyond the objective target leave nothing to share'
  );
});

test('without an objective target nothing is filled', () => {
  assert.deepEqual(fillPeriodTargets(null, fullYear.slice(0, 2), [null, 5], 2), [null, 5]);
});

test('period targets that do not add up to the objective target are pointed out', () => {
  assert.equal(targetsMismatch(30, [7, 7.67, 7.67, 7.66], 2), null);
  assert.match(
    targetsMismatch(40, [7, 7.67, 7.67, 7.66], 2) ?? '',
    /Period targets add up to 30 but the objective's Target is 40\./
  );
  assert.equal(targetsMismatch(40, [7, null], 2), null, 'not all periods have a target yet');
  assert.equal(targetsMismatch(null, [7], 2), null);
});

test('splitting refuses weights that add up to nothing', () => {
  assert.deepEqual(splitByWeight(5, [], 2), []);
  assert.throws(() => splitByWeight(5, [0, 0], 2), /more than 0/);
});
