import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ObjectiveOutcome, Scales } from '../src/engine/calculation.ts';
import type { ObjectiveTarget, PlanObjective } from '../src/engine/model.ts';
import { fiscalCalendar, periodKey } from '../src/engine/periods.ts';
import {
  computeChanges,
  fitText,
  periodRowChanges,
  resultChanges,
  rowFailures,
  withoutUnfinishedFinalPasses,
  type ChangeInput
} from '../src/sync/changes.ts';
import { objective, plan } from './fixtures.ts';

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
const lengths = { calculationMessage: 255, periodLabel: 40 };
const NOW = '2026-11-22T10:00:00.000Z';
const planP = plan({ id: 'a01000000000000PPP', progress: 40, lastCalculated: '2026-11-01T00:00:00.000Z' });
const planQ = plan({ id: 'a01000000000000QQQ', progress: 10, lastCalculated: '2026-11-01T00:00:00.000Z' });
const planR = plan({ id: 'a01000000000000RRR', progress: null, lastCalculated: null });
// Target 10 over four whole quarters: 2.5 each when no period target is set.
const o1 = objective({
  id: 'a02000000000000001',
  planId: planP.id,
  actual: 5,
  progress: 50.004,
  target: 10,
  calculationStatus: 'Calculated'
});
const january = fiscalCalendar({ startMonth: 1, nameByStartYear: false });
const periods = january.periods({ start: '2026-01-01', end: '2026-12-31' }, 'Quarterly');

function outcomeFor(o: PlanObjective, actuals: (number | null)[], manual = false): ObjectiveOutcome {
  return {
    job: {
      plan: o.planId === planQ.id ? planQ : planP,
      objective: o,
      partnerId: '001000000000001AAA',
      periodType: 'Quarterly',
      periods,
      measurement: manual
        ? { kind: 'manual' }
        : { kind: 'records', measure: { fn: 'COUNT', field: 'Id' }, queryKey: 'k' }
    },
    periods: periods.map((period, index) => ({
      period,
      key: periodKey(o.id, period),
      actual: actuals[index] ?? null
    })),
    actual: manual ? o.actual : actuals.reduce<number>((a, b) => a + (b ?? 0), 0),
    progress: 50,
    progressCapped: false,
    manual
  };
}

const outcome = outcomeFor(o1, [3, 0, 2, 0]);

/** A stored period row for `periodKey`, with the dates and label of the period it names (if it names a current one). */
function row(
  id: string,
  key: string,
  actual: number | null,
  overrides: Partial<ObjectiveTarget> = {}
): ObjectiveTarget {
  const period = periods.find((p) => key.endsWith(p.id));
  return {
    id,
    objectiveId: o1.id,
    periodKey: key,
    periodStart: period?.start ?? null,
    periodEnd: period?.end ?? null,
    periodLabel: period?.label ?? null,
    target: 2.5,
    actual,
    progress: null,
    ...overrides
  };
}

function changesFor(input: Partial<ChangeInput>) {
  return computeChanges({
    plans: [planP],
    objectives: [o1],
    targets: [],
    outcomes: [outcome],
    planProgress: new Map([[planP.id, 40]]),
    scales,
    lengths,
    now: NOW,
    problems: [],
    planFields: new Map(),
    finalPass: new Map(),
    ...input
  });
}

test('only values that differ at field scale are written, and missing periods are upserted with their share of the target', () => {
  const changes = changesFor({
    plans: [planP, planQ, planR],
    targets: [
      row('a03000000000000001', `${o1.id}-Q-2026-01`, 3.001, { progress: 120 }),
      row('a03000000000000002', `${o1.id}-Q-2026-04`, 1, { progress: 40 })
    ],
    planProgress: new Map([
      [planP.id, 40],
      [planQ.id, 10],
      [planR.id, null]
    ])
  });
  // Progress is the period's actual over its target: Q2 0 of 2.5, Q3 2 of 2.5, Q4 0 of 2.5.
  assert.deepEqual(changes.targetUpdates, [{ Id: 'a03000000000000002', Actual__c: 0, Progress__c: 0 }]);
  assert.deepEqual(changes.targetInserts, [
    {
      Period_Key__c: `${o1.id}-Q-2026-07`,
      Plan_Objective__c: o1.id,
      Period_Start__c: '2026-07-01',
      Period_End__c: '2026-09-30',
      Period_Label__c: 'FY2026 Q3',
      Progress__c: 80,
      Actual__c: 2,
      Target__c: 2.5
    },
    {
      Period_Key__c: `${o1.id}-Q-2026-10`,
      Plan_Objective__c: o1.id,
      Period_Start__c: '2026-10-01',
      Period_End__c: '2026-12-31',
      Period_Label__c: 'FY2026 Q4',
      Progress__c: 0,
      Actual__c: 0,
      Target__c: 2.5
    }
  ]);
  assert.deepEqual(changes.objectiveUpdates, [], 'actual 5 and progress 50.004 are 5 and 50.00 at scale 2');
  assert.deepEqual(changes.planUpdates, [
    { Id: planP.id, Last_Calculated__c: NOW },
    { Id: planR.id, Last_Calculated__c: NOW }
  ]);
  assert.deepEqual([changes.conflicts, changes.notices], [[], []]);
});

test('a plan whose results did not change keeps its Last Calculated', () => {
  const o = { ...o1, planId: planQ.id };
  const unchanged = outcomeFor(o, [3, 0, 2, 0]);
  const changes = computeChanges({
    plans: [planQ],
    objectives: [o],
    targets: unchanged.periods.map((p, i) =>
      row(`a0300000000000001${i}`, p.key, p.actual, { progress: [120, 0, 80, 0][i] ?? null })
    ),
    outcomes: [unchanged],
    planProgress: new Map([[planQ.id, 10.001]]),
    scales,
    lengths,
    now: NOW,
    problems: [],
    planFields: new Map(),
    finalPass: new Map()
  });
  assert.deepEqual(changes, {
    targetInserts: [],
    targetUpdates: [],
    objectiveUpdates: [],
    planUpdates: [],
    conflicts: [],
    notices: []
  });
});

test('changed objective and plan values are written with the new Last Calculated', () => {
  const changes = changesFor({
    targets: outcome.periods.map((p, i) => row(`a0300000000000001${i}`, p.key, p.actual)),
    outcomes: [{ ...outcome, actual: 6, progress: 60 }],
    planProgress: new Map([[planP.id, 45.5]])
  });
  assert.deepEqual(changes.objectiveUpdates, [{ Id: o1.id, Actual__c: 6, Progress__c: 60 }]);
  assert.deepEqual(changes.planUpdates, [{ Id: planP.id, Progress__c: 45.5, Last_Calculated__c: NOW }]);
});

test('a period key held by another objective is reported, not overwritten', () => {
  const changes = changesFor({
    targets: [row('a03000000000000009', `${o1.id}-Q-2026-07`, 1, { objectiveId: 'a02000000000000999' })]
  });
  assert.deepEqual(changes.conflicts, [`${o1.id}-Q-2026-07`]);
  assert.ok(!changes.targetInserts.some((r) => r.Period_Key__c === `${o1.id}-Q-2026-07`));
});

test('plans not calculated this run are not written', () => {
  const changes = changesFor({ plans: [planR], objectives: [], outcomes: [], planProgress: new Map() });
  assert.deepEqual(changes.planUpdates, []);
});

test('a target a person set is never changed, and empty periods share what it leaves of the objective target', () => {
  const changes = changesFor({
    targets: [
      row('a03000000000000001', `${o1.id}-Q-2026-01`, 3, { target: 4 }),
      row('a03000000000000002', `${o1.id}-Q-2026-04`, 0, { target: null })
    ]
  });
  // 10 − 4 = 6 over three empty quarters; Q1's progress is 3 of the 4 the person set.
  assert.deepEqual(changes.targetUpdates, [
    { Id: 'a03000000000000001', Progress__c: 75 },
    { Id: 'a03000000000000002', Target__c: 2, Progress__c: 0 }
  ]);
  assert.deepEqual(
    changes.targetInserts.map((r) => r.Target__c),
    [2, 2]
  );
  assert.deepEqual(changes.notices, []);
});

test('period targets that no longer add up to the objective target are kept and pointed out', () => {
  const targets = outcome.periods.map((p, i) =>
    row(`a0300000000000001${i}`, p.key, p.actual, { target: 2.5, progress: [120, 0, 80, 0][i] ?? null })
  );
  const changes = changesFor({
    objectives: [{ ...o1, target: 12 }],
    outcomes: [{ ...outcome, job: { ...outcome.job, objective: { ...o1, target: 12 } } }],
    targets
  });
  assert.deepEqual(changes.targetUpdates, []);
  assert.match(
    changes.notices[0]?.message ?? '',
    /Period targets add up to 10 but the objective's Target is 12/
  );
});

test('rows keyed by the calendar-quarter connector are re-keyed in place, keeping their Id and target', () => {
  const changes = changesFor({
    targets: [
      row('a03000000000000001', `${o1.id}-2026-Q1`, 999, {
        target: 4,
        periodStart: '2026-01-01',
        periodEnd: '2026-03-31'
      }),
      row('a03000000000000002', `${o1.id}-2026-Q2`, 0, {
        target: null,
        periodStart: '2026-04-01',
        periodEnd: '2026-06-30'
      })
    ]
  });
  assert.deepEqual(changes.targetUpdates, [
    {
      Id: 'a03000000000000001',
      Period_Key__c: `${o1.id}-Q-2026-01`,
      Period_Label__c: 'FY2026 Q1',
      Progress__c: 75,
      Actual__c: 3
    },
    {
      Id: 'a03000000000000002',
      Period_Key__c: `${o1.id}-Q-2026-04`,
      Period_Label__c: 'FY2026 Q2',
      Progress__c: 0,
      Target__c: 2
    }
  ]);
  assert.deepEqual(
    changes.targetInserts.map((r) => r.Period_Key__c),
    [`${o1.id}-Q-2026-07`, `${o1.id}-Q-2026-10`]
  );
  assert.deepEqual(changes.notices, []);
});

test('rows that match no period keep their target, lose their actual and are reported', () => {
  const changes = changesFor({
    targets: [
      ...outcome.periods.map((p, i) =>
        row(`a0300000000000001${i}`, p.key, p.actual, { progress: [120, 0, 80, 0][i] ?? null })
      ),
      // A calendar quarter outside the plan, a fiscal quarter of another start month, and a row without a key.
      row('a03000000000000021', `${o1.id}-2025-Q4`, 1, { target: 3 }),
      row('a03000000000000022', `${o1.id}-Q-2026-02`, 4, {
        periodStart: '2026-02-01',
        periodEnd: '2026-04-30'
      }),
      row('a03000000000000023', 'unused', null, { periodKey: null })
    ]
  });
  assert.deepEqual(changes.targetUpdates, [
    { Id: 'a03000000000000021', Actual__c: null, Progress__c: null },
    { Id: 'a03000000000000022', Actual__c: null, Progress__c: null }
  ]);
  assert.equal(changes.notices.length, 1);
  assert.match(
    changes.notices[0]?.message ?? '',
    new RegExp(
      `^3 period rows match no period of this objective any more \\(${o1.id}-2025-Q4, ${o1.id}-Q-2026-02, a03000000000000023 \\(no Period Key\\)\\).*Their Actual was cleared`
    )
  );
  assert.deepEqual(changes.planUpdates, [{ Id: planP.id, Last_Calculated__c: NOW }]);
});

test("a Custom objective's hand-entered actuals are never written; its progress and period targets are", () => {
  const custom = { ...o1, type: 'Custom', actual: 3, progress: null, calculationStatus: 'Manual' };
  const manual = outcomeFor(custom, [], true);
  const changes = changesFor({
    objectives: [custom],
    outcomes: [{ ...manual, progress: 30 }],
    targets: [
      row('a03000000000000001', `${o1.id}-Q-2026-01`, 1.5, { target: null }),
      row('a03000000000000002', `${o1.id}-2025-Q4`, 7, { target: null })
    ]
  });
  assert.deepEqual(changes.objectiveUpdates, [
    { Id: o1.id, Calculation_Message__c: changes.notices[0]?.message, Progress__c: 30 }
  ]);
  // The hand-entered 1.5 of the 2.5 the connector fills in: 60 %.
  assert.deepEqual(changes.targetUpdates, [{ Id: 'a03000000000000001', Target__c: 2.5, Progress__c: 60 }]);
  assert.ok(changes.targetInserts.every((r) => !('Actual__c' in r) && r.Progress__c === 0));
  assert.match(changes.notices[0]?.message ?? '', /They were left as they are/);
});

test('an objective that could not be computed gets Error and why; its actual and progress stay as they are', () => {
  const broken = objective({ id: 'a02000000000000002', planId: planP.id, actual: 7, progress: 70 });
  const changes = changesFor({
    objectives: [o1, broken],
    problems: [
      {
        planId: planP.id,
        planName: planP.name,
        objectiveId: broken.id,
        objectiveName: broken.name,
        message: 'Criteria is not a valid SOQL condition: unexpected token.'
      }
    ],
    targets: outcome.periods.map((p, i) =>
      row(`a0300000000000001${i}`, p.key, p.actual, { progress: [120, 0, 80, 0][i] ?? null })
    )
  });
  assert.deepEqual(changes.objectiveUpdates, [
    {
      Id: broken.id,
      Calculation_Status__c: 'Error',
      Calculation_Message__c: 'Criteria is not a valid SOQL condition: unexpected token.'
    }
  ]);
});

test('a plan that cannot be calculated puts its reason on each of its objectives', () => {
  const changes = changesFor({
    plans: [planQ],
    objectives: [{ ...o1, planId: planQ.id }],
    outcomes: [],
    planProgress: new Map(),
    problems: [
      {
        planId: planQ.id,
        planName: planQ.name,
        objectiveId: null,
        objectiveName: null,
        message: 'Partner Account is empty.'
      }
    ]
  });
  assert.deepEqual(changes.objectiveUpdates, [
    {
      Id: o1.id,
      Calculation_Status__c: 'Error',
      Calculation_Message__c: 'The plan cannot be calculated: Partner Account is empty.'
    }
  ]);
  assert.deepEqual(changes.planUpdates, []);
});

test('an objective computed with a notice stays Calculated and shows the notice; a message clears once all is well', () => {
  const capped = changesFor({
    objectives: [{ ...o1, calculationMessage: null }],
    outcomes: [{ ...outcome, progress: 999.99, progressCapped: true }],
    lengths: { calculationMessage: 40, periodLabel: 40 }
  });
  const update = capped.objectiveUpdates[0];
  // 40 characters: 39 of the notice and an ellipsis.
  assert.equal(update?.Calculation_Message__c, 'Progress exceeds what Progress__c can h…');
  assert.equal('Calculation_Status__c' in (update ?? {}), false, 'already Calculated');
  const cleared = changesFor({ objectives: [{ ...o1, calculationMessage: 'Old trouble.' }] });
  assert.deepEqual(cleared.objectiveUpdates, [{ Id: o1.id, Calculation_Message__c: null }]);
});

test('period rows Salesforce refused are shown on their objective', () => {
  const input: ChangeInput = {
    plans: [planP],
    objectives: [o1],
    targets: [row('a03000000000000002', `${o1.id}-Q-2026-04`, 1, { progress: 40 })],
    outcomes: [outcome],
    planProgress: new Map([[planP.id, 40]]),
    scales,
    lengths,
    now: NOW,
    problems: [],
    planFields: new Map(),
    finalPass: new Map()
  };
  const rows = periodRowChanges(input);
  const failures = rowFailures(
    [
      {
        ref: 'a03000000000000002',
        success: false,
        id: null,
        created: false,
        errors: [{ code: 'UNABLE_TO_LOCK_ROW', message: 'unable to obtain exclusive access', fields: [] }]
      },
      { ref: `${o1.id}-Q-2026-07`, success: true, id: 'a03000000000000003', created: true, errors: [] },
      {
        ref: `${o1.id}-Q-2026-10`,
        success: false,
        id: null,
        created: false,
        errors: [{ code: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'closed', fields: [] }]
      }
    ],
    input.targets
  );
  assert.deepEqual([...failures.keys()], [o1.id]);
  const results = resultChanges(input, rows, failures);
  assert.equal(
    results.objectiveUpdates[0]?.Calculation_Message__c,
    'Salesforce refused period row a03000000000000002 (UNABLE_TO_LOCK_ROW: unable to obtain exclusive access). ' +
      `Salesforce refused period row ${o1.id}-Q-2026-10 (FIELD_CUSTOM_VALIDATION_EXCEPTION: closed).`
  );
});

test('an empty End Date and Channel Manager are filled and the next review kept, only when they differ', () => {
  const bare = plan({ id: planR.id, endDate: null, channelManagerId: null, nextReviewDate: '2026-12-01' });
  const fields = new Map([
    [
      planR.id,
      {
        End_Date__c: '2026-12-31',
        Channel_Manager__c: '005000000000001AAA',
        Next_Review_Date__c: '2026-12-01'
      }
    ]
  ]);
  const changes = changesFor({
    plans: [bare],
    objectives: [],
    outcomes: [],
    planProgress: new Map(),
    planFields: fields
  });
  assert.deepEqual(changes.planUpdates, [
    { Id: planR.id, End_Date__c: '2026-12-31', Channel_Manager__c: '005000000000001AAA' }
  ]);
  const noReview = changesFor({
    plans: [bare],
    objectives: [],
    outcomes: [],
    planProgress: new Map(),
    planFields: new Map([[planR.id, { Next_Review_Date__c: null }]])
  });
  assert.deepEqual(noReview.planUpdates, [{ Id: planR.id, Next_Review_Date__c: null }]);
});

test('a final pass stamps Last Calculated even when no result changed', () => {
  const stamp = '2026-11-23T08:00:00.000Z';
  const o = { ...o1, planId: planQ.id };
  const unchanged = outcomeFor(o, [3, 0, 2, 0]);
  const changes = changesFor({
    plans: [planQ],
    objectives: [o],
    targets: unchanged.periods.map((p, i) =>
      row(`a0300000000000001${i}`, p.key, p.actual, { progress: [120, 0, 80, 0][i] ?? null })
    ),
    outcomes: [unchanged],
    planProgress: new Map([[planQ.id, 10]]),
    finalPass: new Map([[planQ.id, stamp]])
  });
  assert.deepEqual(changes.planUpdates, [{ Id: planQ.id, Last_Calculated__c: stamp }]);
});

test('a final pass whose child records Salesforce refused is not stamped, so the next run makes it again', () => {
  const stamp = '2026-11-23T08:00:00.000Z';
  const updates = [
    { Id: planP.id, Progress__c: 55, Last_Calculated__c: stamp },
    { Id: planQ.id, Last_Calculated__c: stamp },
    { Id: planR.id, Last_Calculated__c: NOW }
  ];
  const refused = {
    success: false,
    id: null,
    created: false,
    errors: [{ code: 'X', message: 'no', fields: [] }]
  };
  const kept = withoutUnfinishedFinalPasses(
    updates,
    new Map([
      [planP.id, stamp],
      [planQ.id, stamp]
    ]),
    {
      targets: [{ ...refused, ref: `${o1.id}-Q-2026-07` }],
      objectives: [{ ...refused, ref: 'a02000000000000009' }],
      data: { objectives: [o1, { ...o1, id: 'a02000000000000009', planId: planQ.id }], targets: [] }
    }
  );
  assert.deepEqual(kept, [
    { Id: planP.id, Progress__c: 55 },
    { Id: planR.id, Last_Calculated__c: NOW }
  ]);
});

test('text is cut to the field length with an ellipsis', () => {
  assert.equal(fitText('FY2026 Q1', 40), 'FY2026 Q1');
  assert.equal(fitText('abcdef', 4), 'abc…');
});
