import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  checkSource,
  emptyValues,
  objectiveOutcome,
  planCalculation,
  planOutcome,
  queriesFor,
  readRows,
  WHOLE_PLAN,
  type CalculationContext,
  type MeasureQuery,
  type ObjectiveJob,
  type Scales,
  type Source,
  type SourceState
} from '../src/engine/calculation.ts';
import type { RecordSourceMapping } from '../src/engine/model.ts';
import { fiscalCalendar } from '../src/engine/periods.ts';
import { leadDescribe, objective, plan } from './fixtures.ts';

const P1 = '001000000000001AAA';
const P2 = '001000000000002AAA';

const leads: RecordSourceMapping = {
  measure: 'objective',
  object: 'Lead',
  partnerField: 'PartnerAccountId',
  dateField: 'CreatedDate'
};

function source(type: string, mapping: RecordSourceMapping): Source {
  const checked = checkSource(type, mapping, leadDescribe);
  assert.ok(checked.ok, checked.ok ? '' : checked.problem);
  return checked.source;
}

/** A fiscal year starting in February, named for the year it ends in: FY2027 is February 2026 to January 2027. */
const calendar = fiscalCalendar({ startMonth: 2, nameByStartYear: false });

const context: CalculationContext = {
  calendar,
  timeZone: 'America/New_York',
  sources: new Map<string, SourceState>([
    ['Deal Registration', { kind: 'records', source: source('Deal Registration', leads) }],
    [
      'Number of Deals',
      {
        kind: 'records',
        source: source('Number of Deals', {
          ...leads,
          measure: 'count',
          filter: "Status = 'Closed - Converted'"
        })
      }
    ],
    ['Custom', { kind: 'manual' }],
    [
      'Course Completion',
      { kind: 'unavailable', problem: 'The source object Course_Assignment__c is not in this org.' }
    ]
  ])
};

const scales: Scales = {
  targetActual: 2,
  targetTarget: 2,
  objectiveActual: 2,
  objectiveProgress: 2,
  objectiveProgressMax: 999.99,
  targetProgress: 2,
  targetProgressMax: 999_999.99,
  planProgress: 2
};

/** The item at `index`, which the test knows is there. */
function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  assert.ok(item !== undefined, `no item ${index}`);
  return item;
}

function job(jobs: readonly ObjectiveJob[], objectiveId: string): ObjectiveJob {
  const found = jobs.find((j) => j.objective.id === objectiveId);
  assert.ok(found, `no job for ${objectiveId}`);
  return found;
}

function queryOf(calculation: ReturnType<typeof planCalculation>, objectiveId: string): MeasureQuery {
  const measurement = job(calculation.jobs, objectiveId).measurement;
  assert.equal(measurement.kind, 'records');
  const query = calculation.queries.find((q) => q.key === measurement.queryKey);
  assert.ok(query);
  return query;
}

// Plans P and Q cover FY2027 (February 2026 to January 2027); R spans two fiscal years.
const fy2027 = { startDate: '2026-02-01', endDate: '2027-01-31' };
const planP = plan({ id: 'a01000000000000PPP', name: 'P', partnerAccountId: P1, ...fy2027 });
const plans = [
  planP,
  plan({ id: 'a01000000000000QQQ', name: 'Q', partnerAccountId: P2, ...fy2027 }),
  plan({
    id: 'a01000000000000RRR',
    name: 'R',
    partnerAccountId: P1,
    startDate: '2025-11-15',
    endDate: '2026-06-30'
  }),
  plan({ id: 'a01000000000000SSS', name: 'S', partnerAccountId: null })
];
const objectives = [
  objective({ id: 'a02000000000000001', planId: 'a01000000000000PPP', weight: 2, target: 10 }),
  objective({ id: 'a02000000000000002', planId: 'a01000000000000QQQ' }),
  objective({ id: 'a02000000000000003', planId: 'a01000000000000RRR' }),
  objective({
    id: 'a02000000000000004',
    planId: 'a01000000000000PPP',
    aggregateFunction: 'SUM',
    aggregateField: 'Company',
    actual: 4,
    target: 8
  }),
  objective({ id: 'a02000000000000005', planId: 'a01000000000000PPP', type: 'Custom', actual: 3, target: 4 }),
  objective({ id: 'a02000000000000006', planId: 'a01000000000000SSS' }),
  objective({
    id: 'a02000000000000007',
    planId: 'a01000000000000PPP',
    aggregateFunction: 'AVG',
    aggregateField: 'AnnualRevenue',
    weight: 5,
    target: 1000
  }),
  objective({ id: 'a02000000000000008', planId: 'a01000000000000PPP', periodType: 'Monthly' }),
  objective({
    id: 'a02000000000000009',
    planId: 'a01000000000000PPP',
    aggregateFunction: 'COUNT_DISTINCT',
    aggregateField: 'Company'
  }),
  objective({ id: 'a02000000000000010', planId: 'a01000000000000PPP', type: 'Course Completion' }),
  objective({ id: 'a02000000000000011', planId: 'a01000000000000PPP', type: 'Number of Deals' }),
  objective({
    id: 'a02000000000000012',
    planId: 'a01000000000000PPP',
    type: 'Number of Deals',
    aggregateFunction: 'MAX',
    aggregateField: 'AnnualRevenue'
  })
];

test('one per-month query serves every plan and period type with the same measure and dates', () => {
  const calculation = planCalculation(plans, objectives, context);
  const shared = queryOf(calculation, 'a02000000000000001');
  assert.deepEqual(shared.partnerIds, [P1, P2]);
  assert.deepEqual(shared.range, { start: '2026-02-01', end: '2027-01-31' });
  assert.equal(shared.windows, null);
  assert.equal(queryOf(calculation, 'a02000000000000008'), shared, 'the monthly objective shares it');
  assert.equal(queryOf(calculation, 'a02000000000000002'), shared, "the other partner's plan shares it");
  assert.notEqual(queryOf(calculation, 'a02000000000000003'), shared, 'other dates, other query');
  assert.notEqual(queryOf(calculation, 'a02000000000000011'), shared, 'another source filter, other query');
});

test('objectives that cannot be computed are reported, and the others still are', () => {
  const { problems, jobs } = planCalculation(plans, objectives, context);
  assert.deepEqual(
    problems.map((p) => [p.planName, p.objectiveId]),
    [
      ['P', 'a02000000000000004'],
      ['P', 'a02000000000000010'],
      ['P', 'a02000000000000012'],
      ['S', null]
    ]
  );
  assert.match(at(problems, 0).message, /SUM needs a number/);
  assert.match(at(problems, 1).message, /Course_Assignment__c is not in this org/);
  assert.match(at(problems, 2).message, /Number of Deals counts Lead records/);
  assert.match(at(problems, 3).message, /Partner Account is empty/);
  assert.equal(jobs.length, 8);
});

test('Custom objectives are jobs without a query, and unknown period types are reported', () => {
  const calculation = planCalculation(
    [planP],
    [
      objective({ periodType: 'Weekly', planId: planP.id }),
      objective({ id: 'a02000000000000005', type: 'Custom', planId: planP.id })
    ],
    context
  );
  assert.deepEqual(
    calculation.problems.map((p) => p.message),
    ['Period Type "Weekly" is not one of Monthly, Quarterly, Annually.']
  );
  assert.deepEqual(
    calculation.jobs.map((j) => j.measurement.kind),
    ['manual']
  );
  assert.equal(calculation.queries.length, 0);
});

test('SOQL: month buckets for sums and averages, one window query per period and the plan for distinct counts', () => {
  const calculation = planCalculation(plans, objectives, context);
  const [avg] = queriesFor(queryOf(calculation, 'a02000000000000007'), context);
  assert.match(
    avg?.soql ?? '',
    /^SELECT PartnerAccountId, CALENDAR_YEAR\(convertTimezone\(CreatedDate\)\) b0, CALENDAR_MONTH\(convertTimezone\(CreatedDate\)\) b1, SUM\(AnnualRevenue\) v0, COUNT\(AnnualRevenue\) v1 FROM Lead /
  );
  // Midnight in New York: 05:00 UTC in winter.
  assert.match(avg?.soql ?? '', /CreatedDate >= 2026-02-01T05:00:00Z AND CreatedDate < 2027-02-01T05:00:00Z/);
  const distinct = queriesFor(queryOf(calculation, 'a02000000000000009'), context);
  assert.deepEqual(
    distinct.map((batch) => batch.windowId),
    ['Q-2026-02', 'Q-2026-05', 'Q-2026-08', 'Q-2026-11', WHOLE_PLAN]
  );
  assert.match(
    at(distinct, 1).soql,
    /COUNT_DISTINCT\(Company\) v0 FROM Lead .*CreatedDate >= 2026-05-01T04:00:00Z AND CreatedDate < 2026-08-01T04:00:00Z GROUP BY PartnerAccountId$/
  );
  const [count] = queriesFor(queryOf(calculation, 'a02000000000000011'), context);
  assert.match(
    count?.soql ?? '',
    /COUNT\(Id\) v0 FROM Lead .* AND \(Status = 'Closed - Converted'\) GROUP BY/
  );
});

test('Date fields are bounded by date literals and bucketed without a time zone', () => {
  const opportunities: Source = {
    ...source('Deal Registration', leads),
    mapping: { ...leads, dateField: 'ConvertedDate' },
    dateFieldType: 'date'
  };
  const dated = {
    ...context,
    sources: new Map([['Deal Registration', { kind: 'records', source: opportunities }]])
  };
  const calculation = planCalculation(
    [planP],
    [objective({ planId: planP.id })],
    dated as CalculationContext
  );
  const [batch] = queriesFor(at(calculation.queries, 0), dated as CalculationContext);
  assert.match(batch?.soql ?? '', /CALENDAR_MONTH\(ConvertedDate\) b1/);
  assert.match(batch?.soql ?? '', /ConvertedDate >= 2026-02-01 AND ConvertedDate <= 2027-01-31/);
});

test('partners are batched so that partners × months stays within 2,000 rows', () => {
  const partnerIds = Array.from({ length: 450 }, (_, i) => `001${String(i).padStart(12, '0')}AAA`);
  const base = queryOf(planCalculation(plans, objectives, context), 'a02000000000000001');
  assert.equal(queriesFor({ ...base, partnerIds }, context).length, 3, '200 partners per query at most');
  const threeYears = queriesFor(
    { ...base, partnerIds, range: { start: '2024-01-01', end: '2026-12-31' } },
    context
  );
  assert.equal(threeYears.length, Math.ceil(450 / Math.floor(2000 / 36)));
});

test('month rows land in their fiscal quarter; empty quarters count 0; months outside the plan are counted as unplaced', () => {
  const calculation = planCalculation(plans, objectives, context);
  const query = queryOf(calculation, 'a02000000000000001');
  const values = emptyValues();
  const row = (partner: string, year: number, month: number, v0: number) => ({
    attributes: { type: 'AggregateResult' },
    PartnerAccountId: partner,
    b0: year,
    b1: month,
    v0
  });
  readRows(
    [
      row(P1, 2026, 2, 3), // FY2027 Q1
      row(P1, 2026, 4, 1), // FY2027 Q1
      row(P1, 2027, 1, 2), // FY2027 Q4: January ends the fiscal year
      row(P2, 2026, 5, 5), // FY2027 Q2
      row(P2, 2026, 1, 9) // before the plan
    ],
    { windowId: null },
    query,
    values
  );
  assert.equal(values.unplaced, 1);
  const p = objectiveOutcome(job(calculation.jobs, 'a02000000000000001'), values, calendar, scales);
  assert.deepEqual(
    p.periods.map((period) => [period.key, period.period.label, period.actual]),
    [
      ['a02000000000000001-Q-2026-02', 'FY2027 Q1', 4],
      ['a02000000000000001-Q-2026-05', 'FY2027 Q2', 0],
      ['a02000000000000001-Q-2026-08', 'FY2027 Q3', 0],
      ['a02000000000000001-Q-2026-11', 'FY2027 Q4', 2]
    ]
  );
  assert.deepEqual([p.actual, p.progress], [6, 60]);
  const monthly = objectiveOutcome(job(calculation.jobs, 'a02000000000000008'), values, calendar, scales);
  assert.deepEqual(
    monthly.periods.filter((m) => m.actual !== 0).map((m) => [m.period.id, m.actual]),
    [
      ['M-2026-02', 3],
      ['M-2026-04', 1],
      ['M-2027-01', 2]
    ]
  );
  const q = objectiveOutcome(job(calculation.jobs, 'a02000000000000002'), values, calendar, scales);
  assert.deepEqual(
    q.periods.map((period) => period.actual),
    [0, 5, 0, 0]
  );
});

test('averages divide summed sums by summed counts, per quarter and for the whole plan; empty quarters stay unknown', () => {
  const calculation = planCalculation(plans, objectives, context);
  const values = emptyValues();
  readRows(
    [
      { PartnerAccountId: P1, b0: 2026, b1: 2, v0: 1000, v1: 3 },
      { PartnerAccountId: P1, b0: 2026, b1: 3, v0: 5, v1: 1 },
      { PartnerAccountId: P1, b0: 2026, b1: 12, v0: 300, v1: 2 }
    ],
    { windowId: null },
    queryOf(calculation, 'a02000000000000007'),
    values
  );
  const outcome = objectiveOutcome(job(calculation.jobs, 'a02000000000000007'), values, calendar, scales);
  assert.deepEqual(
    outcome.periods.map((p) => p.actual),
    [251.25, null, null, 150]
  );
  // (1000 + 5 + 300) / (3 + 1 + 2) = 217.5
  assert.deepEqual([outcome.actual, outcome.progress], [217.5, 21.75]);
});

test('distinct counts are read per window, the whole plan included', () => {
  const calculation = planCalculation(plans, objectives, context);
  const query = queryOf(calculation, 'a02000000000000009');
  const values = emptyValues();
  readRows([{ PartnerAccountId: P1, v0: 3 }], { windowId: 'Q-2026-02' }, query, values);
  readRows([{ PartnerAccountId: P1, v0: 2 }], { windowId: 'Q-2026-11' }, query, values);
  readRows([{ PartnerAccountId: P1, v0: 4 }], { windowId: WHOLE_PLAN }, query, values);
  const outcome = objectiveOutcome(job(calculation.jobs, 'a02000000000000009'), values, calendar, scales);
  assert.deepEqual(
    outcome.periods.map((p) => p.actual),
    [3, 0, 0, 2]
  );
  assert.equal(outcome.actual, 4, 'the same company in two quarters counts once');
});

test('a Custom objective keeps its hand-entered actual and gets progress and its periods', () => {
  const calculation = planCalculation(plans, objectives, context);
  const outcome = objectiveOutcome(job(calculation.jobs, 'a02000000000000005'), null, calendar, scales);
  assert.deepEqual([outcome.manual, outcome.actual, outcome.progress], [true, 3, 75]);
  assert.deepEqual(
    outcome.periods.map((p) => [p.key, p.actual]),
    [
      ['a02000000000000005-Q-2026-02', null],
      ['a02000000000000005-Q-2026-05', null],
      ['a02000000000000005-Q-2026-08', null],
      ['a02000000000000005-Q-2026-11', null]
    ]
  );
});

test('progress beyond what the field holds is stored at its limit and flagged', () => {
  const calculation = planCalculation([planP], [objective({ planId: planP.id, target: 0.1 })], context);
  const values = emptyValues();
  values.months.set(P1, new Map([['2026-03', [5]]]));
  const outcome = objectiveOutcome(at(calculation.jobs, 0), values, calendar, scales);
  assert.deepEqual([outcome.actual, outcome.progress, outcome.progressCapped], [5, 999.99, true]);
});

test('plan progress counts objectives not computed this run by their current actual and target', () => {
  const calculation = planCalculation(plans, objectives, context);
  const values = emptyValues();
  values.months.set(P1, new Map([['2026-03', [5, 1]]]));
  const outcomes = new Map(
    calculation.jobs
      .filter((j) => j.plan.name === 'P' && j.objective.id !== 'a02000000000000008')
      .filter((j) => j.objective.id !== 'a02000000000000009' && j.objective.id !== 'a02000000000000011')
      .map((j) => [j.objective.id, objectiveOutcome(j, values, calendar, scales)] as const)
  );
  // o1 weight 2 × 50%, o4 (not computed: 4 of 8) weight 1 × 50%, o5 (Custom: 3 of 4) weight 1 × 75%,
  // o7 weight 5 × 0.5% (an average of 5 against 1,000), and o8 to o12 (weight 1, target 10) with
  // no actual: 0% → (100 + 50 + 75 + 2.5) / 14 = 16.25
  const progress = planOutcome(
    objectives.filter((o) => o.planId === planP.id),
    outcomes,
    scales
  );
  assert.equal(progress, 16.25);
});

test('a source whose object, fields or filter do not fit is refused with the reason named', () => {
  const refused = (mapping: RecordSourceMapping, describe = leadDescribe): string => {
    const checked = checkSource('Deal Registration', mapping, describe);
    return checked.ok ? '' : checked.problem;
  };
  assert.match(refused({ ...leads, dateField: 'Company' }), /Lead\.Company, the date field/);
  assert.match(refused({ ...leads, partnerField: 'Email' }), /Lead\.Email, the partner field/);
  assert.match(
    refused({ ...leads, filter: "Stage__c = 'Done'" }),
    /filter of the "Deal Registration" source.*"Stage__c" is not a field of Lead/
  );
  const missing = checkSource('Course Completion', { ...leads, object: 'Course_Assignment__c' }, null);
  assert.match(
    missing.ok ? '' : missing.problem,
    /^The source object Course_Assignment__c is not in this org \(or the connector's user cannot see it\), so Course Completion objectives cannot be computed/
  );
});
