// A connection plan as SOQL: the records of a page (one more than asked, to know whether
// another page follows), child connections as subqueries, and the counts behind totalCount.
// Every name comes from the schema and every literal was quoted by the planner.
import type { ObjectDef } from '../../schema/types.ts';
import { soqlString } from '../uiapi/records.ts';
import type { ConnectionPlan, NodePlan } from './plan.ts';

/** The node plans a connection's edges ask for (aliases may ask for several). */
export function nodesOf(connection: ConnectionPlan): NodePlan[] {
  return connection.selections.flatMap((s) =>
    s.kind === 'edges' ? s.selections.flatMap((e) => (e.kind === 'node' ? [e.node] : [])) : []
  );
}

function nodeColumns(node: NodePlan, prefix: string, into: Set<string>): void {
  into.add(`${prefix}Id`);
  for (const s of node.selections) {
    if (s.kind === 'value') into.add(`${prefix}${s.field.name}`);
    else if (s.kind === 'parent')
      nodeColumns(s.node, `${prefix}${s.reference.relationshipName as string}.`, into);
    else if (s.kind === 'children')
      into.add(recordsSoql(s.connection, s.relationship.relationshipName as string));
  }
}

function clauses(connection: ConnectionPlan): string {
  const parts: string[] = [];
  if (connection.where) parts.push(`WHERE ${connection.where}`);
  if (connection.orderBy.length > 0) parts.push(`ORDER BY ${connection.orderBy.join(', ')}`);
  parts.push(`LIMIT ${connection.first + 1}`);
  if (connection.offset > 0) parts.push(`OFFSET ${connection.offset}`);
  return parts.join(' ');
}

/** SELECT … FROM `from`: the object for a query, the relationship name for a subquery. */
export function recordsSoql(connection: ConnectionPlan, from: string): string {
  const columns = new Set<string>();
  const nodes = nodesOf(connection);
  if (nodes.length === 0) columns.add('Id');
  for (const node of nodes) nodeColumns(node, '', columns);
  const soql = `SELECT ${[...columns].join(', ')} FROM ${from} ${clauses(connection)}`;
  return from === connection.object.name ? soql : `(${soql})`;
}

export function countSoql(connection: ConnectionPlan): string {
  const where = connection.where ? ` WHERE ${connection.where}` : '';
  return `SELECT COUNT() FROM ${connection.object.name}${where}`;
}

/** Per-parent counts of a child connection's records, for totalCount under each parent. */
export function childCountSoql(
  child: ObjectDef,
  parentField: string,
  connection: ConnectionPlan,
  parentIds: string[]
): string {
  const link = `${parentField} IN (${parentIds.map(soqlString).join(', ')})`;
  const where = connection.where ? `${link} AND (${connection.where})` : link;
  return `SELECT ${parentField}, COUNT(Id) total FROM ${child.name} WHERE ${where} GROUP BY ${parentField}`;
}
