// The validation rules, evaluated with formulon (the formula engine the local org uses) on
// hand-picked field values: each rule must parse there and block exactly the bad records.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { before, describe, test } from 'node:test';
import { loadPackage, metadataOf, withChildren } from './forceApp.ts';

interface Literal {
  type: 'literal';
  dataType: 'number' | 'date' | 'text' | 'checkbox' | 'null';
  value: unknown;
  options?: Record<string, unknown>;
}
type FormulaResult = Literal | { type: 'error'; errorType: string; message: string };
interface Formulon {
  parse(formula: string, identifiers?: Record<string, Literal>): FormulaResult;
  extract(formula: string): string[];
}

// formulon ships no type declarations; this is the part of its API the tests use.
const formulon = createRequire(import.meta.url)('formulon') as Formulon;

const number = (value: number | null): Literal => ({
  type: 'literal',
  dataType: 'number',
  value,
  options: { length: 3, scale: 0 }
});
const date = (iso: string | null): Literal => ({
  type: 'literal',
  dataType: 'date',
  value: iso === null ? null : new Date(`${iso}T00:00:00Z`),
  options: {}
});

interface Rule {
  formula: string;
  errorMessage: string;
  errorDisplayField: string;
}

describe('validation rules', () => {
  const rules = new Map<string, Rule>();

  before(async () => {
    const set = await loadPackage();
    for (const component of withChildren(set).filter((c) => c.type.name === 'ValidationRule')) {
      const xml = await metadataOf(component);
      assert.equal(xml.active, 'true', `${component.fullName} is inactive`);
      rules.set(component.fullName, {
        formula: String(xml.errorConditionFormula),
        errorMessage: String(xml.errorMessage ?? ''),
        errorDisplayField: String(xml.errorDisplayField ?? '')
      });
    }
  });

  /** True when the rule blocks a record with these field values. */
  function blocks(ruleName: string, values: Record<string, Literal>): boolean {
    const rule = rules.get(ruleName);
    assert.ok(rule, `no validation rule ${ruleName}`);
    assert.deepEqual(
      formulon.extract(rule.formula).sort(),
      Object.keys(values).sort(),
      `${ruleName} reads other fields`
    );
    const result = formulon.parse(rule.formula, values);
    assert.equal(result.type, 'literal', `${ruleName}: ${JSON.stringify(result)}`);
    return (result as Literal).value === true;
  }

  test('every rule shows a message next to the field it is about', () => {
    assert.ok(rules.size >= 3);
    for (const [name, rule] of rules) {
      assert.ok(rule.errorMessage.length > 0, `${name} has no message`);
      assert.ok(rule.errorDisplayField.endsWith('__c'), `${name} shows its message at the top of the page`);
      assert.ok(rule.formula.includes(rule.errorDisplayField), `${name} points at a field it does not check`);
    }
  });

  test('a plan may end on the day it starts but not before', () => {
    const rule = 'Business_Plan__c.End_Date_On_Or_After_Start_Date';
    const plan = (start: string | null, end: string | null) => ({
      Start_Date__c: date(start),
      End_Date__c: date(end)
    });
    assert.equal(blocks(rule, plan('2025-01-01', '2024-12-31')), true);
    assert.equal(blocks(rule, plan('2025-01-01', '2025-01-01')), false);
    assert.equal(blocks(rule, plan('2025-01-01', '2025-12-31')), false);
    assert.equal(blocks(rule, plan(null, '2025-12-31')), false);
    assert.equal(blocks(rule, plan('2025-01-01', null)), false);
  });

  test('an objective weight must be a number from 1 to 100', () => {
    const rule = 'Plan_Objective__c.Weight_Between_1_And_100';
    for (const weight of [1, 50, 100])
      assert.equal(blocks(rule, { Weight__c: number(weight) }), false, `${weight}`);
    for (const weight of [null, 0, -5, 101])
      assert.equal(blocks(rule, { Weight__c: number(weight) }), true, `${weight}`);
  });

  test('a target period may end on the day it starts but not before', () => {
    const rule = 'Objective_Target__c.Period_End_On_Or_After_Period_Start';
    const period = (start: string | null, end: string | null) => ({
      Period_Start__c: date(start),
      Period_End__c: date(end)
    });
    assert.equal(blocks(rule, period('2025-04-01', '2025-03-31')), true);
    assert.equal(blocks(rule, period('2025-04-01', '2025-04-01')), false);
    assert.equal(blocks(rule, period('2025-04-01', '2025-06-30')), false);
    assert.equal(blocks(rule, period(null, null)), false);
  });
});
