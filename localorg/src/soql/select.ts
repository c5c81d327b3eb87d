// The SELECT list of a record (non-aggregate) query → SQL columns and the RecordPlan that
// turns a row back into a REST record: fields, parent fields nested under their relationship,
// FIELDS(ALL|STANDARD|CUSTOM) and child subqueries.
import type { FieldType as SelectItem, Subquery } from '@jetstreamapp/soql-parser-js';
import type { FieldDef } from '../schema/types.ts';
import { messages } from './errors.ts';
import { fieldExpr } from './expressions.ts';
import { orderOperands, whereOperands } from './operands.ts';
import { compileOrder } from './order.ts';
import { Scope } from './resolve.ts';
import type { Entry, RecordPlan } from './shape.ts';
import { and } from './sql.ts';
import { compileConditions } from './where.ts';

/** Distinct SQL expressions of one SELECT, referred to by position. */
export class Columns {
  readonly sql: string[] = [];
  private readonly positions = new Map<string, number>();

  add(sql: string): number {
    let index = this.positions.get(sql);
    if (index === undefined) {
      index = this.sql.push(sql) - 1;
      this.positions.set(sql, index);
    }
    return index;
  }
}

// FIELDS(ALL) and FIELDS(CUSTOM) need a bounded result (SOQL reference, "FIELDS()").
const FIELDS_LIMIT = 200;

const idField = (scope: Scope): FieldDef => scope.ctx.schema.field(scope.object, 'Id') as FieldDef;

function fieldsFunction(scope: Scope, item: { parameters?: unknown[] }, limit: number | undefined): string[] {
  const which = String(item.parameters?.[0] ?? '').toUpperCase();
  if (which !== 'ALL' && which !== 'STANDARD' && which !== 'CUSTOM') {
    throw scope.ctx.fail('MALFORMED_QUERY', messages.unexpectedToken(which), 'FIELDS');
  }
  if (which !== 'STANDARD' && (limit === undefined || limit > FIELDS_LIMIT)) {
    throw scope.ctx.fail(
      'MALFORMED_QUERY',
      'The SOQL FIELDS function must have a LIMIT of at most 200',
      'FIELDS'
    );
  }
  return scope
    .readableFields()
    .filter((f) => which === 'ALL' || f.custom === (which === 'CUSTOM'))
    .map((f) => f.name);
}

interface Selection {
  columns: Columns;
  plan: RecordPlan;
}

/** Selects fields into `plan`, nesting parent fields under their relationship entries. */
function addField(scope: Scope, selection: Selection, written: string): void {
  const expr = fieldExpr(scope, written);
  const { columns } = selection;
  let plan = selection.plan;
  for (const join of expr.resolved?.path ?? []) {
    let parent = plan.entries.find(
      (e): e is Extract<Entry, { kind: 'parent' }> => e.kind === 'parent' && e.name === join.relationshipName
    );
    if (!parent) {
      const nested: RecordPlan = {
        type: join.object.name,
        idIndex: columns.add(`${join.alias}."id"`),
        entries: []
      };
      parent = { kind: 'parent', name: join.relationshipName, plan: nested };
      plan.entries.push(parent);
    }
    plan = parent.plan;
  }
  plan.entries.push({
    kind: 'value',
    name: expr.field.name,
    index: columns.add(`(${expr.sql})::text`),
    decode: expr.decode
  });
}

/** A child subquery as one column: a JSON array of its rows, in its own ORDER BY. */
function childSubquery(parent: Scope, subquery: Subquery): { sql: string; name: string; plan: RecordPlan } {
  const { ctx } = parent;
  const relationship = parent.childRelationship(subquery.relationshipName);
  const scope = Scope.child(ctx, relationship.object);
  const selection = selectRecords(scope, subquery.fields ?? [], { limit: subquery.limit, children: false });
  const where = compileConditions(ctx, subquery.where, whereOperands(scope));
  const order = [...compileOrder(ctx, subquery.orderBy, orderOperands(scope)), `${scope.alias}."id"`].join(
    ', '
  );
  const link = `${scope.column(relationship.field)} = ${parent.alias}."id"`;
  const row = `json_build_array(${selection.columns.sql.join(', ')})`;
  const limit = subquery.limit === undefined ? '' : ` limit ${ctx.params.add(subquery.limit, 'bigint')}`;
  const offset = subquery.offset === undefined ? '' : ` offset ${ctx.params.add(subquery.offset, 'bigint')}`;
  const inner =
    `select ${row} as r, row_number() over (order by ${order}) as n from ${scope.fromSql()} ` +
    `where ${and([link, ...scope.visibility(), where])} order by ${order}${limit}${offset}`;
  return {
    sql: `(select json_agg(s.r order by s.n) from (${inner}) s)`,
    name: relationship.name,
    plan: selection.plan
  };
}

/** Compiles a record query's SELECT list for `scope`. */
export function selectRecords(
  scope: Scope,
  items: readonly SelectItem[],
  options: { limit: number | undefined; children: boolean }
): Selection {
  const { ctx } = scope;
  const columns = new Columns();
  const plan: RecordPlan = {
    type: scope.object.name,
    idIndex: columns.add(scope.column(idField(scope))),
    entries: []
  };
  const selection = { columns, plan };
  const seen = new Set<string>();
  const select = (written: string, fromFieldsFunction: boolean): void => {
    const key = scope.segments(written).join('.').toLowerCase();
    if (seen.has(key)) {
      if (fromFieldsFunction) return;
      throw ctx.fail('MALFORMED_QUERY', `duplicate field selected: ${written}`, written);
    }
    seen.add(key);
    addField(scope, selection, written);
  };
  for (const item of items) {
    switch (item.type) {
      case 'Field':
      case 'FieldRelationship': {
        if ('alias' in item && item.alias)
          throw ctx.fail('MALFORMED_QUERY', messages.unexpectedToken(item.alias), item.alias);
        select(item.type === 'Field' ? item.field : [...item.relationships, item.field].join('.'), false);
        break;
      }
      case 'FieldFunctionExpression': {
        if (item.functionName.toUpperCase() !== 'FIELDS') {
          throw ctx.fail(
            'MALFORMED_QUERY',
            `${item.functionName}() is not supported by the local org here`,
            item.functionName
          );
        }
        for (const name of fieldsFunction(scope, item, options.limit)) select(name, true);
        break;
      }
      case 'FieldSubquery': {
        if (!options.children) throw ctx.fail('MALFORMED_QUERY', messages.unexpectedToken('('), 'SELECT');
        const child = childSubquery(scope, item.subquery);
        if (seen.has(`(${child.name.toLowerCase()})`)) {
          throw ctx.fail(
            'MALFORMED_QUERY',
            `duplicate field selected: ${child.name}`,
            item.subquery.relationshipName
          );
        }
        seen.add(`(${child.name.toLowerCase()})`);
        plan.entries.push({
          kind: 'children',
          name: child.name,
          index: columns.add(child.sql),
          plan: child.plan
        });
        break;
      }
      default:
        throw ctx.fail('MALFORMED_QUERY', 'TYPEOF is not supported by the local org', 'TYPEOF');
    }
  }
  return selection;
}
