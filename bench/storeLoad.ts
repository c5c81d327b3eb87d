// The fast way to fill a large local org: rows written straight into its store (PGlite on
// disk) while the org is stopped. Through REST every record is its own transaction with
// reference, uniqueness and validation-rule checks, about 3–10 ms each, so 30,000 records
// would take minutes before the benchmark measures anything; here they take seconds.
//
// What it keeps from the org's save: each value goes through the org's own field coercion
// (store/coerce.ts: types, lengths, picklists as REST would reject them), required fields are
// checked, literal defaults and derived fields (Lead.Name, Opportunity.IsClosed/IsWon) are
// filled the way the record store fills them, the audit fields and SystemModstamp are set,
// and every lookup must point at a live record. What it skips: validation rules and field
// history. So the bench loads the first collection of each object through REST, where the
// org checks everything, and only the rest of the same generator's records this way.
import type { Db } from '../localorg/src/store/db.ts';
import { openDb } from '../localorg/src/store/db.ts';
import { coerce, FieldValueError } from '../localorg/src/store/coerce.ts';
import { createIdGenerator } from '../localorg/src/store/ids.ts';
import { quoteIdent } from '../localorg/src/store/naming.ts';
import { fromSql } from '../localorg/src/store/values.ts';
import type { FieldDef, ObjectDef, RecordValues, Schema } from '../localorg/src/schema/types.ts';

/** Fields the administrator may set on insert ("Set Audit Fields upon Record Creation"). */
const AUDIT_FIELDS = new Set(['CreatedDate']);
/** Statement parameters per INSERT, well under PostgreSQL's 65,535. */
const MAX_PARAMETERS = 30_000;
/**
 * Ids of stored records count up from this many milliseconds before now; the org's own
 * generator counts up from the moment it starts, so the two never meet.
 */
const ID_SEED_OFFSET_MS = 10_000_000_000;

export class StoreLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreLoadError';
  }
}

export interface StoreLoader {
  /** Inserts the records in one transaction and returns their new Ids, in order. */
  insert(objectName: string, records: readonly RecordValues[]): Promise<string[]>;
  close(): Promise<void>;
}

/** Opens the stopped org's store in `dataDir`; records are owned and created by `ownerId`. */
export async function openStoreLoader(input: {
  dataDir: string;
  schema: Schema;
  ownerId: string;
  now?: () => Date;
}): Promise<StoreLoader> {
  const db = await openDb(input.dataDir);
  const newId = createIdGenerator(Date.now() - ID_SEED_OFFSET_MS);
  const now = input.now ?? (() => new Date());
  return {
    insert: (objectName, records) =>
      db.transaction(async (tx) => {
        const object = input.schema.object(objectName);
        if (!object) throw new StoreLoadError(`The org has no object ${objectName}.`);
        const unloadable = whyNotStoreLoadable(object);
        if (unloadable) throw new StoreLoadError(`${unloadable}; load ${object.name} through REST.`);
        const stamp = now().toISOString();
        const rows = records.map((values, index) =>
          storedRecord(input.schema, object, values, {
            id: newId(object.keyPrefix),
            ownerId: input.ownerId,
            now: stamp,
            where: `${object.name} #${index + 1}`
          })
        );
        await checkReferences(tx, input.schema, object, rows);
        await insertRows(tx, object, rows);
        return rows.map((row) => row.Id as string);
      }),
    close: () => db.close()
  };
}

/**
 * Why the store cannot take new records of `object`, or null when it can: AutoNumber names and
 * formula defaults are computed only by the org's record store, so such objects go through REST.
 */
export function whyNotStoreLoadable(object: ObjectDef): string | null {
  const formula = object.fields.find((f) => f.defaultValueFormula);
  return formula
    ? `${object.name}.${formula.name} takes its value from ${formula.defaultValueFormula}, which only the org computes`
    : null;
}

/** One record as the record store would write it on insert: values coerced, defaults, derived and audit fields set. */
function storedRecord(
  schema: Schema,
  object: ObjectDef,
  values: RecordValues,
  context: { id: string; ownerId: string; now: string; where: string }
): RecordValues {
  const record: RecordValues = {
    Id: context.id,
    IsDeleted: false,
    CreatedDate: context.now,
    CreatedById: context.ownerId,
    LastModifiedById: context.ownerId,
    SystemModstamp: context.now
  };
  if (object.fields.some((f) => f.name === 'OwnerId')) record.OwnerId = context.ownerId;
  for (const f of object.fields) {
    if (record[f.name] === undefined && f.defaultValue !== null) record[f.name] = f.defaultValue;
  }
  for (const [name, value] of Object.entries(values)) {
    const f = schema.field(object, name);
    if (!f) throw new StoreLoadError(`${context.where}: ${object.name} has no field ${name}.`);
    if (!f.createable && !AUDIT_FIELDS.has(f.name)) {
      throw new StoreLoadError(`${context.where}: ${object.name}.${f.name} cannot be set on insert.`);
    }
    record[f.name] = stored(f, value, context.where);
  }
  record.LastModifiedDate = record.CreatedDate;
  const derived = object.derive ? { ...record, ...object.derive(record) } : record;
  const missing = object.fields
    .filter(
      (f) =>
        !f.nillable && f.type !== 'boolean' && (derived[f.name] === null || derived[f.name] === undefined)
    )
    .map((f) => f.name);
  if (missing.length > 0) {
    throw new StoreLoadError(`${context.where}: required fields are missing: ${missing.join(', ')}.`);
  }
  return derived;
}

/** The value in API form after the org's own coercion, or null. */
function stored(f: FieldDef, value: unknown, where: string): unknown {
  if (value === null || value === undefined || value === '') return f.type === 'boolean' ? false : null;
  try {
    return fromSql(f, coerce(f, value));
  } catch (error) {
    if (error instanceof FieldValueError) {
      const named = error.message.startsWith(`${f.name}:`) ? error.message : `${f.name}: ${error.message}`;
      throw new StoreLoadError(`${where}: ${named}`);
    }
    throw error;
  }
}

/** Every lookup must name a live record of an object the field points to. */
async function checkReferences(
  tx: Db,
  schema: Schema,
  object: ObjectDef,
  rows: readonly RecordValues[]
): Promise<void> {
  for (const f of object.fields) {
    if (f.type !== 'reference') continue;
    const byTarget = new Map<ObjectDef, Set<string>>();
    for (const row of rows) {
      const id = row[f.name];
      if (typeof id !== 'string') continue;
      const target = schema.objectForId(id);
      if (!target || !f.referenceTo.some((name) => name.toLowerCase() === target.name.toLowerCase())) {
        throw new StoreLoadError(
          `${object.name}.${f.name}: ${id} is not the Id of a ${f.referenceTo.join(' or ')}.`
        );
      }
      byTarget.set(target, (byTarget.get(target) ?? new Set()).add(id));
    }
    for (const [target, wanted] of byTarget) {
      const { rows: found } = await tx.query<{ id: string }>(
        `select id from ${quoteIdent(target.table)} where id = any($1::text[]) and not isdeleted`,
        [[...wanted]]
      );
      const live = new Set(found.map((row) => row.id));
      const absent = [...wanted].find((id) => !live.has(id));
      if (absent)
        throw new StoreLoadError(`${object.name}.${f.name}: no live ${target.name} has the Id ${absent}.`);
    }
  }
}

async function insertRows(tx: Db, object: ObjectDef, rows: readonly RecordValues[]): Promise<void> {
  const fields = object.fields;
  const columns = fields.map((f) => quoteIdent(f.column)).join(', ');
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / fields.length));
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const params: unknown[] = [];
    const tuples = chunk.map((row) => {
      const placeholders = fields.map((f) => {
        const value = row[f.name];
        params.push(value === undefined ? (f.type === 'boolean' ? false : null) : value);
        return `$${params.length}`;
      });
      return `(${placeholders.join(', ')})`;
    });
    await tx.query(
      `insert into ${quoteIdent(object.table)} (${columns}) values ${tuples.join(', ')}`,
      params
    );
  }
}
