// The bench's generated org and change set: the same seed gives the same data, sizes are the
// ones asked for, and the changes are the share asked for, of kinds each object allows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  generateChanges,
  generateOrg,
  resolvePartners,
  sourceValues,
  type SourceObject
} from '../../bench/generateOrg.ts';
import { parseOptions } from '../../bench/options.ts';

const SIZE = {
  partners: 4,
  plans: 5,
  objectives: 8,
  leads: 300,
  opportunities: 200,
  courses: 100,
  seed: 3,
  year: 2025
};

const idsFor = (prefix: string, n: number): string[] =>
  Array.from({ length: n }, (_, i) => `${prefix}Lo0${String(i).padStart(9, '0')}AAA`);

test('one seed always generates the same org, another seed a different one', () => {
  assert.deepEqual(generateOrg(SIZE), generateOrg(SIZE));
  assert.notDeepEqual(generateOrg(SIZE).sources.Lead, generateOrg({ ...SIZE, seed: 4 }).sources.Lead);
});

test('the org has the sizes asked for: plans spread over the partners, objectives cycling through the six types', () => {
  const org = generateOrg(SIZE);
  assert.equal(org.partners.length, 4);
  assert.deepEqual(
    org.plans.map((p) => p.partner),
    [0, 1, 2, 3, 0]
  );
  assert.equal(org.objectives.length, 5 * 8);
  const types = org.objectives.filter((o) => o.plan === 0).map((o) => o.values.Type__c);
  assert.deepEqual(types, [
    'Deal Registration',
    'Number of Deals',
    'Qualified Deal Registration',
    'Number of Qualified Deals',
    'Course Completion',
    'Custom',
    'Deal Registration',
    'Number of Deals'
  ]);
  // A repeated type differs from the first of its kind in period type and criteria.
  const [first, , , , , , repeat] = org.objectives;
  assert.notEqual(repeat?.values.Period_Type__c, first?.values.Period_Type__c);
  assert.equal(repeat?.values.Criteria__c, "LeadSource = 'Partner Referral'");
  // Only Custom objectives carry a hand-entered actual.
  assert.deepEqual(
    org.objectives.filter((o) => 'Actual__c' in o.values).map((o) => o.values.Type__c),
    Array(5).fill('Custom')
  );
  assert.deepEqual(
    [org.sources.Lead.length, org.sources.Opportunity.length, org.sources.Course_Assignment__c.length],
    [300, 200, 100]
  );
  // Completed course assignments have a completion date, the others none (the org's validation rule).
  for (const course of org.sources.Course_Assignment__c)
    assert.equal(course.values.Status__c === 'Completed', course.values.Completed_Date__c !== null);
});

test('the change set touches the given share of records, with kinds each object allows', () => {
  const org = generateOrg(SIZE);
  const ids: Record<SourceObject, string[]> = {
    Lead: idsFor('00Q', 300),
    Opportunity: idsFor('006', 200),
    Course_Assignment__c: idsFor('a05', 100)
  };
  const changes = generateChanges(org, ids, { percent: 10, seed: SIZE.seed, partners: SIZE.partners });
  const updated = Object.values(changes.updates).flat();
  assert.equal(updated.length + changes.deletes.length, 60);
  assert.equal(
    Object.values(changes.counts).reduce((a, b) => a + b, 0),
    60
  );
  assert.equal(
    new Set([...updated.map((u) => u.Id), ...changes.deletes]).size,
    60,
    'each record changes once'
  );
  for (const lead of changes.updates.Lead) {
    assert.ok(ids.Lead.includes(String(lead.Id)));
    assert.ok(!('CreatedDate' in lead), 'a lead keeps its CreatedDate: Salesforce does not let it change');
  }
  // Partner moves name another partner, by index until resolved.
  const partnerIds = ['001Lo0000000000AAA', '001Lo0000000001AAA', '001Lo0000000002AAA', '001Lo0000000003AAA'];
  for (const object of ['Lead', 'Opportunity', 'Course_Assignment__c'] as const) {
    for (const change of changes.updates[object]) {
      const resolved = resolvePartners(change, partnerIds);
      for (const value of Object.values(resolved)) assert.notEqual(typeof value, 'object');
    }
  }
  assert.equal(
    generateChanges(org, ids, { percent: 0.1, seed: 1, partners: 4 }).deletes.length +
      Object.values(generateChanges(org, ids, { percent: 0.1, seed: 1, partners: 4 }).updates).flat().length,
    1
  );
});

test("a source record's partner index becomes the partner's account Id, or stays empty", () => {
  const partnerIds = ['001Lo0000000000AAA', '001Lo0000000001AAA'];
  assert.deepEqual(sourceValues('Lead', { partner: 1, values: { LastName: 'A' } }, partnerIds), {
    LastName: 'A',
    PartnerAccountId: '001Lo0000000001AAA'
  });
  assert.deepEqual(sourceValues('Course_Assignment__c', { partner: null, values: {} }, partnerIds), {
    Partner_Account__c: null
  });
  assert.throws(
    () => resolvePartners({ PartnerAccountId: { partner: 5 } }, partnerIds),
    /No partner account #5/
  );
});

test('the command line takes sizes, seed and format, and names every wrong flag', () => {
  const parsed = parseOptions(['--partners', '3', '--leads', '0', '--change-percent', '2.5', '--json']);
  assert.ok(!parsed.help);
  assert.deepEqual(parsed.options, {
    partners: 3,
    plans: 50,
    objectives: 6,
    leads: 0,
    opportunities: 10_000,
    courses: 1_000,
    changePercent: 2.5,
    seed: 42,
    year: 2025,
    load: 'store',
    json: true,
    verbose: false
  });
  assert.deepEqual(parseOptions(['--help']), { help: true });
  assert.throws(
    () => parseOptions(['--partners', '0', '--change-percent', '0', '--year', '1999']),
    (error: Error) =>
      /--partners .*>=1/.test(error.message) &&
      /--change-percent .*>0/.test(error.message) &&
      /--year .*>=2000/.test(error.message)
  );
  assert.throws(() => parseOptions(['--sizes', '3']), /Unknown option '--sizes'/);
  assert.throws(() => parseOptions(['extra']), /Unexpected argument 'extra'/);
});
