// Fiscal periods, worked by hand. Salesforce names a standard fiscal year for the calendar year
// it ends in unless "Fiscal Year is Based On" is set to the starting month
// (Organization.UsesStartDateAsFiscalYearName): with a February start, February 2025 to
// January 2026 is FY2026, or FY2025 when named by its start.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PERIOD_TYPES, type PeriodType } from '../src/engine/model.ts';
import { currentKeyForLegacy, fiscalCalendar, monthsOf, periodKey } from '../src/engine/periods.ts';

const february = fiscalCalendar({ startMonth: 2, nameByStartYear: false });
const october = fiscalCalendar({ startMonth: 10, nameByStartYear: false });
const january = fiscalCalendar({ startMonth: 1, nameByStartYear: false });

/** A plan from mid-November 2025 to the end of June 2026: the end of FY2026 and the start of FY2027. */
const acrossYears = { start: '2025-11-15', end: '2026-06-30' };

test('quarters of a February fiscal year, for a plan spanning two fiscal years, clipped to the plan', () => {
  assert.deepEqual(february.periods(acrossYears, 'Quarterly'), [
    {
      id: 'Q-2025-11',
      label: 'FY2026 Q4',
      start: '2025-11-15',
      end: '2026-01-31',
      full: { start: '2025-11-01', end: '2026-01-31' }
    },
    {
      id: 'Q-2026-02',
      label: 'FY2027 Q1',
      start: '2026-02-01',
      end: '2026-04-30',
      full: { start: '2026-02-01', end: '2026-04-30' }
    },
    {
      id: 'Q-2026-05',
      label: 'FY2027 Q2',
      start: '2026-05-01',
      end: '2026-06-30',
      full: { start: '2026-05-01', end: '2026-07-31' }
    }
  ]);
});

test('fiscal years of a February fiscal year, named for the year they end in', () => {
  assert.deepEqual(february.periods(acrossYears, 'Annually'), [
    {
      id: 'Y-2025-02',
      label: 'FY2026',
      start: '2025-11-15',
      end: '2026-01-31',
      full: { start: '2025-02-01', end: '2026-01-31' }
    },
    {
      id: 'Y-2026-02',
      label: 'FY2027',
      start: '2026-02-01',
      end: '2026-06-30',
      full: { start: '2026-02-01', end: '2027-01-31' }
    }
  ]);
});

test('months of a February fiscal year are numbered from February and keep their calendar names', () => {
  const months = february.periods(acrossYears, 'Monthly');
  assert.deepEqual(
    months.map((m) => [m.id, m.label, m.start, m.end]),
    [
      ['M-2025-11', 'FY2026 M10 (Nov 2025)', '2025-11-15', '2025-11-30'],
      ['M-2025-12', 'FY2026 M11 (Dec 2025)', '2025-12-01', '2025-12-31'],
      ['M-2026-01', 'FY2026 M12 (Jan 2026)', '2026-01-01', '2026-01-31'],
      ['M-2026-02', 'FY2027 M01 (Feb 2026)', '2026-02-01', '2026-02-28'],
      ['M-2026-03', 'FY2027 M02 (Mar 2026)', '2026-03-01', '2026-03-31'],
      ['M-2026-04', 'FY2027 M03 (Apr 2026)', '2026-04-01', '2026-04-30'],
      ['M-2026-05', 'FY2027 M04 (May 2026)', '2026-05-01', '2026-05-31'],
      ['M-2026-06', 'FY2027 M05 (Jun 2026)', '2026-06-01', '2026-06-30']
    ]
  );
  assert.deepEqual(months[0]?.full, { start: '2025-11-01', end: '2025-11-30' });
});

test('named by the starting month, the same periods carry the year they start in, and keep their ids', () => {
  const byStart = fiscalCalendar({ startMonth: 2, nameByStartYear: true });
  const periods = byStart.periods(acrossYears, 'Quarterly');
  assert.deepEqual(
    periods.map((p) => p.label),
    ['FY2025 Q4', 'FY2026 Q1', 'FY2026 Q2']
  );
  assert.deepEqual(
    periods.map((p) => p.id),
    february.periods(acrossYears, 'Quarterly').map((p) => p.id)
  );
  assert.deepEqual(
    byStart.periods(acrossYears, 'Annually').map((p) => p.label),
    ['FY2025', 'FY2026']
  );
});

test('an October fiscal year puts a calendar year in Q2 to Q4 of one fiscal year and Q1 of the next', () => {
  const year = { start: '2026-01-01', end: '2026-12-31' };
  assert.deepEqual(
    october.periods(year, 'Quarterly').map((p) => [p.id, p.label, p.start, p.end]),
    [
      ['Q-2026-01', 'FY2026 Q2', '2026-01-01', '2026-03-31'],
      ['Q-2026-04', 'FY2026 Q3', '2026-04-01', '2026-06-30'],
      ['Q-2026-07', 'FY2026 Q4', '2026-07-01', '2026-09-30'],
      ['Q-2026-10', 'FY2027 Q1', '2026-10-01', '2026-12-31']
    ]
  );
  assert.deepEqual(
    october.periods(year, 'Annually').map((p) => [p.id, p.label, p.start, p.end, p.full.start, p.full.end]),
    [
      ['Y-2025-10', 'FY2026', '2026-01-01', '2026-09-30', '2025-10-01', '2026-09-30'],
      ['Y-2026-10', 'FY2027', '2026-10-01', '2026-12-31', '2026-10-01', '2027-09-30']
    ]
  );
  assert.deepEqual(
    october.periods({ start: '2025-09-20', end: '2025-10-10' }, 'Monthly').map((p) => p.label),
    ['FY2025 M12 (Sep 2025)', 'FY2026 M01 (Oct 2025)']
  );
});

test('a January fiscal year is the calendar year, whichever way it is named', () => {
  for (const nameByStartYear of [false, true]) {
    const calendar = fiscalCalendar({ startMonth: 1, nameByStartYear });
    assert.deepEqual(
      calendar.periods({ start: '2026-01-01', end: '2026-12-31' }, 'Quarterly').map((p) => [p.id, p.label]),
      [
        ['Q-2026-01', 'FY2026 Q1'],
        ['Q-2026-04', 'FY2026 Q2'],
        ['Q-2026-07', 'FY2026 Q3'],
        ['Q-2026-10', 'FY2026 Q4']
      ]
    );
  }
});

test('months know their lengths, leap years included, and a one-day plan has one one-day period', () => {
  assert.deepEqual(
    january.periods({ start: '2028-02-10', end: '2028-03-05' }, 'Monthly').map((p) => [p.start, p.end]),
    [
      ['2028-02-10', '2028-02-29'],
      ['2028-03-01', '2028-03-05']
    ]
  );
  assert.deepEqual(
    february
      .periods({ start: '2026-05-20', end: '2026-05-20' }, 'Quarterly')
      .map((p) => [p.id, p.start, p.end]),
    [['Q-2026-05', '2026-05-20', '2026-05-20']]
  );
  assert.deepEqual(february.periods({ start: '2026-05-20', end: '2026-05-19' }, 'Quarterly'), []);
});

test('every month of a plan is bucketed into the period that contains it, for every start month and period type', () => {
  const range = { start: '2024-12-15', end: '2027-03-10' };
  for (let startMonth = 1; startMonth <= 12; startMonth++) {
    for (const nameByStartYear of [false, true]) {
      const calendar = fiscalCalendar({ startMonth, nameByStartYear });
      for (const type of PERIOD_TYPES as readonly PeriodType[]) {
        const periods = calendar.periods(range, type);
        for (const [year, month] of monthsOf(range)) {
          const first = `${year}-${String(month).padStart(2, '0')}-01`;
          const containing = periods.filter((p) => p.full.start <= first && first <= p.full.end);
          assert.equal(containing.length, 1, `${startMonth} ${type} ${first}`);
          assert.equal(calendar.periodIdOfMonth(type, year, month), containing[0]?.id);
        }
        // Periods tile the plan: each starts the day after the previous one ends.
        assert.equal(periods[0]?.start, range.start);
        assert.equal(periods.at(-1)?.end, range.end);
      }
    }
  }
});

test('a start month outside 1–12 is refused', () => {
  assert.throws(() => fiscalCalendar({ startMonth: 13, nameByStartYear: false }), /1–12/);
  assert.throws(() => february.periodIdOfMonth('Monthly', 2026, 0), /Not a calendar month/);
});

test('period keys put the objective Id before the period id', () => {
  assert.equal(periodKey('a02000000000001AAA', { id: 'Q-2026-02' }), 'a02000000000001AAA-Q-2026-02');
});

test('keys of the calendar-quarter connector translate to the whole period they named', () => {
  const id = 'a02000000000001AAA';
  assert.equal(currentKeyForLegacy(id, `${id}-2026-Q1`), `${id}-Q-2026-01`);
  assert.equal(currentKeyForLegacy(id, `${id}-2026-Q4`), `${id}-Q-2026-10`);
  assert.equal(currentKeyForLegacy(id, `${id}-2026-M03`), `${id}-M-2026-03`);
  assert.equal(currentKeyForLegacy(id, `${id}-2026`), `${id}-Y-2026-01`);
  assert.equal(currentKeyForLegacy(id, `${id}-Q-2026-01`), null, 'already current');
  assert.equal(currentKeyForLegacy(id, `${id}-2026-Q5`), null);
  assert.equal(currentKeyForLegacy(id, 'a02000000000002AAA-2026-Q1'), null, "another objective's key");
  assert.equal(currentKeyForLegacy(id, null), null);
});
