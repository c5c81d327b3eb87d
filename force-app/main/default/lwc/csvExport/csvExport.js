/**
 * CSV text (RFC 4180) for rows shown in a component, safe to open in a spreadsheet.
 *
 * - Fields holding a comma, a double quote, CR or LF are quoted, and quotes inside are doubled.
 * - Records end with CRLF, and the first record is the header.
 * - A text cell that starts with =, +, -, @, a tab or a carriage return would run as a formula
 *   in Excel or Sheets (CSV injection), so it gets a leading apostrophe, which spreadsheets
 *   show as text. Numbers are written as numbers, so a negative amount stays a number.
 *
 * Pure: no DOM, so it is tested on its own; components turn the text into a Blob link.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell's text: empty for null, numbers as written, text guarded against formulas. */
function cellText(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = String(value);
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function field(value) {
  const text = cellText(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * @param {Array<{label: string, fieldName: string}>} columns header labels and the row keys they show
 * @param {Array<Object>} rows
 * @returns {string} the CSV text, header first, every record ending in CRLF
 */
export function toCsv(columns, rows) {
  if (!Array.isArray(columns) || columns.length === 0) {
    throw new Error('toCsv needs at least one column.');
  }
  const lines = [columns.map((c) => field(c.label))];
  for (const row of rows || []) lines.push(columns.map((c) => field(row[c.fieldName])));
  return lines.map((cells) => `${cells.join(',')}\r\n`).join('');
}

/** The MIME type of the download; the BOM lets Excel read the text as UTF-8. */
export const CSV_TYPE = 'text/csv;charset=utf-8';
export const UTF8_BOM = '\ufeff';
