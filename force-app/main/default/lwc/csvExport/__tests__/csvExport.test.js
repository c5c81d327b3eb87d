import { toCsv, CSV_TYPE, UTF8_BOM } from 'c/csvExport';

const COLUMNS = [
  { label: 'Plan', fieldName: 'name' },
  { label: 'Progress (%)', fieldName: 'progress' }
];

describe('c/csvExport toCsv', () => {
  it('writes the header and one CRLF-terminated record per row', () => {
    expect(
      toCsv(COLUMNS, [
        { name: 'Northwind FY2026', progress: 42.5 },
        { name: 'Blue Harbor FY2026', progress: 0 }
      ])
    ).toBe('Plan,Progress (%)\r\nNorthwind FY2026,42.5\r\nBlue Harbor FY2026,0\r\n');
  });

  it('quotes fields with commas, quotes, CR or LF and doubles the quotes (RFC 4180)', () => {
    expect(
      toCsv(
        [{ label: 'Plan, name', fieldName: 'name' }],
        [{ name: 'Say "hello"' }, { name: 'two\nlines' }, { name: 'carriage\rreturn' }]
      )
    ).toBe('"Plan, name"\r\n"Say ""hello"""\r\n"two\nlines"\r\n"carriage\rreturn"\r\n');
  });

  it('prefixes text that a spreadsheet would run as a formula with an apostrophe', () => {
    const rows = ['=HYPERLINK("http://x")', '+1', '-2+3', '@SUM(A1)', '\tTAB', 'safe = text'].map((name) => ({
      name,
      progress: null
    }));
    expect(toCsv(COLUMNS, rows)).toBe(
      'Plan,Progress (%)\r\n' +
        '"\'=HYPERLINK(""http://x"")",\r\n' +
        "'+1,\r\n" +
        "'-2+3,\r\n" +
        "'@SUM(A1),\r\n" +
        "'\tTAB,\r\n" +
        'safe = text,\r\n'
    );
  });

  it('keeps negative numbers as numbers and leaves empty and non-finite values blank', () => {
    expect(
      toCsv(COLUMNS, [
        { name: undefined, progress: -12.5 },
        { name: null, progress: Number.NaN },
        { name: true, progress: Infinity }
      ])
    ).toBe('Plan,Progress (%)\r\n,-12.5\r\n,\r\ntrue,\r\n');
  });

  it('writes only the header when there are no rows, and refuses no columns', () => {
    expect(toCsv(COLUMNS, [])).toBe('Plan,Progress (%)\r\n');
    expect(() => toCsv([], [])).toThrow('toCsv needs at least one column.');
  });

  it('names a UTF-8 CSV type and byte order mark for the download', () => {
    expect(CSV_TYPE).toBe('text/csv;charset=utf-8');
    expect(UTF8_BOM).toBe('\ufeff');
  });
});
