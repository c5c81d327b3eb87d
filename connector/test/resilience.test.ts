import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConnectorError } from '../src/errors.ts';
import { isDailyLimit, retriesNow, salesforceError } from '../src/salesforce/errors.ts';
import { ApiAllowance, backoffDelay } from '../src/salesforce/resilience.ts';

test('backoff doubles from the base up to the cap, half fixed and half jitter', () => {
  const policy = { baseDelayMs: 500, maxDelayMs: 3000 };
  const low = { ...policy, random: () => 0 };
  const high = { ...policy, random: () => 0.999999 };
  assert.deepEqual(
    [1, 2, 3, 4, 5].map((retry) => backoffDelay(retry, low)),
    [250, 500, 1000, 1500, 1500]
  );
  assert.deepEqual(
    [1, 2, 3, 4, 5].map((retry) => backoffDelay(retry, high)),
    [500, 1000, 2000, 3000, 3000]
  );
  assert.throws(() => backoffDelay(0, low), RangeError);
});

test('the allowance refuses calls once the headroom is reached, and not before the first report', () => {
  const allowance = new ApiAllowance(10);
  assert.doesNotThrow(() => allowance.check('querying'));
  allowance.record({ used: 899, limit: 1000 });
  assert.doesNotThrow(() => allowance.check('querying'));
  allowance.record({ used: 900, limit: 1000 });
  assert.throws(
    () => allowance.check('querying Lead'),
    (error: ConnectorError) =>
      error.code === 'API_LIMIT_REACHED' &&
      /before querying Lead/.test(error.message) &&
      /900 of 1000 requests in the last 24 hours, 100 kept for others/.test(error.message)
  );
  assert.equal(new ApiAllowance(0).headroom(15000), 0);
  assert.equal(new ApiAllowance(5).headroom(15001), 751);
  assert.throws(() => new ApiAllowance(100), RangeError);
});

test('which failures are retried now, and which only for calls that are safe to repeat', () => {
  const error = (code: string, message = 'x') => salesforceError(code, message);
  for (const code of ['UNABLE_TO_LOCK_ROW', 'SERVER_UNAVAILABLE', 'ERROR_HTTP_429', 'ERROR_HTTP_503'])
    assert.equal(retriesNow(error(code), false), true, code);
  for (const code of ['ERROR_HTTP_502', 'ERROR_HTTP_504', 'SALESFORCE_CONNECTION_LOST']) {
    assert.equal(retriesNow(error(code), true), true, code);
    assert.equal(retriesNow(error(code), false), false, `${code} is not retried for a create`);
  }
  for (const code of ['MALFORMED_QUERY', 'INVALID_FIELD', 'SALESFORCE_UNREACHABLE', 'INVALID_SESSION_ID'])
    assert.equal(retriesNow(error(code), true), false, code);
  const daily = error('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
  const concurrent = error('REQUEST_LIMIT_EXCEEDED', 'ConcurrentPerOrgLongTxn Limit exceeded.');
  assert.deepEqual([isDailyLimit(daily), retriesNow(daily, true)], [true, false]);
  assert.deepEqual([isDailyLimit(concurrent), retriesNow(concurrent, true)], [false, true]);
});
