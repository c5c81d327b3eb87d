import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ObjectiveOutcome, Scales } from '../src/engine/calculation.ts';
import type { ObjectiveTarget } from '../src/engine/model.ts';
import { gregorianCalendar } from '../src/engine/periods.ts';
import { computeChanges } from '../src/sync/changes.ts';
import { objective, plan } from './fixtures.ts';

const scales: Scales = {
  targetActual: 2,
  objectiveActual: 2,
  objectiveProgress: 2,
  objectiveProgressMax: 999.99,
  planProgress: 2
};
const NOW = '2026-11-22T10:00:00.000Z';
const planP = plan({ id: 'a01000000000000PPP', progress: 40, lastCalculated: '2026-11-01T00:00:00.000Z' });
const planQ = plan({ id: 'a01000000000000QQQ', progress: 10, lastCalculated: '2026-11-01T00:00:00.000Z' });
const planR = plan({ id: 'a01000000000000RRR', progress: null, lastCalculated: null });
const o1 = objective({ id: 'a02000000000000001', planId: planP.id, actual: 5, progress: 50.004 });
const periods = gregorianCalendar.periods({ start: '2026-01-01', end: '2026-12-31' }, 'Quarterly');

const outcome: ObjectiveOutcome = {
  job: {
    plan: planP,
    objective: o1,
    partnerId: '001000000000001AAA',
    periods,
    measure: { fn: 'COUNT', field: 'Id' },
    queryKey: 'k'
  },
  periods: periods.map((period, index) => ({
    period,
    key: `${o1.id}-${period.id}`,
    actual: [3, 0, 2, 0][index] ?? null
  })),
  actual: 5,
  progress: 50,
  progressCapped: false
};

function target(id: string, periodKey: string, actual: number | null, objectiveId = o1.id): ObjectiveTarget {
  const period = periods.find((p) => periodKey.endsWith(p.id));
  return {
    id,
    objectiveId,
    periodKey,
    periodStart: period?.start ?? null,
    periodEnd: period?.end ?? null,
    target: 7,
    actual
  };
}

test('only values that differ at field scale are written, and missing periods are upserted by key', () => {
  const changes = computeChanges({
    plans: [planP, planQ, planR],
    objectives: [o1],
    targets: [
      target('a03000000000000001', `${o1.id}-2026-Q1`, 3.001),
      target('a03000000000000002', `${o1.id}-2026-Q2`, 1)
    ],
    outcomes: [outcome],
    planProgress: new Map([
      [planP.id, 40],
      [planQ.id, 10],
      [planR.id, null]
    ]),
    scales,
    now: NOW
  });
  assert.deepEqual(changes.targetUpdates, [{ Id: 'a03000000000000002', Actual__c: 0 }]);
  assert.deepEqual(changes.targetInserts, [
    {
      Period_Key__c: `${o1.id}-2026-Q3`,
      Plan_Objective__c: o1.id,
      Period_Start__c: '2026-07-01',
      Period_End__c: '2026-09-30',
      Actual__c: 2
    },
    {
      Period_Key__c: `${o1.id}-2026-Q4`,
      Plan_Objective__c: o1.id,
      Period_Start__c: '2026-10-01',
      Period_End__c: '2026-12-31',
      Actual__c: 0
    }
  ]);
  assert.deepEqual(changes.objectiveUpdates, [], 'actual 5 and progress 50.004 are 5 and 50.00 at scale 2');
  assert.deepEqual(changes.planUpdates, [
    { Id: planP.id, Last_Calculated__c: NOW },
    { Id: planR.id, Last_Calculated__c: NOW }
  ]);
  assert.deepEqual(changes.conflicts, []);
});

test('a plan whose results did not change keeps its Last Calculated', () => {
  const unchanged = {
    ...outcome,
    job: { ...outcome.job, plan: planQ, objective: { ...o1, planId: planQ.id } }
  };
  const targets = unchanged.periods.map((p, i) => target(`a0300000000000001${i}`, p.key, p.actual));
  const changes = computeChanges({
    plans: [planQ],
    objectives: [unchanged.job.objective],
    targets,
    outcomes: [unchanged],
    planProgress: new Map([[planQ.id, 10.001]]),
    scales,
    now: NOW
  });
  assert.deepEqual(changes, {
    targetInserts: [],
    targetUpdates: [],
    objectiveUpdates: [],
    planUpdates: [],
    conflicts: []
  });
});

test('changed objective and plan values are written with the new Last Calculated', () => {
  const changes = computeChanges({
    plans: [planP],
    objectives: [o1],
    targets: outcome.periods.map((p, i) => target(`a0300000000000001${i}`, p.key, p.actual)),
    outcomes: [{ ...outcome, actual: 6, progress: 60 }],
    planProgress: new Map([[planP.id, 45.5]]),
    scales,
    now: NOW
  });
  assert.deepEqual(changes.objectiveUpdates, [{ Id: o1.id, Actual__c: 6, Progress__c: 60 }]);
  assert.deepEqual(changes.planUpdates, [{ Id: planP.id, Progress__c: 45.5, Last_Calculated__c: NOW }]);
});

test('a period key held by another objective is reported, not overwritten', () => {
  const changes = computeChanges({
    plans: [planP],
    objectives: [o1],
    targets: [target('a03000000000000009', `${o1.id}-2026-Q3`, 1, 'a02000000000000999')],
    outcomes: [outcome],
    planProgress: new Map([[planP.id, 40]]),
    scales,
    now: NOW
  });
  assert.deepEqual(changes.conflicts, [`${o1.id}-2026-Q3`]);
  assert.ok(!changes.targetInserts.some((r) => r.Period_Key__c === `${o1.id}-2026-Q3`));
});

test('plans not calculated this run are not written', () => {
  const changes = computeChanges({
    plans: [planR],
    objectives: [],
    targets: [],
    outcomes: [],
    planProgress: new Map(),
    scales,
    now: NOW
  });
  assert.deepEqual(changes.planUpdates, []);
});
