// The pure parts of incremental sync, on hand-worked cases: which buckets a scan's rows dirty
// (old and new), what the record memory keeps, and which objectives a set of dirty buckets
// and definition changes sends back to be computed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkSource, type SourceState } from '../src/engine/calculation.ts';
import type { ObjectiveTarget } from '../src/engine/model.ts';
import type { IndexedObjective, RememberedRecord } from '../src/store/store.ts';
import {
  contextFingerprint,
  dirtyObjectives,
  fingerprints,
  indexEntries,
  recordDay,
  targetsAfterWrites,
  targetsByObjective
} from '../src/sync/incrementalScope.ts';
import { compareScan, scanQuery, watchedObjects, type WatchedObject } from '../src/sync/watermarks.ts';
import { leadDescribe, objective, plan } from './fixtures.ts';

const P1 = '001000000000001AAA';
const P2 = '001000000000002AAA';
const LEAD: WatchedObject = {
  object: 'Lead',
  partnerFields: ['PartnerAccountId'],
  dateFields: ['CreatedDate']
};
const T0 = '2026-03-01T10:00:00.000Z';
const T1 = '2026-03-02T10:00:00.000Z';

const row = (id: string, partner: string | null, created: string, modstamp: string, deleted = false) => ({
  Id: id,
  IsDeleted: deleted,
  SystemModstamp: modstamp.replace('Z', '+0000'),
  PartnerAccountId: partner,
  CreatedDate: created
});
const remembered = (id: string, partner: string, created: string, modstamp = T0): RememberedRecord => ({
  id,
  modstamp,
  fields: { PartnerAccountId: partner, CreatedDate: created }
});
const bucket = (partnerId: string, date: string) => ({
  object: 'Lead',
  partnerField: 'PartnerAccountId',
  partnerId,
  dateField: 'CreatedDate',
  date
});

test('the sources to watch are each source object once, with every partner and date field read from it', () => {
  const watched = watchedObjects({
    'Deal Registration': {
      measure: 'objective',
      object: 'Lead',
      partnerField: 'PartnerAccountId',
      dateField: 'CreatedDate'
    },
    'Number of Deals': {
      measure: 'count',
      object: 'Lead',
      partnerField: 'PartnerAccountId',
      dateField: 'ConvertedDate'
    },
    'Qualified Deal Registration': {
      measure: 'objective',
      object: 'Opportunity',
      partnerField: 'PartnerAccountId',
      dateField: 'CloseDate'
    },
    Custom: { measure: 'manual' }
  });
  assert.deepEqual(watched, [
    { object: 'Lead', partnerFields: ['PartnerAccountId'], dateFields: ['ConvertedDate', 'CreatedDate'] },
    { object: 'Opportunity', partnerFields: ['PartnerAccountId'], dateFields: ['CloseDate'] }
  ]);
});

test('an incremental scan asks for records modified after the watermark less the overlap, oldest first', () => {
  assert.equal(
    scanQuery(LEAD, '2026-03-02T10:00:00.000Z', 300),
    'SELECT Id, IsDeleted, SystemModstamp, PartnerAccountId, CreatedDate FROM Lead WHERE SystemModstamp > 2026-03-02T09:55:00Z ORDER BY SystemModstamp, Id'
  );
  assert.equal(
    scanQuery(LEAD, null, 300),
    'SELECT Id, SystemModstamp, PartnerAccountId, CreatedDate FROM Lead WHERE (PartnerAccountId != null) ORDER BY SystemModstamp, Id'
  );
});

test('a record that moved to another partner and period dirties the bucket it left and the one it entered', () => {
  const memory = new Map([['00Q1', remembered('00Q1', P1, '2026-03-31T12:00:00.000Z')]]);
  const scan = compareScan(LEAD, [row('00Q1', P2, '2026-04-01T12:00:00.000Z', T1)], memory, T0, false);
  assert.equal(scan.changed, 1);
  assert.deepEqual(scan.dirty, [
    bucket(P1, '2026-03-31T12:00:00.000Z'),
    bucket(P2, '2026-04-01T12:00:00.000Z')
  ]);
  assert.deepEqual(scan.memory.remember, [
    { id: '00Q1', modstamp: T1, fields: { PartnerAccountId: P2, CreatedDate: '2026-04-01T12:00:00.000Z' } }
  ]);
  assert.equal(scan.watermark, T1);
});

test('an amount change dirties only the bucket the record stays in', () => {
  const memory = new Map([['00Q1', remembered('00Q1', P1, '2026-02-10T12:00:00.000Z')]]);
  const scan = compareScan(LEAD, [row('00Q1', P1, '2026-02-10T12:00:00.000Z', T1)], memory, T0, false);
  assert.deepEqual(scan.dirty, [bucket(P1, '2026-02-10T12:00:00.000Z')]);
});

test('a deleted record dirties its old bucket and is forgotten; an undeleted one dirties its bucket and is remembered', () => {
  const memory = new Map([['00Q1', remembered('00Q1', P1, '2026-02-10T12:00:00.000Z')]]);
  const scan = compareScan(
    LEAD,
    [row('00Q1', P1, '2026-02-10T12:00:00.000Z', T1, true), row('00Q2', P2, '2026-05-05T12:00:00.000Z', T1)],
    memory,
    T0,
    false
  );
  assert.equal(scan.changed, 2);
  assert.deepEqual(scan.dirty, [
    bucket(P1, '2026-02-10T12:00:00.000Z'),
    bucket(P2, '2026-05-05T12:00:00.000Z')
  ]);
  assert.deepEqual(scan.memory.forget, ['00Q1']);
  assert.deepEqual(
    scan.memory.remember.map((r) => r.id),
    ['00Q2']
  );
});

test('a record seen again within the overlap with the same SystemModstamp is no change', () => {
  const memory = new Map([['00Q1', remembered('00Q1', P1, '2026-02-10T12:00:00.000Z', T1)]]);
  const scan = compareScan(LEAD, [row('00Q1', P1, '2026-02-10T12:00:00.000Z', T1)], memory, T1, false);
  assert.deepEqual([scan.changed, scan.dirty, scan.memory.remember], [0, [], []]);
  assert.equal(scan.watermark, T1);
});

test('a record that loses its partner dirties its old bucket; one never linked to a partner is ignored', () => {
  const memory = new Map([['00Q1', remembered('00Q1', P1, '2026-02-10T12:00:00.000Z')]]);
  const scan = compareScan(
    LEAD,
    [row('00Q1', null, '2026-02-10T12:00:00.000Z', T1), row('00Q9', null, '2026-02-11T12:00:00.000Z', T1)],
    memory,
    T0,
    false
  );
  assert.equal(scan.changed, 1);
  assert.deepEqual(scan.dirty, [bucket(P1, '2026-02-10T12:00:00.000Z')]);
  assert.deepEqual(scan.memory.forget, ['00Q1']);
});

test('a full scan replaces the memory with every record it saw, changed or not', () => {
  const memory = new Map([['00Q1', remembered('00Q1', P1, '2026-02-10T12:00:00.000Z', T1)]]);
  const scan = compareScan(
    LEAD,
    [row('00Q1', P1, '2026-02-10T12:00:00.000Z', T1), row('00Q2', P2, '2026-02-11T12:00:00.000Z', T0)],
    memory,
    null,
    true
  );
  assert.equal(scan.memory.replace, true);
  assert.deepEqual(
    scan.memory.remember.map((r) => r.id),
    ['00Q1', '00Q2']
  );
  assert.equal(scan.watermark, T1);
});

test("a datetime falls on the org zone's day; a date is its own day", () => {
  assert.equal(recordDay('2026-04-01T03:30:00.000Z', 'America/New_York'), '2026-03-31');
  assert.equal(recordDay('2026-04-01T04:30:00.000Z', 'America/New_York'), '2026-04-01');
  assert.equal(recordDay('2026-04-01', 'America/New_York'), '2026-04-01');
});

// Two plans: P1's with a Deal Registration and a Custom objective, P2's with a Deal Registration.
const checked = checkSource(
  'Deal Registration',
  { measure: 'objective', object: 'Lead', partnerField: 'PartnerAccountId', dateField: 'CreatedDate' },
  leadDescribe
);
assert.ok(checked.ok);
const context = {
  timeZone: 'America/New_York',
  sources: new Map<string, SourceState>([
    ['Deal Registration', { kind: 'records', source: checked.source }],
    ['Custom', { kind: 'manual' }]
  ])
};
const plan1 = plan({ id: 'a01000000000001AAA', partnerAccountId: P1 });
const plan2 = plan({ id: 'a01000000000002AAA', partnerAccountId: P2 });
const deals1 = objective({ id: 'a02000000000001AAA', planId: plan1.id });
const custom1 = objective({ id: 'a02000000000002AAA', planId: plan1.id, type: 'Custom', actual: 4 });
const deals2 = objective({ id: 'a02000000000003AAA', planId: plan2.id });
const target = (objectiveId: string, key: string, value: number | null): ObjectiveTarget => ({
  id: `a03${key.replace(/-/g, '').slice(-15)}`,
  objectiveId,
  periodKey: key,
  periodStart: null,
  periodEnd: null,
  target: value,
  actual: null,
  periodLabel: null,
  progress: null
});
const data = {
  plans: [plan1, plan2],
  objectives: [deals1, custom1, deals2],
  targets: [] as ObjectiveTarget[]
};

/** The index as a run over `data` leaves it: quarters of 2026 for the record objectives. */
function indexOf(input: typeof data): Map<string, IndexedObjective> {
  const prints = fingerprints(input, targetsByObjective(input.targets), context);
  const quarters = (o: typeof deals1, partnerId: string) =>
    [
      ['Q-2026-01', '2026-01-01', '2026-03-31'],
      ['Q-2026-04', '2026-04-01', '2026-06-30'],
      ['Q-2026-07', '2026-07-01', '2026-09-30'],
      ['Q-2026-10', '2026-10-01', '2026-12-31']
    ].map(([id, start, end]) => ({
      periodKey: `${o.id}-${id}`,
      sourceObject: 'Lead',
      partnerField: 'PartnerAccountId',
      dateField: 'CreatedDate',
      partnerId,
      periodStart: start as string,
      periodEnd: end as string,
      actual: 0
    }));
  return new Map([
    [
      deals1.id,
      { objectiveId: deals1.id, fingerprint: prints.get(deals1.id) as string, buckets: quarters(deals1, P1) }
    ],
    [custom1.id, { objectiveId: custom1.id, fingerprint: prints.get(custom1.id) as string, buckets: [] }],
    [
      deals2.id,
      { objectiveId: deals2.id, fingerprint: prints.get(deals2.id) as string, buckets: quarters(deals2, P2) }
    ]
  ]);
}

test('nothing changed: nothing to recompute', () => {
  const dirty = dirtyObjectives({ data, context, index: indexOf(data), buckets: [] });
  assert.deepEqual([...dirty.ids], []);
});

test("a lead moved from P1 to P2 sends both partners' objectives back; the manual one stays", () => {
  const dirty = dirtyObjectives({
    data,
    context,
    index: indexOf(data),
    buckets: [bucket(P1, '2026-03-31T12:00:00.000Z'), bucket(P2, '2026-04-01T12:00:00.000Z')]
  });
  assert.deepEqual([...dirty.ids].sort(), [deals1.id, deals2.id]);
  assert.deepEqual([dirty.changed, dirty.byRecords], [0, 2]);
});

test("a change outside every plan's dates, or on an object no objective reads, recomputes nothing", () => {
  const dirty = dirtyObjectives({
    data,
    context,
    index: indexOf(data),
    buckets: [
      // 06:00 UTC on 1 January 2027 is 01:00 in New York: the day after the plan ends.
      bucket(P1, '2027-01-01T06:00:00.000Z'),
      { ...bucket(P2, '2026-05-01'), object: 'Opportunity', dateField: 'CloseDate' }
    ]
  });
  assert.deepEqual([...dirty.ids], []);
  // 04:59 UTC is still 23:59 on 31 December 2026 in New York: the plan's last day.
  const edge = dirtyObjectives({
    data,
    context,
    index: indexOf(data),
    buckets: [bucket(P1, '2027-01-01T04:59:00.000Z')]
  });
  assert.deepEqual([...edge.ids], [deals1.id]);
});

test('a changed plan, objective, hand-set target or hand-entered actual sends that objective back', () => {
  const index = indexOf(data);
  const changedPlan = { ...data, plans: [{ ...plan1, endDate: '2026-06-30' }, plan2] };
  assert.deepEqual([...dirtyObjectives({ data: changedPlan, context, index, buckets: [] }).ids].sort(), [
    deals1.id,
    custom1.id
  ]);
  const changedCriteria = {
    ...data,
    objectives: [deals1, custom1, { ...deals2, criteria: "Status = 'Open'" }]
  };
  assert.deepEqual(
    [...dirtyObjectives({ data: changedCriteria, context, index, buckets: [] }).ids],
    [deals2.id]
  );
  const handSet = { ...data, targets: [target(deals2.id, `${deals2.id}-Q-2026-01`, 7)] };
  assert.deepEqual([...dirtyObjectives({ data: handSet, context, index, buckets: [] }).ids], [deals2.id]);
  const entered = { ...data, objectives: [deals1, { ...custom1, actual: 5 }, deals2] };
  assert.deepEqual([...dirtyObjectives({ data: entered, context, index, buckets: [] }).ids], [custom1.id]);
  // The connector's own writes (actuals and progress of computed objectives) are not changes.
  const computed = { ...data, objectives: [{ ...deals1, actual: 12, progress: 120 }, custom1, deals2] };
  assert.deepEqual([...dirtyObjectives({ data: computed, context, index, buckets: [] }).ids], []);
  const added = {
    ...data,
    objectives: [...data.objectives, objective({ id: 'a02000000000009AAA', planId: plan2.id })]
  };
  assert.deepEqual(
    [...dirtyObjectives({ data: added, context, index, buckets: [] }).ids],
    ['a02000000000009AAA']
  );
});

test('targets the run itself splits into period rows are part of the fingerprint it stores', () => {
  const existing = target(deals1.id, `${deals1.id}-Q-2026-01`, null);
  const after = targetsAfterWrites([existing], {
    targetUpdates: [{ Id: existing.id, Target__c: 2.5 }],
    targetInserts: [{ Period_Key__c: `${deals1.id}-Q-2026-04`, Plan_Objective__c: deals1.id, Target__c: 2.5 }]
  });
  assert.deepEqual(
    [...(after.get(deals1.id) ?? [])],
    [
      [`${deals1.id}-Q-2026-01`, 2.5],
      [`${deals1.id}-Q-2026-04`, 2.5]
    ]
  );
  // The next run reads the rows as written: same fingerprint, nothing dirty.
  const entries = indexEntries({
    data: { ...data, targets: [existing] },
    context,
    outcomes: [],
    changes: {
      targetUpdates: [{ Id: existing.id, Target__c: 2.5 }],
      targetInserts: [
        { Period_Key__c: `${deals1.id}-Q-2026-04`, Plan_Objective__c: deals1.id, Target__c: 2.5 }
      ]
    },
    selected: new Set([deals1.id])
  });
  const written = {
    ...data,
    targets: [{ ...existing, target: 2.5 }, target(deals1.id, `${deals1.id}-Q-2026-04`, 2.5)]
  };
  const index = new Map([...indexOf(data), [deals1.id, entries[0] as IndexedObjective]]);
  assert.deepEqual([...dirtyObjectives({ data: written, context, index, buckets: [] }).ids], []);
});

test('an objective the index does not know yet (no buckets) is found by what it reads now', () => {
  const index = indexOf(data);
  index.set(deals2.id, { ...(index.get(deals2.id) as IndexedObjective), buckets: [] });
  const dirty = dirtyObjectives({ data, context, index, buckets: [bucket(P2, '2026-08-01T12:00:00.000Z')] });
  assert.deepEqual([...dirty.ids], [deals2.id]);
});

test('a change to the fiscal calendar (start month or custom years) makes the next run a full one', () => {
  const base = {
    organizationId: '00D000000000001AAA',
    timeZone: 'America/New_York',
    fiscalYear: { startMonth: 2, nameByStartYear: false },
    customYears: [],
    sources: {},
    storeVersion: 1
  };
  const year = {
    name: '2027',
    start: '2026-02-01',
    end: '2027-01-30',
    quarters: [{ number: 1, start: '2026-02-01', end: '2026-05-02' }],
    months: [{ number: 1, start: '2026-02-01', end: '2026-02-28' }]
  };
  const moved = { ...year, quarters: [{ number: 1, start: '2026-02-01', end: '2026-04-25' }] };
  const withYear = contextFingerprint({ ...base, customYears: [year] });
  assert.equal(contextFingerprint({ ...base, customYears: [year] }), withYear, 'stable for the same years');
  assert.notEqual(contextFingerprint(base), withYear, 'a custom year was added');
  assert.notEqual(contextFingerprint({ ...base, customYears: [moved] }), withYear, 'a quarter moved');
  assert.notEqual(
    contextFingerprint({ ...base, fiscalYear: { startMonth: 3, nameByStartYear: false } }),
    contextFingerprint(base),
    'the start month changed'
  );
});
