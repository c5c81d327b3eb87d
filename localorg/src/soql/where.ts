// WHERE and HAVING → SQL predicates with SOQL semantics:
// - text comparisons ignore case (SOQL reference, "Comparison Operators");
// - logic is two-valued: a comparison with a null field is false, so `!=`, NOT IN, EXCLUDES
//   and NOT keep the rows whose field is null, as in SOQL;
// - date literals are ranges in the running user's time zone; against a dateTime field they
//   compare with the range's first and last instants;
// - literals must match the field's type, with Salesforce's error messages.
import type {
  Condition,
  FunctionExp,
  HavingClause,
  ValueQueryCondition,
  WhereClause
} from '@jetstreamapp/soql-parser-js';
import { DateTime } from 'luxon';
import { dateLiteralRange } from './dateLiterals.ts';
import type { Expr } from './expressions.ts';
import { dateTimeValue, dateValue, likePattern, numberValue, stringValue } from './literals.ts';
import { messages } from './errors.ts';
import type { Context } from './resolve.ts';

/** How the left side of a condition is resolved: differently in WHERE and in HAVING. */
export interface Operands {
  field(written: string): Expr;
  fn(fn: FunctionExp): Expr;
  /** `Id IN (SELECT …)`; WHERE only. */
  semiJoin?(condition: ValueQueryCondition): string;
}

// ---------------------------------------------------------------------------------------------
// The parser flattens conditions into a right-leaning chain with paren counts on the leaves;
// this rebuilds the tree from that chain.

type Token = '(' | ')' | 'AND' | 'OR' | 'NOT' | { leaf: Condition | ValueQueryCondition };

type Node =
  | { kind: 'leaf'; leaf: Condition | ValueQueryCondition }
  | { kind: 'not'; item: Node }
  | { kind: 'and' | 'or'; items: Node[] };

type Clause = WhereClause | HavingClause;

function tokens(clause: Clause | undefined, out: Token[] = []): Token[] {
  if (!clause) return out;
  const left = clause.left as (Condition & { openParen?: number; closeParen?: number }) | null;
  const operator = 'operator' in clause ? clause.operator : undefined;
  const isLeaf = left !== null && ('field' in left || 'fn' in left);
  for (let i = 0; i < (left?.openParen ?? 0); i++) out.push('(');
  if (isLeaf) {
    out.push({ leaf: left });
    for (let i = 0; i < (left.closeParen ?? 0); i++) out.push(')');
  }
  if (operator) out.push(operator);
  if ('right' in clause) tokens(clause.right as Clause, out);
  return out;
}

function buildTree(ctx: Context, list: Token[]): Node {
  let at = 0;
  const unexpected = (token: Token | undefined): Error => {
    const text = token === undefined ? '<EOF>' : typeof token === 'string' ? token : 'condition';
    return ctx.fail(
      'MALFORMED_QUERY',
      messages.unexpectedToken(text),
      typeof token === 'string' ? token : undefined
    );
  };
  const unary = (): Node => {
    const token = list[at++];
    if (token === 'NOT') return { kind: 'not', item: unary() };
    if (token === '(') {
      const inner = expression();
      if (list[at++] !== ')') throw unexpected(list[at - 1]);
      return inner;
    }
    if (token !== undefined && typeof token !== 'string') return { kind: 'leaf', leaf: token.leaf };
    throw unexpected(token);
  };
  const expression = (): Node => {
    const first = unary();
    let kind: 'and' | 'or' | null = null;
    const items = [first];
    while (list[at] === 'AND' || list[at] === 'OR') {
      const op = list[at] as 'AND' | 'OR';
      // SOQL requires parentheses when AND and OR are mixed.
      if (kind !== null && kind !== op.toLowerCase()) throw unexpected(op);
      kind = op.toLowerCase() as 'and' | 'or';
      at++;
      items.push(unary());
    }
    return kind === null ? first : { kind, items };
  };
  const tree = expression();
  if (at < list.length) throw unexpected(list[at]);
  return tree;
}

// ---------------------------------------------------------------------------------------------
// Literals

/**
 * A right-hand value: SQL for a single value, a [start, end) range, or null. Range bounds are
 * placeholders made on use: `<` needs only the start, and every parameter sent must be used.
 */
type Literal = { sql: string; shortId: boolean } | { start(): string; end(): string } | null;

const QUOTED_KINDS = new Set(['text', 'id', 'multipicklist']);
const ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

function typeError(ctx: Context, left: Expr): Error {
  const quoted = QUOTED_KINDS.has(left.kind);
  return ctx.fail(
    'INVALID_FIELD',
    `value of filter criterion for field '${left.label}' must be of type ${left.typeName} and should ${quoted ? '' : 'not '}be enclosed in quotes`,
    left.token
  );
}

function literal(ctx: Context, left: Expr, type: string, raw: string, n: number | null): Literal {
  const { params } = ctx;
  const single = (sql: string): Literal => ({ sql, shortId: false });
  try {
    switch (type) {
      case 'NULL':
        return null;
      case 'STRING': {
        if (!QUOTED_KINDS.has(left.kind)) throw typeError(ctx, left);
        const value = stringValue(raw);
        if (left.kind === 'id') {
          if (!ID.test(value))
            throw ctx.fail('INVALID_QUERY_FILTER_OPERATOR', `invalid ID field: ${value}`, left.token);
          return { sql: params.add(value), shortId: value.length === 15 };
        }
        return single(params.add(value));
      }
      case 'INTEGER':
      case 'DECIMAL':
      case 'INTEGER_WITH_CURRENCY_PREFIX':
      case 'DECIMAL_WITH_CURRENCY_PREFIX':
        if (left.kind !== 'number') throw typeError(ctx, left);
        return single(params.add(numberValue(raw), 'numeric'));
      case 'BOOLEAN':
        if (left.kind !== 'boolean') throw typeError(ctx, left);
        return single(params.add(raw.toLowerCase() === 'true', 'boolean'));
      case 'DATE':
        if (left.kind !== 'date') throw typeError(ctx, left);
        return single(params.add(dateValue(raw), 'date'));
      case 'DATETIME':
        if (left.kind !== 'datetime') throw typeError(ctx, left);
        return single(params.add(dateTimeValue(raw), 'timestamptz'));
      case 'DATE_LITERAL':
      case 'DATE_N_LITERAL': {
        if (left.kind !== 'date' && left.kind !== 'datetime') throw typeError(ctx, left);
        const now = DateTime.fromJSDate(ctx.now, { zone: ctx.user.timeZoneSidKey });
        if (!now.isValid) throw new Error(`Unknown time zone ${ctx.user.timeZoneSidKey}`);
        const range = dateLiteralRange(raw.split(':')[0] as string, n, now, ctx.org);
        const bound = (d: DateTime): string =>
          left.kind === 'date'
            ? params.add(d.toISODate(), 'date')
            : params.add(d.toUTC().toISO(), 'timestamptz');
        return { start: () => bound(range.start), end: () => bound(range.end) };
      }
      default:
        throw ctx.fail('MALFORMED_QUERY', messages.unexpectedToken(raw), raw);
    }
  } catch (error) {
    if (error instanceof Error && error.name !== 'ApiError')
      throw ctx.fail('MALFORMED_QUERY', error.message, left.token);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Comparisons

/** Normalises a multi-select value to its sorted, lower-cased set of values. */
const valueSet = (sql: string): string =>
  `(select array_agg(lower(v) order by lower(v)) from unnest(string_to_array(${sql}, ';')) v)`;

function equals(left: Expr, value: Literal): string {
  // On a checkbox null means false (SOQL reference, "Use null in WHERE").
  if (value === null) return left.kind === 'boolean' ? `${left.sql} is not true` : `${left.sql} is null`;
  if ('start' in value) return `${left.sql} >= ${value.start()} and ${left.sql} < ${value.end()}`;
  switch (left.kind) {
    case 'text':
      return `lower(${left.sql}) = lower(${value.sql})`;
    case 'multipicklist':
      return `${valueSet(left.sql)} = ${valueSet(value.sql)}`;
    case 'id':
      // A 15-character Id matches the 18-character one it abbreviates.
      return value.shortId ? `left(${left.sql}, 15) = ${value.sql}` : `${left.sql} = ${value.sql}`;
    default:
      return `${left.sql} = ${value.sql}`;
  }
}

function compare(left: Expr, op: string, value: Literal): string {
  if (value === null) return 'false';
  if ('start' in value) {
    if (op === '<') return `${left.sql} < ${value.start()}`;
    if (op === '<=') return `${left.sql} < ${value.end()}`;
    if (op === '>') return `${left.sql} >= ${value.end()}`;
    return `${left.sql} >= ${value.start()}`;
  }
  return left.kind === 'text'
    ? `lower(${left.sql}) ${op} lower(${value.sql})`
    : `${left.sql} ${op} ${value.sql}`;
}

const holds = (sql: string): string => `coalesce(${sql}, false)`;
const any = (parts: string[]): string =>
  parts.length === 0 ? 'false' : parts.map((p) => `(${p})`).join(' or ');

function compileLeaf(ctx: Context, leaf: Condition | ValueQueryCondition, operands: Operands): string {
  if ('valueQuery' in leaf && leaf.valueQuery) {
    if (!operands.semiJoin) throw ctx.fail('MALFORMED_QUERY', messages.unexpectedToken('SELECT'), 'SELECT');
    return operands.semiJoin(leaf);
  }
  const condition = leaf as Condition & {
    field?: string;
    fn?: FunctionExp;
    operator: string;
    value: string | string[];
    literalType?: string | string[];
    dateLiteralVariable?: number | number[] | null;
  };
  const left = condition.fn ? operands.fn(condition.fn) : operands.field(condition.field as string);
  const op = condition.operator.toUpperCase();
  const list = op === 'IN' || op === 'NOT IN' || op === 'INCLUDES' || op === 'EXCLUDES';
  const raws = Array.isArray(condition.value) ? condition.value : [condition.value];
  if (!list && raws.length !== 1) throw ctx.fail('MALFORMED_QUERY', messages.unexpectedToken('('), op);
  const typeAt = (i: number): string =>
    (Array.isArray(condition.literalType) ? condition.literalType[i] : condition.literalType) ?? 'STRING';
  const nAt = (i: number): number | null => {
    const n = Array.isArray(condition.dateLiteralVariable)
      ? condition.dateLiteralVariable[i]
      : condition.dateLiteralVariable;
    return typeof n === 'number' ? n : null;
  };

  if (op === 'LIKE') {
    if (typeAt(0) !== 'STRING' || (left.kind !== 'text' && left.kind !== 'id')) throw typeError(ctx, left);
    let pattern: string;
    try {
      pattern = likePattern(raws[0] as string);
    } catch (error) {
      throw ctx.fail('MALFORMED_QUERY', (error as Error).message, left.token);
    }
    return holds(`${left.sql} ilike ${ctx.params.add(pattern)}`);
  }
  if (op === 'INCLUDES' || op === 'EXCLUDES') {
    if (left.kind !== 'multipicklist') {
      throw ctx.fail(
        'INVALID_QUERY_FILTER_OPERATOR',
        'includes or excludes operator only valid on multipicklist field',
        left.token
      );
    }
    const terms = raws.map((raw, i) => {
      const value = literal(ctx, left, typeAt(i), raw, null);
      if (value === null || 'start' in value) return `${left.sql} is null`;
      // Each term is itself a set: INCLUDES ('a;b') wants both a and b.
      return `string_to_array(lower(${left.sql}), ';') @> string_to_array(lower(${value.sql}), ';')`;
    });
    const match = holds(any(terms));
    return op === 'INCLUDES' ? match : `not ${match}`;
  }
  const values = raws.map((raw, i) => literal(ctx, left, typeAt(i), raw, nAt(i)));
  switch (op) {
    case '=':
      return holds(equals(left, values[0] as Literal));
    case '!=':
    case '<>':
      return `not ${holds(equals(left, values[0] as Literal))}`;
    case 'IN':
      return holds(any(values.map((v) => equals(left, v))));
    case 'NOT IN':
      return `not ${holds(any(values.map((v) => equals(left, v))))}`;
    case '<':
    case '<=':
    case '>':
    case '>=':
      return holds(compare(left, op, values[0] as Literal));
    default:
      throw ctx.fail('MALFORMED_QUERY', messages.unexpectedToken(op), op);
  }
}

function compileNode(ctx: Context, node: Node, operands: Operands): string {
  switch (node.kind) {
    case 'leaf':
      return compileLeaf(ctx, node.leaf, operands);
    case 'not':
      return `not (${compileNode(ctx, node.item, operands)})`;
    case 'and':
    case 'or':
      return node.items.map((item) => `(${compileNode(ctx, item, operands)})`).join(` ${node.kind} `);
  }
}

/** The SQL predicate of a WHERE or HAVING clause, or null when there is none. */
export function compileConditions(
  ctx: Context,
  clause: Clause | undefined,
  operands: Operands
): string | null {
  if (!clause) return null;
  return compileNode(ctx, buildTree(ctx, tokens(clause)), operands);
}
