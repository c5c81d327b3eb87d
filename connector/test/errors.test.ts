import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { ConnectorError } from '../src/errors.ts';
import { createLogger, moduleLogger } from '../src/logger.ts';
import { fromSalesforce } from '../src/salesforce/errors.ts';

test('REST errors keep their Salesforce errorCode and gain what to do', () => {
  const error = fromSalesforce(
    Object.assign(new Error('Session expired or invalid'), { errorCode: 'INVALID_SESSION_ID' }),
    'querying Lead'
  );
  assert.equal(error.code, 'INVALID_SESSION_ID');
  assert.match(error.message, /session expired.*Session expired or invalid \(while querying Lead\)/i);
  assert.ok(error.retryable);
  assert.ok(error.actions.length > 0);
});

test('SOAP login faults are recognised by their fault code', () => {
  const error = fromSalesforce(
    new Error('INVALID_LOGIN: Invalid username, password, security token; or user locked out.'),
    'signing in'
  );
  assert.equal(error.code, 'INVALID_LOGIN');
  assert.match(error.actions.join(' '), /SF_PASSWORD/);
  assert.ok(!error.retryable);
});

test('limits and row locks are retryable; query errors are not', () => {
  const limit = fromSalesforce(
    Object.assign(new Error('TotalRequests Limit exceeded.'), { errorCode: 'REQUEST_LIMIT_EXCEEDED' }),
    'querying'
  );
  assert.deepEqual([limit.code, limit.retryable], ['REQUEST_LIMIT_EXCEEDED', true]);
  const lock = fromSalesforce(
    Object.assign(new Error('unable to obtain exclusive access'), { errorCode: 'UNABLE_TO_LOCK_ROW' }),
    'updating'
  );
  assert.deepEqual([lock.code, lock.retryable], ['UNABLE_TO_LOCK_ROW', true]);
  const malformed = fromSalesforce(
    Object.assign(new Error("unexpected token: 'OR'"), { errorCode: 'MALFORMED_QUERY' }),
    'querying'
  );
  assert.deepEqual([malformed.code, malformed.retryable], ['MALFORMED_QUERY', false]);
});

test('network failures say that Salesforce could not be reached', () => {
  const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
  const error = fromSalesforce(new TypeError('fetch failed', { cause }), 'signing in');
  assert.equal(error.code, 'SALESFORCE_UNREACHABLE');
  assert.equal(error.cause instanceof TypeError, true);
});

test('unknown errors keep their message and cause', () => {
  const error = fromSalesforce(new Error('something odd'), 'describing Lead');
  assert.deepEqual(
    [error.code, error.message],
    ['SALESFORCE_ERROR', 'something odd (while describing Lead)']
  );
  assert.equal(ConnectorError.from('plain').code, 'UNEXPECTED_ERROR');
});

test('logs redact passwords, tokens and keys wherever they appear', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    }
  });
  const log = moduleLogger(createLogger('info', sink), 'test');
  log.info(
    {
      password: 'hunter2',
      config: { salesforce: { password: 'hunter2' } },
      accessToken: '00D!token',
      headers: { authorization: 'Bearer 00D!token' },
      refresh_token: 'r',
      privateKey: 'k'
    },
    'secrets'
  );
  const line = lines.join('');
  assert.doesNotMatch(line, /hunter2|00D!token/);
  const entry = JSON.parse(line) as Record<string, unknown>;
  assert.equal(entry.module, 'test');
  assert.equal(entry.password, '[redacted]');
  assert.equal(entry.refresh_token, '[redacted]');
  assert.equal(entry.privateKey, '[redacted]');
});
