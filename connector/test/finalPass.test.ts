import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DateTime } from 'luxon';
import { pendingFinalPasses } from '../src/sync/finalPass.ts';

const NOW = DateTime.fromISO('2026-11-22T10:00:00.000Z', { zone: 'utc' });
const plan = (id: string, lastCalculated: string | null, completedAt: string | null) => ({
  id,
  lastCalculated,
  completedAt
});

test('a plan calculated before it became Completed is owed its final pass; one calculated since is not', () => {
  const pending = pendingFinalPasses(
    [
      plan('a01000000000000001', '2026-11-20T09:00:00.000+0000', '2026-11-21T15:30:00.000+0000'),
      plan('a01000000000000002', '2026-11-21T15:30:00.000+0000', '2026-11-21T15:30:00.000+0000'),
      plan('a01000000000000003', '2026-11-22T08:00:00.000+0000', '2026-11-21T15:30:00.000+0000')
    ],
    NOW
  );
  assert.deepEqual([...pending], [['a01000000000000001', '2026-11-22T10:00:00.000Z']]);
});

test('without history, a plan never calculated is owed its pass and one ever calculated counts as done', () => {
  const pending = pendingFinalPasses(
    [
      plan('a01000000000000001', null, null),
      plan('a01000000000000002', '2025-01-01T00:00:00.000+0000', null)
    ],
    NOW
  );
  assert.deepEqual([...pending.keys()], ['a01000000000000001']);
});

test("the stamp is never earlier than the completion, even when this machine's clock is behind", () => {
  const pending = pendingFinalPasses(
    [plan('a01000000000000001', '2026-11-20T09:00:00.000+0000', '2026-11-22T10:05:00.000+0000')],
    NOW
  );
  assert.equal(pending.get('a01000000000000001'), '2026-11-22T10:05:00.000Z');
});

test('at most `limit` final passes a run; the others wait for the next', () => {
  const plans = ['1', '2', '3'].map((n) => plan(`a0100000000000000${n}`, null, null));
  assert.deepEqual(
    [...pendingFinalPasses(plans, NOW, 2).keys()],
    ['a01000000000000001', 'a01000000000000002']
  );
});
