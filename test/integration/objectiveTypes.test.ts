// End to end: every objective type, in an org whose fiscal year starts in February (named, as
// Salesforce does by default, for the calendar year it ends in: FY2027 is February 2026 to
// January 2027) and whose time zone is New York. The connector syncs against the local org
// over HTTP; what it writes is compared twice: with figures worked out by hand for one
// partner's small fixture, and with a brute-force oracle over the raw records of every
// partner (plain JavaScript: Intl for local days, day-by-day period assignment, sorting for
// the target split; none of the connector's code).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Connection } from 'jsforce';
import { DateTime } from 'luxon';
import { startLocalOrg } from '../../localorg/src/index.ts';
import { fixedClock } from '../../connector/src/clock.ts';
import { loadConfig, type Config } from '../../connector/src/config.ts';
import { silentLogger } from '../../connector/src/logger.ts';
import { SalesforceClient } from '../../connector/src/salesforce/client.ts';
import type { SyncReport } from '../../connector/src/sync/report.ts';
import { runSync } from '../../connector/src/sync/runSync.ts';
import { createPlan, createRecords, queryRecords, type ExistingRow } from '../support/planFixtures.ts';

const ZONE = 'America/New_York';
const FISCAL_START = 2;
const NOW = '2026-11-22T10:00:00.000Z';

type Partner = 'P1' | 'P2' | 'P3';
type PeriodType = 'Monthly' | 'Quarterly' | 'Annually';
type Fn = 'SUM' | 'COUNT' | 'COUNT_DISTINCT' | 'AVG' | 'MIN' | 'MAX';

interface Lead {
  partner: Partner | null;
  /** Wall-clock time in New York. */
  local: string;
  LeadSource: string;
  Status: string;
  AnnualRevenue: number | null;
}

interface Opportunity {
  partner: Partner | null;
  CloseDate: string;
  StageName: string;
  Amount: number | null;
  account: 'A' | 'B' | 'C' | 'D';
}

interface CourseAssignment {
  partner: Partner | null;
  Status__c: 'Assigned' | 'In Progress' | 'Completed' | 'Cancelled';
  /** A Date: the same day in any zone. */
  Completed_Date__c: string | null;
}

/** A raw record with its partner and its New York day (null when the record has no date). */
type SourceRecord = Record<string, unknown> & { partnerId: string | null; day: string | null };

interface ObjectiveFixture {
  label: string;
  type: string;
  fn?: Fn;
  field?: string;
  criteria?: string;
  /** The same condition as plain JavaScript, for the oracle. */
  matches?: (record: Record<string, unknown>) => boolean;
  periodType: PeriodType;
  weight: number;
  target: number | null;
  actual?: number | null;
  progress?: number | null;
  /** Period rows that exist before the sync; `key` is appended to the objective Id. */
  rows?: ExistingRow[];
  /** The connector reports this objective and leaves it alone. */
  problem?: RegExp;
}

interface PlanFixture {
  label: string;
  partner: Partner;
  start: string;
  end: string;
  objectives: ObjectiveFixture[];
}

const closedWon = (r: Record<string, unknown>): boolean => r.StageName === 'Closed Won';

// ---------- Partner P1: a small fixture, worked by hand ----------

/** Mid-November 2025 to the end of June 2026: FY2026 Q4 (from 15 Nov), FY2027 Q1, FY2027 Q2 (to 30 Jun). */
const ACROSS: PlanFixture = {
  label: 'Across two fiscal years',
  partner: 'P1',
  start: '2025-11-15',
  end: '2026-06-30',
  objectives: [
    {
      label: 'Partner-referred revenue',
      type: 'Deal Registration',
      fn: 'SUM',
      field: 'AnnualRevenue',
      criteria: "LeadSource = 'Partner Referral'",
      matches: (r) => r.LeadSource === 'Partner Referral',
      periodType: 'Quarterly',
      weight: 30,
      target: 20000
    },
    { label: 'Leads per month', type: 'Number of Deals', periodType: 'Monthly', weight: 10, target: 24 },
    {
      label: 'Average deal',
      type: 'Qualified Deal Registration',
      fn: 'AVG',
      field: 'Amount',
      periodType: 'Quarterly',
      weight: 10,
      target: 5000
    },
    {
      label: 'Customers',
      type: 'Qualified Deal Registration',
      fn: 'COUNT_DISTINCT',
      field: 'AccountId',
      periodType: 'Quarterly',
      weight: 10,
      target: 3
    },
    {
      label: 'Deals won',
      type: 'Number of Qualified Deals',
      criteria: "StageName = 'Closed Won'",
      matches: closedWon,
      periodType: 'Annually',
      weight: 10,
      target: 10
    },
    {
      label: 'Certifications',
      type: 'Course Completion',
      periodType: 'Quarterly',
      weight: 10,
      target: 5,
      // Entered by hand before Course_Assignment__c was deployed: the sync replaces them.
      actual: 2,
      progress: 40
    },
    { label: 'Joint events', type: 'Custom', periodType: 'Quarterly', weight: 10, target: 8, actual: 6 },
    {
      label: 'Lead revenue (misconfigured)',
      type: 'Number of Deals',
      fn: 'SUM',
      field: 'AnnualRevenue',
      periodType: 'Quarterly',
      weight: 10,
      target: 10,
      problem:
        /^Number of Deals counts Lead records, so Aggregate Function SUM and Aggregate Field AnnualRevenue cannot apply/
    }
  ]
};

/** Fiscal year 2027, with period rows from before: a calendar-quarter key, a user's target, a calendar-month key. */
const FY2027: PlanFixture = {
  label: 'FY2027',
  partner: 'P1',
  start: '2026-02-01',
  end: '2027-01-31',
  objectives: [
    {
      label: 'Registrations',
      type: 'Deal Registration',
      fn: 'COUNT',
      periodType: 'Quarterly',
      weight: 1,
      target: 20,
      rows: [
        // Calendar Q1 2026 (January to March) is no fiscal quarter of this org.
        { key: '2026-Q1', start: '2026-02-01', end: '2026-03-31', target: 5, actual: 9 },
        { key: 'Q-2026-05', start: '2026-05-01', end: '2026-07-31', target: 8, actual: null }
      ]
    },
    {
      label: 'Leads per month',
      type: 'Number of Deals',
      periodType: 'Monthly',
      weight: 1,
      target: 12,
      // March 2026 is a month under any fiscal year: the row is re-keyed and keeps its target.
      rows: [{ key: '2026-M03', start: '2026-03-01', end: '2026-03-31', target: 3, actual: 0 }]
    }
  ]
};

const P1_LEADS: Lead[] = [
  {
    partner: 'P1',
    local: '2025-11-14T23:30',
    LeadSource: 'Partner Referral',
    Status: 'Open - Not Contacted',
    AnnualRevenue: 100
  },
  {
    partner: 'P1',
    local: '2025-11-15T00:30',
    LeadSource: 'Partner Referral',
    Status: 'Open - Not Contacted',
    AnnualRevenue: 200
  },
  // The last evening of FY2026: 04:30 UTC on 1 February, FY2027 in UTC.
  {
    partner: 'P1',
    local: '2026-01-31T23:30',
    LeadSource: 'Partner Referral',
    Status: 'Open - Not Contacted',
    AnnualRevenue: 400
  },
  {
    partner: 'P1',
    local: '2026-02-01T00:30',
    LeadSource: 'Web',
    Status: 'Open - Not Contacted',
    AnnualRevenue: 800
  },
  {
    partner: 'P1',
    local: '2026-03-08T12:00',
    LeadSource: 'Web',
    Status: 'Open - Not Contacted',
    AnnualRevenue: null
  },
  // The last evening of FY2027 Q1: 03:30 UTC on 1 May.
  {
    partner: 'P1',
    local: '2026-04-30T23:30',
    LeadSource: 'Partner Referral',
    Status: 'Open - Not Contacted',
    AnnualRevenue: 1600
  },
  {
    partner: 'P1',
    local: '2026-05-01T00:30',
    LeadSource: 'Partner Referral',
    Status: 'Open - Not Contacted',
    AnnualRevenue: 3200
  },
  {
    partner: 'P1',
    local: '2026-06-30T23:30',
    LeadSource: 'Partner Referral',
    Status: 'Open - Not Contacted',
    AnnualRevenue: 6400
  },
  {
    partner: 'P1',
    local: '2026-07-01T00:30',
    LeadSource: 'Partner Referral',
    Status: 'Open - Not Contacted',
    AnnualRevenue: 12800
  },
  {
    partner: 'P1',
    local: '2026-12-15T10:00',
    LeadSource: 'Partner Referral',
    Status: 'Open - Not Contacted',
    AnnualRevenue: 25600
  },
  {
    partner: 'P2',
    local: '2026-03-10T10:00',
    LeadSource: 'Partner Referral',
    Status: 'Open - Not Contacted',
    AnnualRevenue: 51200
  },
  {
    partner: null,
    local: '2026-03-11T10:00',
    LeadSource: 'Partner Referral',
    Status: 'Open - Not Contacted',
    AnnualRevenue: 9
  }
];

const P1_OPPORTUNITIES: Opportunity[] = [
  { partner: 'P1', CloseDate: '2025-11-14', StageName: 'Closed Won', Amount: 1000, account: 'A' },
  { partner: 'P1', CloseDate: '2025-11-15', StageName: 'Closed Won', Amount: 2000, account: 'A' },
  { partner: 'P1', CloseDate: '2026-01-31', StageName: 'Prospecting', Amount: 3000, account: 'B' },
  { partner: 'P1', CloseDate: '2026-02-01', StageName: 'Closed Won', Amount: 4000, account: 'A' },
  { partner: 'P1', CloseDate: '2026-04-30', StageName: 'Closed Lost', Amount: null, account: 'C' },
  { partner: 'P1', CloseDate: '2026-05-01', StageName: 'Closed Won', Amount: 5000, account: 'C' },
  { partner: 'P1', CloseDate: '2026-06-30', StageName: 'Closed Won', Amount: 6000, account: 'B' },
  { partner: 'P1', CloseDate: '2026-07-01', StageName: 'Closed Won', Amount: 7000, account: 'A' },
  { partner: 'P2', CloseDate: '2026-03-01', StageName: 'Closed Won', Amount: 100000, account: 'D' }
];

// Completed_Date__c is a Date, so no zone applies: the plan's and the fiscal quarters' first and last days.
const P1_COURSES: CourseAssignment[] = [
  { partner: 'P1', Status__c: 'Completed', Completed_Date__c: '2025-11-14' },
  { partner: 'P1', Status__c: 'Completed', Completed_Date__c: '2025-11-15' },
  { partner: 'P1', Status__c: 'Completed', Completed_Date__c: '2026-01-31' },
  { partner: 'P1', Status__c: 'Completed', Completed_Date__c: '2026-02-01' },
  { partner: 'P1', Status__c: 'Assigned', Completed_Date__c: null },
  // Cancelled with a date: the validation rule allows it, the source's filter leaves it out.
  { partner: 'P1', Status__c: 'Cancelled', Completed_Date__c: '2026-04-30' },
  { partner: 'P1', Status__c: 'In Progress', Completed_Date__c: null },
  { partner: 'P1', Status__c: 'Completed', Completed_Date__c: '2026-06-30' },
  { partner: 'P1', Status__c: 'Completed', Completed_Date__c: '2026-07-01' },
  { partner: 'P2', Status__c: 'Completed', Completed_Date__c: '2026-03-10' },
  { partner: null, Status__c: 'Completed', Completed_Date__c: '2026-03-11' }
];

/** What P1's plans should hold after one sync, worked by hand from the records above. */
const HAND_WORKED: Record<
  string,
  { periods: [string, number | null, number | null][]; actual: number | null; progress: number | null }
> = {
  // Quarters FY2026 Q4, FY2027 Q1, Q2: 200 + 400; 1,600 (Web leads excluded); 3,200 + 6,400.
  // Targets: 20,000 × 78/231, × 92/231, × 61/231 by coverage (78 of 92, 89 of 89, 61 of 92 days).
  'Partner-referred revenue': {
    periods: [
      ['Q-2025-11', 600, 6753.25],
      ['Q-2026-02', 1600, 7965.37],
      ['Q-2026-05', 9600, 5281.38]
    ],
    actual: 11800,
    progress: 59
  },
  // November counts 16 of 30 days: 24 × 16/226 = 1.70, the seven whole months 24 × 30/226 = 3.19 or 3.18.
  'Leads per month': {
    periods: [
      ['M-2025-11', 1, 1.7],
      ['M-2025-12', 0, 3.19],
      ['M-2026-01', 1, 3.19],
      ['M-2026-02', 1, 3.19],
      ['M-2026-03', 1, 3.19],
      ['M-2026-04', 1, 3.18],
      ['M-2026-05', 1, 3.18],
      ['M-2026-06', 1, 3.18]
    ],
    actual: 7,
    progress: 29.17
  },
  // (2,000 + 3,000) / 2; 4,000 (the Closed Lost deal has no amount); (5,000 + 6,000) / 2; 20,000 / 5.
  'Average deal': {
    periods: [
      ['Q-2025-11', 2500, 1688.31],
      ['Q-2026-02', 4000, 1991.34],
      ['Q-2026-05', 5500, 1320.35]
    ],
    actual: 4000,
    progress: 80
  },
  // {A, B}, {A, C}, {C, B}; over the plan {A, B, C}.
  Customers: {
    periods: [
      ['Q-2025-11', 2, 1.01],
      ['Q-2026-02', 2, 1.2],
      ['Q-2026-05', 2, 0.79]
    ],
    actual: 3,
    progress: 100
  },
  // FY2026 (78 of its 365 days in the plan): the 15 November deal; FY2027 (150 of 365): three.
  'Deals won': {
    periods: [
      ['Y-2025-02', 1, 3.42],
      ['Y-2026-02', 3, 6.58]
    ],
    actual: 4,
    progress: 40
  },
  // Completed on 15 Nov and 31 Jan; 1 Feb (30 Apr was cancelled); 30 Jun. 14 Nov and 1 Jul are
  // outside the plan, and assignments not completed or of other partners do not count: 4 of 5.
  // Targets 5 × 78/231 = 1.688, × 92/231 = 1.991, × 61/231 = 1.320: 499 cents, the last to the first.
  Certifications: {
    periods: [
      ['Q-2025-11', 2, 1.69],
      ['Q-2026-02', 1, 1.99],
      ['Q-2026-05', 1, 1.32]
    ],
    actual: 4,
    progress: 80
  },
  // Hand-entered 6 of 8; targets 8 × 78/231, × 92/231, × 61/231.
  'Joint events': {
    periods: [
      ['Q-2025-11', null, 2.7],
      ['Q-2026-02', null, 3.19],
      ['Q-2026-05', null, 2.11]
    ],
    actual: 6,
    progress: 75
  },
  // 1 Feb 00:30, 8 Mar, 30 Apr 23:30 | 1 May, 30 Jun, 1 Jul | — | 15 Dec; the 31 Jan 23:30 lead is FY2026.
  // The user's 8 for the May quarter stays; the other three share 20 − 8.
  Registrations: {
    periods: [
      ['Q-2026-02', 3, 4],
      ['Q-2026-05', 3, 8],
      ['Q-2026-08', 0, 4],
      ['Q-2026-11', 1, 4]
    ],
    actual: 7,
    progress: 35
  }
};

// ---------- Partner P3: random records for the oracle ----------

const RANDOM_PLAN: PlanFixture = {
  label: 'Random',
  partner: 'P3',
  start: '2025-08-20',
  end: '2026-09-10',
  objectives: [
    {
      label: 'R max revenue',
      type: 'Deal Registration',
      fn: 'MAX',
      field: 'AnnualRevenue',
      periodType: 'Monthly',
      weight: 3,
      target: 300000
    },
    {
      label: 'R avg revenue',
      type: 'Deal Registration',
      fn: 'AVG',
      field: 'AnnualRevenue',
      periodType: 'Annually',
      weight: 2,
      target: 100000
    },
    {
      label: 'R open leads',
      type: 'Number of Deals',
      criteria: "Status != 'Closed - Not Converted'",
      matches: (r) => r.Status !== 'Closed - Not Converted',
      periodType: 'Quarterly',
      weight: 2,
      target: 40
    },
    {
      label: 'R won amount',
      type: 'Qualified Deal Registration',
      fn: 'SUM',
      field: 'Amount',
      criteria: "StageName = 'Closed Won'",
      matches: closedWon,
      periodType: 'Annually',
      weight: 5,
      target: 500000
    },
    {
      label: 'R smallest deal',
      type: 'Qualified Deal Registration',
      fn: 'MIN',
      field: 'Amount',
      periodType: 'Quarterly',
      weight: 1,
      target: 1000
    },
    {
      label: 'R customers',
      type: 'Qualified Deal Registration',
      fn: 'COUNT_DISTINCT',
      field: 'AccountId',
      periodType: 'Monthly',
      weight: 1,
      target: 4
    },
    { label: 'R deals', type: 'Number of Qualified Deals', periodType: 'Quarterly', weight: 2, target: 60 },
    { label: 'R courses', type: 'Course Completion', periodType: 'Monthly', weight: 1, target: 12 },
    { label: 'R custom', type: 'Custom', periodType: 'Monthly', weight: 1, target: 100, actual: null }
  ]
};

const PLANS = [ACROSS, FY2027, RANDOM_PLAN];

// ---------- Partner P2: a learning system whose object is not in this org ----------

/** Synced on its own, with Course Completion mapped to LMS_Completion__c, which the org lacks. */
const LMS_SOURCES: Config['sources'] = {
  'Course Completion': {
    measure: 'count',
    object: 'LMS_Completion__c',
    partnerField: 'Partner_Account__c',
    dateField: 'Completed_Date__c'
  }
};

const ELSEWHERE: PlanFixture = {
  label: 'Courses in another learning system',
  partner: 'P2',
  start: '2026-02-01',
  end: '2027-01-31',
  objectives: [
    {
      label: 'LMS certifications',
      type: 'Course Completion',
      periodType: 'Quarterly',
      weight: 1,
      target: 5,
      // P2 has one completed Course_Assignment__c in the plan; counting it would make this 1.
      actual: 2,
      progress: 40,
      problem: /^The source object LMS_Completion__c is not in this org/
    }
  ]
};

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomRecords(): { leads: Lead[]; opportunities: Opportunity[]; courses: CourseAssignment[] } {
  const next = random(20260202);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const first = DateTime.fromISO('2025-07-01T00:00', { zone: 'utc' });
  const day = (): DateTime => first.plus({ days: Math.floor(next() * 500) });
  const leads: Lead[] = [];
  const lead = (local: string): void => {
    leads.push({
      partner: 'P3',
      local,
      LeadSource: pick(['Web', 'Partner Referral', 'Phone Inquiry']),
      Status: pick([
        'Open - Not Contacted',
        'Working - Contacted',
        'Closed - Converted',
        'Closed - Not Converted'
      ]),
      AnnualRevenue: pick([null, 0, 5000, 42000, 99000, 250000])
    });
  };
  for (let i = 0; i < 120; i++) {
    lead(
      day()
        .plus({ minutes: Math.floor(next() * 24 * 60) })
        .toFormat("yyyy-LL-dd'T'HH:mm")
    );
  }
  // Either side of midnight at the plan's edges and at fiscal quarter and year ends.
  for (const date of ['2025-08-19', '2025-10-31', '2026-01-31', '2026-04-30', '2026-07-31', '2026-09-10']) {
    const next_ = DateTime.fromISO(date).plus({ days: 1 }).toISODate() as string;
    lead(`${date}T23:30`);
    lead(`${next_}T00:30`);
  }
  const opportunities: Opportunity[] = [];
  const opportunity = (closeDate: string): void => {
    opportunities.push({
      partner: 'P3',
      CloseDate: closeDate,
      StageName: pick(['Prospecting', 'Closed Won', 'Closed Lost']),
      Amount: pick([null, 1500, 20000, 75000, 120000]),
      account: pick(['A', 'B', 'C', 'D'])
    });
  };
  for (let i = 0; i < 100; i++) opportunity(day().toISODate() as string);
  for (const date of ['2025-08-19', '2025-08-20', '2026-01-31', '2026-02-01', '2026-09-10', '2026-09-11'])
    opportunity(date);
  const courses: CourseAssignment[] = [];
  const course = (date: string): void => {
    const status = pick(['Assigned', 'In Progress', 'Completed', 'Completed', 'Cancelled'] as const);
    // Completed assignments need a date (validation rule); the others have one or not.
    const dated = status === 'Completed' || next() < 0.5;
    courses.push({ partner: 'P3', Status__c: status, Completed_Date__c: dated ? date : null });
  };
  for (let i = 0; i < 80; i++) course(day().toISODate() as string);
  // Completed either side of the plan's edges and of a fiscal year end.
  for (const date of ['2025-08-19', '2025-08-20', '2026-01-31', '2026-02-01', '2026-09-10', '2026-09-11'])
    courses.push({ partner: 'P3', Status__c: 'Completed', Completed_Date__c: date });
  return { leads, opportunities, courses };
}

// ---------- the oracle ----------

const localDayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit'
});
/** The New York calendar day of an instant, 'YYYY-MM-DD'. */
const localDay = (instant: string): string => localDayFormat.format(new Date(instant));

/** Days from `start` to `end` inclusive, as 'YYYY-MM-DD', stepping in UTC. */
function daysOf(start: string, end: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${start}T00:00:00Z`); t <= Date.parse(`${end}T00:00:00Z`); t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

const LENGTH: Record<PeriodType, number> = { Monthly: 1, Quarterly: 3, Annually: 12 };

/** The period of `type` a day falls in: its letter and the year and month it starts in. */
function periodIdOfDay(day: string, type: PeriodType): string {
  let year = Number(day.slice(0, 4));
  let month = Number(day.slice(5, 7));
  // Step back month by month to the period's first month: the fiscal year starts in February.
  while ((month - FISCAL_START + 12) % LENGTH[type] !== 0) {
    month--;
    if (month === 0) {
      month = 12;
      year--;
    }
  }
  const letter = type === 'Monthly' ? 'M' : type === 'Quarterly' ? 'Q' : 'Y';
  return `${letter}-${year}-${String(month).padStart(2, '0')}`;
}

interface OraclePeriod {
  id: string;
  start: string;
  end: string;
  /** Plan days in the period ÷ days of the whole period. */
  coverage: number;
}

function oraclePeriods(plan: PlanFixture, type: PeriodType): OraclePeriod[] {
  const planDays = daysOf(plan.start, plan.end);
  const ids = [...new Set(planDays.map((d) => periodIdOfDay(d, type)))];
  return ids.map((id) => {
    const inPlan = planDays.filter((d) => periodIdOfDay(d, type) === id);
    const all = daysOf('2024-01-01', '2028-12-31').filter((d) => periodIdOfDay(d, type) === id);
    return {
      id,
      start: inPlan[0] as string,
      end: inPlan.at(-1) as string,
      coverage: inPlan.length / all.length
    };
  });
}

function aggregate(
  fn: Fn,
  field: string | undefined,
  records: readonly Record<string, unknown>[]
): number | null {
  if (fn === 'COUNT' && !field) return records.length;
  const values = records.map((r) => r[field as string]).filter((v) => v !== null && v !== undefined);
  const numbers = values as number[];
  switch (fn) {
    case 'COUNT':
      return values.length;
    case 'COUNT_DISTINCT':
      return new Set(values).size;
    case 'SUM':
      return numbers.reduce((a, b) => a + b, 0);
    case 'AVG':
      return numbers.length === 0 ? null : numbers.reduce((a, b) => a + b, 0) / numbers.length;
    case 'MIN':
      return numbers.length === 0 ? null : Math.min(...numbers);
    case 'MAX':
      return numbers.length === 0 ? null : Math.max(...numbers);
  }
}

const round2 = (value: number): number => (Math.sign(value) * Math.round(Math.abs(value) * 100 + 1e-9)) / 100;

/** `amount` in cents shared by `weights`: rounded down, then a cent each to the largest remainders, earlier first on ties. */
function splitCents(amount: number, weights: number[]): number[] {
  const cents = Math.round(amount * 100);
  const total = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (cents * w) / total);
  const parts = exact.map((x) => Math.floor(x + 1e-9));
  const order = exact
    .map((x, i) => [x - (parts[i] as number), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  let left = cents - parts.reduce((a, b) => a + b, 0);
  for (const [, i] of order) if (left-- > 0) parts[i] = (parts[i] as number) + 1;
  return parts.map((p) => p / 100);
}

interface Expected {
  periods: Map<string, { start: string; end: string; actual: number | null; target: number | null }>;
  actual: number | null;
  progress: number | null;
}

type Source = 'leads' | 'opportunities' | 'courses' | 'manual';

function sourceOf(type: string): Source {
  if (type === 'Custom') return 'manual';
  if (type === 'Course Completion') return 'courses';
  return type === 'Deal Registration' || type === 'Number of Deals' ? 'leads' : 'opportunities';
}

/** Types that count their source's records, whatever the objective's function and field. */
const COUNTED = new Set(['Number of Deals', 'Number of Qualified Deals', 'Course Completion']);

/** The condition a source applies to every objective of its type: only completed courses count. */
const SOURCE_FILTER: Partial<Record<Source, (record: Record<string, unknown>) => boolean>> = {
  courses: (r) => r.Status__c === 'Completed'
};

function expectedFor(
  plan: PlanFixture,
  o: ObjectiveFixture,
  records: Record<string, SourceRecord[]>
): Expected {
  const source = sourceOf(o.type);
  const fn: Fn = COUNTED.has(o.type) ? 'COUNT' : (o.fn ?? 'COUNT');
  const field = COUNTED.has(o.type) ? undefined : o.field;
  const periods = oraclePeriods(plan, o.periodType);
  const inPlan = (records[source] ?? []).filter(
    (r): r is SourceRecord & { day: string } =>
      r.partnerId === partnerIds[plan.partner] &&
      r.day !== null &&
      r.day >= plan.start &&
      r.day <= plan.end &&
      (SOURCE_FILTER[source] ?? (() => true))(r) &&
      (o.matches ?? (() => true))(r)
  );
  // Targets: rows set before the sync keep theirs (when their key is still a period's); the rest share what is left.
  const kept = new Map(
    (o.rows ?? [])
      .filter((row) => periods.some((p) => p.id === row.key || calendarKeyFor(row.key) === p.id))
      .map((row) => [calendarKeyFor(row.key) ?? row.key, row.target])
  );
  const empty = periods.filter((p) => (kept.get(p.id) ?? null) === null);
  const left = Math.max(0, (o.target ?? 0) - [...kept.values()].reduce<number>((a, b) => a + (b ?? 0), 0));
  const shares =
    o.target === null
      ? []
      : splitCents(
          left,
          empty.map((p) => p.coverage)
        );
  const result = new Map<
    string,
    { start: string; end: string; actual: number | null; target: number | null }
  >();
  for (const period of periods) {
    const value =
      source === 'manual'
        ? null
        : aggregate(
            fn,
            field,
            inPlan.filter((r) => r.day >= period.start && r.day <= period.end)
          );
    const share = empty.indexOf(period);
    result.set(period.id, {
      start: period.start,
      end: period.end,
      actual: value === null ? null : round2(value),
      target: kept.get(period.id) ?? (share >= 0 ? (shares[share] ?? null) : null)
    });
  }
  const whole = source === 'manual' ? (o.actual ?? null) : aggregate(fn, field, inPlan);
  const actual = whole === null ? null : round2(whole);
  const progress = o.target !== null && o.target > 0 ? round2(((actual ?? 0) / o.target) * 100) : null;
  return { periods: result, actual, progress };
}

/** The period a calendar-quarter connector's key (2026-Q1, 2026-M03, 2026) named, in the current id format. */
function calendarKeyFor(key: string): string | null {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(key);
  if (quarter) return `Q-${quarter[1]}-${String(Number(quarter[2]) * 3 - 2).padStart(2, '0')}`;
  const month = /^(\d{4})-M(\d{2})$/.exec(key);
  if (month) return `M-${month[1]}-${month[2]}`;
  return null;
}

// ---------- the run ----------

let org: Awaited<ReturnType<typeof startLocalOrg>>;
let conn: Connection;
let config: Config;
let client: SalesforceClient;
let first: SyncReport;
const partnerIds: Record<string, string> = {};
const objectiveIds = new Map<string, string>();
const planIds = new Map<string, string>();
const existingRowIds = new Map<string, string>();
const records: Record<string, SourceRecord[]> = { leads: [], opportunities: [], courses: [] };

const created = (object: string, values: Record<string, unknown>[]): Promise<string[]> =>
  createRecords(conn, object, values);
const queryAll = <T = Record<string, unknown>>(soql: string): Promise<T[]> => queryRecords<T>(conn, soql);

const sync = (now: string, sources: Config['sources'] = config.sources): Promise<SyncReport> =>
  runSync({ salesforce: client, clock: fixedClock(now), logger: silentLogger(), sources });

/** Creates a plan, its objectives and the period rows they had before, and records their Ids. */
async function addPlan(plan: PlanFixture): Promise<void> {
  const made = await createPlan(conn, plan, partnerIds[plan.partner] as string);
  planIds.set(plan.label, made.planId);
  for (const [label, objectiveId] of made.objectiveIds)
    objectiveIds.set(`${plan.label}/${label}`, objectiveId);
  for (const [key, rowId] of made.rowIds) existingRowIds.set(key, rowId);
}

before(async () => {
  org = await startLocalOrg({
    port: 0,
    seed: false,
    ui: false,
    fiscalYearStartMonth: FISCAL_START,
    timeZoneSidKey: ZONE
  });
  conn = new Connection({ loginUrl: org.url, version: '62.0' });
  await conn.login(org.adminUsername, org.adminPassword);

  const partners = await created(
    'Account',
    ['Northwind', 'Contoso', 'Fabrikam'].map((Name) => ({ Name, IsPartner: true }))
  );
  partners.forEach((id, index) => (partnerIds[`P${index + 1}`] = id));
  const customers = await created(
    'Account',
    ['A', 'B', 'C', 'D'].map((Name) => ({ Name: `Customer ${Name}` }))
  );
  const customerIds: Record<string, string> = {
    A: customers[0] as string,
    B: customers[1] as string,
    C: customers[2] as string,
    D: customers[3] as string
  };

  const generated = randomRecords();
  const leads = [...P1_LEADS, ...generated.leads];
  const opportunities = [...P1_OPPORTUNITIES, ...generated.opportunities];
  const leadValues = leads.map((lead, index) => {
    const instant = DateTime.fromISO(lead.local, { zone: ZONE });
    assert.ok(instant.isValid, lead.local);
    return {
      LastName: `Lead ${index + 1}`,
      Company: 'Prospect',
      LeadSource: lead.LeadSource,
      Status: lead.Status,
      AnnualRevenue: lead.AnnualRevenue,
      PartnerAccountId: lead.partner ? partnerIds[lead.partner] : null,
      CreatedDate: instant.toUTC().toISO() as string
    };
  });
  await created('Lead', leadValues);
  records.leads = leadValues.map((v) => ({
    ...v,
    partnerId: v.PartnerAccountId ?? null,
    day: localDay(v.CreatedDate)
  }));
  const opportunityValues = opportunities.map((o, index) => ({
    Name: `Deal ${index + 1}`,
    StageName: o.StageName,
    CloseDate: o.CloseDate,
    Amount: o.Amount,
    AccountId: customerIds[o.account],
    PartnerAccountId: o.partner ? partnerIds[o.partner] : null
  }));
  await created('Opportunity', opportunityValues);
  // CloseDate is a Date: its day is the day, in any zone.
  records.opportunities = opportunityValues.map((v) => ({
    ...v,
    partnerId: v.PartnerAccountId ?? null,
    day: v.CloseDate
  }));

  const courseValues = [...P1_COURSES, ...generated.courses].map((c, index) => ({
    Course_Name__c: `Course ${(index % 7) + 1}`,
    Course_Id__c: `C-${(index % 7) + 1}`,
    Status__c: c.Status__c,
    Completed_Date__c: c.Completed_Date__c,
    Partner_Account__c: c.partner ? partnerIds[c.partner] : null
  }));
  await created('Course_Assignment__c', courseValues);
  // Completed_Date__c is a Date, like CloseDate.
  records.courses = courseValues.map((v) => ({
    ...v,
    partnerId: v.Partner_Account__c ?? null,
    day: v.Completed_Date__c
  }));

  for (const plan of PLANS) await addPlan(plan);

  config = loadConfig({
    SF_LOGIN_URL: org.url,
    SF_USERNAME: org.adminUsername,
    SF_PASSWORD: org.adminPassword,
    LOG_LEVEL: 'silent'
  });
  client = new SalesforceClient({ ...config.salesforce, logger: silentLogger() });
  first = await sync(NOW);
});

after(async () => {
  await client?.close();
  await org?.close();
});

const id = (plan: PlanFixture, o: ObjectiveFixture): string =>
  objectiveIds.get(`${plan.label}/${o.label}`) as string;
const computedObjectives = PLANS.flatMap((plan) =>
  plan.objectives.filter((o) => !o.problem).map((o) => ({ plan, o }))
);

async function rowsOf(objectiveId: string) {
  return queryAll<{
    Id: string;
    Period_Key__c: string;
    Period_Start__c: string;
    Period_End__c: string;
    Target__c: number | null;
    Actual__c: number | null;
  }>(
    `SELECT Id, Period_Key__c, Period_Start__c, Period_End__c, Target__c, Actual__c FROM Objective_Target__c WHERE Plan_Objective__c = '${objectiveId}' ORDER BY Period_Start__c`
  );
}

test('one sync computes every type in the fiscal calendar, and reports the objectives it cannot compute', () => {
  assert.equal(first.outcome, 'completed', JSON.stringify(first.errors, null, 2));
  assert.equal(first.timeZone, ZONE);
  assert.deepEqual(first.fiscalYear, { startMonth: 2, nameByStartYear: false });
  assert.deepEqual(first.plans, { read: 3, calculated: 3, skipped: 0, updated: 3, finalPasses: 0 });
  assert.equal(first.objectives.computed, computedObjectives.length);
  assert.equal(first.errors.length, 0);
  assert.equal(
    first.apiCalls.describe,
    6,
    'three planning objects, Lead, Opportunity and Course_Assignment__c'
  );
  for (const plan of PLANS) {
    for (const o of plan.objectives.filter((x) => x.problem)) {
      const problem = first.problems.find((p) => p.objectiveId === id(plan, o));
      assert.match(problem?.message ?? '', o.problem as RegExp, o.label);
    }
  }
});

test("hand-worked: P1's actuals, targets and progress for every type, records on period boundaries in New York", async () => {
  for (const plan of [ACROSS, FY2027]) {
    for (const o of plan.objectives) {
      const expected = HAND_WORKED[o.label];
      if (!expected || (plan === FY2027 && o.label === 'Leads per month')) continue;
      const objectiveId = id(plan, o);
      const rows = (await rowsOf(objectiveId)).filter((r) => !r.Period_Key__c.endsWith('-2026-Q1'));
      assert.deepEqual(
        rows.map((r) => [r.Period_Key__c.slice(objectiveId.length + 1), r.Actual__c, r.Target__c]),
        expected.periods,
        `${plan.label} / ${o.label}`
      );
      const [stored] = await queryAll(
        `SELECT Actual__c, Progress__c FROM Plan_Objective__c WHERE Id = '${objectiveId}'`
      );
      assert.deepEqual(
        [stored?.Actual__c, stored?.Progress__c],
        [expected.actual, expected.progress],
        `${o.label} actual and progress`
      );
    }
  }
});

test('the oracle agrees with the hand-worked figures', () => {
  for (const plan of [ACROSS, FY2027]) {
    for (const o of plan.objectives.filter((x) => !x.problem)) {
      const expected = HAND_WORKED[o.label];
      if (!expected || (plan === FY2027 && o.label === 'Leads per month')) continue;
      const oracle = expectedFor(plan, o, records);
      assert.deepEqual(
        [...oracle.periods].map(([key, p]) => [key, p.actual, p.target]),
        expected.periods,
        o.label
      );
      assert.deepEqual([oracle.actual, oracle.progress], [expected.actual, expected.progress]);
    }
  }
});

test('every computed objective matches brute force over the raw records: period rows, actuals, targets, progress', async () => {
  const objectives = await queryAll('SELECT Id, Actual__c, Progress__c FROM Plan_Objective__c');
  for (const { plan, o } of computedObjectives) {
    const objectiveId = id(plan, o);
    const expected = expectedFor(plan, o, records);
    const orphans = new Set(
      (o.rows ?? [])
        .filter((row) => !expected.periods.has(calendarKeyFor(row.key) ?? row.key))
        .map((row) => `${objectiveId}-${row.key}`)
    );
    const rows = (await rowsOf(objectiveId)).filter((r) => !orphans.has(r.Period_Key__c));
    assert.deepEqual(
      rows.map((r) => r.Period_Key__c),
      [...expected.periods.keys()].map((key) => `${objectiveId}-${key}`),
      `${o.label}: one row per fiscal period`
    );
    for (const row of rows) {
      const period = expected.periods.get(row.Period_Key__c.slice(objectiveId.length + 1));
      assert.deepEqual(
        { start: row.Period_Start__c, end: row.Period_End__c, actual: row.Actual__c, target: row.Target__c },
        { start: period?.start, end: period?.end, actual: period?.actual, target: period?.target },
        `${o.label} ${row.Period_Key__c}`
      );
    }
    const stored = objectives.find((x) => x.Id === objectiveId);
    assert.deepEqual(
      [stored?.Actual__c, stored?.Progress__c],
      [expected.actual, expected.progress],
      `${o.label} actual and progress`
    );
  }
});

test('plan progress weighs every objective, including those the connector could not compute', async () => {
  const plans = await queryAll('SELECT Id, Progress__c FROM Business_Plan__c');
  for (const plan of PLANS) {
    const items = plan.objectives.map((o) => {
      const progress = o.problem
        ? o.target !== null && o.target > 0
          ? round2(((o.actual ?? 0) / o.target) * 100)
          : null
        : expectedFor(plan, o, records).progress;
      return { weight: o.weight, target: o.target, progress };
    });
    const counted = items.filter((i) => i.target !== null && i.target > 0);
    const weights = counted.reduce((a, i) => a + i.weight, 0);
    const expected = round2(
      counted.reduce((a, i) => a + i.weight * Math.min(i.progress ?? 0, 100), 0) / weights
    );
    assert.equal(plans.find((p) => p.Id === planIds.get(plan.label))?.Progress__c, expected, plan.label);
  }
  // By hand for the plan across two fiscal years: (30×59 + 10×29.17 + 10×80 + 10×100 + 10×40
  // + 10×80 (Certifications) + 10×75 + 10×0) / 100.
  assert.equal(plans.find((p) => p.Id === planIds.get(ACROSS.label))?.Progress__c, 58.12);
});

test('Custom objectives keep their hand-entered actuals: never written, on the objective or its periods', async () => {
  for (const plan of [ACROSS, RANDOM_PLAN]) {
    const o = plan.objectives.find((x) => x.type === 'Custom') as ObjectiveFixture;
    const [stored] = await queryAll(`SELECT Actual__c FROM Plan_Objective__c WHERE Id = '${id(plan, o)}'`);
    assert.equal(stored?.Actual__c, o.actual ?? null);
    assert.ok((await rowsOf(id(plan, o))).every((r) => r.Actual__c === null));
  }
});

test('period rows from before: a calendar month is re-keyed in place, a calendar quarter that is no fiscal quarter keeps its target and loses its actual', async () => {
  const registrations = id(FY2027, FY2027.objectives[0] as ObjectiveFixture);
  const quarter = (await rowsOf(registrations)).find((r) => r.Period_Key__c === `${registrations}-2026-Q1`);
  assert.deepEqual([quarter?.Target__c, quarter?.Actual__c], [5, null]);
  assert.match(
    first.problems.find((p) => p.objectiveId === registrations)?.message ?? '',
    new RegExp(`^1 period row matches no period of this objective any more \\(${registrations}-2026-Q1\\)`)
  );
  const leadsPerMonth = id(FY2027, FY2027.objectives[1] as ObjectiveFixture);
  const march = (await rowsOf(leadsPerMonth)).find((r) => r.Period_Start__c === '2026-03-01');
  assert.deepEqual(
    [march?.Id, march?.Period_Key__c, march?.Target__c, march?.Actual__c],
    [existingRowIds.get(`${leadsPerMonth}-2026-M03`), `${leadsPerMonth}-M-2026-03`, 3, 1]
  );
  // The other eleven months share 12 − 3 = 9: 0.82 for the first nine, 0.81 for December and January.
  const others = (await rowsOf(leadsPerMonth)).filter((r) => r.Period_Start__c !== '2026-03-01');
  assert.deepEqual(
    others.map((r) => r.Target__c),
    [0.82, 0.82, 0.82, 0.82, 0.82, 0.82, 0.82, 0.82, 0.82, 0.81, 0.81]
  );
});

test('a second sync over unchanged data writes nothing', async () => {
  const second = await sync('2026-11-22T10:15:00.000Z');
  assert.equal(second.outcome, 'completed', JSON.stringify(second.errors, null, 2));
  assert.deepEqual(second.records, {});
  assert.equal(second.apiCalls.composite, 0);
  assert.deepEqual(
    second.problems.map((p) => p.message),
    first.problems.map((p) => p.message),
    'the same problems, still reported'
  );
});

test('an objective whose source object is not in the org is reported and left as it was, with no period rows', async () => {
  await addPlan(ELSEWHERE);
  const o = ELSEWHERE.objectives[0] as ObjectiveFixture;
  const certifications = id(
    ACROSS,
    ACROSS.objectives.find((x) => x.label === 'Certifications') as ObjectiveFixture
  );
  const rowsBefore = await rowsOf(certifications);
  const report = await sync('2026-11-22T10:30:00.000Z', { ...config.sources, ...LMS_SOURCES });
  assert.equal(report.outcome, 'completed', JSON.stringify(report.errors, null, 2));
  assert.match(
    report.problems.find((p) => p.objectiveId === id(ELSEWHERE, o))?.message ?? '',
    o.problem as RegExp
  );
  const [stored] = await queryAll(
    `SELECT Actual__c, Progress__c, Calculation_Status__c, Calculation_Message__c FROM Plan_Objective__c WHERE Id = '${id(ELSEWHERE, o)}'`
  );
  assert.deepEqual([stored?.Actual__c, stored?.Progress__c], [2, 40]);
  assert.equal(stored?.Calculation_Status__c, 'Error');
  assert.match(String(stored?.Calculation_Message__c), o.problem as RegExp);
  assert.equal((await rowsOf(id(ELSEWHERE, o))).length, 0);
  // The plan weighs it as entered; the Course Completion objectives computed before keep what they had.
  const [plan] = await queryAll(
    `SELECT Progress__c FROM Business_Plan__c WHERE Id = '${planIds.get(ELSEWHERE.label)}'`
  );
  assert.equal(plan?.Progress__c, 40);
  assert.deepEqual(await rowsOf(certifications), rowsBefore);
  assert.deepEqual(
    Object.keys(report.records).sort(),
    ['Business_Plan__c', 'Plan_Objective__c'],
    'only the new plan and the Course Completion objectives (now Error) are written'
  );
  const courseObjectives = [...PLANS, ELSEWHERE].flatMap((plan) =>
    plan.objectives.filter((x) => x.type === 'Course Completion')
  );
  assert.equal(report.records.Plan_Objective__c?.updated, courseObjectives.length);
});
