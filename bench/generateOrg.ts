// The generated org, without I/O: partner accounts, one plan per partner slot for the fiscal
// year, objectives cycling through the six types, and leads, opportunities and course
// assignments spread over the partners and the year (with some outside it and some without a
// partner, as in a real org). Records name their partner by index; the loader turns indexes
// into Ids once the accounts exist. Then the changes made before the incremental sync:
// amounts, partner moves, date moves and a few deletes, on a given share of the records.
import { DateTime } from 'luxon';
import type { SObjectRecord } from '../connector/src/salesforce/client.ts';
import type { BenchOptions } from './options.ts';
import { seededRandom, type Random } from './random.ts';

/** The org's time zone: not UTC, so day and period boundaries are tested in a real zone. */
export const BENCH_TIME_ZONE = 'America/New_York';

export type SourceObject = 'Lead' | 'Opportunity' | 'Course_Assignment__c';
export const SOURCE_OBJECTS: readonly SourceObject[] = ['Lead', 'Opportunity', 'Course_Assignment__c'];

/** The lookup to the partner account on each source object (as in config/connector.json). */
export const PARTNER_FIELD: Readonly<Record<SourceObject, string>> = {
  Lead: 'PartnerAccountId',
  Opportunity: 'PartnerAccountId',
  Course_Assignment__c: 'Partner_Account__c'
};

/** A record whose partner lookup is still an index into the partners (null: no partner). */
export interface GeneratedRecord {
  partner: number | null;
  values: SObjectRecord;
}

export interface GeneratedPlan {
  partner: number;
  values: SObjectRecord;
}

export interface GeneratedObjective {
  plan: number;
  values: SObjectRecord;
}

export interface GeneratedOrg {
  partners: SObjectRecord[];
  /** The account opportunities are sold to. */
  customer: SObjectRecord;
  plans: GeneratedPlan[];
  objectives: GeneratedObjective[];
  sources: Record<SourceObject, GeneratedRecord[]>;
}

type Size = Pick<
  BenchOptions,
  'partners' | 'plans' | 'objectives' | 'leads' | 'opportunities' | 'courses' | 'seed' | 'year'
>;

const WON = "StageName = 'Closed Won'";

/** One objective per type; objectives beyond six repeat them with another period type and criteria. */
const OBJECTIVE_TYPES = [
  {
    type: 'Deal Registration',
    fn: 'SUM',
    field: 'AnnualRevenue',
    periodType: 'Quarterly',
    target: 8_000_000
  },
  { type: 'Number of Deals', fn: null, field: null, periodType: 'Monthly', target: 400 },
  {
    type: 'Qualified Deal Registration',
    fn: 'SUM',
    field: 'Amount',
    periodType: 'Monthly',
    target: 2_000_000,
    criteria: WON
  },
  {
    type: 'Number of Qualified Deals',
    fn: null,
    field: null,
    periodType: 'Annually',
    target: 40,
    criteria: WON
  },
  { type: 'Course Completion', fn: null, field: null, periodType: 'Quarterly', target: 30 },
  { type: 'Custom', fn: null, field: null, periodType: 'Quarterly', target: 10 }
] as const;

const PERIOD_TYPES = ['Monthly', 'Quarterly', 'Annually'] as const;

/** Criteria for the repeats, by source object: conditions an admin would write. */
const REPEAT_CRITERIA: Readonly<Record<string, readonly string[]>> = {
  Lead: [
    "LeadSource = 'Partner Referral'",
    'AnnualRevenue >= 100000',
    "(LeadSource = 'Web' OR LeadSource = 'Other')"
  ],
  Opportunity: [
    "StageName != 'Closed Lost'",
    "(StageName = 'Closed Won' OR StageName = 'Negotiation/Review')",
    'Amount > 20000'
  ]
};

const SOURCE_OF_TYPE: Readonly<Record<string, string | null>> = {
  'Deal Registration': 'Lead',
  'Number of Deals': 'Lead',
  'Qualified Deal Registration': 'Opportunity',
  'Number of Qualified Deals': 'Opportunity',
  'Course Completion': null,
  Custom: null
};

const LEAD_SOURCES = ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other'];
const LEAD_STATUSES = ['Open - Not Contacted', 'Working - Contacted', 'Closed - Not Converted'];
const STAGES = [
  'Prospecting',
  'Qualification',
  'Proposal/Price Quote',
  'Negotiation/Review',
  'Closed Won',
  'Closed Won',
  'Closed Lost'
];

/** Records without a partner: the connector must leave them out. */
const UNPARTNERED_SHARE = 0.05;
/** Days around the year records may fall on, so that some lie outside every plan. */
const SPILL_DAYS = 10;

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function objectiveValues(index: number, year: number): SObjectRecord {
  const base = OBJECTIVE_TYPES[index % OBJECTIVE_TYPES.length] as (typeof OBJECTIVE_TYPES)[number];
  const repeat = Math.floor(index / OBJECTIVE_TYPES.length);
  const source = SOURCE_OF_TYPE[base.type];
  const variants = source ? REPEAT_CRITERIA[source] : undefined;
  const criteria =
    repeat === 0
      ? 'criteria' in base
        ? base.criteria
        : null
      : (variants?.[(repeat - 1) % variants.length] ?? null);
  const periodType =
    repeat === 0
      ? base.periodType
      : PERIOD_TYPES[(PERIOD_TYPES.indexOf(base.periodType) + repeat) % PERIOD_TYPES.length];
  return {
    Name: repeat === 0 ? `${base.type} FY${year}` : `${base.type} FY${year} #${repeat + 1}`,
    Type__c: base.type,
    Aggregate_Function__c: base.fn,
    Aggregate_Field__c: base.field,
    Criteria__c: criteria,
    Period_Type__c: periodType,
    Target__c: base.target,
    Weight__c: 1 + (index % 5),
    // Custom objectives carry a hand-entered actual; the others are the connector's to compute.
    ...(base.type === 'Custom' ? { Actual__c: 4 + (index % 3) } : {})
  };
}

/** A day of the year (give or take SPILL_DAYS) as YYYY-MM-DD. */
function dayAround(random: Random, year: number): string {
  const first = DateTime.utc(year, 1, 1).minus({ days: SPILL_DAYS });
  const days = DateTime.utc(year, 12, 31).plus({ days: SPILL_DAYS }).diff(first, 'days').days;
  return first.plus({ days: random.int(0, days) }).toISODate() as string;
}

/** An instant of the year (give or take SPILL_DAYS), to the second, in UTC. */
function instantAround(random: Random, year: number): string {
  const first = DateTime.utc(year, 1, 1).minus({ days: SPILL_DAYS });
  const seconds = DateTime.utc(year, 12, 31, 23, 59, 59)
    .plus({ days: SPILL_DAYS })
    .diff(first, 'seconds').seconds;
  return first.plus({ seconds: random.int(0, seconds) }).toISO({ suppressMilliseconds: false }) as string;
}

function partnerOf(random: Random, partners: number): number | null {
  return random.chance(UNPARTNERED_SHARE) ? null : random.int(0, partners - 1);
}

function cents(random: Random, min: number, max: number): number {
  return random.int(min * 100, max * 100) / 100;
}

export function generateOrg(size: Size): GeneratedOrg {
  const random = seededRandom(size.seed);
  const partners = Array.from({ length: size.partners }, (_, i) => ({
    Name: `Bench Partner ${pad(i + 1, 4)}`,
    IsPartner: true
  }));
  const plans = Array.from({ length: size.plans }, (_, i) => ({
    partner: i % size.partners,
    values: {
      Name: `Bench Plan ${pad(i + 1, 4)} FY${size.year}`,
      Status__c: 'In Progress',
      Start_Date__c: `${size.year}-01-01`,
      End_Date__c: `${size.year}-12-31`
    }
  }));
  const objectives = plans.flatMap((_, plan) =>
    Array.from({ length: size.objectives }, (_, index) => ({
      plan,
      values: objectiveValues(index, size.year)
    }))
  );
  const leads = Array.from({ length: size.leads }, (_, i) => ({
    partner: partnerOf(random, size.partners),
    values: {
      LastName: `Lead ${pad(i + 1, 6)}`,
      Company: `Prospect ${pad(random.int(1, 5000), 4)}`,
      Status: random.pick(LEAD_STATUSES),
      LeadSource: random.pick(LEAD_SOURCES),
      AnnualRevenue: random.int(5, 500) * 1000,
      CreatedDate: instantAround(random, size.year)
    }
  }));
  const opportunities = Array.from({ length: size.opportunities }, (_, i) => ({
    partner: partnerOf(random, size.partners),
    values: {
      Name: `Deal ${pad(i + 1, 6)}`,
      StageName: random.pick(STAGES),
      CloseDate: dayAround(random, size.year),
      // Cents, so that sums exercise rounding to the result fields' scale.
      Amount: cents(random, 1_000, 90_000)
    }
  }));
  const courses = Array.from({ length: size.courses }, (_, i) => {
    const completed = random.chance(0.8);
    return {
      partner: partnerOf(random, size.partners),
      values: {
        Course_Name__c: `Course ${pad((i % 40) + 1, 2)}`,
        Course_Id__c: `C-${pad((i % 40) + 1, 2)}`,
        Status__c: completed ? 'Completed' : random.pick(['Assigned', 'In Progress']),
        Completed_Date__c: completed ? dayAround(random, size.year) : null
      }
    };
  });
  return {
    partners,
    customer: { Name: 'Bench Customer' },
    plans,
    objectives,
    sources: { Lead: leads, Opportunity: opportunities, Course_Assignment__c: courses }
  };
}

export type ChangeKind = 'amount' | 'partner' | 'date' | 'delete';

export interface ChangeSet {
  /** Field changes by object, each with the record's Id. */
  updates: Record<SourceObject, SObjectRecord[]>;
  deletes: string[];
  /** How many records each kind of change touched. */
  counts: Record<ChangeKind, number>;
}

/** Which kinds of change each object allows: a lead's CreatedDate cannot be changed. */
const KINDS: Readonly<Record<SourceObject, readonly ChangeKind[]>> = {
  Lead: ['amount', 'partner'],
  Opportunity: ['amount', 'partner', 'date'],
  Course_Assignment__c: ['partner', 'date']
};

/** Share of the changed records that are deleted. */
const DELETE_SHARE = 0.05;

function moveDay(random: Random, day: string): string {
  const days = random.int(20, 120) * (random.chance(0.5) ? -1 : 1);
  return DateTime.fromISO(day, { zone: 'utc' }).plus({ days }).toISODate() as string;
}

function changeOf(
  object: SourceObject,
  kind: ChangeKind,
  record: GeneratedRecord,
  random: Random,
  partners: number
): SObjectRecord {
  switch (kind) {
    case 'amount':
      return object === 'Lead'
        ? { AnnualRevenue: random.int(5, 500) * 1000 }
        : { Amount: cents(random, 1_000, 90_000) };
    case 'partner': {
      // Another partner, or none when there is only one.
      const next = partners > 1 ? ((record.partner ?? 0) + random.int(1, partners - 1)) % partners : null;
      return { [PARTNER_FIELD[object]]: next === null ? null : { partner: next } };
    }
    case 'date':
      return object === 'Opportunity'
        ? { CloseDate: moveDay(random, String(record.values.CloseDate)) }
        : { Completed_Date__c: moveDay(random, String(record.values.Completed_Date__c)) };
    case 'delete':
      return {};
  }
}

/**
 * The changes before the incremental sync: `percent` of all source records (at least one when
 * there are any), chosen at random across the objects, each getting one kind of change. A
 * course assignment that is not completed has no date to move, so it moves partner instead.
 * Partner values come back as `{ partner: index }`, for `resolvePartners` to turn into Ids.
 */
export function generateChanges(
  org: GeneratedOrg,
  ids: Readonly<Record<SourceObject, readonly string[]>>,
  options: { percent: number; seed: number; partners: number }
): ChangeSet {
  const random = seededRandom(options.seed + 1);
  const pool = SOURCE_OBJECTS.flatMap((object) => org.sources[object].map((_, index) => ({ object, index })));
  const wanted = pool.length === 0 ? 0 : Math.max(1, Math.round((pool.length * options.percent) / 100));
  // A partial Fisher–Yates shuffle: the first `wanted` entries are a uniform sample.
  for (let i = 0; i < wanted; i++) {
    const j = random.int(i, pool.length - 1);
    [pool[i], pool[j]] = [pool[j] as (typeof pool)[number], pool[i] as (typeof pool)[number]];
  }
  const changes: ChangeSet = {
    updates: { Lead: [], Opportunity: [], Course_Assignment__c: [] },
    deletes: [],
    counts: { amount: 0, partner: 0, date: 0, delete: 0 }
  };
  for (const { object, index } of pool.slice(0, wanted)) {
    const record = org.sources[object][index] as GeneratedRecord;
    const id = ids[object][index];
    if (id === undefined)
      throw new Error(`No Id for ${object} #${index}: the org and the generated data differ`);
    let kind: ChangeKind = random.chance(DELETE_SHARE) ? 'delete' : random.pick(KINDS[object]);
    if (kind === 'date' && object === 'Course_Assignment__c' && !record.values.Completed_Date__c)
      kind = 'partner';
    changes.counts[kind]++;
    if (kind === 'delete') changes.deletes.push(id);
    else
      changes.updates[object].push({ Id: id, ...changeOf(object, kind, record, random, options.partners) });
  }
  return changes;
}

/** Replaces `{ partner: index }` values and the generated records' partner indexes with account Ids. */
export function resolvePartners(values: SObjectRecord, partnerIds: readonly string[]): SObjectRecord {
  const resolved: SObjectRecord = {};
  for (const [field, value] of Object.entries(values)) {
    if (value !== null && typeof value === 'object' && 'partner' in value) {
      const id = partnerIds[(value as { partner: number }).partner];
      if (id === undefined) throw new Error(`No partner account #${(value as { partner: number }).partner}`);
      resolved[field] = id;
    } else {
      resolved[field] = value;
    }
  }
  return resolved;
}

/** A generated source record's values with its partner lookup filled in. */
export function sourceValues(
  object: SourceObject,
  record: GeneratedRecord,
  partnerIds: readonly string[]
): SObjectRecord {
  return resolvePartners(
    {
      ...record.values,
      [PARTNER_FIELD[object]]: record.partner === null ? null : { partner: record.partner }
    },
    partnerIds
  );
}
