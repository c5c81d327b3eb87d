// Record writes under the saving user's security, around the record store: object
// permissions (create, edit, delete), field-level security on every field given, record
// access from sharing (Edit to update, full access to delete or change the owner), and access
// to the records a lookup or master-detail field points at. Each save and its checks run in
// one transaction. Errors are Salesforce's: INSUFFICIENT_ACCESS_OR_READONLY,
// INVALID_FIELD_FOR_INSERT_UPDATE, INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY.
// Sharing entries follow the record: a new owner drops the manual shares of the old one.
import { ApiError } from '../api/errors.ts';
import type { FieldDef, ObjectDef, RecordValues, Schema } from '../schema/types.ts';
import type { SessionUser } from '../session.ts';
import { coerce, type RecordErrorItem } from '../store/coerce.ts';
import type { Db } from '../store/db.ts';
import { normalizeId } from '../store/ids.ts';
import { quoteIdent } from '../store/naming.ts';
import { DmlError, type RecordStore } from '../store/records.ts';
import { hasShareObject, shareObjectName } from '../schema/shareObjects.ts';
import { fieldAccess, objectAccess, shareParent } from './permissions.ts';
import { accessPredicate, SqlBuilder } from './sharing.ts';
import type { AccessLevel } from './types.ts';

const insufficientAccess = (): DmlError =>
  new DmlError([
    {
      statusCode: 'INSUFFICIENT_ACCESS_OR_READONLY',
      message: 'insufficient access rights on object id',
      fields: []
    }
  ]);

const notFound = (): ApiError => new ApiError(404, 'NOT_FOUND', 'The requested resource does not exist');

interface Checks {
  schema: Schema;
  tx: Db;
  user: SessionUser;
}

/** Whether the user has `level` access to the stored record. */
async function hasAccess(
  { schema, tx, user }: Checks,
  o: ObjectDef,
  id: string,
  level: AccessLevel
): Promise<boolean> {
  const sql = new SqlBuilder();
  const idParam = sql.param(id);
  const predicate = accessPredicate({ schema, user }, sql, o, 't', level);
  const statement = sql.finish(
    `select exists (select 1 from ${quoteIdent(o.table)} t where t."id" = ${idParam} and not t."isdeleted" and ${predicate}) as ok`
  );
  const { rows } = await tx.query<{ ok: boolean }>(statement.sql, statement.params);
  return rows[0]?.ok === true;
}

/** The stored, undeleted record's Id when `raw` names one of `o`; otherwise the store reports the problem. */
async function storedId(tx: Db, schema: Schema, o: ObjectDef, raw: unknown): Promise<string | undefined> {
  const id = typeof raw === 'string' ? normalizeId(raw) : undefined;
  if (!id || schema.objectForId(id) !== o) return undefined;
  const { rows } = await tx.query(`select 1 from ${quoteIdent(o.table)} where id = $1 and not isdeleted`, [
    id
  ]);
  return rows.length > 0 ? id : undefined;
}

async function storedRecord(tx: Db, o: ObjectDef, id: string): Promise<Record<string, unknown>> {
  const { rows } = await tx.query(`select * from ${quoteIdent(o.table)} where id = $1`, [id]);
  return rows[0] ?? {};
}

/** Field-level security on the fields a save gives: unreadable ones are unknown, read-only ones refused. */
function checkFields({ schema, user }: Checks, o: ObjectDef, values: RecordValues, inserting: boolean): void {
  const errors: RecordErrorItem[] = [];
  for (const name of Object.keys(values)) {
    if (name === 'attributes' || (!inserting && name.toLowerCase() === 'id')) continue;
    const f = schema.field(o, name);
    if (!f) continue;
    const access = fieldAccess(schema, user.access.permissions, o, f);
    if (!access.read) {
      throw new DmlError([
        {
          statusCode: 'INVALID_FIELD',
          message: `No such column '${name}' on sobject of type ${o.name}`,
          fields: [name]
        }
      ]);
    }
    if (!access.edit) {
      errors.push({
        statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
        message: `Unable to create/update fields: ${f.name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
        fields: [f.name]
      });
    }
  }
  if (errors.length > 0) throw new DmlError(errors);
}

/** The access a record must give the user before a field may point at it. */
function referenceNeeds(schema: Schema, o: ObjectDef, f: FieldDef): AccessLevel | null {
  if (f.name === 'OwnerId' || (shareParent(schema, o) && f.name === 'UserOrGroupId')) return null;
  // Sharing a record takes full access to it.
  if (shareParent(schema, o) && f.name === 'ParentId') return 'All';
  if (f.relationshipOrder !== null) return f.writeRequiresMasterRead ? 'Read' : 'Edit';
  return 'Read';
}

/** Lookups and master-detail fields being set must point at records the user may use. */
async function checkReferences(
  checks: Checks,
  o: ObjectDef,
  values: RecordValues,
  stored: Record<string, unknown> | null
): Promise<void> {
  const { schema, tx } = checks;
  for (const [name, value] of Object.entries(values)) {
    const f = schema.field(o, name);
    if (!f || f.type !== 'reference' || typeof value !== 'string' || value === '') continue;
    const id = normalizeId(value);
    if (!id || (stored && stored[f.column] === id)) continue;
    const need = referenceNeeds(schema, o, f);
    const target = schema.objectForId(id);
    if (!need || !target || !f.referenceTo.some((t) => t.toLowerCase() === target.name.toLowerCase()))
      continue;
    // A missing or deleted target is the store's to report.
    if (!(await storedId(tx, schema, target, id))) continue;
    if (!(await hasAccess(checks, target, id, need))) {
      throw new DmlError([
        {
          statusCode: 'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY',
          message: 'insufficient access rights on cross-reference id',
          fields: [f.name]
        }
      ]);
    }
  }
}

/** Rules of setup and share objects that hold for every user, administrators included. */
async function checkSetupRules({ schema, tx }: Checks, o: ObjectDef, values: RecordValues): Promise<void> {
  const value = (name: string): unknown =>
    Object.entries(values).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
  if (shareParent(schema, o)) {
    const rowCause = value('RowCause');
    if (rowCause !== undefined && rowCause !== null && rowCause !== 'Manual') {
      throw new DmlError([
        {
          statusCode: 'FIELD_INTEGRITY_EXCEPTION',
          message: `Row Cause: only Manual sharing can be created through the API`,
          fields: ['RowCause']
        }
      ]);
    }
    if (value('AccessLevel') === 'All') {
      throw new DmlError([
        {
          statusCode: 'FIELD_INTEGRITY_EXCEPTION',
          message: 'Access Level: All is reserved for the record owner',
          fields: ['AccessLevel']
        }
      ]);
    }
  }
  if (o.name === 'PermissionSetAssignment') {
    const { rows } = await tx.query<{ id: string }>(
      'select id from permissionsetassignment where assigneeid = $1 and permissionsetid = $2 and not isdeleted',
      [normalizeId(String(value('AssigneeId'))) ?? '', normalizeId(String(value('PermissionSetId'))) ?? '']
    );
    if (rows[0]) {
      throw new DmlError([
        {
          statusCode: 'DUPLICATE_VALUE',
          message: `duplicate value found: PermissionSetId duplicates value on record with id: ${rows[0].id}`,
          fields: ['PermissionSetId']
        }
      ]);
    }
  }
}

/** A new owner keeps none of the old owner's manual sharing, as in Salesforce. */
async function dropManualShares(
  tx: Db,
  schema: Schema,
  o: ObjectDef,
  id: string,
  now: string
): Promise<void> {
  if (!hasShareObject(o)) return;
  const share = schema.object(shareObjectName(o)) as ObjectDef;
  await tx.query(
    `update ${quoteIdent(share.table)} set isdeleted = true, lastmodifieddate = $2 where parentid = $1 and rowcause = 'Manual' and not isdeleted`,
    [id, now]
  );
}

export interface SecureStoreDeps {
  schema: Schema;
  /** The record store writing through a connection, as the API layers get it. */
  recordsFor: (connection: Db) => RecordStore;
  clock: () => Date;
}

/** Record stores that check the saving user's access before every write. */
export function createSecureRecordStores({
  schema,
  recordsFor,
  clock
}: SecureStoreDeps): (connection: Db) => RecordStore {
  function readableObject(user: SessionUser, objectName: string): ObjectDef {
    const o = schema.object(objectName);
    if (!o || !(user.isAdmin || objectAccess(schema, user.access.permissions, o).read)) throw notFound();
    return o;
  }

  async function checkUpdate(checks: Checks, o: ObjectDef, id: string, values: RecordValues): Promise<void> {
    const { user } = checks;
    if (!user.isAdmin) {
      if (!objectAccess(schema, user.access.permissions, o).edit) throw insufficientAccess();
      if (!(await hasAccess(checks, o, id, 'Edit'))) throw insufficientAccess();
      checkFields(checks, o, values, false);
    }
    const stored = await storedRecord(checks.tx, o, id);
    const owner = Object.entries(values).find(([key]) => key.toLowerCase() === 'ownerid')?.[1];
    const newOwner = typeof owner === 'string' ? normalizeId(owner) : undefined;
    // Changing the owner (a transfer) takes full access: the owner, those above, Modify All.
    if (
      !user.isAdmin &&
      newOwner &&
      newOwner !== stored.ownerid &&
      !(await hasAccess(checks, o, id, 'All'))
    ) {
      throw insufficientAccess();
    }
    if (!user.isAdmin) await checkReferences(checks, o, values, stored);
  }

  async function checkCreate(checks: Checks, o: ObjectDef, values: RecordValues): Promise<void> {
    const { user } = checks;
    await checkSetupRules(checks, o, values);
    if (user.isAdmin) return;
    if (!objectAccess(schema, user.access.permissions, o).create) throw insufficientAccess();
    checkFields(checks, o, values, true);
    await checkReferences(checks, o, values, null);
  }

  return (connection) => {
    const inner = recordsFor(connection);

    /** Runs checks and the save in one transaction on this connection. */
    const guarded = <T>(
      user: SessionUser,
      fn: (checks: Checks, store: RecordStore) => Promise<T>
    ): Promise<T> => connection.transaction((tx) => fn({ schema, tx, user }, recordsFor(tx)));

    return {
      create: (objectName, values, user) =>
        guarded(user, async (checks, store) => {
          const o = readableObject(user, objectName);
          await checkCreate(checks, o, values);
          return store.create(o.name, values, user);
        }),

      update: (objectName, rawId, values, user) =>
        guarded(user, async (checks, store) => {
          const o = readableObject(user, objectName);
          const id = await storedId(checks.tx, schema, o, rawId);
          if (!id) return store.update(o.name, rawId, values, user);
          const ownerBefore = (await storedRecord(checks.tx, o, id)).ownerid;
          await checkUpdate(checks, o, id, values);
          await store.update(o.name, id, values, user);
          const ownerAfter = (await storedRecord(checks.tx, o, id)).ownerid;
          if (ownerBefore !== ownerAfter)
            await dropManualShares(checks.tx, schema, o, id, clock().toISOString());
        }),

      upsert: (objectName, externalIdField, externalIdValue, values, user) =>
        guarded(user, async (checks, store) => {
          const o = readableObject(user, objectName);
          const key = schema.field(o, externalIdField);
          if (key && (key.externalId || key.name === 'Id')) {
            if (!user.isAdmin && !fieldAccess(schema, user.access.permissions, o, key).read) throw notFound();
            let stored: unknown;
            try {
              stored = coerce(key, externalIdValue);
            } catch {
              stored = undefined;
            }
            const { rows } =
              stored === undefined
                ? { rows: [] }
                : await checks.tx.query<{ id: string }>(
                    `select id from ${quoteIdent(o.table)} where ${quoteIdent(key.column)} = $1 and not isdeleted limit 2`,
                    [stored]
                  );
            if (rows.length === 1) {
              const { [key.name]: _same, ...rest } = values;
              await checkUpdate(checks, o, (rows[0] as { id: string }).id, rest);
            } else if (rows.length === 0) {
              await checkCreate(
                checks,
                o,
                key.name === 'Id' ? values : { ...values, [key.name]: externalIdValue }
              );
            }
          }
          return store.upsert(o.name, externalIdField, externalIdValue, values, user);
        }),

      remove: (rawId, user) =>
        guarded(user, async (checks, store) => {
          const id = normalizeId(rawId);
          const o = id ? schema.objectForId(id) : undefined;
          if (!user.isAdmin && o && id && (await storedId(checks.tx, schema, o, id))) {
            const permissions = objectAccess(schema, user.access.permissions, o);
            if (!permissions.delete) throw insufficientAccess();
            if (!(await hasAccess(checks, o, id, 'All'))) throw insufficientAccess();
          }
          return store.remove(rawId, user);
        }),

      // Salesforce lets people undelete what they deleted themselves; Modify All covers the rest.
      undelete: (rawId, user) =>
        guarded(user, async (checks, store) => {
          const id = normalizeId(rawId);
          const o = id ? schema.objectForId(id) : undefined;
          if (!user.isAdmin && o && id) {
            const permissions = objectAccess(schema, user.access.permissions, o);
            const deleted = await storedRecord(checks.tx, o, id);
            const deletedByThem = deleted.isdeleted === true && deleted.lastmodifiedbyid === user.id;
            if (!permissions.delete || !(permissions.modifyAll || deletedByThem)) throw insufficientAccess();
          }
          return store.undelete(rawId, user);
        }),

      read: (o, id, includeDeleted) => inner.read(o, id, includeDeleted)
    };
  };
}
