// store/values.ts: PostgreSQL's text and native values → the JSON values the REST API sends.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FieldType } from '../src/schema/types.ts';
import { fromSql } from '../src/store/values.ts';

const of = (type: FieldType, raw: unknown): unknown => fromSql({ type }, raw);

describe('fromSql', () => {
  test('null and undefined stay null for every type', () => {
    for (const type of ['string', 'int', 'double', 'boolean', 'date', 'datetime', 'reference'] as const) {
      assert.equal(of(type, null), null);
      assert.equal(of(type, undefined), null);
    }
  });

  test('numbers become JSON numbers whether PostgreSQL sent text or a number', () => {
    assert.equal(of('int', '42'), 42);
    assert.equal(of('int', 42), 42);
    assert.equal(of('double', '10.50'), 10.5);
    assert.equal(of('currency', '1000000'), 1000000);
    assert.equal(of('percent', '-2.25'), -2.25);
  });

  test('booleans from native values and from text', () => {
    assert.equal(of('boolean', true), true);
    assert.equal(of('boolean', false), false);
    assert.equal(of('boolean', 'true'), true);
    assert.equal(of('boolean', 't'), true);
    assert.equal(of('boolean', 'false'), false);
  });

  test('dates stay YYYY-MM-DD', () => {
    assert.equal(of('date', '2026-01-31'), '2026-01-31');
    assert.equal(of('date', new Date('2026-01-31T00:00:00Z')), '2026-01-31');
  });

  test("datetimes become Salesforce's UTC form with milliseconds and +0000", () => {
    assert.equal(of('datetime', '2026-01-31 23:30:00+00'), '2026-01-31T23:30:00.000+0000');
    assert.equal(of('datetime', '2026-01-31 23:30:00.123456+00'), '2026-01-31T23:30:00.123+0000');
    assert.equal(of('datetime', '2026-02-01 01:30:00+02'), '2026-01-31T23:30:00.000+0000');
    assert.equal(of('datetime', '2026-01-31 18:00:00-05:30'), '2026-01-31T23:30:00.000+0000');
    assert.equal(of('datetime', '2026-01-31T23:30:00.5Z'), '2026-01-31T23:30:00.500+0000');
    assert.equal(of('datetime', new Date('2026-01-31T23:30:00Z')), '2026-01-31T23:30:00.000+0000');
  });

  test('text types stay strings', () => {
    assert.equal(of('string', 'Acme'), 'Acme');
    assert.equal(of('picklist', 'Web'), 'Web');
    assert.equal(of('reference', '001000000000001AAA'), '001000000000001AAA');
  });
});
