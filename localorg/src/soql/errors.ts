// SOQL errors the way Salesforce words them. A query error's message quotes the part of the
// query around the offending token, points at it with a caret and gives its row and column:
//
//   \nSELECT Id, Foo FROM Lead\n           ^\nERROR at Row:1:Column:12\nNo such column 'Foo' on entity 'Lead'. …
//
// Clients (and people) parse that text, so the local org reproduces it.
import { ApiError } from '../api/errors.ts';

const WSDL = ' Please reference your WSDL or the describe call for the appropriate names.';

// Salesforce shows about 35 characters either side of the error, cut at token boundaries.
const WINDOW = 35;

/**
 * Offsets of `token` (case-insensitive, whole word) in `soql`, skipping quoted strings. A
 * word preceded by a dot is part of a path (Owner.Name) and only counts when `inPath` is set.
 */
export function occurrences(soql: string, token: string, inPath = false): number[] {
  const found: number[] = [];
  const lower = soql.toLowerCase();
  const needle = token.toLowerCase();
  const word = (c: string | undefined): boolean => c !== undefined && /\w/.test(c);
  const before = (c: string | undefined): boolean => word(c) || (!inPath && c === '.');
  let quoted = false;
  for (let i = 0; i < soql.length; i++) {
    const c = soql[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === "'") quoted = false;
      continue;
    }
    if (c === "'") {
      quoted = true;
      continue;
    }
    if (
      needle !== '' &&
      lower.startsWith(needle, i) &&
      !(word(needle[0]) && before(soql[i - 1])) &&
      !(word(needle[needle.length - 1]) && word(soql[i + needle.length]))
    ) {
      found.push(i);
    }
  }
  return found;
}

/** Offset of the first whole-word `token`, preferring one that does not end a path; or null. */
export function locate(soql: string, token: string): number | null {
  return occurrences(soql, token)[0] ?? occurrences(soql, token, true)[0] ?? null;
}

function excerpt(line: string, column: number): { text: string; caret: number } {
  let start = Math.max(0, column - WINDOW);
  if (start > 0 && /\S/.test(line[start - 1] ?? '')) {
    const next = line.slice(start).search(/\s\S/);
    start = next < 0 || start + next + 1 > column ? column : start + next + 1;
  }
  let end = Math.min(line.length, column + WINDOW);
  if (end < line.length && /\S/.test(line[end] ?? '')) {
    const cut = line.slice(0, end).search(/\s\S*$/);
    end = cut > column ? cut : end;
  }
  return { text: line.slice(start, end), caret: column - start };
}

/** The "query excerpt + caret + ERROR at Row" prefix Salesforce puts before a query error. */
export function positioned(soql: string, at: number | null, text: string): string {
  if (at === null) return text;
  const before = soql.slice(0, at).split(/\r?\n/);
  const row = before.length;
  const column = (before[before.length - 1] ?? '').length;
  const line = soql.split(/\r?\n/)[row - 1] ?? '';
  const { text: shown, caret } = excerpt(line, column);
  return `\n${shown}\n${' '.repeat(caret)}^\nERROR at Row:${row}:Column:${column + 1}\n${text}`;
}

export function queryError(
  errorCode: string,
  soql: string,
  at: number | null,
  text: string,
  status = 400
): ApiError {
  return new ApiError(status, errorCode, positioned(soql, at, text));
}

export const messages = {
  noSuchColumn: (column: string, entity: string): string =>
    `No such column '${column}' on entity '${entity}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name.${WSDL}`,
  unsupportedType: (name: string): string =>
    `sObject type '${name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name.${WSDL}`,
  unknownRelationship: (name: string): string =>
    `Didn't understand relationship '${name}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name.${WSDL}`,
  unknownChildRelationship: (name: string): string =>
    `Didn't understand relationship '${name}' in FROM part of query call. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name.${WSDL}`,
  unexpectedToken: (token: string): string => `unexpected token: '${token}'`
};
