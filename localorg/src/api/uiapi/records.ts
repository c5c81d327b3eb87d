// Records in the UI API's shape, read through the query engine so sharing and field-level
// security apply exactly as they do to SOQL. A request's field names become one SELECT over
// the record's object; relationships come back nested, each with its own record metadata.
import { createHash } from 'node:crypto';
import type { FieldDef, ObjectDef, Schema } from '../../schema/types.ts';
import type { SessionUser } from '../../session.ts';
import type { AccessPolicy, ApiRecord, QueryService } from '../../soql/types.ts';
import { normalizeId } from '../../store/ids.ts';
import { ApiError, notFound } from '../errors.ts';
import { noSuchColumn, selectFields, soqlName, type FieldPath, type Resolver } from './fieldPaths.ts';
import { fieldValue, isoTimestamp, type FieldValue } from './values.ts';

export interface UiApiContext extends Resolver {
  queries: QueryService;
  access: AccessPolicy | undefined;
  user: SessionUser;
  apiVersion: string;
}

export interface RecordRepresentation {
  apiName: string;
  childRelationships: Record<string, never>;
  eTag: string;
  fields: Record<string, FieldValue>;
  id: string;
  lastModifiedById: string | null;
  lastModifiedDate: string | null;
  recordTypeId: string | null;
  recordTypeInfo: null;
  systemModstamp: string | null;
  weakEtag: number;
}

export interface FieldRequest {
  fields: string[];
  optionalFields: string[];
}

/** The Id of the master record type, which every object with record types has. */
export const MASTER_RECORD_TYPE_ID = '012000000000000AAA';

/** Objects that have no record types: their records carry recordTypeId null. */
const WITHOUT_RECORD_TYPES = new Set(['User', 'Organization', 'Profile', 'UserRole']);

export function supportsRecordTypes(o: ObjectDef): boolean {
  return !WITHOUT_RECORD_TYPES.has(o.name);
}

const RECORD_METADATA = ['Id', 'LastModifiedById', 'LastModifiedDate', 'SystemModstamp'];

export function nameFieldOf(o: ObjectDef): FieldDef | undefined {
  return o.fields.find((f) => f.nameField);
}

/** The fields asked for, as a tree: direct fields, and the records reached through relationships. */
interface FieldTree {
  object: ObjectDef;
  fields: FieldDef[];
  relationships: Map<string, { reference: FieldDef; tree: FieldTree }>;
}

function emptyTree(object: ObjectDef): FieldTree {
  return { object, fields: [], relationships: new Map() };
}

function addField(tree: FieldTree, f: FieldDef): void {
  if (!tree.fields.includes(f)) tree.fields.push(f);
}

function fieldTree(schema: Schema, object: ObjectDef, paths: FieldPath[]): FieldTree {
  const root = emptyTree(object);
  for (const path of paths) {
    let tree = root;
    for (const reference of path.relationships) {
      const key = (reference.relationshipName as string).toLowerCase();
      let next = tree.relationships.get(key);
      if (!next) {
        const target = schema.object(reference.referenceTo[0] as string) as ObjectDef;
        next = { reference, tree: emptyTree(target) };
        // A related record always carries its Id.
        addField(next.tree, schema.field(target, 'Id') as FieldDef);
        tree.relationships.set(key, next);
      }
      tree = next.tree;
    }
    addField(tree, path.field);
  }
  return root;
}

/** Every column the representation needs: requested fields, foreign keys, names and record metadata. */
function columns(tree: FieldTree, prefix = ''): string[] {
  const names = [...RECORD_METADATA, ...tree.fields.map((f) => f.name)].map((n) => prefix + n);
  for (const { reference, tree: child } of tree.relationships.values()) {
    names.push(prefix + reference.name);
    const name = nameFieldOf(child.object);
    const nested = `${prefix}${reference.relationshipName as string}.`;
    if (name) names.push(nested + name.name);
    names.push(...columns(child, nested));
  }
  const seen = new Set<string>();
  return names.filter((n) => !seen.has(n.toLowerCase()) && seen.add(n.toLowerCase()));
}

/** A REST record's property, matched without regard to case as SOQL names are. */
function prop(record: ApiRecord | Record<string, unknown>, name: string): unknown {
  if (name in record) return record[name];
  const lower = name.toLowerCase();
  const key = Object.keys(record).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : record[key];
}

function sortedFields(fields: Record<string, FieldValue>): Record<string, FieldValue> {
  return Object.fromEntries(Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function representation(tree: FieldTree, record: ApiRecord, user: SessionUser): RecordRepresentation {
  const fields: Record<string, FieldValue> = {};
  for (const f of tree.fields) fields[f.name] = fieldValue(f, prop(record, f.name), user);
  for (const { reference, tree: child } of tree.relationships.values()) {
    const relationshipName = reference.relationshipName as string;
    fields[reference.name] = fieldValue(reference, prop(record, reference.name), user);
    const related = prop(record, relationshipName) as ApiRecord | null | undefined;
    const name = nameFieldOf(child.object);
    fields[relationshipName] = related
      ? {
          displayValue: name ? ((prop(related, name.name) as string | null | undefined) ?? null) : null,
          value: representation(child, related, user)
        }
      : { displayValue: null, value: null };
  }
  const id = String(prop(record, 'Id'));
  const systemModstamp = isoTimestamp(prop(record, 'SystemModstamp'));
  const sorted = sortedFields(fields);
  return {
    apiName: tree.object.name,
    childRelationships: {},
    eTag: createHash('md5')
      .update(JSON.stringify([id, systemModstamp, sorted]))
      .digest('hex'),
    fields: sorted,
    id,
    lastModifiedById: (prop(record, 'LastModifiedById') as string | null | undefined) ?? null,
    lastModifiedDate: isoTimestamp(prop(record, 'LastModifiedDate')),
    recordTypeId: supportsRecordTypes(tree.object) ? MASTER_RECORD_TYPE_ID : null,
    recordTypeInfo: null,
    systemModstamp,
    weakEtag: systemModstamp ? Date.parse(systemModstamp) : 0
  };
}

/** SOQL string literal for a value that has already been validated (an Id, a picklist value…). */
export function soqlString(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

export interface RecordQuery {
  object: ObjectDef;
  paths: FieldPath[];
  /** A condition built from validated names and quoted literals only. */
  where: string;
  orderBy?: string;
  limit?: number;
  offset?: number;
}

/** Runs one SELECT for the paths and returns the records in the UI API's shape. */
export async function queryRecords(ctx: UiApiContext, q: RecordQuery): Promise<RecordRepresentation[]> {
  const tree = fieldTree(ctx.schema, q.object, q.paths);
  let soql = `SELECT ${columns(tree).join(', ')} FROM ${q.object.name} WHERE ${q.where}`;
  if (q.orderBy) soql += ` ORDER BY ${q.orderBy}`;
  if (q.limit !== undefined) soql += ` LIMIT ${q.limit}`;
  if (q.offset) soql += ` OFFSET ${q.offset}`;
  const result = await ctx.queries.query(soql, { user: ctx.user, apiVersion: ctx.apiVersion });
  return result.records.map((r) => representation(tree, r, ctx.user));
}

/** The 18-character Id, or a 404 like Salesforce's for anything that is not an Id of a known object. */
export function recordIdOrThrow(ctx: UiApiContext, raw: string): { id: string; object: ObjectDef } {
  const id = normalizeId(raw);
  const object = id ? ctx.schema.objectForId(id) : undefined;
  if (!id || !object) throw notFound();
  return { id, object };
}

/** The fields a layout shows: every readable field for Full, the name for Compact. */
export function layoutFieldNames(ctx: UiApiContext, object: ObjectDef, layoutTypes: string[]): string[] {
  const names: string[] = [];
  for (const layout of layoutTypes) {
    if (layout !== 'Full' && layout !== 'Compact') {
      throw new ApiError(400, 'ILLEGAL_QUERY_PARAMETER_VALUE', `Invalid layoutType: ${layout}`);
    }
    const fields =
      layout === 'Full' ? object.fields : object.fields.filter((f) => f.nameField || f.name === 'Id');
    for (const f of fields) {
      names.push(`${object.name}.${f.name}`);
      const target = f.relationshipName ? ctx.schema.object(f.referenceTo[0] ?? '') : undefined;
      const targetName = target ? nameFieldOf(target) : undefined;
      if (layout === 'Full' && targetName)
        names.push(`${object.name}.${f.relationshipName}.${targetName.name}`);
    }
  }
  return names;
}

/** Reads records of one object by Id; fields the user asked for by name must all exist. */
async function recordsOfObject(
  ctx: UiApiContext,
  object: ObjectDef,
  ids: string[],
  request: FieldRequest
): Promise<Map<string, RecordRepresentation>> {
  const { paths, missing } = selectFields(ctx, object, request.fields, request.optionalFields);
  const where =
    ids.length === 1 ? `Id = ${soqlString(ids[0] as string)}` : `Id IN (${ids.map(soqlString).join(', ')})`;
  if (missing.length > 0) {
    const shown = [...RECORD_METADATA, ...paths.map(soqlName), ...missing].join(', ');
    throw noSuchColumn(object, missing[0] as string, `SELECT ${shown} FROM ${object.name} WHERE ${where}`);
  }
  const records = await queryRecords(ctx, { object, paths, where });
  return new Map(records.map((r) => [r.id, r]));
}

export async function getRecord(
  ctx: UiApiContext,
  rawId: string,
  request: FieldRequest
): Promise<RecordRepresentation> {
  const { id, object } = recordIdOrThrow(ctx, rawId);
  const record = (await recordsOfObject(ctx, object, [id], request)).get(id);
  if (!record) throw notFound();
  return record;
}

export interface BatchResult {
  hasErrors: boolean;
  results: Array<{
    result: RecordRepresentation | Array<{ errorCode: string; message: string }>;
    statusCode: number;
  }>;
}

/** GET /records/batch/{ids}: one result per Id, in the order asked, errors inline. */
export async function getRecordBatch(
  ctx: UiApiContext,
  rawIds: string[],
  request: FieldRequest
): Promise<BatchResult> {
  const parsed = rawIds.map((raw) => {
    try {
      return recordIdOrThrow(ctx, raw);
    } catch (error) {
      if (error instanceof ApiError) return error;
      throw error;
    }
  });
  const byObject = new Map<ObjectDef, string[]>();
  for (const p of parsed)
    if (!(p instanceof ApiError)) byObject.set(p.object, [...(byObject.get(p.object) ?? []), p.id]);
  const found = new Map<string, RecordRepresentation | ApiError>();
  for (const [object, ids] of byObject) {
    try {
      for (const [id, record] of await recordsOfObject(ctx, object, ids, request)) found.set(id, record);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      for (const id of ids) found.set(id, error);
    }
  }
  const results = parsed.map((p) => {
    const outcome = p instanceof ApiError ? p : (found.get(p.id) ?? notFound());
    return outcome instanceof ApiError
      ? { result: [{ errorCode: outcome.errorCode, message: outcome.message }], statusCode: outcome.status }
      : { result: outcome, statusCode: 200 };
  });
  return { hasErrors: results.some((r) => r.statusCode !== 200), results };
}
