// Query results as Bulk API 2.0 writes them: a header row of the selected field paths, then
// one row per record, every value in double quotes (quotes doubled inside), an empty value for
// null, relationship fields as Account.Name, datetimes in UTC with a Z.

export const COLUMN_DELIMITERS = {
  BACKQUOTE: '`',
  CARET: '^',
  COMMA: ',',
  PIPE: '|',
  SEMICOLON: ';',
  TAB: '\t'
} as const;
export type ColumnDelimiter = keyof typeof COLUMN_DELIMITERS;

export const LINE_ENDINGS = { LF: '\n', CRLF: '\r\n' } as const;
export type LineEnding = keyof typeof LINE_ENDINGS;

export interface CsvFormat {
  columnDelimiter: ColumnDelimiter;
  lineEnding: LineEnding;
}

/** A REST datetime (2026-01-10T09:30:00.000+0000) as Bulk API results spell it (…000Z). */
const REST_DATETIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3})\+0000$/;

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.replace(REST_DATETIME, '$1Z');
  return String(value);
}

/** The value at a path such as Account.Owner.Name in a REST record; keys match case-insensitively. */
function valueAt(record: Record<string, unknown>, path: readonly string[]): unknown {
  let current: unknown = record;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return null;
    const wanted = segment.toLowerCase();
    const key = Object.keys(current).find((k) => k.toLowerCase() === wanted);
    current = key === undefined ? null : (current as Record<string, unknown>)[key];
  }
  return current;
}

const quoted = (value: string): string => `"${value.replaceAll('"', '""')}"`;

export function toCsv(
  columns: readonly string[],
  records: readonly Record<string, unknown>[],
  format: CsvFormat
): string {
  const delimiter = COLUMN_DELIMITERS[format.columnDelimiter];
  const lineEnding = LINE_ENDINGS[format.lineEnding];
  const paths = columns.map((column) => column.split('.'));
  const lines = [
    columns.map(quoted).join(delimiter),
    ...records.map((record) => paths.map((path) => quoted(text(valueAt(record, path)))).join(delimiter))
  ];
  return lines.map((line) => line + lineEnding).join('');
}
