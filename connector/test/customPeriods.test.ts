// Custom fiscal years laid over a standard February calendar, worked by hand. "2027" is a
// 4-4-5 year from Sunday 2026-02-01 to Saturday 2027-01-30: quarters of 13 weeks end on 2 May,
// 1 Aug, 31 Oct and 30 Jan; the first months are 1–28 Feb, 1–28 Mar and 29 Mar – 2 May. The
// standard FY2026 (Feb 2025 – Jan 2026) comes before it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkCustomYears, withCustomYears, type CustomFiscalYear } from '../src/engine/customPeriods.ts';
import { fiscalCalendar, periodIdOfBucket } from '../src/engine/periods.ts';

const quarters = [
  { number: 1, start: '2026-02-01', end: '2026-05-02' },
  { number: 2, start: '2026-05-03', end: '2026-08-01' },
  { number: 3, start: '2026-08-02', end: '2026-10-31' },
  { number: 4, start: '2026-11-01', end: '2027-01-30' }
];
// Month lengths in weeks 4-4-5 per quarter, from 1 Feb 2026.
const monthEnds = [
  '2026-02-28',
  '2026-03-28',
  '2026-05-02',
  '2026-05-30',
  '2026-06-27',
  '2026-08-01',
  '2026-08-29',
  '2026-09-26',
  '2026-10-31',
  '2026-11-28',
  '2026-12-26',
  '2027-01-30'
];
const months = monthEnds.map((end, index) => ({
  number: index + 1,
  start: index === 0 ? '2026-02-01' : nextDay(monthEnds[index - 1] as string),
  end
}));
function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}
const fy2027: CustomFiscalYear = { name: '2027', start: '2026-02-01', end: '2027-01-30', quarters, months };
const calendar = withCustomYears(fiscalCalendar({ startMonth: 2, nameByStartYear: false }), [fy2027]);
const plan = { start: '2025-12-01', end: '2026-06-30' };

test('quarters of a plan across a standard and a custom year: standard ones by month, custom ones by Period rows', () => {
  assert.deepEqual(calendar.periods(plan, 'Quarterly'), [
    {
      id: 'Q-2025-11',
      label: 'FY2026 Q4',
      start: '2025-12-01',
      end: '2026-01-31',
      full: { start: '2025-11-01', end: '2026-01-31' }
    },
    {
      id: 'Q-2026-02-01',
      label: 'FY2027 Q1',
      start: '2026-02-01',
      end: '2026-05-02',
      full: { start: '2026-02-01', end: '2026-05-02' }
    },
    {
      id: 'Q-2026-05-03',
      label: 'FY2027 Q2',
      start: '2026-05-03',
      end: '2026-06-30',
      full: { start: '2026-05-03', end: '2026-08-01' }
    }
  ]);
});

test('custom months are labelled with their number and first day; an Annual period is the custom year', () => {
  assert.deepEqual(
    calendar
      .periods({ start: '2026-03-15', end: '2026-05-10' }, 'Monthly')
      .map((p) => [p.id, p.label, p.start, p.end]),
    [
      ['M-2026-03-01', 'FY2027 M02 (1 Mar 2026)', '2026-03-15', '2026-03-28'],
      ['M-2026-03-29', 'FY2027 M03 (29 Mar 2026)', '2026-03-29', '2026-05-02'],
      ['M-2026-05-03', 'FY2027 M04 (3 May 2026)', '2026-05-03', '2026-05-10']
    ]
  );
  assert.deepEqual(
    calendar.periods(plan, 'Annually').map((p) => [p.id, p.label, p.start, p.end, p.full.end]),
    [
      ['Y-2025-02', 'FY2026', '2025-12-01', '2026-01-31', '2026-01-31'],
      ['Y-2026-02-01', 'FY2027', '2026-02-01', '2026-06-30', '2027-01-30']
    ]
  );
});

test('days and months are placed in the period that holds them; months overlapping a custom year are refused', () => {
  assert.equal(calendar.periodIdOfDay('Quarterly', '2026-01-31'), 'Q-2025-11');
  assert.equal(calendar.periodIdOfDay('Quarterly', '2026-05-02'), 'Q-2026-02-01');
  assert.equal(calendar.periodIdOfDay('Quarterly', '2026-05-03'), 'Q-2026-05-03');
  assert.equal(periodIdOfBucket(calendar, 'Monthly', '2026-03-29'), 'M-2026-03-29');
  assert.equal(periodIdOfBucket(calendar, 'Monthly', '2025-12'), 'M-2025-12');
  assert.throws(() => periodIdOfBucket(calendar, 'Monthly', '2026-03'), /overlaps a custom fiscal year/);
  assert.equal(calendar.hasCustomDays({ start: '2025-02-01', end: '2026-01-31' }), false);
  assert.equal(calendar.hasCustomDays({ start: '2026-01-31', end: '2026-02-01' }), true);
});

test('custom years whose rows do not tile the year are refused, naming the year', () => {
  assert.throws(
    () => checkCustomYears([{ ...fy2027, months: months.filter((m) => m.number !== 5) }]),
    /Custom fiscal year 2027: months are not numbered 1 to 11/
  );
  assert.throws(
    () => checkCustomYears([{ ...fy2027, quarters: quarters.slice(0, 3) }]),
    /quarters end on 2026-10-31 but the year ends on 2027-01-30/
  );
  assert.throws(
    () => checkCustomYears([fy2027, { ...fy2027, name: '2027b' }]),
    /Custom fiscal years 2027 and 2027b overlap/
  );
});
