// What a name may stand for in WHERE and ORDER BY of a record query (fields, date functions,
// semi-joins), checked against the field's describe flags.
import type { FunctionExp, ValueQueryCondition } from '@jetstreamapp/soql-parser-js';
import { messages } from './errors.ts';
import { dateFunctionExpr, type Expr, fieldExpr, isAggregate, isDateFunction } from './expressions.ts';
import type { OrderOperands } from './order.ts';
import { Scope } from './resolve.ts';
import { and } from './sql.ts';
import { compileConditions, type Operands } from './where.ts';

function functionExpr(scope: Scope, fn: FunctionExp): Expr {
  const name = fn.functionName ?? '';
  if (isDateFunction(name)) return dateFunctionExpr(scope, fn);
  if (isAggregate(name)) {
    throw scope.ctx.fail(
      'MALFORMED_QUERY',
      `Aggregate functions are not supported in this context: ${fn.rawValue ?? name}`,
      name
    );
  }
  throw scope.ctx.fail('MALFORMED_QUERY', messages.unexpectedToken(name), name);
}

/** `Id IN (SELECT AccountId FROM Contact WHERE …)`: semi-joins and anti-joins on Id or reference fields. */
function semiJoin(scope: Scope, condition: ValueQueryCondition): string {
  const { ctx } = scope;
  const left = fieldExpr(scope, condition.field);
  const query = condition.valueQuery;
  if (left.kind !== 'id') {
    throw ctx.fail(
      'MALFORMED_QUERY',
      `Semi join sub-selects are only allowed on Id or reference fields: ${left.label}`,
      left.token
    );
  }
  const inner = Scope.from(ctx, query.sObject ?? '', query.sObjectAlias);
  const selected = query.fields ?? [];
  const only = selected[0];
  if (selected.length !== 1 || !only || (only.type !== 'Field' && only.type !== 'FieldRelationship')) {
    throw ctx.fail(
      'MALFORMED_QUERY',
      'The selected field in a semi join sub-select must be a single Id or reference field',
      'SELECT'
    );
  }
  const written = only.type === 'Field' ? only.field : [...only.relationships, only.field].join('.');
  const right = fieldExpr(inner, written);
  if (right.kind !== 'id') {
    throw ctx.fail(
      'MALFORMED_QUERY',
      `Semi join sub-selects can only select Id or reference fields: ${right.label}`,
      written
    );
  }
  const where = compileConditions(ctx, query.where, whereOperands(inner));
  const filter = and([...inner.visibility(), `${right.sql} is not null`, where]);
  const sub = `select ${right.sql} from ${inner.fromSql()} where ${filter}`;
  const match = `coalesce(${left.sql} in (${sub}), false)`;
  return condition.operator.toUpperCase() === 'NOT IN' ? `not ${match}` : match;
}

export function whereOperands(scope: Scope): Operands {
  return {
    field(written) {
      const expr = fieldExpr(scope, written);
      if (!expr.field.filterable) {
        throw scope.ctx.fail(
          'INVALID_FIELD',
          `field '${expr.field.name}' can not be filtered in query call`,
          written
        );
      }
      return expr;
    },
    fn: (fn) => functionExpr(scope, fn),
    semiJoin: (condition) => semiJoin(scope, condition)
  };
}

export function orderOperands(scope: Scope): OrderOperands {
  return {
    field: (written) => fieldExpr(scope, written),
    fn: (fn) => functionExpr(scope, fn)
  };
}
