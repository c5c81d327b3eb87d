// Record writes as the UI API takes them: POST /records with a Record Input, PATCH
// /records/{recordId} with the fields to change, DELETE /records/{recordId}. The record
// store saves with Salesforce's checks; a save it refuses comes back as the UI API's Error
// with Output, whose Record Exceptions split the problems into page-level errors and
// errors per field, which is what Lightning Data Service and lightning-record-edit-form read.
import type { ObjectDef, RecordValues } from '../../schema/types.ts';
import type { RecordErrorItem } from '../../store/coerce.ts';
import { DmlError, type RecordStore } from '../../store/records.ts';
import { ApiError, notFound } from '../errors.ts';
import { objectOrThrow } from './objectInfo.ts';
import {
  getRecord,
  layoutFieldNames,
  recordIdOrThrow,
  soqlString,
  type RecordRepresentation,
  type UiApiContext
} from './records.ts';
import { isoTimestamp } from './values.ts';

/** Record Exception Error: one problem, on one field or (field null) on the whole record. */
export interface RecordExceptionError {
  constituentField: string | null;
  duplicateRecordError: null;
  errorCode: string;
  field: string | null;
  fieldLabel: string | null;
  message: string;
}

export interface RecordExceptions {
  errors: RecordExceptionError[];
  fieldErrors: Record<string, RecordExceptionError[]>;
}

/** Error with Output, as the UI API answers a record save that fails. */
export interface ErrorWithOutput {
  enhancedErrorType: 'RecordError';
  message: string;
  output: RecordExceptions;
}

/** Salesforce's words for every failed create or update; the reasons are in the output. */
export const SAVE_FAILED_MESSAGE = 'An error occurred while trying to update the record. Please try again.';

/** A refused save: answered with one Error with Output object instead of a list of errors. */
export class RecordSaveError extends ApiError {
  readonly output: RecordExceptions;

  constructor(output: RecordExceptions) {
    const first = output.errors[0] ?? Object.values(output.fieldErrors)[0]?.[0];
    super(400, first?.errorCode ?? 'UNKNOWN_EXCEPTION', SAVE_FAILED_MESSAGE);
    this.name = 'RecordSaveError';
    this.output = output;
  }

  override responseBody(): ErrorWithOutput {
    return { enhancedErrorType: 'RecordError', message: this.message, output: this.output };
  }
}

/**
 * DML errors as Record Exceptions: an error naming fields of the object is listed under each
 * of them (REQUIRED_FIELD_MISSING once per missing field, with the same message); the rest,
 * such as a validation rule without an error field, are page-level errors.
 */
export function recordExceptions(
  ctx: UiApiContext,
  object: ObjectDef,
  items: RecordErrorItem[]
): RecordExceptions {
  const output: RecordExceptions = { errors: [], fieldErrors: {} };
  const error = (item: RecordErrorItem, field: string | null, fieldLabel: string | null) => ({
    constituentField: null,
    duplicateRecordError: null,
    errorCode: item.statusCode,
    field,
    fieldLabel,
    message: item.message
  });
  for (const item of items) {
    const fields = item.fields.flatMap((name) => ctx.schema.field(object, name) ?? []);
    if (fields.length === 0) output.errors.push(error(item, null, null));
    for (const f of fields) (output.fieldErrors[f.name] ??= []).push(error(item, f.name, f.label));
  }
  return output;
}

/** Runs a save; a record the store refuses becomes the UI API's Error with Output. */
async function saving<T>(ctx: UiApiContext, object: ObjectDef, save: () => Promise<T>): Promise<T> {
  try {
    return await save();
  } catch (error) {
    if (error instanceof DmlError && error.status === 400) {
      throw new RecordSaveError(recordExceptions(ctx, object, error.items));
    }
    throw error;
  }
}

/** The saved record as the response shows it: the fields of its full layout. */
function savedRecord(ctx: UiApiContext, object: ObjectDef, id: string): Promise<RecordRepresentation> {
  return getRecord(ctx, id, { fields: [], optionalFields: layoutFieldNames(ctx, object, ['Full']) });
}

/**
 * The record, read as the user: one the user cannot see is as missing as one that was never
 * there, so a write to it is NOT_FOUND like a read.
 */
async function visibleRecordOrThrow(
  ctx: UiApiContext,
  rawId: string
): Promise<{ id: string; object: ObjectDef; lastModified: string | null; lastModifiedById: string | null }> {
  const { id, object } = recordIdOrThrow(ctx, rawId);
  const { records } = await ctx.queries.query(
    `SELECT Id, LastModifiedDate, LastModifiedById FROM ${object.name} WHERE Id = ${soqlString(id)}`,
    { user: ctx.user, apiVersion: ctx.apiVersion }
  );
  const record = records[0];
  if (!record) throw notFound();
  return {
    id,
    object,
    lastModified: isoTimestamp(record.LastModifiedDate),
    lastModifiedById: (record.LastModifiedById as string | null | undefined) ?? null
  };
}

export interface RecordInput {
  apiName: string;
  fields: RecordValues;
}

/** POST /ui-api/records: creates the record and answers with it. */
export async function createRecord(
  ctx: UiApiContext,
  store: RecordStore,
  input: RecordInput
): Promise<RecordRepresentation> {
  const object = objectOrThrow(ctx.schema, input.apiName);
  const id = await saving(ctx, object, () => store.create(object.name, input.fields, ctx.user));
  return savedRecord(ctx, object, id);
}

/** An If-Unmodified-Since date: an HTTP date (whole seconds) or the ISO timestamp LDS passes. */
function unmodifiedSince(header: string | undefined): { millis: number; wholeSeconds: boolean } | undefined {
  if (!header) return undefined;
  const millis = Date.parse(header);
  if (Number.isNaN(millis)) return undefined;
  return { millis, wholeSeconds: !/\d{2}:\d{2}:\d{2}\.\d/.test(header) };
}

function modifiedSince(
  lastModified: string | null,
  since: { millis: number; wholeSeconds: boolean }
): boolean {
  if (!lastModified) return false;
  const modified = Date.parse(lastModified);
  return since.wholeSeconds
    ? Math.floor(modified / 1000) > Math.floor(since.millis / 1000)
    : modified > since.millis;
}

/** The collision Lightning reports when someone else saved the record during the user's edit. */
async function collision(ctx: UiApiContext, userId: string | null): Promise<RecordSaveError> {
  const { records } = userId
    ? await ctx.queries.query(`SELECT Name FROM User WHERE Id = ${soqlString(userId)}`, {
        user: ctx.user,
        apiVersion: ctx.apiVersion
      })
    : { records: [] };
  const name = (records[0]?.Name as string | undefined) ?? 'another user';
  return new RecordSaveError({
    errors: [
      {
        constituentField: null,
        duplicateRecordError: null,
        errorCode: 'CollisionDetectedException',
        field: null,
        fieldLabel: null,
        message: `This record was modified by ${name} during your edit session. Make a note of the data you entered, then reload the record and enter your updates again.`
      }
    ],
    fieldErrors: {}
  });
}

/** PATCH /ui-api/records/{recordId}: saves the given fields and answers with the record. */
export async function updateRecord(
  ctx: UiApiContext,
  store: RecordStore,
  rawId: string,
  fields: RecordValues,
  ifUnmodifiedSince?: string
): Promise<RecordRepresentation> {
  const current = await visibleRecordOrThrow(ctx, rawId);
  const since = unmodifiedSince(ifUnmodifiedSince);
  if (since && modifiedSince(current.lastModified, since))
    throw await collision(ctx, current.lastModifiedById);
  await saving(ctx, current.object, () => store.update(current.object.name, current.id, fields, ctx.user));
  return savedRecord(ctx, current.object, current.id);
}

/** DELETE /ui-api/records/{recordId}: deletes the record (and its master-detail children). */
export async function deleteRecord(ctx: UiApiContext, store: RecordStore, rawId: string): Promise<void> {
  const { id } = await visibleRecordOrThrow(ctx, rawId);
  try {
    await store.remove(id, ctx.user);
  } catch (error) {
    // Delete errors are plain UI API errors: { errorCode, message } without field names.
    if (error instanceof DmlError) throw new ApiError(error.status, error.errorCode, error.message);
    throw error;
  }
}
