import assert from 'node:assert/strict';
import { test } from 'node:test';
import { objectiveProgress, planProgress, roundToScale, sameAtScale } from '../src/engine/progress.ts';

test('rounding is half away from zero at the field scale, without float drift', () => {
  assert.equal(roundToScale(1.005, 2), 1.01);
  assert.equal(roundToScale(1.004999, 2), 1);
  assert.equal(roundToScale(-2.345, 2), -2.35);
  assert.equal(roundToScale(2.5, 0), 3);
  assert.equal(roundToScale(-2.5, 0), -3);
  assert.equal(roundToScale(333.3333333, 2), 333.33);
  assert.equal(roundToScale(1e-9, 2), 0);
  assert.equal(roundToScale(123456789012.345, 2), 123456789012.35);
});

test('values equal at field scale count as unchanged', () => {
  assert.ok(sameAtScale(66.666, 66.67, 2));
  assert.ok(!sameAtScale(66.66, 66.67, 2));
  assert.ok(sameAtScale(null, null, 2));
  assert.ok(!sameAtScale(0, null, 2));
});

test('objective progress is actual over target as a percentage, and null without a positive target', () => {
  assert.equal(objectiveProgress(25, 50), 50);
  assert.equal(objectiveProgress(null, 50), 0);
  assert.equal(objectiveProgress(75, 50), 150);
  assert.equal(objectiveProgress(5, null), null);
  assert.equal(objectiveProgress(5, 0), null);
  assert.equal(objectiveProgress(5, -1), null);
});

test('plan progress weighs each objective, caps over-achievement at 100 and skips objectives without a target', () => {
  // (40 × 100 + 30 × 50 + 30 × 0) / 100 = 55; the 150% objective counts as 100; the untargeted one not at all.
  const progress = planProgress([
    { weight: 40, target: 10, progress: 150 },
    { weight: 30, target: 10, progress: 50 },
    { weight: 30, target: 10, progress: null },
    { weight: 50, target: null, progress: null },
    { weight: 50, target: 0, progress: 80 }
  ]);
  assert.equal(progress, 55);
});

test('plan progress is null when no objective has a target and a weight', () => {
  assert.equal(planProgress([]), null);
  assert.equal(planProgress([{ weight: 10, target: null, progress: 10 }]), null);
  assert.equal(planProgress([{ weight: null, target: 10, progress: 10 }]), null);
});
