// The one mapper from what PostgreSQL hands back to the JSON values the Salesforce REST API
// sends. Dates, timestamps and numerics arrive as the text PostgreSQL prints (see db.ts), and
// the query engine reads every value as text (`::text`, also inside JSON), so a value looks
// the same whether it sits in a top-level row or in a child subquery.
import type { FieldDef } from '../schema/types.ts';

const NUMBER_TYPES: ReadonlySet<string> = new Set(['int', 'double', 'currency', 'percent']);

// PostgreSQL's timestamptz output: 2026-01-31 23:30:00[.123456]+00[:00]. ISO 8601 with a T
// is accepted too, for values that did not come through PostgreSQL's text output.
const TIMESTAMP =
  /^(\d{4,})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** A Date in Salesforce's REST form, always UTC: 2026-01-31T23:30:00.000+0000. */
export function formatDateTime(date: Date): string {
  return `${date.toISOString().slice(0, 23)}+0000`;
}

function offsetMinutes(zone: string | undefined): number {
  if (!zone || zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}

/** PostgreSQL timestamp text (or ISO 8601) → Salesforce REST datetime. */
export function datetimeFromSql(raw: string): string {
  const m = TIMESTAMP.exec(raw);
  if (!m) throw new Error(`Unrecognised timestamp from the store: ${raw}`);
  const [, y, mo, d, h, mi, s, fraction = '', zone] = m;
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  const utc =
    Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), millis) -
    offsetMinutes(zone) * 60_000;
  return formatDateTime(new Date(utc));
}

function toBoolean(raw: unknown): boolean {
  if (typeof raw === 'boolean') return raw;
  return raw === 't' || raw === 'true';
}

/** Maps one stored value of `field` to its REST JSON value; null stays null. */
export function fromSql(field: Pick<FieldDef, 'type'>, raw: unknown): unknown {
  if (raw === null || raw === undefined) return null;
  if (field.type === 'boolean') return toBoolean(raw);
  if (NUMBER_TYPES.has(field.type)) return Number(raw);
  if (field.type === 'datetime')
    return raw instanceof Date ? formatDateTime(raw) : datetimeFromSql(String(raw));
  if (field.type === 'date')
    return raw instanceof Date ? raw.toISOString().slice(0, 10) : String(raw).slice(0, 10);
  return String(raw);
}
