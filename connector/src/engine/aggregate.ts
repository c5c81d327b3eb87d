// Aggregate functions: which fields each accepts, what it yields over no records, and whether
// a whole-plan value can be combined from per-period values.
import { findField, NUMERIC_TYPES, type SObjectDescribe } from './describe.ts';
import { AGGREGATE_FUNCTIONS, type AggregateFunction } from './model.ts';

interface FunctionRule {
  /** COUNT alone may go without a field: it counts records, as COUNT(Id). */
  fieldRequired: boolean;
  numericOnly: boolean;
  /** The value over no records: counts and sums are 0, an average or extreme of nothing is unknown. */
  empty: 0 | null;
  /**
   * How to get the whole-plan value from per-period values, or null when that is impossible
   * (an average of averages is not the average; distinct counts overlap between periods).
   */
  combine: ((values: number[]) => number) | null;
}

const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);

const RULES: Readonly<Record<AggregateFunction, FunctionRule>> = {
  SUM: { fieldRequired: true, numericOnly: true, empty: 0, combine: sum },
  COUNT: { fieldRequired: false, numericOnly: false, empty: 0, combine: sum },
  COUNT_DISTINCT: { fieldRequired: true, numericOnly: false, empty: 0, combine: null },
  AVG: { fieldRequired: true, numericOnly: true, empty: null, combine: null },
  MIN: { fieldRequired: true, numericOnly: true, empty: null, combine: (values) => Math.min(...values) },
  MAX: { fieldRequired: true, numericOnly: true, empty: null, combine: (values) => Math.max(...values) }
};

export interface Measure {
  fn: AggregateFunction;
  /** API name as the describe spells it; Id for COUNT without a field. */
  field: string;
}

export type MeasureCheck = { ok: true; measure: Measure } | { ok: false; problem: string };

function isAggregateFunction(value: string): value is AggregateFunction {
  return (AGGREGATE_FUNCTIONS as readonly string[]).includes(value);
}

/**
 * Checks Aggregate_Function__c and Aggregate_Field__c against the source object. An empty
 * function means COUNT: a Deal Registration objective without one counts registrations.
 */
export function checkMeasure(
  fnValue: string | null,
  fieldValue: string | null,
  source: SObjectDescribe
): MeasureCheck {
  const fn = (fnValue ?? '').trim() || 'COUNT';
  if (!isAggregateFunction(fn)) {
    return {
      ok: false,
      problem: `Aggregate Function "${fn}" is not one of ${AGGREGATE_FUNCTIONS.join(', ')}.`
    };
  }
  const rule = RULES[fn];
  const fieldName = (fieldValue ?? '').trim();
  if (fieldName === '') {
    return rule.fieldRequired
      ? {
          ok: false,
          problem: `Aggregate Field is empty; ${fn} needs a field of ${source.name} to aggregate.`
        }
      : { ok: true, measure: { fn, field: 'Id' } };
  }
  const field = findField(source, fieldName);
  if (!field) {
    return {
      ok: false,
      problem: `Aggregate Field "${fieldName}" is not a field of ${source.name} (or the connector's user cannot see it).`
    };
  }
  if (!field.aggregatable) {
    return {
      ok: false,
      problem: `Aggregate Field ${source.name}.${field.name} cannot be aggregated in SOQL.`
    };
  }
  if (rule.numericOnly && !NUMERIC_TYPES.has(field.type)) {
    return {
      ok: false,
      problem: `Aggregate Field ${source.name}.${field.name} is a ${field.type} field; ${fn} needs a number, currency or percent field.`
    };
  }
  return { ok: true, measure: { fn, field: field.name } };
}

export function emptyValue(fn: AggregateFunction): 0 | null {
  return RULES[fn].empty;
}

export function canCombinePeriods(fn: AggregateFunction): boolean {
  return RULES[fn].combine !== null;
}

/** The whole-plan value from per-period values; only for functions where canCombinePeriods is true. */
export function combinePeriods(fn: AggregateFunction, values: readonly (number | null)[]): number | null {
  const combine = RULES[fn].combine;
  if (!combine) throw new Error(`${fn} cannot be combined across periods`);
  const known = values.filter((value): value is number => value !== null);
  return known.length === 0 ? RULES[fn].empty : combine(known);
}
