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
   * The aggregates one calendar month's row carries, from which the value of any span of months
   * (a fiscal period, the whole plan) is exact: an average is a sum over a count. Null when no
   * such aggregates exist: distinct values overlap between months.
   */
  monthColumns: readonly MonthColumn[] | null;
}

type MonthColumn = Extract<AggregateFunction, 'SUM' | 'COUNT' | 'MIN' | 'MAX'>;

const RULES: Readonly<Record<AggregateFunction, FunctionRule>> = {
  SUM: { fieldRequired: true, numericOnly: true, empty: 0, monthColumns: ['SUM'] },
  COUNT: { fieldRequired: false, numericOnly: false, empty: 0, monthColumns: ['COUNT'] },
  COUNT_DISTINCT: { fieldRequired: true, numericOnly: false, empty: 0, monthColumns: null },
  AVG: { fieldRequired: true, numericOnly: true, empty: null, monthColumns: ['SUM', 'COUNT'] },
  MIN: { fieldRequired: true, numericOnly: true, empty: null, monthColumns: ['MIN'] },
  MAX: { fieldRequired: true, numericOnly: true, empty: null, monthColumns: ['MAX'] }
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

/** The aggregates to read per calendar month for `fn`, or null when months cannot be combined (COUNT_DISTINCT). */
export function monthColumns(fn: AggregateFunction): readonly MonthColumn[] | null {
  return RULES[fn].monthColumns;
}

const known = (values: readonly (number | null | undefined)[]): number[] =>
  values.filter((value): value is number => typeof value === 'number');
const total = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0);

/**
 * `fn` over a span of months, from each month's row of monthColumns(fn) values (months without
 * records have no row). Exact: sums and counts add, extremes take the extreme, an average is
 * the summed sum over the summed count.
 */
export function combineMonths(
  fn: AggregateFunction,
  months: readonly (readonly (number | null)[])[]
): number | null {
  const first = known(months.map((columns) => columns[0]));
  switch (fn) {
    case 'SUM':
    case 'COUNT':
      return total(first);
    case 'MIN':
      return first.length === 0 ? null : Math.min(...first);
    case 'MAX':
      return first.length === 0 ? null : Math.max(...first);
    case 'AVG': {
      const count = total(known(months.map((columns) => columns[1])));
      return count === 0 ? null : total(first) / count;
    }
    case 'COUNT_DISTINCT':
      throw new Error('COUNT_DISTINCT cannot be combined across months');
  }
}

/**
 * For objective types that count records (Number of Deals…): the objective's function and field
 * must be empty, or COUNT without a field, so that the number shown is what the type promises.
 */
export function checkCountMeasure(
  fnValue: string | null,
  fieldValue: string | null,
  objectiveType: string,
  object: string
): MeasureCheck {
  const fn = (fnValue ?? '').trim();
  const field = (fieldValue ?? '').trim();
  if ((fn === '' || fn === 'COUNT') && field === '')
    return { ok: true, measure: { fn: 'COUNT', field: 'Id' } };
  const wrong = [
    fn !== '' && fn !== 'COUNT' && `Aggregate Function ${fn}`,
    field !== '' && `Aggregate Field ${field}`
  ];
  const set = wrong.filter((text): text is string => typeof text === 'string');
  return {
    ok: false,
    problem: `${objectiveType} counts ${object} records, so ${set.join(' and ')} cannot apply. Clear ${set.length > 1 ? 'them' : 'it'}, or choose a type that aggregates a field.`
  };
}
