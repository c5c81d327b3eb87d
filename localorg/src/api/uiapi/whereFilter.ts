// The `where` of getRelatedListRecords and of GraphQL record queries: a GraphQL-style filter
// such as `{ and: [{ Status__c: { eq: "Active" } }, { Account__r: { Name: { like: "A%" } } }] }`.
// It is parsed into a tree, every field is resolved against the schema and every literal
// quoted for its field's type, so the SOQL it becomes holds no request text.
import type { FieldDef, ObjectDef } from '../../schema/types.ts';
import { ApiError } from '../errors.ts';
import { resolvePath, soqlName, type FieldPath, type Resolver } from './fieldPaths.ts';
import { soqlString } from './records.ts';

export type Literal = string | number | boolean | null | Literal[] | { [key: string]: Literal };

const invalidWhere = (message: string): ApiError =>
  new ApiError(400, 'INVALID_INPUT', `Invalid where: ${message}`);

/** Parses GraphQL input-object syntax (unquoted keys, no commas needed) and JSON alike. */
function parse(text: string): Literal {
  let at = 0;
  const space = (): void => {
    while (at < text.length && /[\s,]/.test(text[at] as string)) at++;
  };
  const expect = (c: string): void => {
    space();
    if (text[at] !== c) throw invalidWhere(`expected '${c}' at ${at}`);
    at++;
  };
  const value = (): Literal => {
    space();
    const c = text[at];
    if (c === '{') {
      at++;
      const out: Record<string, Literal> = {};
      for (space(); text[at] !== '}'; space()) {
        const key = /^"?([A-Za-z_][A-Za-z0-9_]*)"?/.exec(text.slice(at));
        if (!key) throw invalidWhere(`expected a name at ${at}`);
        at += (key[0] as string).length;
        expect(':');
        out[key[1] as string] = value();
        if (at >= text.length) throw invalidWhere('unterminated object');
      }
      at++;
      return out;
    }
    if (c === '[') {
      at++;
      const out: Literal[] = [];
      for (space(); text[at] !== ']'; space()) {
        out.push(value());
        if (at >= text.length) throw invalidWhere('unterminated list');
      }
      at++;
      return out;
    }
    if (c === '"') {
      const match = /^"(?:[^"\\]|\\.)*"/.exec(text.slice(at));
      if (!match) throw invalidWhere(`unterminated string at ${at}`);
      at += match[0].length;
      return JSON.parse(match[0]) as string;
    }
    const word = /^(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(at));
    if (!word) throw invalidWhere(`unexpected input at ${at}`);
    at += (word[0] as string).length;
    return JSON.parse(word[0] as string) as Literal;
  };
  const result = value();
  space();
  if (at !== text.length) throw invalidWhere(`unexpected input at ${at}`);
  return result;
}

const OPERATORS: Record<string, string> = {
  eq: '=',
  ne: '!=',
  lt: '<',
  lte: '<=',
  gt: '>',
  gte: '>=',
  like: 'LIKE'
};

/** The relative dates GraphQL's DateLiteral enum names; each is also a SOQL date literal. */
const DATE_LITERAL =
  /^(?:YESTERDAY|TODAY|TOMORROW|LAST_90_DAYS|NEXT_90_DAYS|(?:LAST|THIS|NEXT)_(?:WEEK|MONTH|QUARTER|YEAR|FISCAL_QUARTER|FISCAL_YEAR))$/;
/** GraphQL's DateRange input ({ last_n_days: 7 }) as SOQL's N date literals (LAST_N_DAYS:7). */
const DATE_RANGE =
  /^(?:last_n|next_n|n)_(?:days|weeks|months|quarters|years|fiscal_quarters|fiscal_years)(?:_ago)?$/;

/** A date filter's { literal: TODAY } or { range: { last_n_days: 7 } } as a SOQL date literal. */
function relativeDate(f: FieldDef, value: { [key: string]: Literal }): string | undefined {
  if ('literal' in value) {
    if (typeof value.literal !== 'string' || !DATE_LITERAL.test(value.literal))
      throw invalidWhere(`${f.name} takes a date literal such as TODAY or THIS_FISCAL_YEAR`);
    return value.literal;
  }
  if ('range' in value) {
    const range = value.range;
    const entries = range && typeof range === 'object' && !Array.isArray(range) ? Object.entries(range) : [];
    const [name, n] = entries[0] ?? [];
    if (entries.length !== 1 || !DATE_RANGE.test(name ?? '') || !Number.isInteger(n) || (n as number) < 0)
      throw invalidWhere(`${f.name} takes one range such as { last_n_days: 7 }`);
    return `${(name as string).toUpperCase()}:${n as number}`;
  }
  return undefined;
}

function literal(f: FieldDef, value: Literal): string {
  if (value === null) return 'null';
  if (typeof value === 'object' && !Array.isArray(value) && 'value' in value)
    return literal(f, value.value as Literal);
  if ((f.type === 'date' || f.type === 'datetime') && typeof value === 'object' && !Array.isArray(value)) {
    const relative = relativeDate(f, value);
    if (relative) return relative;
  }
  switch (f.type) {
    case 'boolean':
      if (typeof value !== 'boolean') throw invalidWhere(`${f.name} takes true or false`);
      return String(value);
    case 'int':
    case 'double':
    case 'currency':
    case 'percent':
      if (typeof value !== 'number' || !Number.isFinite(value))
        throw invalidWhere(`${f.name} takes a number`);
      return String(value);
    case 'date':
      if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value))
        throw invalidWhere(`${f.name} takes YYYY-MM-DD`);
      return value;
    case 'datetime':
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value)))
        throw invalidWhere(`${f.name} takes a date-time`);
      return new Date(value).toISOString().replace('.000Z', 'Z');
    default:
      if (typeof value !== 'string') throw invalidWhere(`${f.name} takes a string`);
      return soqlString(value);
  }
}

function comparisons(path: FieldPath, key: string, operand: Literal): string {
  if (typeof operand !== 'object' || operand === null || Array.isArray(operand)) {
    throw invalidWhere(`${key} takes an operator object`);
  }
  const name = soqlName(path);
  const parts = Object.entries(operand).map(([op, value]) => {
    if (op === 'in' || op === 'nin') {
      if (!Array.isArray(value) || value.length === 0) throw invalidWhere(`${op} takes a list`);
      return `${name} ${op === 'in' ? 'IN' : 'NOT IN'} (${value.map((v) => literal(path.field, v)).join(', ')})`;
    }
    const sqlOp = OPERATORS[op];
    if (!sqlOp) throw invalidWhere(`unknown operator ${op}`);
    return `${name} ${sqlOp} ${literal(path.field, value)}`;
  });
  if (parts.length === 0) throw invalidWhere(`${key} takes an operator`);
  return parts.join(' AND ');
}

/** `node` filters the records reached from `root` through the relationships in `prefix`. */
function condition(r: Resolver, root: ObjectDef, prefix: string[], node: Literal): string {
  if (typeof node !== 'object' || node === null || Array.isArray(node))
    throw invalidWhere('expected an object');
  const parts = Object.entries(node).map(([key, operand]) => {
    if (key === 'and' || key === 'or') {
      if (!Array.isArray(operand) || operand.length === 0) throw invalidWhere(`${key} takes a list`);
      return `(${operand.map((n) => condition(r, root, prefix, n)).join(` ${key.toUpperCase()} `)})`;
    }
    if (key === 'not') return `(NOT ${condition(r, root, prefix, operand)})`;
    const path = resolvePath(r, root, [...prefix, key]);
    if (path?.field.filterable) return comparisons(path, key, operand);
    // A parent relationship (Account__r: { Name: { eq: "Acme" } }) filters on the parent's fields.
    const objectName = prefix.length > 0 ? resolvePath(r, root, [...prefix, 'Id'])?.object.name : root.name;
    if (!path && resolvePath(r, root, [...prefix, key, 'Id']))
      return condition(r, root, [...prefix, key], operand);
    throw invalidWhere(`no filterable field ${key} on ${objectName ?? root.name}`);
  });
  if (parts.length === 0) throw invalidWhere('empty filter');
  return parts.length === 1 ? (parts[0] as string) : `(${parts.join(' AND ')})`;
}

/** A SOQL condition for an already parsed filter (GraphQL's `where` argument) on `o`. */
export function filterCondition(r: Resolver, o: ObjectDef, filter: Literal): string {
  return condition(r, o, [], filter);
}

/** A SOQL condition for `where`, on the related list's object. */
export function whereCondition(r: Resolver, o: ObjectDef, where: string): string {
  return filterCondition(r, o, parse(where));
}
