// Record values as formula values: the typed literals formulon computes with, built the way
// Salesforce presents fields to a formula.
import { DateTime } from 'luxon';
import type { FieldDef } from '../schema/types.ts';
import type { LiteralNode } from './formulon.ts';

export type Literal = LiteralNode;

export const NULL: Literal = { type: 'literal', dataType: 'null', value: null, options: {} };

export const checkbox = (value: boolean): Literal => ({
  type: 'literal',
  dataType: 'checkbox',
  value,
  options: {}
});

export const text = (value: string): Literal => ({
  type: 'literal',
  dataType: 'text',
  value,
  options: { length: value.length }
});

const date = (iso: string): Literal => ({
  type: 'literal',
  dataType: 'date',
  value: new Date(`${iso.slice(0, 10)}T00:00:00Z`),
  options: {}
});

export const datetime = (instant: Date): Literal => ({
  type: 'literal',
  dataType: 'datetime',
  value: instant,
  options: {}
});

/** The current date in the user's time zone, where Salesforce calculates dates (UTC if the zone is unknown). */
export function today(now: Date, timeZoneSidKey: string): Literal {
  const local = DateTime.fromJSDate(now, { zone: timeZoneSidKey });
  return date((local.isValid ? local : DateTime.fromJSDate(now, { zone: 'utc' })).toISODate() as string);
}

const TEXT_TYPES: ReadonlySet<string> = new Set([
  'id',
  'reference',
  'string',
  'textarea',
  'email',
  'phone',
  'url'
]);

/**
 * A field's value as a formula sees it. Text fields are never null in formulas: blank is ''
 * (so ISNULL is false and ISBLANK true). A blank picklist is '' too, which ISPICKVAL(f, '')
 * and TEXT(f) expect. Checkboxes are never blank. Percent fields are decimals: 10% is 0.1.
 * Numbers, dates and date/times stay blank (null).
 */
export function fieldLiteral(f: FieldDef, value: unknown): Literal {
  const blank = value === null || value === undefined || value === '';
  switch (f.type) {
    case 'boolean':
      return checkbox(value === true);
    case 'int':
    case 'double':
    case 'currency':
    case 'percent': {
      if (blank) return NULL;
      const percent = f.type === 'percent';
      return {
        type: 'literal',
        dataType: 'number',
        value: percent ? Number(value) / 100 : Number(value),
        // formulon rounds a number to options.scale when it takes it in.
        options: { length: Math.max(1, f.precision - f.scale), scale: f.scale + (percent ? 2 : 0) }
      };
    }
    case 'date':
      return blank ? NULL : date(String(value));
    case 'datetime':
      return blank ? NULL : datetime(new Date(String(value).replace(/([+-]\d{2})(\d{2})$/, '$1:$2')));
    case 'picklist':
      return { type: 'literal', dataType: 'picklist', value: blank ? '' : String(value), options: {} };
    case 'multipicklist':
      return blank
        ? NULL
        : { type: 'literal', dataType: 'multipicklist', value: String(value).split(';'), options: {} };
    default:
      if (!TEXT_TYPES.has(f.type)) throw new Error(`No formula type for ${f.type} field ${f.name}`);
      return text(blank ? '' : String(value));
  }
}

/** A non-blank value of the field's type, for checking a formula's types at start-up. */
export function sampleLiteral(f: FieldDef): Literal {
  switch (f.type) {
    case 'boolean':
      return fieldLiteral(f, true);
    case 'int':
    case 'double':
    case 'currency':
    case 'percent':
      return fieldLiteral(f, 1);
    case 'date':
      return fieldLiteral(f, '2000-01-01');
    case 'datetime':
      return fieldLiteral(f, '2000-01-01T00:00:00.000+0000');
    case 'picklist':
    case 'multipicklist':
      return fieldLiteral(f, f.picklistValues[0]?.value ?? 'x');
    default:
      return fieldLiteral(f, 'x');
  }
}

function comparable(literal: Literal): unknown {
  const { value } = literal;
  if (value instanceof Date) return value.getTime();
  if (Array.isArray(value)) return [...value].sort().join(';');
  return value;
}

/** Whether two literals of one field hold the same value (blank equals only blank). */
export function sameValue(a: Literal, b: Literal): boolean {
  if (a.dataType === 'null' || b.dataType === 'null') return a.dataType === b.dataType;
  return comparable(a) === comparable(b);
}
