// Field values as the UI API shows them: `value` in JSON types with ISO timestamps, and
// `displayValue` filled in only for the types Lightning formats on the server (currency,
// dates and times in the user's time zone, picklist labels); null for everything else.
import type { FieldDef } from '../../schema/types.ts';
import type { SessionUser } from '../../session.ts';

export interface FieldValue {
  displayValue: string | null;
  value: unknown;
}

const NUMERIC = new Set(['int', 'double', 'currency', 'percent']);

/** '2024-03-01T17:05:00.000+0000' (REST) → '2024-03-01T17:05:00.000Z' (UI API). */
export function isoTimestamp(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  const millis = Date.parse(String(value).replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(millis) ? String(value) : new Date(millis).toISOString();
}

export function apiValue(f: FieldDef, raw: unknown): unknown {
  if (raw === null || raw === undefined) return null;
  if (f.type === 'datetime') return isoTimestamp(raw);
  if (NUMERIC.has(f.type)) return typeof raw === 'number' ? raw : Number(raw);
  return raw;
}

/** The org is single-currency USD and every user is on the en_US locale. */
const LOCALE = 'en-US';
const CURRENCY = 'USD';

function currency(f: FieldDef, value: number): string {
  return new Intl.NumberFormat(LOCALE, {
    style: 'currency',
    currency: CURRENCY,
    minimumFractionDigits: f.scale,
    maximumFractionDigits: f.scale
  }).format(value);
}

/** 2019-07-22 → 7/22/2019: a date has no time zone, so it is never shifted. */
function shortDate(value: string): string {
  const [year, month, day] = value.slice(0, 10).split('-');
  return `${Number(month)}/${Number(day)}/${year}`;
}

/** 2021-08-10T19:59:45.000Z → 8/10/2021, 12:59 PM for a user in America/Los_Angeles. */
function shortDateTime(value: string, timeZone: string): string {
  return (
    new Intl.DateTimeFormat(LOCALE, {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      hour12: true
    })
      .format(new Date(value))
      // ICU puts a narrow no-break space before AM/PM; Salesforce prints a plain one.
      .replace(/\u202f/g, ' ')
  );
}

function picklistLabel(f: FieldDef, value: string): string {
  return f.picklistValues.find((p) => p.value === value)?.label ?? value;
}

export function displayValue(f: FieldDef, value: unknown, user: SessionUser): string | null {
  if (value === null || value === undefined) return null;
  switch (f.type) {
    case 'currency':
      return currency(f, Number(value));
    case 'date':
      return shortDate(String(value));
    case 'datetime':
      return shortDateTime(String(value), user.timeZoneSidKey);
    case 'picklist':
      return picklistLabel(f, String(value));
    case 'multipicklist':
      return String(value)
        .split(';')
        .map((v) => picklistLabel(f, v))
        .join(';');
    default:
      return null;
  }
}

export function fieldValue(f: FieldDef, raw: unknown, user: SessionUser): FieldValue {
  const value = apiValue(f, raw);
  return { displayValue: displayValue(f, value, user), value };
}
