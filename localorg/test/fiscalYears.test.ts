// FiscalYearSettings and Period through jsforce over HTTP. The org: fiscal year starting in
// February (FY named for the year it ends in), clock in June 2026, and one custom 4-4-5 year
// "2027" from Sunday 2026-02-01, so standard years run up to FY2026 (Feb 2025 – Jan 2026).
// Expected dates are worked by hand: 4-4-5 weeks from 1 Feb 2026 give months of 28, 28 and 35
// days: 1–28 Feb, 1–28 Mar, 29 Mar – 2 May (Q1 ends 2 May); the year is 364 days, to 30 Jan 2027.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Connection } from 'jsforce';
import { CUSTOM_YEAR_TEMPLATES, startLocalOrg, type LocalOrg } from '../src/index.ts';
import { signIn } from '../../test/support/salesforce.ts';

async function rows(conn: Connection, soql: string): Promise<Record<string, unknown>[]> {
  const result = await conn.query<Record<string, unknown>>(soql);
  return result.records.map(({ attributes: _attributes, ...values }) => values);
}

describe('an org with a custom 4-4-5 fiscal year after standard February years', () => {
  let org: LocalOrg;
  let conn: Connection;
  before(async () => {
    org = await startLocalOrg({
      ui: false,
      fiscalYearStartMonth: 2,
      clock: () => new Date('2026-06-15T12:00:00Z'),
      customFiscalYears: [{ name: '2027', startDate: '2026-02-01', quarters: CUSTOM_YEAR_TEMPLATES['4-4-5'] }]
    });
    conn = await signIn(org);
  });
  after(() => org.close());

  test('FiscalYearSettings has the standard years before the custom one, named for their end', async () => {
    const years = await rows(
      conn,
      'SELECT Name, StartDate, EndDate, IsStandardYear, YearType FROM FiscalYearSettings WHERE StartDate >= 2024-01-01 ORDER BY StartDate'
    );
    assert.deepEqual(years, [
      {
        Name: '2025',
        StartDate: '2024-02-01',
        EndDate: '2025-01-31',
        IsStandardYear: true,
        YearType: 'Standard'
      },
      {
        Name: '2026',
        StartDate: '2025-02-01',
        EndDate: '2026-01-31',
        IsStandardYear: true,
        YearType: 'Standard'
      },
      {
        Name: '2027',
        StartDate: '2026-02-01',
        EndDate: '2027-01-30',
        IsStandardYear: false,
        YearType: 'Custom'
      }
    ]);
  });

  test('the custom year has 4 quarters of 13 weeks and months of 4, 4 and 5 weeks', async () => {
    const quarters = await rows(
      conn,
      "SELECT Number, StartDate, EndDate FROM Period WHERE FiscalYearSettings.Name = '2027' AND Type = 'Quarter' ORDER BY StartDate"
    );
    assert.deepEqual(quarters, [
      { Number: 1, StartDate: '2026-02-01', EndDate: '2026-05-02' },
      { Number: 2, StartDate: '2026-05-03', EndDate: '2026-08-01' },
      { Number: 3, StartDate: '2026-08-02', EndDate: '2026-10-31' },
      { Number: 4, StartDate: '2026-11-01', EndDate: '2027-01-30' }
    ]);
    const months = await rows(
      conn,
      "SELECT Number, StartDate, EndDate FROM Period WHERE FiscalYearSettings.Name = '2027' AND Type = 'Month' AND Number <= 4 ORDER BY Number"
    );
    assert.deepEqual(months, [
      { Number: 1, StartDate: '2026-02-01', EndDate: '2026-02-28' },
      { Number: 2, StartDate: '2026-03-01', EndDate: '2026-03-28' },
      { Number: 3, StartDate: '2026-03-29', EndDate: '2026-05-02' },
      { Number: 4, StartDate: '2026-05-03', EndDate: '2026-05-30' }
    ]);
    const [counts] = await rows(
      conn,
      "SELECT COUNT(Id) n FROM Period WHERE FiscalYearSettings.IsStandardYear = false AND Type = 'Week'"
    );
    assert.equal(counts?.n, 52);
  });

  test('standard periods are calendar months with English month names', async () => {
    const periods = await rows(
      conn,
      "SELECT Type, Number, StartDate, EndDate, PeriodLabel, FullyQualifiedLabel FROM Period WHERE FiscalYearSettings.Name = '2026' AND Type IN ('Year', 'Month') AND StartDate <= 2025-03-01 ORDER BY Type, StartDate"
    );
    assert.deepEqual(periods, [
      {
        Type: 'Year',
        Number: null,
        StartDate: '2025-02-01',
        EndDate: '2026-01-31',
        PeriodLabel: null,
        FullyQualifiedLabel: 'FY 2026'
      },
      {
        Type: 'Month',
        Number: 1,
        StartDate: '2025-02-01',
        EndDate: '2025-02-28',
        PeriodLabel: 'February',
        FullyQualifiedLabel: 'February FY 2026'
      },
      {
        Type: 'Month',
        Number: 2,
        StartDate: '2025-03-01',
        EndDate: '2025-03-31',
        PeriodLabel: 'March',
        FullyQualifiedLabel: 'March FY 2026'
      }
    ]);
  });

  test('FiscalYearSettings.PeriodId is the Year period', async () => {
    const [year] = await rows(
      conn,
      "SELECT PeriodId, Period.Type, Period.StartDate FROM FiscalYearSettings WHERE Name = '2027'"
    );
    assert.deepEqual(year?.Period, {
      attributes: (year?.Period as { attributes: unknown }).attributes,
      Type: 'Year',
      StartDate: '2026-02-01'
    });
  });

  test('the objects are read-only to the API', async () => {
    await assert.rejects(
      conn.sobject('Period').create({ Type: 'Month', StartDate: '2030-01-01', EndDate: '2030-01-31' })
    );
    const describe = await conn.sobject('FiscalYearSettings').describe();
    assert.equal(describe.createable, false);
    assert.equal(describe.fields.find((f) => f.name === 'IsStandardYear')?.type, 'boolean');
  });
});

test('custom fiscal years that do not fit are refused with the problem named', async () => {
  await assert.rejects(
    startLocalOrg({
      ui: false,
      customFiscalYears: [{ name: '2027', startDate: '2026-02-01', quarters: [[4, 4, 5]] }]
    }),
    /year 1 \("2027"\) needs 4 quarters/
  );
  await assert.rejects(
    startLocalOrg({
      ui: false,
      customFiscalYears: [
        { name: '2027', startDate: '2026-02-01', quarters: CUSTOM_YEAR_TEMPLATES['4-4-5'] },
        { name: '2028', startDate: '2027-02-01', quarters: CUSTOM_YEAR_TEMPLATES['4-5-4'] }
      ]
    }),
    /year 2 \("2028"\) must start on 2027-01-31/
  );
  await assert.rejects(
    startLocalOrg({
      ui: false,
      customFiscalYears: [
        {
          name: '2027',
          startDate: '2026-02-01',
          quarters: [
            [4, 4, 4],
            [4, 4, 4],
            [4, 4, 4],
            [4, 4, 4]
          ]
        }
      ]
    }),
    /has 48 weeks; a fiscal year has 52 or 53/
  );
});
