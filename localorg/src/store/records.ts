// Record writes with Salesforce's save order: field checks, defaults, derived fields,
// required fields, references, uniqueness, then the row and its audit fields. Each
// operation is one transaction, so a failed save changes nothing.
import { ApiError } from '../api/errors.ts';
import { CREATED, hasHistoryObject, historyObjectName } from '../schema/historyObjects.ts';
import type { FieldDef, FieldType, ObjectDef, RecordValues, Schema } from '../schema/types.ts';
import type { SessionUser } from '../session.ts';
import { coerce, FieldValueError, type RecordErrorItem } from './coerce.ts';
import type { Db } from './db.ts';
import { defaultValue } from './defaults.ts';
import { normalizeId } from './ids.ts';
import { quoteIdent } from './naming.ts';
import { validationErrors } from './validationRules.ts';
import { fromSql } from './values.ts';

/** A save that failed: every problem found with the record, as DML results list them. */
export class DmlError extends ApiError {
  readonly items: RecordErrorItem[];
  constructor(items: RecordErrorItem[], status = 400) {
    const first = items[0] as RecordErrorItem;
    super(status, first.statusCode, first.message, first.fields);
    this.name = 'DmlError';
    this.items = items;
  }
}

export interface UpsertResult {
  id: string;
  created: boolean;
}

export interface RecordStore {
  create(objectName: string, values: RecordValues, user: SessionUser): Promise<string>;
  update(objectName: string, id: string, values: RecordValues, user: SessionUser): Promise<void>;
  upsert(
    objectName: string,
    externalIdField: string,
    externalIdValue: string,
    values: RecordValues,
    user: SessionUser
  ): Promise<UpsertResult>;
  /** Deletes a record and, through master-detail, its details. */
  remove(id: string, user: SessionUser): Promise<void>;
  /** Restores a record from the recycle bin, with the details its deletion took along. */
  undelete(id: string, user: SessionUser): Promise<void>;
  /** The stored record in API form, or undefined; includeDeleted for the recycle bin. */
  read(object: ObjectDef, id: string, includeDeleted?: boolean): Promise<RecordValues | undefined>;
}

export interface RecordStoreDeps {
  db: Db;
  schema: Schema;
  clock: () => Date;
  newId: (keyPrefix: string) => string;
  /** API names of the custom permissions a user holds, for $Permission in validation rules; none by default. */
  customPermissions?: (user: SessionUser) => Promise<ReadonlySet<string>>;
}

const dmlError = (statusCode: string, message: string, fields: string[] = [], status = 400): DmlError =>
  new DmlError([{ statusCode, message, fields }], status);

// Fields an admin with "Set Audit Fields upon Record Creation" may give on insert.
const AUDIT_FIELDS = new Set(['CreatedDate', 'CreatedById', 'LastModifiedDate', 'LastModifiedById']);

export function objectOrThrow(schema: Schema, objectName: string): ObjectDef {
  const o = schema.object(objectName);
  if (!o) throw new ApiError(404, 'NOT_FOUND', `The requested resource does not exist`);
  return o;
}

const NO_PERMISSIONS: ReadonlySet<string> = new Set();

/** History's DataType for a tracked field's type, as Salesforce names them. */
const HISTORY_DATA_TYPES: Partial<Record<FieldType, string>> = {
  picklist: 'DynamicEnum',
  multipicklist: 'DynamicEnum',
  boolean: 'Boolean',
  int: 'Double',
  double: 'Double',
  currency: 'Currency',
  percent: 'Percent',
  date: 'DateOnly',
  datetime: 'DateTime',
  reference: 'EntityId'
};

export function createRecordStore({
  db,
  schema,
  clock,
  newId,
  customPermissions = async () => NO_PERMISSIONS
}: RecordStoreDeps): RecordStore {
  async function readRow(
    tx: Db,
    o: ObjectDef,
    id: string,
    includeDeleted = false
  ): Promise<RecordValues | undefined> {
    const deleted = includeDeleted ? '' : ' and not isdeleted';
    const { rows } = await tx.query(`select * from ${quoteIdent(o.table)} where id = $1${deleted}`, [id]);
    const row = rows[0];
    if (!row) return undefined;
    const record: RecordValues = {};
    for (const f of o.fields) record[f.name] = fromSql(f, row[f.column]);
    return record;
  }

  /** Checks and converts the given values; collects every problem before failing. */
  function prepare(
    o: ObjectDef,
    values: RecordValues,
    user: SessionUser,
    inserting: boolean
  ): Map<FieldDef, unknown> {
    const errors: RecordErrorItem[] = [];
    const prepared = new Map<FieldDef, unknown>();
    for (const [name, value] of Object.entries(values)) {
      // Updates name their record by Id (or `id`, as the collections docs write it); it is not a value to save.
      if (name === 'attributes' || (name.toLowerCase() === 'id' && !inserting)) continue;
      const f = schema.field(o, name);
      if (!f)
        throw dmlError('INVALID_FIELD', `No such column '${name}' on sobject of type ${o.name}`, [name]);
      const auditOnInsert = inserting && user.isAdmin && AUDIT_FIELDS.has(f.name);
      const writable = inserting ? f.createable || auditOnInsert : f.updateable;
      if (!writable) {
        errors.push({
          statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
          message: `Unable to create/update fields: ${f.name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
          fields: [f.name]
        });
        continue;
      }
      if (value === null || value === undefined || value === '') {
        prepared.set(f, f.type === 'boolean' ? false : null);
        continue;
      }
      try {
        prepared.set(f, coerce(f, value));
      } catch (error) {
        if (!(error instanceof FieldValueError)) throw error;
        errors.push(error.item);
      }
    }
    if (errors.length > 0) throw new DmlError(errors);
    return prepared;
  }

  async function checkReferences(
    tx: Db,
    o: ObjectDef,
    record: RecordValues,
    changed: Set<string>
  ): Promise<void> {
    for (const f of o.fields) {
      const value = record[f.name];
      if (f.type !== 'reference' || typeof value !== 'string' || !changed.has(f.name)) continue;
      const target = schema.objectForId(value);
      if (!target || !f.referenceTo.some((name) => name.toLowerCase() === target.name.toLowerCase())) {
        throw dmlError('FIELD_INTEGRITY_EXCEPTION', `${f.label}: id value of incorrect type: ${value}`, [
          f.name
        ]);
      }
      const { rows } = await tx.query<{ isdeleted: boolean }>(
        `select isdeleted from ${quoteIdent(target.table)} where id = $1`,
        [value]
      );
      if (!rows[0]) throw dmlError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', [f.name]);
      if (rows[0].isdeleted) throw dmlError('ENTITY_IS_DELETED', 'entity is deleted', [f.name]);
    }
  }

  async function checkUnique(tx: Db, o: ObjectDef, record: RecordValues, id: string): Promise<void> {
    for (const f of o.fields) {
      const value = record[f.name];
      if (!(f.unique || f.name === 'Username') || value === null || value === undefined) continue;
      const { rows } = await tx.query<{ id: string }>(
        `select id from ${quoteIdent(o.table)} where ${quoteIdent(f.column)} = $1 and id <> $2 and not isdeleted limit 1`,
        [value, id]
      );
      if (rows[0]) {
        throw dmlError(
          'DUPLICATE_VALUE',
          `duplicate value found: ${f.name} duplicates value on record with id: ${rows[0].id}`,
          [f.name]
        );
      }
    }
  }

  function checkRequired(o: ObjectDef, record: RecordValues): void {
    // Salesforce computes read-only fields (Lead.Name, AutoNumbers); only writable ones are required of the caller.
    const missing = o.fields
      .filter((f) => !f.nillable && f.createable && f.type !== 'boolean')
      .filter((f) => record[f.name] === null || record[f.name] === undefined)
      .map((f) => f.name);
    if (missing.length > 0) {
      throw dmlError(
        'REQUIRED_FIELD_MISSING',
        `Required fields are missing: [${missing.join(', ')}]`,
        missing
      );
    }
  }

  // Custom validation rules run after the system checks, as in Salesforce's order of execution.
  // They see the stored record (null on insert), the saving user and parent records in this transaction.
  async function checkValidationRules(
    tx: Db,
    o: ObjectDef,
    record: RecordValues,
    existing: RecordValues | null,
    user: SessionUser
  ): Promise<void> {
    const errors = await validationErrors(o, schema, {
      newRecord: record,
      oldRecord: existing,
      user,
      now: clock(),
      read: (object, id) => readRow(tx, object, id),
      permissions: () => customPermissions(user)
    });
    if (errors.length > 0) throw new DmlError(errors);
  }

  /** Merges prepared values into the record in API form and recomputes derived fields. */
  function merge(o: ObjectDef, base: RecordValues, prepared: Map<FieldDef, unknown>): RecordValues {
    const record = { ...base };
    for (const [f, stored] of prepared) record[f.name] = fromSql(f, stored);
    return o.derive ? { ...record, ...o.derive(record) } : record;
  }

  async function writeRow(tx: Db, o: ObjectDef, record: RecordValues, inserting: boolean): Promise<void> {
    const fields = o.fields.filter((f) => record[f.name] !== undefined);
    const values = fields.map((f) => record[f.name]);
    if (inserting) {
      const columns = fields.map((f) => quoteIdent(f.column)).join(', ');
      const placeholders = fields.map((_, i) => `$${i + 1}`).join(', ');
      await tx.query(`insert into ${quoteIdent(o.table)} (${columns}) values (${placeholders})`, values);
    } else {
      const assignments = fields.map((f, i) => `${quoteIdent(f.column)} = $${i + 2}`).join(', ');
      await tx.query(`update ${quoteIdent(o.table)} set ${assignments} where id = $1`, [
        record.Id,
        ...values
      ]);
    }
  }

  /**
   * Field history, as Salesforce keeps it for objects with history tracking: a 'created' row for
   * a new record, and one row per tracked field whose value a save changed.
   */
  async function recordHistory(
    tx: Db,
    o: ObjectDef,
    before: RecordValues | null,
    after: RecordValues,
    user: SessionUser,
    now: string
  ): Promise<void> {
    const history = hasHistoryObject(o) ? schema.object(historyObjectName(o)) : undefined;
    if (!history) return;
    const text = (value: unknown): string | null =>
      value === null || value === undefined ? null : String(value);
    const rows =
      before === null
        ? [{ field: CREATED, dataType: null, oldValue: null, newValue: null }]
        : o.fields
            .filter((f) => f.trackHistory && text(before[f.name]) !== text(after[f.name]))
            .map((f) => ({
              field: f.name,
              dataType: HISTORY_DATA_TYPES[f.type] ?? 'Text',
              oldValue: text(before[f.name]),
              newValue: text(after[f.name])
            }));
    const columns = [
      'Id',
      'IsDeleted',
      'ParentId',
      'Field',
      'DataType',
      'OldValue',
      'NewValue',
      'CreatedDate',
      'CreatedById'
    ]
      .map((name) => quoteIdent((schema.field(history, name) as FieldDef).column))
      .join(', ');
    for (const row of rows) {
      await tx.query(
        `insert into ${quoteIdent(history.table)} (${columns}) values ($1, false, $2, $3, $4, $5, $6, $7, $8)`,
        [
          newId(history.keyPrefix),
          after.Id,
          row.field,
          row.dataType,
          row.oldValue,
          row.newValue,
          now,
          user.id
        ]
      );
    }
  }

  async function insert(tx: Db, o: ObjectDef, values: RecordValues, user: SessionUser): Promise<string> {
    if (!o.createable)
      throw dmlError('CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY', `entity type cannot be inserted: ${o.name}`);
    const prepared = prepare(o, values, user, true);
    const now = clock().toISOString();
    const id = newId(o.keyPrefix);
    const base: RecordValues = { Id: id, IsDeleted: false };
    for (const f of o.fields) {
      if (prepared.has(f) || f.name === 'Id' || f.name === 'IsDeleted') continue;
      const value = await defaultValue(tx, o, f, { user, now });
      if (value !== undefined) base[f.name] = value;
    }
    const record = merge(o, { CreatedDate: now, ...base }, prepared);
    record.CreatedById ??= user.id;
    record.LastModifiedDate ??= record.CreatedDate;
    record.LastModifiedById ??= user.id;
    record.SystemModstamp = now;
    checkRequired(o, record);
    await checkReferences(tx, o, record, new Set(o.fields.map((f) => f.name)));
    await checkValidationRules(tx, o, record, null, user);
    await checkUnique(tx, o, record, id);
    await writeRow(tx, o, record, true);
    await recordHistory(tx, o, null, record, user, now);
    return id;
  }

  async function updateExisting(
    tx: Db,
    o: ObjectDef,
    existing: RecordValues,
    values: RecordValues,
    user: SessionUser
  ): Promise<void> {
    const prepared = prepare(o, values, user, false);
    const record = merge(o, existing, prepared);
    const now = clock().toISOString();
    record.LastModifiedDate = now;
    record.LastModifiedById = user.id;
    record.SystemModstamp = now;
    checkRequired(o, record);
    await checkReferences(tx, o, record, new Set([...prepared.keys()].map((f) => f.name)));
    await checkValidationRules(tx, o, record, existing, user);
    await checkUnique(tx, o, record, existing.Id as string);
    await writeRow(tx, o, record, false);
    await recordHistory(tx, o, existing, record, user, now);
  }

  /** The record an Id names for a delete or undelete: a well-formed Id of an object that allows both. */
  function deletableRecord(rawId: string): { id: string; o: ObjectDef } {
    const id = normalizeId(rawId);
    const o = id ? schema.objectForId(id) : undefined;
    if (!id || !o) throw dmlError('MALFORMED_ID', `malformed id ${rawId}`, [], 400);
    if (!o.deletable)
      throw dmlError('INSUFFICIENT_ACCESS_OR_READONLY', 'insufficient access rights on object id');
    return { id, o };
  }

  async function existingOrThrow(tx: Db, o: ObjectDef, rawId: string): Promise<RecordValues> {
    const id = normalizeId(rawId);
    if (!id || schema.objectForId(id) !== o) {
      throw dmlError('MALFORMED_ID', `${o.name} ID: id value of incorrect type: ${rawId}`, ['Id']);
    }
    const existing = await readRow(tx, o, id, true);
    if (!existing) throw dmlError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', [], 404);
    if (existing.IsDeleted) throw dmlError('ENTITY_IS_DELETED', 'entity is deleted', [], 404);
    return existing;
  }

  /**
   * SET clauses stamping a change (placeholders from $2 on) for the audit fields the object
   * has: share and setup objects such as PermissionSetAssignment lack some of them.
   */
  function auditAssignments(
    o: ObjectDef,
    now: string,
    modifiedBy: string | null
  ): { sql: string[]; params: unknown[] } {
    const has = (name: string) => o.fields.some((f) => f.name === name);
    const stamps: Array<[string, unknown]> = [];
    if (has('SystemModstamp')) stamps.push(['systemmodstamp', now]);
    if (modifiedBy && has('LastModifiedDate')) stamps.push(['lastmodifieddate', now]);
    if (modifiedBy && has('LastModifiedById')) stamps.push(['lastmodifiedbyid', modifiedBy]);
    return {
      sql: stamps.map(([column], i) => `${column} = $${i + 2}`),
      params: stamps.map(([, value]) => value)
    };
  }

  /** Marks the record deleted, cascades to master-detail children and clears lookups to it. */
  async function cascadeDelete(
    tx: Db,
    o: ObjectDef,
    id: string,
    now: string,
    user: SessionUser
  ): Promise<void> {
    for (const child of o.childRelationships) {
      const childObject = schema.object(child.childSObject) as ObjectDef;
      const childField = schema.field(childObject, child.field) as FieldDef;
      const table = quoteIdent(childObject.table);
      const column = quoteIdent(childField.column);
      if (child.cascadeDelete) {
        const { rows } = await tx.query<{ id: string }>(
          `select id from ${table} where ${column} = $1 and not isdeleted`,
          [id]
        );
        for (const row of rows) await cascadeDelete(tx, childObject, row.id, now, user);
      } else if (childField.updateable || childField.createable) {
        const stamp = auditAssignments(childObject, now, null);
        await tx.query(
          `update ${table} set ${[`${column} = null`, ...stamp.sql].join(', ')} where ${column} = $1 and not isdeleted`,
          [id, ...stamp.params]
        );
      }
    }
    const stamp = auditAssignments(o, now, user.id);
    await tx.query(
      `update ${quoteIdent(o.table)} set ${['isdeleted = true', ...stamp.sql].join(', ')} where id = $1`,
      [id, ...stamp.params]
    );
  }

  /**
   * Brings back a deleted record and the details deleted with it: cascadeDelete stamps them
   * all with one SystemModstamp, which tells them apart from details deleted on their own
   * before. Lookups the deletion cleared stay cleared.
   */
  async function cascadeUndelete(
    tx: Db,
    o: ObjectDef,
    id: string,
    now: string,
    user: SessionUser
  ): Promise<void> {
    const deletedAt = (
      await tx.query<{ systemmodstamp: unknown }>(
        `select systemmodstamp from ${quoteIdent(o.table)} where id = $1`,
        [id]
      )
    ).rows[0]?.systemmodstamp;
    for (const child of o.childRelationships) {
      const childObject = schema.object(child.childSObject) as ObjectDef;
      // Share rows carry no SystemModstamp; like manual shares in Salesforce they stay deleted.
      if (!child.cascadeDelete || !childObject.fields.some((f) => f.name === 'SystemModstamp')) continue;
      const childField = schema.field(childObject, child.field) as FieldDef;
      const { rows } = await tx.query<{ id: string }>(
        `select id from ${quoteIdent(childObject.table)} where ${quoteIdent(childField.column)} = $1 and isdeleted and systemmodstamp = $2`,
        [id, deletedAt]
      );
      for (const row of rows) await cascadeUndelete(tx, childObject, row.id, now, user);
    }
    const record = (await readRow(tx, o, id, true)) as RecordValues;
    await checkUnique(tx, o, record, id);
    const stamp = auditAssignments(o, now, user.id);
    await tx.query(
      `update ${quoteIdent(o.table)} set ${['isdeleted = false', ...stamp.sql].join(', ')} where id = $1`,
      [id, ...stamp.params]
    );
  }

  /** What stops a record from leaving the recycle bin: it is not in it, or its master is deleted. */
  async function undeletable(tx: Db, o: ObjectDef, id: string): Promise<void> {
    const record = await readRow(tx, o, id, true);
    if (!record) throw dmlError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id');
    if (!record.IsDeleted) throw dmlError('UNDELETE_FAILED', 'Entity is not in recycle bin');
    for (const f of o.fields) {
      const masterId = record[f.name];
      if (!f.cascadeDelete || typeof masterId !== 'string') continue;
      const master = schema.objectForId(masterId);
      const stored = master ? await readRow(tx, master, masterId, true) : undefined;
      if (stored?.IsDeleted) {
        throw dmlError(
          'UNDELETE_FAILED',
          `Undelete failed because the master record ${masterId} is deleted; undelete it first`,
          [f.name]
        );
      }
    }
  }

  return {
    create: (objectName, values, user) =>
      db.transaction((tx) => insert(tx, objectOrThrow(schema, objectName), values, user)),

    update: (objectName, id, values, user) =>
      db.transaction(async (tx) => {
        const o = objectOrThrow(schema, objectName);
        await updateExisting(tx, o, await existingOrThrow(tx, o, id), values, user);
      }),

    upsert: (objectName, externalIdField, externalIdValue, values, user) =>
      db.transaction(async (tx) => {
        const o = objectOrThrow(schema, objectName);
        const key = schema.field(o, externalIdField);
        if (!key || !(key.externalId || key.name === 'Id')) {
          throw dmlError(
            'NOT_FOUND',
            'Provided external ID field does not exist or is not accessible: ' + externalIdField,
            [],
            404
          );
        }
        const stored = coerce(key, externalIdValue);
        const { rows } = await tx.query<{ id: string }>(
          `select id from ${quoteIdent(o.table)} where ${quoteIdent(key.column)} = $1 and not isdeleted limit 2`,
          [stored]
        );
        if (rows.length > 1) {
          throw dmlError(
            'MULTIPLE_CHOICES',
            `The value provided for ${key.name} matches more than one record`,
            [],
            300
          );
        }
        const match = rows[0];
        if (match) {
          const { [key.name]: _same, ...rest } = values;
          await updateExisting(tx, o, (await readRow(tx, o, match.id)) as RecordValues, rest, user);
          return { id: match.id, created: false };
        }
        const id = await insert(
          tx,
          o,
          key.name === 'Id' ? values : { ...values, [key.name]: externalIdValue },
          user
        );
        return { id, created: true };
      }),

    remove: (rawId, user) =>
      db.transaction(async (tx) => {
        const { id, o } = deletableRecord(rawId);
        await existingOrThrow(tx, o, id);
        await cascadeDelete(tx, o, id, clock().toISOString(), user);
      }),

    undelete: (rawId, user) =>
      db.transaction(async (tx) => {
        const { id, o } = deletableRecord(rawId);
        await undeletable(tx, o, id);
        await cascadeUndelete(tx, o, id, clock().toISOString(), user);
      }),

    read: (o, id, includeDeleted) => readRow(db, o, id, includeDeleted)
  };
}
