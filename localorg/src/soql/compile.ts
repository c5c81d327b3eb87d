// One parsed SOQL query → one parameterized PostgreSQL statement, plus what the service
// needs to turn its rows into a REST result.
import type { Query } from '@jetstreamapp/soql-parser-js';
import { compileAggregate, isAggregateQuery } from './aggregates.ts';
import { messages } from './errors.ts';
import { orderOperands, whereOperands } from './operands.ts';
import { compileOrder } from './order.ts';
import { type Context, Scope } from './resolve.ts';
import { selectRecords } from './select.ts';
import type { AggregateColumn, RecordPlan } from './shape.ts';
import { and } from './sql.ts';
import { compileConditions } from './where.ts';

export type Compiled =
  | { kind: 'records'; sql: string; plan: RecordPlan }
  | { kind: 'aggregate'; sql: string; outputs: AggregateColumn[] }
  | { kind: 'count'; sql: string };

/** Aggregate results come in one batch of at most this many rows (no queryMore). */
export const AGGREGATE_ROWS = 2000;
const MAX_OFFSET = 2000;

function isCountStar(query: Query): boolean {
  return (query.fields ?? []).some(
    (f) =>
      f.type === 'FieldFunctionExpression' &&
      f.functionName.toUpperCase() === 'COUNT' &&
      f.parameters.length === 0
  );
}

function checkSupported(ctx: Context, query: Query): void {
  if (query.usingScope)
    throw ctx.fail('MALFORMED_QUERY', 'USING SCOPE is not supported by the local org', 'USING');
  if (query.withDataCategory)
    throw ctx.fail('MALFORMED_QUERY', 'WITH DATA CATEGORY is not supported by the local org', 'WITH');
  if (query.offset !== undefined && query.offset > MAX_OFFSET) {
    throw ctx.fail('NUMBER_OUTSIDE_VALID_RANGE', `Maximum SOQL offset allowed is ${MAX_OFFSET}`, 'OFFSET');
  }
}

function pageClause(ctx: Context, limit: number | undefined, offset: number | undefined): string {
  const parts: string[] = [];
  if (limit !== undefined) parts.push(`limit ${ctx.params.add(limit, 'bigint')}`);
  if (offset !== undefined) parts.push(`offset ${ctx.params.add(offset, 'bigint')}`);
  return parts.join(' ');
}

export function compileQuery(ctx: Context, query: Query): Compiled {
  checkSupported(ctx, query);
  const scope = Scope.from(ctx, query.sObject ?? '', query.sObjectAlias);

  if (isCountStar(query)) {
    if ((query.fields ?? []).length !== 1)
      throw ctx.fail('MALFORMED_QUERY', messages.unexpectedToken('COUNT'), 'COUNT');
    const parts = compileAggregate(scope, { ...query, fields: [], orderBy: undefined });
    const where = compileConditions(ctx, query.where, whereOperands(scope));
    const grouping = parts.groupBy ? ` group by ${parts.groupBy}` : '';
    const having = parts.having ? ` having ${parts.having}` : '';
    const inner = `select 1 from ${scope.fromSql()} where ${and([...scope.visibility(), where])}${grouping}${having} ${pageClause(ctx, query.limit, query.offset)}`;
    return { kind: 'count', sql: `select count(*)::text as c0 from (${inner}) s` };
  }

  if (isAggregateQuery(query)) {
    const parts = compileAggregate(scope, query);
    const where = compileConditions(ctx, query.where, whereOperands(scope));
    // One row more than a batch holds tells the service to refuse the query, as Salesforce does.
    const limit = Math.min(query.limit ?? AGGREGATE_ROWS + 1, AGGREGATE_ROWS + 1);
    const sql = [
      `select ${parts.columns.map((c, i) => `${c} as c${i}`).join(', ')}`,
      `from ${scope.fromSql()}`,
      `where ${and([...scope.visibility(), where])}`,
      parts.groupBy ? `group by ${parts.groupBy}` : '',
      parts.having ? `having ${parts.having}` : '',
      parts.order.length > 0 ? `order by ${parts.order.join(', ')}` : '',
      pageClause(ctx, limit, query.offset)
    ];
    return { kind: 'aggregate', sql: sql.filter((s) => s !== '').join(' '), outputs: parts.outputs };
  }

  const selection = selectRecords(scope, query.fields ?? [], { limit: query.limit, children: true });
  const where = compileConditions(ctx, query.where, whereOperands(scope));
  // Id last keeps pages stable when the ORDER BY leaves ties.
  const order = [...compileOrder(ctx, query.orderBy, orderOperands(scope)), `${scope.alias}."id"`];
  const sql = [
    `select ${selection.columns.sql.map((c, i) => `${c} as c${i}`).join(', ')}`,
    `from ${scope.fromSql()}`,
    `where ${and([...scope.visibility(), where])}`,
    `order by ${order.join(', ')}`,
    pageClause(ctx, query.limit, query.offset)
  ];
  return { kind: 'records', sql: sql.filter((s) => s !== '').join(' '), plan: selection.plan };
}
