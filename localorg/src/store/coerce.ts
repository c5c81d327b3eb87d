// Turns one JSON value from an API request into the value stored for a field, rejecting
// what Salesforce rejects with the status code and message Salesforce uses.
import { DateTime } from 'luxon';
import type { FieldDef } from '../schema/types.ts';
import { normalizeId } from './ids.ts';

/** One error about one record, as a DML result lists it. */
export interface RecordErrorItem {
  statusCode: string;
  message: string;
  fields: string[];
}

export class FieldValueError extends Error {
  readonly item: RecordErrorItem;
  constructor(statusCode: string, message: string, fields: string[]) {
    super(message);
    this.name = 'FieldValueError';
    this.item = { statusCode, message, fields };
  }
}

// REST deserialization errors read like Jackson's, which is what Salesforce runs.
function notDeserializable(f: FieldDef, javaType: string, value: unknown): FieldValueError {
  const token =
    typeof value === 'string' ? 'VALUE_STRING' : typeof value === 'boolean' ? 'VALUE_TRUE' : 'START_OBJECT';
  return new FieldValueError(
    'JSON_PARSER_ERROR',
    `Cannot deserialize instance of ${javaType} from ${token} value ${String(value)} or request may be missing a required field`,
    [f.name]
  );
}

function text(f: FieldDef, value: unknown): string {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
    throw notDeserializable(f, 'string', value);
  }
  const s = String(value);
  if (f.length > 0 && s.length > f.length) {
    throw new FieldValueError(
      'STRING_TOO_LONG',
      `${f.label}: data value too large: ${s.slice(0, 40)}${s.length > 40 ? '...' : ''} (max length=${f.length})`,
      [f.name]
    );
  }
  return s;
}

function numeric(f: FieldDef, value: unknown): string {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value.trim() !== ''
        ? Number(value)
        : NaN;
  if (!Number.isFinite(n)) throw notDeserializable(f, f.type === 'int' ? 'int' : 'double', value);
  const integerDigits = Math.trunc(Math.abs(n)).toString().length;
  if (f.precision > 0 && integerDigits > f.precision - f.scale) {
    throw new FieldValueError(
      'NUMBER_OUTSIDE_VALID_RANGE',
      `${f.label}: value outside of valid range on numeric field: ${String(value)}`,
      [f.name]
    );
  }
  if (f.type === 'int') return Math.trunc(n).toString();
  // Salesforce rounds half up to the field's scale when it saves.
  const factor = 10 ** f.scale;
  return ((Math.sign(n) * Math.round(Math.abs(n) * factor)) / factor).toString();
}

function date(f: FieldDef, value: unknown): string {
  if (typeof value === 'string') {
    const parsed = DateTime.fromISO(value.slice(0, 10), { zone: 'UTC' });
    if (/^\d{4}-\d{2}-\d{2}/.test(value) && parsed.isValid) return parsed.toISODate() as string;
  }
  throw notDeserializable(f, 'date', value);
}

function dateTime(f: FieldDef, value: unknown): string {
  if (typeof value === 'string') {
    // Salesforce accepts ISO 8601 with Z, +hh:mm or +hhmm; without a zone it means UTC.
    const normalized = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
    const parsed = DateTime.fromISO(normalized, { zone: 'UTC', setZone: true });
    if (parsed.isValid) return parsed.toUTC().toISO() as string;
  }
  throw notDeserializable(f, 'datetime', value);
}

function bool(f: FieldDef, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw notDeserializable(f, 'boolean', value);
}

function picklist(f: FieldDef, value: unknown): string {
  const s = text(f, value);
  if (f.restrictedPicklist) {
    const allowed = new Set(f.picklistValues.filter((p) => p.active).map((p) => p.value));
    const values = f.type === 'multipicklist' ? s.split(';') : [s];
    const bad = values.find((v) => !allowed.has(v));
    if (bad !== undefined) {
      throw new FieldValueError(
        'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
        `${f.label}: bad value for restricted picklist field: ${bad}`,
        [f.name]
      );
    }
  }
  return s;
}

function reference(f: FieldDef, value: unknown): string {
  const id = typeof value === 'string' ? normalizeId(value) : undefined;
  if (!id) {
    throw new FieldValueError('MALFORMED_ID', `${f.label}: id value of incorrect type: ${String(value)}`, [
      f.name
    ]);
  }
  return id;
}

/** The stored form of a non-null value, or a FieldValueError naming the field. */
export function coerce(f: FieldDef, value: unknown): unknown {
  switch (f.type) {
    case 'boolean':
      return bool(f, value);
    case 'int':
    case 'double':
    case 'currency':
    case 'percent':
      return numeric(f, value);
    case 'date':
      return date(f, value);
    case 'datetime':
      return dateTime(f, value);
    case 'reference':
    case 'id':
      return reference(f, value);
    case 'picklist':
    case 'multipicklist':
      return picklist(f, value);
    default:
      return text(f, value);
  }
}
