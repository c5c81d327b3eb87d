import { compareSnapshots, parseSnapshot, progressChange, SNAPSHOT_PROBLEM, TREND } from 'c/progressSnapshot';

// Two quarterly reviews of one plan, in the version 1 shape connector/src/jobs/progressSnapshot.ts
// writes. Worked out by hand (weights 40/20/10/10/20, an empty progress counting as 0):
//   Q1 plan: (40×50 + 20×30 + 10×40.1 + 10×0 + 20×80) / 100 = 46.01
//   Q2 plan: (40×62.5 + 20×25 + 10×10 + 10×20 + 20×80) / 100 = 49      → +2.99 points
//   Deal registrations 50 → 62.5 (+12.5), Partner training 30 → 25 (−5), Certified staff 80 → 80,
//   Joint webinars empty → 20 (not comparable); Qualified deals added (10), Marketing campaigns removed (40.1).
const Q1 = require('./data/snapshotQ1.json');
const Q2 = require('./data/snapshotQ2.json');

const parsed = (json) => {
  const outcome = parseSnapshot(JSON.stringify(json));
  expect(outcome.ok).toBe(true);
  return outcome.snapshot;
};

describe('parseSnapshot', () => {
  it('reads a version 1 snapshot with its objectives sorted by name', () => {
    const snapshot = parsed(Q2);
    expect(snapshot.version).toBe(1);
    expect(snapshot.takenAt).toBe('2026-07-31T16:00:00.000Z');
    expect(snapshot.plan).toEqual({
      id: 'a00Hs00000PlanAAAA',
      name: 'Northwind FY2026 Business Plan',
      status: 'In Progress',
      progress: 49,
      calculatedAt: '2026-07-31T15:45:00.000Z'
    });
    expect(snapshot.objectives.map((o) => o.name)).toEqual([
      'Certified staff',
      'Deal registrations',
      'Joint webinars',
      'Partner training',
      'Qualified deals'
    ]);
    expect(snapshot.objectives[1]).toEqual({
      id: 'a02Hs00000Obj01AAA',
      name: 'Deal registrations',
      category: 'Sales',
      type: 'Deal Registration',
      weight: 40,
      target: 200000,
      actual: 125000,
      progress: 62.5
    });
  });

  it('keeps empty figures empty and names an unnamed objective by its Id', () => {
    const snapshot = parsed({
      version: 1,
      plan: { progress: null },
      objectives: { a02Hs00000Obj09AAA: { progress: null }, a02Hs00000Obj08AAA: { name: 'Zeta' } }
    });
    expect(snapshot.plan.progress).toBeNull();
    expect(snapshot.takenAt).toBeNull();
    expect(snapshot.objectives.map((o) => [o.name, o.progress, o.weight])).toEqual([
      ['a02Hs00000Obj09AAA', null, null],
      ['Zeta', null, null]
    ]);
  });

  it('ignores keys a later, purely additive revision of version 1 adds', () => {
    const snapshot = parsed({ ...Q1, currency: 'EUR', plan: { ...Q1.plan, owner: 'x' } });
    expect(snapshot.plan.progress).toBe(46.01);
  });

  it('reports a review without a snapshot as empty', () => {
    for (const value of [null, undefined, '', '   ']) {
      expect(parseSnapshot(value)).toEqual({ ok: false, problem: SNAPSHOT_PROBLEM.EMPTY });
    }
  });

  it('reports a newer version as unsupported, with the version', () => {
    expect(parseSnapshot(JSON.stringify({ ...Q2, version: 2 }))).toEqual({
      ok: false,
      problem: SNAPSHOT_PROBLEM.UNSUPPORTED,
      version: 2
    });
  });

  it('names what is wrong with text that is not a version 1 snapshot', () => {
    const problem = (text) => parseSnapshot(text);
    expect(problem('{"version": 1, "plan": ')).toMatchObject({
      ok: false,
      problem: SNAPSHOT_PROBLEM.INVALID,
      detail: expect.stringMatching(/^not JSON/)
    });
    expect(problem('[1]')).toEqual({
      ok: false,
      problem: SNAPSHOT_PROBLEM.INVALID,
      detail: 'not a JSON object'
    });
    expect(problem('{"plan": {}}')).toEqual({
      ok: false,
      problem: SNAPSHOT_PROBLEM.INVALID,
      detail: 'no version number'
    });
    expect(problem('{"version": "1", "plan": {}, "objectives": {}}')).toMatchObject({
      detail: 'no version number'
    });
    expect(problem('{"version": 1, "objectives": {}}')).toMatchObject({ detail: 'plan is missing' });
    expect(problem('{"version": 1, "plan": {}, "objectives": []}')).toMatchObject({
      detail: 'objectives is missing'
    });
    expect(problem('{"version": 1, "plan": {"progress": "57%"}, "objectives": {}}')).toMatchObject({
      detail: 'plan.progress is not a number'
    });
    expect(problem('{"version": 1, "plan": {}, "objectives": {"a02": {"name": 7}}}')).toMatchObject({
      detail: 'objectives.a02.name is not text'
    });
    expect(problem('{"version": 1, "plan": {}, "objectives": {"a02": 5}}')).toMatchObject({
      detail: 'objectives.a02 is not an object'
    });
  });
});

describe('progressChange', () => {
  it('gives the change in points, rounded to the two decimals percent fields keep', () => {
    expect(progressChange(40.1, 40.3)).toEqual({ delta: 0.2, trend: TREND.UP });
    expect(progressChange(30, 25)).toEqual({ delta: -5, trend: TREND.DOWN });
    expect(progressChange(80, 80)).toEqual({ delta: 0, trend: TREND.SAME });
    expect(progressChange(10.001, 10.004)).toEqual({ delta: 0, trend: TREND.SAME });
    expect(Object.is(progressChange(10.004, 10.001).delta, 0)).toBe(true);
  });

  it('cannot compare an empty figure', () => {
    expect(progressChange(null, 20)).toEqual({ delta: null, trend: TREND.UNKNOWN });
    expect(progressChange(20, null)).toEqual({ delta: null, trend: TREND.UNKNOWN });
  });
});

describe('compareSnapshots', () => {
  it('gives the plan and per-objective changes, and the objectives added and removed', () => {
    expect(compareSnapshots(parsed(Q1), parsed(Q2))).toEqual({
      plan: { before: 46.01, after: 49, delta: 2.99, trend: TREND.UP },
      objectives: [
        {
          id: 'a02Hs00000Obj06AAA',
          name: 'Certified staff',
          before: 80,
          after: 80,
          delta: 0,
          trend: TREND.SAME
        },
        {
          id: 'a02Hs00000Obj01AAA',
          name: 'Deal registrations',
          before: 50,
          after: 62.5,
          delta: 12.5,
          trend: TREND.UP
        },
        {
          id: 'a02Hs00000Obj05AAA',
          name: 'Joint webinars',
          before: null,
          after: 20,
          delta: null,
          trend: TREND.UNKNOWN
        },
        {
          id: 'a02Hs00000Obj02AAA',
          name: 'Partner training',
          before: 30,
          after: 25,
          delta: -5,
          trend: TREND.DOWN
        }
      ],
      added: [{ id: 'a02Hs00000Obj04AAA', name: 'Qualified deals', progress: 10 }],
      removed: [{ id: 'a02Hs00000Obj03AAA', name: 'Marketing campaigns', progress: 40.1 }]
    });
  });

  it('matches a renamed objective by its Id', () => {
    const renamed = {
      ...Q2,
      objectives: { a02Hs00000Obj01AAA: { ...Q2.objectives.a02Hs00000Obj01AAA, name: 'Registered deals' } }
    };
    const comparison = compareSnapshots(parsed(Q1), parsed(renamed));
    expect(comparison.objectives).toEqual([
      {
        id: 'a02Hs00000Obj01AAA',
        name: 'Registered deals',
        before: 50,
        after: 62.5,
        delta: 12.5,
        trend: TREND.UP
      }
    ]);
    expect(comparison.added).toEqual([]);
    expect(comparison.removed.map((o) => o.name)).toEqual([
      'Certified staff',
      'Joint webinars',
      'Marketing campaigns',
      'Partner training'
    ]);
  });
});
