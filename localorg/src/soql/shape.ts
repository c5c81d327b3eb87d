// SQL rows → REST records. A RecordPlan says which column of the row holds what: values,
// parents reached through a relationship (nested records, null when the parent is absent or
// hidden) and child subqueries (a JSON array of rows, null when there are none, as in REST).
import type { ApiRecord } from './types.ts';

export type Entry =
  | { kind: 'value'; name: string; index: number; decode(raw: unknown): unknown }
  | { kind: 'parent'; name: string; plan: RecordPlan }
  | { kind: 'children'; name: string; index: number; plan: RecordPlan };

export interface RecordPlan {
  type: string;
  /** Column holding the record's Id: a parent is absent when it is null. */
  idIndex: number;
  entries: Entry[];
}

export interface AggregateColumn {
  name: string;
  index: number;
  decode(raw: unknown): unknown;
}

type Cell = (index: number) => unknown;

export function recordUrl(apiVersion: string, type: string, id: string): string {
  return `/services/data/v${apiVersion}/sobjects/${type}/${id}`;
}

export function shapeRecord(plan: RecordPlan, cell: Cell, apiVersion: string): ApiRecord | null {
  const id = cell(plan.idIndex);
  if (id === null || id === undefined) return null;
  const record: ApiRecord = {
    attributes: { type: plan.type, url: recordUrl(apiVersion, plan.type, String(id)) }
  };
  for (const entry of plan.entries) {
    if (entry.kind === 'value') record[entry.name] = entry.decode(cell(entry.index));
    else if (entry.kind === 'parent') record[entry.name] = shapeRecord(entry.plan, cell, apiVersion);
    else record[entry.name] = shapeChildren(entry.plan, cell(entry.index), apiVersion);
  }
  return record;
}

function shapeChildren(plan: RecordPlan, raw: unknown, apiVersion: string): unknown {
  const rows = typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw;
  if (!Array.isArray(rows) || rows.length === 0) return null;
  const records = rows.map((row: unknown[]) => shapeRecord(plan, (i) => row[i] ?? null, apiVersion));
  return { totalSize: records.length, done: true, records };
}

export function shapeAggregate(columns: readonly AggregateColumn[], cell: Cell): ApiRecord {
  const record: ApiRecord = { attributes: { type: 'AggregateResult' } };
  for (const column of columns) record[column.name] = column.decode(cell(column.index));
  return record;
}

/** Reads column i of a row whose columns are named c0, c1… */
export const rowCells =
  (row: Record<string, unknown>): Cell =>
  (index) =>
    row[`c${index}`] ?? null;
