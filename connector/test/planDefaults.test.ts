import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultEndDate, ownersToCheck, planDefaults } from '../src/engine/planDefaults.ts';
import { plan } from './fixtures.ts';

const OWNER = '005000000000002AAA';

test('the default End Date is the day before the first anniversary of Start Date', () => {
  assert.equal(defaultEndDate('2026-01-01'), '2026-12-31');
  assert.equal(defaultEndDate('2026-02-15'), '2027-02-14');
  assert.equal(defaultEndDate('2024-03-01'), '2025-02-28');
  assert.equal(defaultEndDate('2023-03-01'), '2024-02-29');
  assert.equal(defaultEndDate('2024-02-29'), '2025-02-28');
});

test('only empty fields are filled: End Date from Start Date, Channel Manager with an internal owner', () => {
  const bare = plan({ endDate: null, channelManagerId: null, ownerId: OWNER, startDate: '2026-02-01' });
  assert.deepEqual(planDefaults(bare, new Set([OWNER])), { endDate: '2027-01-31', channelManagerId: OWNER });
  assert.deepEqual(
    planDefaults(bare, new Set()),
    { endDate: '2027-01-31' },
    'a partner user cannot be channel manager'
  );
  assert.deepEqual(planDefaults(plan({ endDate: null, startDate: null }), new Set([OWNER])), {});
  assert.deepEqual(planDefaults(plan(), new Set([OWNER])), {});
});

test('owners are checked only for plans without a channel manager, and only users', () => {
  const plans = [
    plan({ channelManagerId: null, ownerId: OWNER }),
    plan({ channelManagerId: null, ownerId: OWNER }),
    plan({ channelManagerId: null, ownerId: '00G000000000001AAA' }),
    plan({ channelManagerId: '005000000000003AAA', ownerId: '005000000000004AAA' })
  ];
  assert.deepEqual(ownersToCheck(plans), [OWNER]);
});
