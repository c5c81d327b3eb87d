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
  type CalculationContext,
  type MeasureQuery,
  type Scales,
  type Source
} from '../src/engine/calculation.ts';
import { gregorianCalendar } from '../src/engine/periods.ts';
import { leadDescribe, objective, plan } from './fixtures.ts';

const P1 = '001000000000001AAA';
const P2 = '001000000000002AAA';

function dealRegistrationSource(): Source {
  const checked = checkSource(
    'Deal Registration',
    { object: 'Lead', partnerField: 'PartnerAccountId', dateField: 'CreatedDate' },
    leadDescribe
  );
  assert.ok(checked.ok);
  return checked.source;
}

const context: CalculationContext = {
  calendar: gregorianCalendar,
  timeZone: 'America/New_York',
  sources: new Map([['Deal Registration', dealRegistrationSource()]])
};

const scales: Scales = {
  targetActual: 2,
  objectiveActual: 2,
  objectiveProgress: 2,
  objectiveProgressMax: 999.99,
  planProgress: 2
};

/** The item at `index`, which the test knows is there. */
function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  assert.ok(item !== undefined, `no item ${index}`);
  return item;
}

const planP = plan({ id: 'a01000000000000PPP', name: 'P', partnerAccountId: P1 });
const plans = [
  planP,
  plan({ id: 'a01000000000000QQQ', name: 'Q', partnerAccountId: P2 }),
  plan({
    id: 'a01000000000000RRR',
    name: 'R',
    partnerAccountId: P1,
    startDate: '2025-10-01',
    endDate: '2026-03-31'
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
  })
];

test('plans sharing a definition and date range share one query; other ranges get their own', () => {
  const calculation = planCalculation(plans, objectives, context);
  assert.deepEqual(
    calculation.jobs.map((job) => job.objective.id),
    ['a02000000000000001', 'a02000000000000007', 'a02000000000000002', 'a02000000000000003']
  );
  assert.equal(calculation.queries.length, 3);
  const shared = calculation.queries.find((q) => q.partnerIds.length === 2);
  assert.deepEqual(shared?.partnerIds, [P1, P2]);
  assert.deepEqual(shared?.range, { start: '2026-01-01', end: '2026-12-31' });
});

test('an objective that cannot be computed is reported and the others still are', () => {
  const { problems } = planCalculation(plans, objectives, context);
  assert.deepEqual(
    problems.map((p) => [p.planName, p.objectiveId]),
    [
      ['P', 'a02000000000000004'],
      ['S', null]
    ]
  );
  assert.match(problems[0]?.message ?? '', /SUM needs a number/);
  assert.match(problems[1]?.message ?? '', /Partner Account is empty/);
});

test('objective types without a source and unknown period types are handled', () => {
  const calculation = planCalculation(
    [planP],
    [
      objective({ periodType: 'Weekly', planId: 'a01000000000000PPP' }),
      objective({ type: 'Course Completion', planId: 'a01000000000000PPP' })
    ],
    context
  );
  assert.equal(calculation.jobs.length, 0);
  assert.deepEqual(
    calculation.problems.map((p) => p.message),
    ['Period Type "Weekly" is not one of Monthly, Quarterly, Annually.']
  );
});

test('averages get a whole-range totals query next to the per-period one', () => {
  const calculation = planCalculation(plans, objectives, context);
  const avg = calculation.queries.find((q) => q.measure.fn === 'AVG') as MeasureQuery;
  assert.deepEqual(
    queriesFor(avg, context).map((batch) => batch.kind),
    ['periods', 'totals']
  );
  const count = calculation.queries.find((q) => q.partnerIds.length === 2) as MeasureQuery;
  assert.deepEqual(
    queriesFor(count, context).map((batch) => batch.kind),
    ['periods']
  );
});

test('partners are batched so that partners × periods stays within 2,000 rows', () => {
  const partnerIds = Array.from({ length: 450 }, (_, i) => `001${String(i).padStart(12, '0')}AAA`);
  const base = at(planCalculation(plans, objectives, context).queries, 0);
  const quarterly = queriesFor({ ...base, partnerIds }, context);
  assert.equal(quarterly.length, 3, '200 partners per query at most');
  const monthly = queriesFor(
    { ...base, partnerIds, periodType: 'Monthly', range: { start: '2024-01-01', end: '2026-12-31' } },
    context
  );
  assert.equal(monthly.length, Math.ceil(450 / Math.floor(2000 / 36)));
});

test('rows become period actuals, missing periods count 0 and the whole plan sums the periods', () => {
  const calculation = planCalculation(plans, objectives, context);
  const query = calculation.queries.find((q) => q.partnerIds.length === 2) as MeasureQuery;
  const values = emptyValues();
  readRows(
    [
      { attributes: { type: 'AggregateResult' }, PartnerAccountId: P1, b0: 2026, b1: 1, val: 3 },
      { attributes: { type: 'AggregateResult' }, PartnerAccountId: P1, b0: 2026, b1: 3, val: 2 },
      { attributes: { type: 'AggregateResult' }, PartnerAccountId: P2, b0: 2026, b1: 2, val: 5 },
      { attributes: { type: 'AggregateResult' }, PartnerAccountId: P2, b0: 2026, b1: 7, val: 1 }
    ],
    'periods',
    query,
    context,
    values
  );
  assert.equal(values.unplaced, 1);
  const p = objectiveOutcome(at(calculation.jobs, 0), values, scales);
  assert.deepEqual(
    p.periods.map((period) => [period.key, period.actual]),
    [
      ['a02000000000000001-2026-Q1', 3],
      ['a02000000000000001-2026-Q2', 0],
      ['a02000000000000001-2026-Q3', 2],
      ['a02000000000000001-2026-Q4', 0]
    ]
  );
  assert.deepEqual([p.actual, p.progress], [5, 50]);
  const q = objectiveOutcome(at(calculation.jobs, 2), values, scales);
  assert.deepEqual(
    q.periods.map((period) => period.actual),
    [0, 5, 0, 0]
  );
});

test('averages use the totals row for the whole plan and stay unknown in empty periods', () => {
  const calculation = planCalculation(plans, objectives, context);
  const query = calculation.queries.find((q) => q.measure.fn === 'AVG') as MeasureQuery;
  const job = calculation.jobs.find((j) => j.measure.fn === 'AVG');
  assert.ok(job);
  const values = emptyValues();
  readRows([{ PartnerAccountId: P1, b0: 2026, b1: 1, val: 333.3333 }], 'periods', query, context, values);
  readRows([{ PartnerAccountId: P1, val: 250.555 }], 'totals', query, context, values);
  const outcome = objectiveOutcome(job, values, scales);
  assert.deepEqual(
    outcome.periods.map((p) => p.actual),
    [333.33, null, null, null]
  );
  assert.equal(outcome.actual, 250.56);
  assert.equal(outcome.progress, 25.06);
});

test('progress beyond what the field holds is stored at its limit and flagged', () => {
  const calculation = planCalculation(
    [planP],
    [objective({ planId: 'a01000000000000PPP', target: 0.1 })],
    context
  );
  const values = emptyValues();
  values.periods.set(P1, new Map([['2026-Q1', 5]]));
  const outcome = objectiveOutcome(at(calculation.jobs, 0), values, scales);
  assert.deepEqual([outcome.actual, outcome.progress, outcome.progressCapped], [5, 999.99, true]);
});

test('plan progress counts objectives not computed this run by their current actual and target', () => {
  const calculation = planCalculation(plans, objectives, context);
  const values = emptyValues();
  values.periods.set(P1, new Map([['2026-Q1', 5]]));
  values.totals.set(P1, 250.555);
  const outcomes = new Map(
    calculation.jobs
      .filter((job) => job.plan.name === 'P')
      .map((job) => [job.objective.id, objectiveOutcome(job, values, scales)] as const)
  );
  // o1 weight 2 × 50%, o4 (not computed: 4 of 8) weight 1 × 50%, o5 (Custom: 3 of 4) weight 1 × 75%,
  // o7 weight 5 × 25.06% → (100 + 50 + 75 + 125.3) / 9 = 38.92
  const progress = planOutcome(
    objectives.filter((o) => o.planId === 'a01000000000000PPP'),
    outcomes,
    scales
  );
  assert.equal(progress, 38.92);
});

test('a source whose fields do not fit is refused with the field named', () => {
  const wrongDate = checkSource(
    'Deal Registration',
    { object: 'Lead', partnerField: 'PartnerAccountId', dateField: 'Company' },
    leadDescribe
  );
  assert.match(wrongDate.ok ? '' : wrongDate.problem, /Lead\.Company, the date field/);
  const wrongPartner = checkSource(
    'Deal Registration',
    { object: 'Lead', partnerField: 'Email', dateField: 'CreatedDate' },
    leadDescribe
  );
  assert.match(wrongPartner.ok ? '' : wrongPartner.problem, /Lead\.Email, the partner field/);
});
