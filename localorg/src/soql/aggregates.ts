// Aggregate queries: GROUP BY (fields, date functions, ROLLUP/CUBE), aggregate functions,
// HAVING and ORDER BY over groups. Results are AggregateResult records whose keys are the
// alias, else the field name for a grouped field, else expr0, expr1… numbered over the
// function columns without an alias (SOQL reference, "Using Aliases with GROUP BY").
import type {
  FieldType as SelectItem,
  FunctionExp,
  GroupByClause,
  Query
} from '@jetstreamapp/soql-parser-js';
import {
  aggregateExpr,
  dateFunctionExpr,
  type Expr,
  fieldExpr,
  isAggregate,
  isDateFunction
} from './expressions.ts';
import { messages } from './errors.ts';
import { compileOrder } from './order.ts';
import type { Scope } from './resolve.ts';
import type { AggregateColumn } from './shape.ts';
import { compileConditions } from './where.ts';

export interface AggregateParts {
  columns: string[];
  outputs: AggregateColumn[];
  groupBy: string | null;
  having: string | null;
  order: string[];
}

/** True when the SELECT list makes this an aggregate query. */
export function isAggregateQuery(query: Query): boolean {
  if (query.groupBy !== undefined) return true;
  return (query.fields ?? []).some(
    (f) => f.type === 'FieldFunctionExpression' && isAggregate(f.functionName)
  );
}

const asList = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

class Groups {
  readonly exprs = new Map<string, Expr>();
  private readonly scope: Scope;

  constructor(scope: Scope) {
    this.scope = scope;
  }

  /** A GROUP BY item: a groupable field or a date function. */
  add(item: string | FunctionExp): Expr {
    const expr = typeof item === 'string' ? fieldExpr(this.scope, item) : this.dateFunction(item);
    if (expr.resolved && !expr.field.groupable) {
      throw this.scope.ctx.fail(
        'MALFORMED_QUERY',
        `field '${expr.field.name}' can not be grouped in a query call`,
        expr.token
      );
    }
    this.exprs.set(expr.key, expr);
    return expr;
  }

  private dateFunction(fn: FunctionExp): Expr {
    if (!isDateFunction(fn.functionName)) {
      throw this.scope.ctx.fail(
        'MALFORMED_QUERY',
        messages.unexpectedToken(fn.functionName ?? ''),
        fn.functionName
      );
    }
    return dateFunctionExpr(this.scope, fn);
  }

  /** The grouped expression `expr` stands for, or the error Salesforce gives. */
  require(expr: Expr, message: string): Expr {
    if (!this.exprs.has(expr.key))
      throw this.scope.ctx.fail('MALFORMED_QUERY', `${message}: ${expr.label}`, expr.token);
    return expr;
  }

  /** Resolves a field or function used outside GROUP BY: aggregates, or something grouped. */
  operand(item: string | FunctionExp, message: string): Expr {
    if (typeof item === 'string') return this.require(fieldExpr(this.scope, item), message);
    if (isAggregate(item.functionName)) return aggregateExpr(this.scope, item);
    return this.require(this.dateFunction(item), message);
  }
}

function groupBySql(groups: Groups, clauses: GroupByClause[]): string | null {
  const parts = clauses.map((clause) => {
    if ('field' in clause) return groups.add(clause.field).sql;
    const name = (clause.fn.functionName ?? '').toUpperCase();
    if (name === 'ROLLUP' || name === 'CUBE') {
      const inner = (clause.fn.parameters ?? []).map((p) => groups.add(p).sql);
      return `${name.toLowerCase()}(${inner.join(', ')})`;
    }
    return groups.add(clause.fn).sql;
  });
  return parts.length === 0 ? null : parts.join(', ');
}

function selectItem(
  scope: Scope,
  groups: Groups,
  item: SelectItem,
  nextExpr: () => string
): { expr: Expr; name: string; sql: string }[] {
  const { ctx } = scope;
  const mustGroup = 'Field must be grouped or aggregated';
  switch (item.type) {
    case 'Field':
    case 'FieldRelationship': {
      const written = item.type === 'Field' ? item.field : [...item.relationships, item.field].join('.');
      const expr = groups.require(fieldExpr(scope, written), mustGroup);
      const alias = 'alias' in item ? item.alias : undefined;
      return [{ expr, name: alias ?? expr.field.name, sql: expr.sql }];
    }
    case 'FieldFunctionExpression': {
      const name = item.functionName.toUpperCase();
      if (name === 'FIELDS') {
        return scope.readableFields().map((f) => {
          const expr = groups.require(fieldExpr(scope, f.name), mustGroup);
          return { expr, name: f.name, sql: expr.sql };
        });
      }
      if (name === 'GROUPING') {
        const [arg] = item.parameters;
        const expr = groups.operand(arg as string | FunctionExp, mustGroup);
        const grouping: Expr = {
          ...expr,
          aggregate: true,
          kind: 'number',
          decode: (raw) => (raw === null ? null : Number(raw))
        };
        return [{ expr: grouping, name: item.alias ?? nextExpr(), sql: `grouping(${expr.sql})` }];
      }
      if (!isAggregate(name) && !isDateFunction(name)) {
        throw ctx.fail(
          'MALFORMED_QUERY',
          `${item.functionName}() is not supported by the local org here`,
          item.functionName
        );
      }
      const expr = groups.operand(item as FunctionExp, mustGroup);
      return [{ expr, name: item.alias ?? nextExpr(), sql: expr.sql }];
    }
    default:
      throw ctx.fail('MALFORMED_QUERY', messages.unexpectedToken('('), 'SELECT');
  }
}

export function compileAggregate(scope: Scope, query: Query): AggregateParts {
  const { ctx } = scope;
  const groups = new Groups(scope);
  const groupBy = groupBySql(groups, asList(query.groupBy));
  let exprCount = 0;
  const nextExpr = (): string => `expr${exprCount++}`;
  const columns: string[] = [];
  const outputs: AggregateColumn[] = [];
  for (const item of query.fields ?? []) {
    for (const { expr, name, sql } of selectItem(scope, groups, item, nextExpr)) {
      outputs.push({ name, index: columns.length, decode: expr.decode });
      columns.push(`(${sql})::text`);
    }
  }
  const having = compileConditions(ctx, query.having, {
    field: (written) => groups.operand(written, 'Field must be grouped or aggregated'),
    fn: (fn) => groups.operand(fn, 'Field must be grouped or aggregated')
  });
  const order = compileOrder(ctx, query.orderBy, {
    field: (written) => groups.operand(written, 'Ordered field must be grouped or aggregated'),
    fn: (fn) => groups.operand(fn, 'Ordered field must be grouped or aggregated')
  });
  return { columns, outputs, groupBy, having, order };
}
