// Dates: relative date literals at a fixed clock in the user's time zone, dateTime fields
// against date ranges, date functions in UTC or (with convertTimezone) the user's zone, and
// fiscal functions and literals with a fiscal year starting in February.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DateTime } from 'luxon';
import { dateLiteralRange } from '../src/soql/dateLiterals.ts';
import { createOrg, errorText, failure, NOW, type Org, options } from './soqlFixture.ts';

const calendar = { fiscalYearStartMonth: 1, usesStartDateAsFiscalYearName: false };
const february = { fiscalYearStartMonth: 2, usesStartDateAsFiscalYearName: false };

/** The range of a literal as [first day, day after the last], both YYYY-MM-DD. */
function range(literal: string, now = NOW, org = calendar): [string, string] {
  const [name, n] = literal.split(':');
  const zoned = DateTime.fromJSDate(now, { zone: 'America/New_York' });
  const r = dateLiteralRange(name as string, n === undefined ? null : Number(n), zoned, org);
  return [r.start.toISODate() as string, r.end.toISODate() as string];
}

describe('relative date literals (now: Wednesday 2026-04-15, noon in New York)', () => {
  // Worked out on a calendar; weeks start on Sunday (en_US).
  const expected: Record<string, [string, string]> = {
    YESTERDAY: ['2026-04-14', '2026-04-15'],
    TODAY: ['2026-04-15', '2026-04-16'],
    TOMORROW: ['2026-04-16', '2026-04-17'],
    LAST_WEEK: ['2026-04-05', '2026-04-12'],
    THIS_WEEK: ['2026-04-12', '2026-04-19'],
    NEXT_WEEK: ['2026-04-19', '2026-04-26'],
    LAST_MONTH: ['2026-03-01', '2026-04-01'],
    THIS_MONTH: ['2026-04-01', '2026-05-01'],
    NEXT_MONTH: ['2026-05-01', '2026-06-01'],
    LAST_90_DAYS: ['2026-01-15', '2026-04-16'],
    NEXT_90_DAYS: ['2026-04-16', '2026-07-15'],
    LAST_QUARTER: ['2026-01-01', '2026-04-01'],
    THIS_QUARTER: ['2026-04-01', '2026-07-01'],
    NEXT_QUARTER: ['2026-07-01', '2026-10-01'],
    LAST_YEAR: ['2025-01-01', '2026-01-01'],
    THIS_YEAR: ['2026-01-01', '2027-01-01'],
    NEXT_YEAR: ['2027-01-01', '2028-01-01'],
    'LAST_N_DAYS:7': ['2026-04-08', '2026-04-16'],
    'LAST_N_DAYS:1': ['2026-04-14', '2026-04-16'],
    'NEXT_N_DAYS:7': ['2026-04-16', '2026-04-23'],
    'N_DAYS_AGO:3': ['2026-04-12', '2026-04-13'],
    'LAST_N_WEEKS:2': ['2026-03-29', '2026-04-12'],
    'NEXT_N_WEEKS:1': ['2026-04-19', '2026-04-26'],
    'LAST_N_MONTHS:2': ['2026-02-01', '2026-04-01'],
    'NEXT_N_MONTHS:2': ['2026-05-01', '2026-07-01'],
    'N_MONTHS_AGO:1': ['2026-03-01', '2026-04-01'],
    'LAST_N_QUARTERS:2': ['2025-10-01', '2026-04-01'],
    'NEXT_N_QUARTERS:1': ['2026-07-01', '2026-10-01'],
    'LAST_N_YEARS:2': ['2024-01-01', '2026-01-01'],
    'NEXT_N_YEARS:1': ['2027-01-01', '2028-01-01'],
    'N_YEARS_AGO:1': ['2025-01-01', '2026-01-01'],
    THIS_FISCAL_YEAR: ['2026-01-01', '2027-01-01'],
    THIS_FISCAL_QUARTER: ['2026-04-01', '2026-07-01']
  };
  for (const [literal, days] of Object.entries(expected)) {
    test(`${literal} covers ${days[0]} up to ${days[1]}`, () => {
      assert.deepEqual(range(literal), days);
    });
  }

  test('fiscal literals follow a fiscal year starting in February', () => {
    assert.deepEqual(range('THIS_FISCAL_YEAR', NOW, february), ['2026-02-01', '2027-02-01']);
    assert.deepEqual(range('LAST_FISCAL_YEAR', NOW, february), ['2025-02-01', '2026-02-01']);
    assert.deepEqual(range('NEXT_FISCAL_YEAR', NOW, february), ['2027-02-01', '2028-02-01']);
    assert.deepEqual(range('THIS_FISCAL_QUARTER', NOW, february), ['2026-02-01', '2026-05-01']);
    assert.deepEqual(range('LAST_FISCAL_QUARTER', NOW, february), ['2025-11-01', '2026-02-01']);
    assert.deepEqual(range('NEXT_FISCAL_QUARTER', NOW, february), ['2026-05-01', '2026-08-01']);
    assert.deepEqual(range('LAST_N_FISCAL_QUARTERS:2', NOW, february), ['2025-08-01', '2026-02-01']);
    assert.deepEqual(range('NEXT_N_FISCAL_YEARS:1', NOW, february), ['2027-02-01', '2028-02-01']);
    // In January the fiscal year that started last February is still running.
    assert.deepEqual(range('THIS_FISCAL_YEAR', new Date('2026-01-10T12:00:00Z'), february), [
      '2025-02-01',
      '2026-02-01'
    ]);
  });

  test("today is the user's today: 01:00 UTC on the 16th is still the 15th in New York", () => {
    assert.deepEqual(range('TODAY', new Date('2026-04-16T01:00:00Z')), ['2026-04-15', '2026-04-16']);
  });
});

let org: Org;

before(async () => {
  org = await createOrg();
  // Leads created around midnight in New York (UTC-4 in April, UTC-5 in January).
  await org.insert('Lead', [
    { Id: '00Q000000000001AAA', LastName: 'NY yesterday', Company: 'c', CreatedDate: '2026-04-15T03:59:59Z' },
    {
      Id: '00Q000000000002AAA',
      LastName: 'NY today early',
      Company: 'c',
      CreatedDate: '2026-04-15T04:00:00Z'
    },
    {
      Id: '00Q000000000003AAA',
      LastName: 'NY today late',
      Company: 'c',
      CreatedDate: '2026-04-16T03:59:59Z'
    },
    { Id: '00Q000000000004AAA', LastName: 'NY tomorrow', Company: 'c', CreatedDate: '2026-04-16T04:00:00Z' },
    // 2026-03-31 23:30 in New York: Q1 there, already Q2 in UTC.
    { Id: '00Q000000000005AAA', LastName: 'Quarter edge', Company: 'c', CreatedDate: '2026-04-01T03:30:00Z' },
    // 2025-12-31 20:00 in New York (UTC-5): 2025 there, 2026 in UTC.
    { Id: '00Q000000000006AAA', LastName: 'Year edge', Company: 'c', CreatedDate: '2026-01-01T01:00:00Z' }
  ]);
  const opportunity = (n: number, closeDate: string) => ({
    Id: `00600000000000${n}AAA`,
    Name: `Deal ${n}`,
    StageName: 'Prospecting',
    CloseDate: closeDate
  });
  await org.insert('Opportunity', [
    opportunity(1, '2026-01-31'),
    opportunity(2, '2026-02-01'),
    opportunity(3, '2026-03-31'),
    opportunity(4, '2026-04-15'),
    opportunity(5, '2026-05-15'),
    opportunity(6, '2026-12-27')
  ]);
});

after(() => org.close());

async function names(soql: string): Promise<string[]> {
  return (await org.query(soql)).records.map((r) => (r.LastName ?? r.Name) as string);
}

describe('date literals in WHERE', () => {
  test("a dateTime field compares with the range's instants in the user's time zone", async () => {
    assert.deepEqual(
      await names('SELECT LastName FROM Lead WHERE CreatedDate = TODAY ORDER BY CreatedDate'),
      ['NY today early', 'NY today late']
    );
    assert.deepEqual(await names('SELECT LastName FROM Lead WHERE CreatedDate = YESTERDAY'), [
      'NY yesterday'
    ]);
    assert.deepEqual(await names('SELECT LastName FROM Lead WHERE CreatedDate > TODAY'), ['NY tomorrow']);
    assert.deepEqual(
      await names('SELECT LastName FROM Lead WHERE CreatedDate < TODAY ORDER BY CreatedDate'),
      ['Year edge', 'Quarter edge', 'NY yesterday']
    );
  });

  test('the same instants fall on other days for a user in another zone', async () => {
    const tokyo = { ...options.user, timeZoneSidKey: 'Asia/Tokyo' };
    const result = await org.query(
      'SELECT LastName FROM Lead WHERE CreatedDate = TODAY ORDER BY CreatedDate',
      {
        user: tokyo
      }
    );
    // Today in Tokyo (UTC+9) is 2026-04-16, from 2026-04-15T15:00Z.
    assert.deepEqual(
      result.records.map((r) => r.LastName),
      ['NY today late', 'NY tomorrow']
    );
  });

  test('a date field compares with the range of days: =, !=, <, <=, >, >= and IN', async () => {
    const where = async (condition: string): Promise<string[]> =>
      names(`SELECT Name FROM Opportunity WHERE ${condition} ORDER BY CloseDate`);
    assert.deepEqual(await where('CloseDate = THIS_MONTH'), ['Deal 4']);
    assert.deepEqual(await where('CloseDate != THIS_QUARTER'), ['Deal 1', 'Deal 2', 'Deal 3', 'Deal 6']);
    assert.deepEqual(await where('CloseDate < THIS_QUARTER'), ['Deal 1', 'Deal 2', 'Deal 3']);
    assert.deepEqual(await where('CloseDate <= LAST_MONTH'), ['Deal 1', 'Deal 2', 'Deal 3']);
    assert.deepEqual(await where('CloseDate > THIS_QUARTER'), ['Deal 6']);
    assert.deepEqual(await where('CloseDate >= NEXT_MONTH'), ['Deal 5', 'Deal 6']);
    assert.deepEqual(await where('CloseDate IN (LAST_MONTH, NEXT_MONTH)'), ['Deal 3', 'Deal 5']);
    // Today and the n days before it: 15 days back from 2026-04-15 reaches 2026-03-31.
    assert.deepEqual(await where('CloseDate = LAST_N_DAYS:14'), ['Deal 4']);
    assert.deepEqual(await where('CloseDate = LAST_N_DAYS:15'), ['Deal 3', 'Deal 4']);
    assert.deepEqual(await where('CloseDate = NEXT_N_DAYS:30'), ['Deal 5']);
    assert.deepEqual(await where('CloseDate = LAST_N_MONTHS:3'), ['Deal 1', 'Deal 2', 'Deal 3']);
  });

  test('fiscal literals use the org fiscal year', async () => {
    const service = org.service({ org: february });
    const result = await service.query(
      'SELECT Name FROM Opportunity WHERE CloseDate = LAST_FISCAL_YEAR',
      options
    );
    assert.deepEqual(
      result.records.map((r) => r.Name),
      ['Deal 1']
    );
    const quarter = await service.query(
      'SELECT Name FROM Opportunity WHERE CloseDate = THIS_FISCAL_QUARTER ORDER BY CloseDate',
      options
    );
    assert.deepEqual(
      quarter.records.map((r) => r.Name),
      ['Deal 2', 'Deal 3', 'Deal 4']
    );
  });

  test('a date value (not a literal) against a dateTime field is refused', async () => {
    const error = await failure(org.query('SELECT Id FROM Lead WHERE CreatedDate >= 2026-04-15'));
    assert.equal(error.errorCode, 'INVALID_FIELD');
    assert.equal(
      errorText(error),
      "value of filter criterion for field 'CreatedDate' must be of type dateTime and should not be enclosed in quotes"
    );
  });

  test('dateTime literals may carry an offset from UTC', async () => {
    const result = await names(
      'SELECT LastName FROM Lead WHERE CreatedDate = 2026-04-15T00:00:00-04:00 OR CreatedDate = 2026-04-01T05:30:00.000+02:00'
    );
    assert.deepEqual(result.sort(), ['NY today early', 'Quarter edge']);
  });
});

describe('date functions', () => {
  test('on a dateTime they use UTC; convertTimezone() moves them to the user zone', async () => {
    const [record] = (
      await org.query(
        "SELECT CALENDAR_QUARTER(CreatedDate) utc, CALENDAR_QUARTER(convertTimezone(CreatedDate)) local, COUNT(Id) FROM Lead WHERE LastName = 'Quarter edge' GROUP BY CALENDAR_QUARTER(CreatedDate), CALENDAR_QUARTER(convertTimezone(CreatedDate))"
      )
    ).records;
    assert.deepEqual(record, { attributes: { type: 'AggregateResult' }, utc: 2, local: 1, expr0: 1 });
  });

  test('grouping by a converted quarter counts each lead in its local quarter', async () => {
    const result = await org.query(
      'SELECT CALENDAR_YEAR(convertTimezone(CreatedDate)) y, CALENDAR_QUARTER(convertTimezone(CreatedDate)) q, COUNT(Id) n FROM Lead GROUP BY CALENDAR_YEAR(convertTimezone(CreatedDate)), CALENDAR_QUARTER(convertTimezone(CreatedDate)) ORDER BY CALENDAR_YEAR(convertTimezone(CreatedDate)), CALENDAR_QUARTER(convertTimezone(CreatedDate))'
    );
    assert.deepEqual(
      result.records.map((r) => [r.y, r.q, r.n]),
      [
        [2025, 4, 1],
        [2026, 1, 1],
        [2026, 2, 4]
      ]
    );
  });

  test('every calendar function, worked out by hand for 2026-04-01T03:30Z (a Wednesday)', async () => {
    const fns = [
      'CALENDAR_YEAR',
      'CALENDAR_QUARTER',
      'CALENDAR_MONTH',
      'DAY_IN_MONTH',
      'DAY_IN_WEEK',
      'DAY_IN_YEAR',
      'DAY_ONLY',
      'HOUR_IN_DAY',
      'WEEK_IN_MONTH',
      'WEEK_IN_YEAR'
    ];
    const select = fns.flatMap((f) => [
      `${f}(CreatedDate) u_${f}`,
      `${f}(convertTimezone(CreatedDate)) l_${f}`
    ]);
    const group = fns.flatMap((f) => [`${f}(CreatedDate)`, `${f}(convertTimezone(CreatedDate))`]);
    const [record] = (
      await org.query(
        `SELECT ${select.join(', ')} FROM Lead WHERE LastName = 'Quarter edge' GROUP BY ${group.join(', ')}`
      )
    ).records;
    const value = (prefix: string, f: string): unknown => record?.[`${prefix}_${f}`];
    // UTC: Wednesday 2026-04-01 03:30.
    assert.deepEqual(
      fns.map((f) => value('u', f)),
      [2026, 2, 4, 1, 4, 91, '2026-04-01', 3, 1, 13]
    );
    // New York: Tuesday 2026-03-31 23:30.
    assert.deepEqual(
      fns.map((f) => value('l', f)),
      [2026, 1, 3, 31, 3, 90, '2026-03-31', 23, 5, 13]
    );
  });

  test('date functions filter in WHERE', async () => {
    assert.deepEqual(
      await names('SELECT Name FROM Opportunity WHERE CALENDAR_MONTH(CloseDate) IN (1, 12) ORDER BY Name'),
      ['Deal 1', 'Deal 6']
    );
    assert.deepEqual(
      await names('SELECT LastName FROM Lead WHERE DAY_ONLY(convertTimezone(CreatedDate)) = 2025-12-31'),
      ['Year edge']
    );
    assert.deepEqual(await names('SELECT LastName FROM Lead WHERE HOUR_IN_DAY(CreatedDate) = 1'), [
      'Year edge'
    ]);
  });

  test('fiscal functions follow a fiscal year starting in February, named after its last year', async () => {
    const service = org.service({ org: february });
    const soql =
      "SELECT CloseDate, FISCAL_YEAR(CloseDate) fy, FISCAL_QUARTER(CloseDate) fq, FISCAL_MONTH(CloseDate) fm FROM Opportunity WHERE Name IN ('Deal 1', 'Deal 2', 'Deal 5', 'Deal 6') GROUP BY CloseDate, FISCAL_YEAR(CloseDate), FISCAL_QUARTER(CloseDate), FISCAL_MONTH(CloseDate) ORDER BY CloseDate";
    const rows = (await service.query(soql, options)).records.map((r) => [r.CloseDate, r.fy, r.fq, r.fm]);
    assert.deepEqual(rows, [
      ['2026-01-31', 2026, 4, 12],
      ['2026-02-01', 2027, 1, 1],
      ['2026-05-15', 2027, 2, 4],
      ['2026-12-27', 2027, 4, 11]
    ]);
    const byStart = org.service({ org: { fiscalYearStartMonth: 2, usesStartDateAsFiscalYearName: true } });
    const named = (await byStart.query(soql, options)).records.map((r) => r.fy);
    assert.deepEqual(named, [2025, 2026, 2026, 2026]);
  });

  test('with the default calendar fiscal year, fiscal and calendar functions agree', async () => {
    const rows = (
      await org.query(
        'SELECT FISCAL_YEAR(CloseDate) fy, FISCAL_QUARTER(CloseDate) fq, CALENDAR_QUARTER(CloseDate) cq FROM Opportunity GROUP BY FISCAL_YEAR(CloseDate), FISCAL_QUARTER(CloseDate), CALENDAR_QUARTER(CloseDate)'
      )
    ).records;
    for (const r of rows) {
      assert.equal(r.fy, 2026);
      assert.equal(r.fq, r.cq);
    }
  });

  test('convertTimezone() on a date field and DAY_ONLY() on a date are refused', async () => {
    for (const fn of [
      'CALENDAR_YEAR(convertTimezone(CloseDate))',
      'DAY_ONLY(CloseDate)',
      'CALENDAR_YEAR(Name)'
    ]) {
      const error = await failure(org.query(`SELECT ${fn}, COUNT(Id) FROM Opportunity GROUP BY ${fn}`));
      assert.equal(error.errorCode, 'MALFORMED_QUERY', fn);
    }
  });
});
