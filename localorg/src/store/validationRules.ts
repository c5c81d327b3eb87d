// Custom validation rules from force-app's metadata, evaluated with formulon (a
// Salesforce formula engine) against the record being saved. A rule the engine cannot
// evaluate stops the org at start-up: it must never pass silently.
import { extract, parse } from 'formulon';
import type { FieldDef, ObjectDef, RecordValues, Schema, ValidationRule } from '../schema/types.ts';
import type { RecordErrorItem } from './coerce.ts';

interface Literal {
  type: 'literal';
  dataType: string;
  value: unknown;
  options?: Record<string, number>;
}

interface FormulaResult {
  type: 'literal' | 'error';
  value?: unknown;
  errorType?: string;
  message?: string;
}

const NULL: Literal = { type: 'literal', dataType: 'null', value: null };

/** A field's value as formulon expects it: typed, with the field's length and scale. */
function literal(f: FieldDef, value: unknown): Literal {
  if (value === null || value === undefined) return NULL;
  switch (f.type) {
    case 'boolean':
      return { type: 'literal', dataType: 'checkbox', value: value === true };
    case 'int':
    case 'double':
    case 'currency':
    case 'percent':
      return {
        type: 'literal',
        dataType: 'number',
        value: Number(value),
        options: { length: Math.max(1, f.precision - f.scale), scale: f.scale }
      };
    case 'date':
      return { type: 'literal', dataType: 'date', value: new Date(`${String(value)}T00:00:00Z`) };
    case 'datetime':
      return {
        type: 'literal',
        dataType: 'datetime',
        value: new Date(String(value).replace(/\+0000$/, 'Z'))
      };
    case 'picklist':
      return { type: 'literal', dataType: 'picklist', value: String(value) };
    case 'multipicklist':
      return { type: 'literal', dataType: 'multipicklist', value: String(value).split(';') };
    default:
      return {
        type: 'literal',
        dataType: 'text',
        value: String(value),
        options: { length: String(value).length }
      };
  }
}

function evaluate(rule: ValidationRule, o: ObjectDef, schema: Schema, record: RecordValues): FormulaResult {
  const substitutions: Record<string, Literal> = {};
  for (const name of extract(rule.errorConditionFormula)) {
    const f = schema.field(o, name);
    if (f) substitutions[name] = literal(f, record[f.name]);
  }
  return parse(rule.errorConditionFormula, substitutions) as FormulaResult;
}

/**
 * Checks every active rule once with an empty record: syntax errors, unknown fields and
 * functions formulon lacks (ISCHANGED, PRIORVALUE, ISNEW…) all surface here.
 */
export function assertValidationRulesEvaluable(schema: Schema): void {
  const problems: string[] = [];
  for (const o of schema.objects) {
    for (const rule of o.validationRules.filter((r) => r.active)) {
      const unknown = extract(rule.errorConditionFormula).filter((name) => !schema.field(o, name));
      if (unknown.length > 0) {
        problems.push(`${o.name}.${rule.name}: the local org cannot resolve ${unknown.join(', ')}`);
        continue;
      }
      const result = evaluate(rule, o, schema, {});
      if (result.type === 'error')
        problems.push(`${o.name}.${rule.name}: ${result.message ?? result.errorType}`);
    }
  }
  if (problems.length > 0) {
    throw new Error(`Validation rules the local org cannot evaluate:\n  ${problems.join('\n  ')}`);
  }
}

/** The errors of every active rule whose condition is true for the record. */
export function validationErrors(o: ObjectDef, schema: Schema, record: RecordValues): RecordErrorItem[] {
  const errors: RecordErrorItem[] = [];
  for (const rule of o.validationRules.filter((r) => r.active)) {
    const result = evaluate(rule, o, schema, record);
    if (result.type === 'error') {
      throw new Error(
        `Validation rule ${o.name}.${rule.name} failed to evaluate: ${result.message ?? result.errorType}`
      );
    }
    if (result.value === true) {
      errors.push({
        statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
        message: rule.errorMessage,
        fields: rule.errorDisplayField ? [rule.errorDisplayField] : []
      });
    }
  }
  return errors;
}
