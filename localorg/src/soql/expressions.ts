// SOQL value expressions → SQL: fields, date functions (CALENDAR_QUARTER(convertTimezone(x)))
// and aggregates (COUNT, SUM…). An Expr knows its SQL, how to decode the SQL text it produces
// into a REST value, and what kind of literal it may be compared with.
//
// Date functions on dateTime fields work in UTC unless the field is wrapped in
// convertTimezone(), which converts to the running user's time zone (SOQL reference,
// "convertTimezone()"). Fiscal functions follow the org's fiscal year settings.
import type { FunctionExp } from '@jetstreamapp/soql-parser-js';
import type { FieldDef, FieldType } from '../schema/types.ts';
import { inCorporateCurrency } from '../currency/soql.ts';
import { fromSql } from '../store/values.ts';
import type { Resolved, Scope } from './resolve.ts';

/** What a value compares like in WHERE and HAVING. */
export type ValueKind = 'text' | 'id' | 'multipicklist' | 'number' | 'boolean' | 'date' | 'datetime';

export interface Expr {
  sql: string;
  /** Identity for matching a selected or ordered expression to a GROUP BY one. */
  key: string;
  /** Name used in error messages. */
  label: string;
  /** Text to point the error caret at. */
  token: string;
  kind: ValueKind;
  /** Type named in "must be of type X" errors. */
  typeName: string;
  /** An aggregate function (COUNT, SUM…), as opposed to a field or a date function. */
  aggregate: boolean;
  field: FieldDef;
  /** Set for plain fields (not functions). */
  resolved: Resolved | null;
  /** SQL text (the expression cast to text) → REST value. */
  decode(raw: unknown): unknown;
}

const AGGREGATES: ReadonlySet<string> = new Set(['COUNT', 'COUNT_DISTINCT', 'SUM', 'AVG', 'MIN', 'MAX']);

const DATE_FUNCTIONS: ReadonlySet<string> = new Set([
  'CALENDAR_MONTH',
  'CALENDAR_QUARTER',
  'CALENDAR_YEAR',
  'DAY_IN_MONTH',
  'DAY_IN_WEEK',
  'DAY_IN_YEAR',
  'DAY_ONLY',
  'FISCAL_MONTH',
  'FISCAL_QUARTER',
  'FISCAL_YEAR',
  'HOUR_IN_DAY',
  'WEEK_IN_MONTH',
  'WEEK_IN_YEAR'
]);

export const isDateFunction = (name: string | undefined): boolean =>
  DATE_FUNCTIONS.has((name ?? '').toUpperCase());
export const isAggregate = (name: string | undefined): boolean => AGGREGATES.has((name ?? '').toUpperCase());

const KINDS: Record<FieldType, ValueKind> = {
  id: 'id',
  reference: 'id',
  string: 'text',
  textarea: 'text',
  picklist: 'text',
  email: 'text',
  phone: 'text',
  url: 'text',
  multipicklist: 'multipicklist',
  int: 'number',
  double: 'number',
  currency: 'number',
  percent: 'number',
  boolean: 'boolean',
  date: 'date',
  datetime: 'datetime'
};

// The SOAP type names Salesforce uses in "must be of type X" messages.
const TYPE_NAMES: Record<ValueKind, string> = {
  text: 'string',
  multipicklist: 'string',
  id: 'id',
  number: 'double',
  boolean: 'boolean',
  date: 'date',
  datetime: 'dateTime'
};

function typeNameOf(field: FieldDef): string {
  return field.type === 'int' ? 'integer' : TYPE_NAMES[KINDS[field.type]];
}

const asNumber = (raw: unknown): unknown => (raw === null || raw === undefined ? null : Number(raw));

export function fieldExpr(scope: Scope, written: string): Expr {
  const resolved = scope.resolve(written);
  const { field } = resolved;
  return {
    sql: resolved.column,
    key: resolved.key,
    label: field.name,
    token: written,
    kind: KINDS[field.type],
    typeName: typeNameOf(field),
    aggregate: false,
    field,
    resolved,
    decode: (raw) => fromSql(field, raw)
  };
}

/** The single argument of a function call; nested calls are only allowed where noted. */
function argument(scope: Scope, fn: FunctionExp): string | FunctionExp {
  const name = fn.functionName ?? '';
  const args = fn.parameters ?? [];
  if (args.length !== 1)
    throw scope.ctx.fail('MALFORMED_QUERY', `${name} requires exactly one argument`, name);
  return args[0] as string | FunctionExp;
}

function dateBase(scope: Scope, fn: FunctionExp): { expr: Expr; base: string; converted: boolean } {
  const { ctx } = scope;
  const name = (fn.functionName ?? '').toUpperCase();
  let arg = argument(scope, fn);
  let converted = false;
  if (typeof arg !== 'string') {
    if ((arg.functionName ?? '').toLowerCase() !== 'converttimezone') {
      throw ctx.fail(
        'MALFORMED_QUERY',
        `Invalid argument to ${name}: ${arg.rawValue ?? arg.functionName}`,
        name
      );
    }
    arg = argument(scope, arg);
    converted = true;
    if (typeof arg !== 'string')
      throw ctx.fail('MALFORMED_QUERY', 'convertTimezone() requires a field', 'convertTimezone');
  }
  const expr = fieldExpr(scope, arg);
  const type = expr.field.type;
  if (type !== 'date' && type !== 'datetime') {
    throw ctx.fail(
      'MALFORMED_QUERY',
      `${name} can only be applied to date or dateTime fields: ${expr.field.name}`,
      name
    );
  }
  if (converted && type !== 'datetime') {
    throw ctx.fail(
      'MALFORMED_QUERY',
      `convertTimezone() can only be applied to dateTime fields: ${expr.field.name}`,
      name
    );
  }
  if ((name === 'DAY_ONLY' || name === 'HOUR_IN_DAY') && type !== 'datetime') {
    throw ctx.fail(
      'MALFORMED_QUERY',
      `${name} can only be applied to dateTime fields: ${expr.field.name}`,
      name
    );
  }
  let base = expr.sql;
  if (type === 'datetime') {
    base = converted
      ? `(${expr.sql} at time zone ${ctx.params.add(ctx.user.timeZoneSidKey)})`
      : `(${expr.sql} at time zone 'UTC')`;
  }
  return { expr, base, converted };
}

/** Fiscal month 1–12 of a date SQL expression; the start month is a validated integer setting. */
function fiscalMonth(scope: Scope, base: string): { month: string; start: number } {
  const start = scope.ctx.org.fiscalYearStartMonth;
  if (!Number.isInteger(start) || start < 1 || start > 12)
    throw new Error(`Invalid fiscalYearStartMonth ${start}`);
  return { month: `((extract(month from ${base})::int - ${start} + 12) % 12 + 1)`, start };
}

function dateFunctionSql(scope: Scope, name: string, base: string): string {
  const part = (p: string): string => `extract(${p} from ${base})::int`;
  switch (name) {
    case 'CALENDAR_YEAR':
      return part('year');
    case 'CALENDAR_QUARTER':
      return part('quarter');
    case 'CALENDAR_MONTH':
      return part('month');
    case 'DAY_IN_MONTH':
      return part('day');
    case 'DAY_IN_WEEK':
      return `(${part('dow')} + 1)`;
    case 'DAY_IN_YEAR':
      return part('doy');
    case 'HOUR_IN_DAY':
      return part('hour');
    case 'DAY_ONLY':
      return `(${base})::date`;
    // Weeks counted from the 1st: days 1–7 are week 1.
    case 'WEEK_IN_MONTH':
      return `((${part('day')} - 1) / 7 + 1)`;
    case 'WEEK_IN_YEAR':
      return `((${part('doy')} - 1) / 7 + 1)`;
    case 'FISCAL_MONTH':
      return fiscalMonth(scope, base).month;
    case 'FISCAL_QUARTER':
      return `((${fiscalMonth(scope, base).month} - 1) / 3 + 1)`;
    case 'FISCAL_YEAR': {
      const { start } = fiscalMonth(scope, base);
      // Named after the year the fiscal year starts in, or (the default) the year it ends in.
      return scope.ctx.org.usesStartDateAsFiscalYearName
        ? `(${part('year')} - case when ${part('month')} < ${start} then 1 else 0 end)`
        : `(${part('year')} + case when ${part('month')} >= ${start} and ${start} > 1 then 1 else 0 end)`;
    }
    default:
      throw new Error(`Unknown date function ${name}`);
  }
}

export function dateFunctionExpr(scope: Scope, fn: FunctionExp): Expr {
  const name = (fn.functionName ?? '').toUpperCase();
  const { expr, base, converted } = dateBase(scope, fn);
  const dayOnly = name === 'DAY_ONLY';
  return {
    sql: dateFunctionSql(scope, name, base),
    key: `${name.toLowerCase()}(${converted ? 'converttimezone:' : ''}${expr.key})`,
    label: fn.rawValue ?? name,
    token: fn.functionName ?? name,
    kind: dayOnly ? 'date' : 'number',
    typeName: dayOnly ? 'date' : 'integer',
    aggregate: false,
    field: expr.field,
    resolved: null,
    decode: dayOnly ? (raw) => fromSql({ type: 'date' }, raw) : asNumber
  };
}

const NUMERIC: ReadonlySet<FieldType> = new Set(['int', 'double', 'currency', 'percent']);

export function aggregateExpr(scope: Scope, fn: FunctionExp): Expr {
  const { ctx } = scope;
  const name = (fn.functionName ?? '').toUpperCase();
  const token = fn.functionName ?? name;
  const label = fn.rawValue ?? `${name}()`;
  if (name === 'COUNT' && (fn.parameters ?? []).length === 0) {
    const idField = ctx.schema.field(scope.object, 'Id') as FieldDef;
    return { ...countShape(label, token, idField), sql: 'count(*)', key: 'count()' };
  }
  const arg = argument(scope, fn);
  if (typeof arg !== 'string')
    throw ctx.fail('MALFORMED_QUERY', `Invalid argument to ${name}: ${arg.rawValue}`, token);
  const expr = fieldExpr(scope, arg);
  const { field } = expr;
  const key = `${name.toLowerCase()}(${expr.key})`;
  const unsupported = (): Error =>
    ctx.fail('INVALID_FIELD', `field ${field.name} does not support aggregate operator ${name}`, arg);
  if (!field.aggregatable) throw unsupported();
  // Sums, averages and extremes of money come back in the corporate currency.
  const amount = expr.resolved ? inCorporateCurrency(ctx.schema, expr.resolved, expr.sql) : expr.sql;
  switch (name) {
    case 'COUNT':
      return { ...countShape(label, token, field), sql: `count(${expr.sql})`, key };
    case 'COUNT_DISTINCT':
      return { ...countShape(label, token, field), sql: `count(distinct ${expr.sql})`, key };
    case 'SUM':
    case 'AVG':
      if (!NUMERIC.has(field.type)) throw unsupported();
      return {
        ...expr,
        sql: `${name.toLowerCase()}(${amount})`,
        key,
        label,
        token,
        kind: 'number',
        typeName: 'double',
        aggregate: true,
        resolved: null,
        decode: asNumber
      };
    case 'MIN':
    case 'MAX':
      if (field.type === 'boolean' || field.type === 'multipicklist') throw unsupported();
      return {
        ...expr,
        sql: `${name.toLowerCase()}(${amount})`,
        key,
        label,
        token,
        aggregate: true,
        resolved: null
      };
    default:
      throw ctx.fail('MALFORMED_QUERY', `Unknown aggregate function ${name}`, token);
  }
}

function countShape(label: string, token: string, field: FieldDef): Omit<Expr, 'sql' | 'key'> {
  return {
    label,
    token,
    kind: 'number',
    typeName: 'integer',
    aggregate: true,
    field,
    resolved: null,
    decode: asNumber
  };
}
