// ORDER BY → SQL. Text sorts ignore case and picklists sort in their defined order, as the
// SOQL reference describes; nulls come first unless NULLS LAST is given (its default, in
// both directions).
import type { FunctionExp, OrderByClause } from '@jetstreamapp/soql-parser-js';
import type { Expr } from './expressions.ts';
import type { Context } from './resolve.ts';

export interface OrderOperands {
  field(written: string): Expr;
  fn(fn: FunctionExp): Expr;
}

function sortKeys(ctx: Context, expr: Expr): string[] {
  if (expr.kind !== 'text') return [expr.sql];
  const keys: string[] = [];
  const values =
    expr.field.type === 'picklist' && !expr.aggregate ? expr.field.picklistValues.map((v) => v.value) : [];
  if (values.length > 0) keys.push(`array_position(${ctx.params.add(values, 'text[]')}, ${expr.sql})`);
  keys.push(`lower(${expr.sql})`, expr.sql);
  return keys;
}

export function compileOrder(
  ctx: Context,
  orderBy: OrderByClause | OrderByClause[] | undefined,
  operands: OrderOperands
): string[] {
  const clauses = orderBy === undefined ? [] : Array.isArray(orderBy) ? orderBy : [orderBy];
  return clauses.flatMap((clause) => {
    const expr = 'fn' in clause ? operands.fn(clause.fn) : operands.field(clause.field);
    if (expr.resolved && !expr.field.sortable) {
      throw ctx.fail(
        'INVALID_FIELD',
        `field '${expr.field.name}' can not be sorted in a query call`,
        expr.token
      );
    }
    const direction = clause.order === 'DESC' ? 'desc' : 'asc';
    const nulls = clause.nulls === 'LAST' ? 'nulls last' : 'nulls first';
    return sortKeys(ctx, expr).map((key) => `${key} ${direction} ${nulls}`);
  });
}
