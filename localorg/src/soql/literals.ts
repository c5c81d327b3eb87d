// SOQL literal syntax → plain values. The parser hands over literals as they were written
// ('it\'s', 2026-01-31T23:30:00+02:00); these functions apply SOQL's escape rules and formats.
// Each throws a message-only Error; the caller knows where the literal sits and wraps it.
import { DateTime } from 'luxon';

// "Quoted String Escape Sequences" in the SOQL reference; any other backslash is an error.
const ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  N: '\n',
  r: '\r',
  R: '\r',
  t: '\t',
  T: '\t',
  b: '\b',
  B: '\b',
  f: '\f',
  F: '\f',
  '"': '"',
  "'": "'",
  '\\': '\\',
  // Meant for LIKE; elsewhere they stand for the character itself.
  _: '_',
  '%': '%'
};

function unquote(raw: string): string {
  if (raw.length < 2 || !raw.startsWith("'") || !raw.endsWith("'"))
    throw new Error(`Invalid string literal ${raw}`);
  return raw.slice(1, -1);
}

function illegal(raw: string, sequence: string): Error {
  return new Error(
    `Invalid string literal ${raw}. Illegal character sequence '${sequence}' in string literal.`
  );
}

/** A quoted SOQL string literal → its value. */
export function stringValue(raw: string): string {
  const body = unquote(raw);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = body[++i] ?? '';
    const replacement = ESCAPES[next];
    if (replacement === undefined) throw illegal(raw, `\\${next}`);
    out += replacement;
  }
  return out;
}

/**
 * A quoted SOQL LIKE pattern → a PostgreSQL LIKE pattern (backslash escape). % and _ stay
 * wildcards, \% and \_ stay literal, and a literal backslash is doubled for PostgreSQL.
 */
export function likePattern(raw: string): string {
  const body = unquote(raw);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = body[++i] ?? '';
    if (next === '%' || next === '_') out += `\\${next}`;
    else if (next === '\\') out += '\\\\';
    else if (ESCAPES[next] !== undefined) out += ESCAPES[next];
    else throw illegal(raw, `\\${next}`);
  }
  return out;
}

/** A number literal as PostgreSQL numeric text; currency-prefixed literals (USD500) lose the ISO code. */
export function numberValue(raw: string): string {
  const digits = raw.replace(/^[A-Za-z]{3}/, '');
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(digits)) throw new Error(`Invalid number literal ${raw}`);
  return digits;
}

/** YYYY-MM-DD, checked to be a real day. */
export function dateValue(raw: string): string {
  const parsed = DateTime.fromFormat(raw, 'yyyy-MM-dd', { zone: 'utc' });
  if (!parsed.isValid) throw new Error(`Invalid date: ${raw}`);
  return raw;
}

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/;

/** YYYY-MM-DDThh:mm:ss(.sss)(Z|±hh:mm) → the instant as ISO 8601 UTC. */
export function dateTimeValue(raw: string): string {
  const parsed = DATETIME.test(raw) ? DateTime.fromISO(raw, { setZone: true }) : null;
  if (!parsed?.isValid) throw new Error(`Invalid dateTime: ${raw}`);
  return parsed.toUTC().toISO() as string;
}
