// The pure parts of Plan_Job__c processing: Parameters, Result and Error texts, the dates and
// targets of plans made from a template, the progress snapshot and what a sync report means
// for a Recalculate job. Expected values are worked out by hand in the comments.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { z } from 'zod';
import { fiscalCalendar } from '../src/engine/periods.ts';
import type { JobContext } from '../src/jobs/context.ts';
import {
  finishedFields,
  JOB_TEXT_LIMIT,
  JobInputError,
  parseParameters,
  recordId,
  resultText,
  type PlanJob
} from '../src/jobs/job.ts';
import { buildSnapshot } from '../src/jobs/progressSnapshot.ts';
import { recalculationOutcome, recalculationTarget } from '../src/jobs/recalculate.ts';
import { handlerFor, runJob } from '../src/jobs/runJobs.ts';
import {
  existingPlanFor,
  fiscalYearStart,
  monthsBetween,
  newPlanRange,
  planName,
  planRecord,
  shiftedTargets,
  type TemplateObjective
} from '../src/jobs/templateCopy.ts';
import { newReport } from '../src/sync/report.ts';

const PLAN_A = 'a0A000000000001AAA';
const PLAN_B = 'a0A000000000002AAA';
const OBJECTIVE = 'a0D000000000001AAA';

function job(values: Partial<PlanJob> = {}): PlanJob {
  return {
    id: 'a0J000000000001AAA',
    name: 'JOB-000001',
    type: 'Recalculate',
    status: 'Running',
    parameters: null,
    planId: null,
    requestedBy: '005000000000001AAA',
    startedOn: null,
    ...values
  };
}

describe('Parameters', () => {
  const schema = z.strictObject({ planId: recordId.optional(), count: z.number().optional() });
  const parse = (text: string | null) => parseParameters(text, schema, '{"planId": "…"}');
  const message = (text: string | null): string => {
    try {
      parse(text);
    } catch (error) {
      assert.ok(error instanceof JobInputError);
      return error.message;
    }
    assert.fail(`accepted ${text}`);
  };

  test('empty Parameters are an empty object', () => {
    assert.deepEqual(parse(null), {});
    assert.deepEqual(parse('  '), {});
    assert.deepEqual(parse(`{"planId": "${PLAN_A}", "count": 2}`), { planId: PLAN_A, count: 2 });
  });

  test('name what is wrong: not JSON, not an object, an unknown or malformed setting', () => {
    assert.match(
      message('{"planId": '),
      /^Parameters is not valid JSON \(.+\)\. Expected an object such as \{"planId": "…"\}\.$/
    );
    assert.equal(message('[1]'), 'Parameters must be a JSON object such as {"planId": "…"}.');
    assert.equal(message('"a"'), 'Parameters must be a JSON object such as {"planId": "…"}.');
    assert.equal(
      message('{"plan": 1}'),
      'Parameters: unknown "plan". Expected an object such as {"planId": "…"}.'
    );
    assert.equal(
      message('{"planId": "a0A000000000001"}'),
      'Parameters: planId must be an 18-character Salesforce Id. Expected an object such as {"planId": "…"}.'
    );
  });
});

describe('Result and Error', () => {
  test('a Result is the summary, then the details as JSON', () => {
    assert.equal(resultText({ status: 'Done', summary: 'Did it.' }), 'Did it.');
    assert.equal(
      resultText({ status: 'Done', summary: 'Did it.', details: { n: 1 } }),
      'Did it.\n\n{\n  "n": 1\n}'
    );
    assert.equal(resultText({ status: 'Failed', error: 'No.' }), null);
  });

  test('texts longer than the field are cut, and say so', () => {
    const text = resultText({ status: 'Done', summary: 'x'.repeat(JOB_TEXT_LIMIT + 10) }) as string;
    assert.equal(text.length, JOB_TEXT_LIMIT);
    assert.ok(text.endsWith('\n… (truncated)'));
  });

  test('a failed job records its error; a done one clears it', () => {
    const at = '2026-11-22T10:00:00.000Z';
    assert.deepEqual(finishedFields({ status: 'Failed', error: 'No plan.' }, at), {
      Status__c: 'Failed',
      Result__c: null,
      Error__c: 'No plan.',
      Finished_On__c: at
    });
    assert.deepEqual(finishedFields({ status: 'Done', summary: 'Done.' }, at), {
      Status__c: 'Done',
      Result__c: 'Done.',
      Error__c: null,
      Finished_On__c: at
    });
  });
});

describe('dispatch', () => {
  test('a type the connector does not know fails the job and lists the types it knows', async () => {
    assert.equal(handlerFor('Rebuild'), null);
    assert.equal(handlerFor('toString'), null);
    assert.equal(typeof handlerFor('Snapshot Review'), 'function');
    const outcome = await runJob(job({ type: 'Rebuild' }), {} as JobContext);
    assert.deepEqual(outcome, {
      status: 'Failed',
      error:
        'The connector does not know the job type Rebuild: use Recalculate, Apply Template or Snapshot Review.'
    });
  });
});

describe('Recalculate', () => {
  test("the plan is the Parameters' planId or the job's plan, and they must agree", () => {
    assert.equal(recalculationTarget(job()), null);
    assert.equal(recalculationTarget(job({ planId: PLAN_A })), PLAN_A);
    assert.equal(recalculationTarget(job({ parameters: `{"planId": "${PLAN_B}"}` })), PLAN_B);
    assert.equal(recalculationTarget(job({ planId: PLAN_A, parameters: `{"planId": "${PLAN_A}"}` })), PLAN_A);
    assert.throws(() => recalculationTarget(job({ planId: PLAN_A, parameters: `{"planId": "${PLAN_B}"}` })), {
      message: `Parameters planId ${PLAN_B} is not the job's Business Plan ${PLAN_A}. Name the plan once, or the same plan in both.`
    });
  });

  test('a sync that stopped fails the job with its errors; one that ran reports what it computed', () => {
    const failed = { ...newReport('2026-11-22T10:00:00.000Z'), outcome: 'failed' as const };
    failed.errors.push({ code: 'REQUEST_LIMIT_EXCEEDED', message: 'Daily limit reached.' });
    const outcome = recalculationOutcome(failed, '"P"');
    assert.equal(outcome.status, 'Failed');
    assert.equal(
      outcome.status === 'Failed' && outcome.error,
      'The recalculation of "P" stopped. REQUEST_LIMIT_EXCEEDED: Daily limit reached.'
    );

    const ran = newReport('2026-11-22T10:00:00.000Z');
    ran.objectives = { read: 3, computed: 2, skipped: 1, updated: 1 };
    ran.problems.push({
      planId: PLAN_A,
      planName: 'P',
      objectiveId: OBJECTIVE,
      objectiveName: 'O',
      message: 'Bad criteria.'
    });
    const done = recalculationOutcome(ran, '"P"');
    assert.equal(done.status, 'Done');
    assert.equal(
      done.summary,
      'Recalculated "P": 2 objectives computed, 1 changed; 1 could not be computed (see details).'
    );
  });
});

describe('Apply Template: dates', () => {
  const february = { startMonth: 2, nameByStartYear: false };

  test('a fiscal year starts on the first day of its first month, named as the org names years', () => {
    // FY2027 ends in January 2027 when years are named for the year they end in.
    assert.equal(fiscalYearStart(february, 2027), '2026-02-01');
    assert.equal(fiscalYearStart({ startMonth: 2, nameByStartYear: true }, 2027), '2027-02-01');
    assert.equal(fiscalYearStart({ startMonth: 1, nameByStartYear: false }, 2027), '2027-01-01');
  });

  test('a new plan runs as long as its template, or a year less a day when the template has no dates', () => {
    const year = { start: '2026-01-01', end: '2026-12-31' };
    assert.deepEqual(newPlanRange({ startDate: '2027-04-01' }, year, february), {
      start: '2027-04-01',
      end: '2028-03-31'
    });
    assert.deepEqual(newPlanRange({ fiscalYear: 2028 }, year, february), {
      start: '2027-02-01',
      end: '2028-01-31'
    });
    // Two quarters from 1 March: 1 March to 31 August.
    assert.deepEqual(
      newPlanRange({ startDate: '2027-03-01' }, { start: '2026-01-01', end: '2026-06-30' }, february),
      { start: '2027-03-01', end: '2027-08-31' }
    );
    assert.deepEqual(newPlanRange({ startDate: '2028-02-29' }, { start: null, end: null }, february), {
      start: '2028-02-29',
      end: '2029-02-27'
    });
    assert.throws(
      () => newPlanRange({ startDate: '2027-01-01' }, { start: '2026-05-01', end: '2026-04-01' }, february),
      RangeError
    );
  });

  test('months between counts calendar months, whatever the days', () => {
    assert.equal(monthsBetween('2026-01-15', '2027-04-01'), 15);
    assert.equal(monthsBetween('2026-12-31', '2026-02-01'), -10);
  });

  test('an account already has a plan from the template when one overlaps the new dates', () => {
    const range = { start: '2027-01-01', end: '2027-12-31' };
    const plans = [
      { id: 'old', partnerAccountId: 'A', start: '2026-01-01', end: '2026-12-31' },
      { id: 'overlapping', partnerAccountId: 'A', start: '2026-07-01', end: '2027-06-30' },
      { id: 'undated', partnerAccountId: 'B', start: null, end: null },
      { id: 'later', partnerAccountId: 'C', start: '2028-01-01', end: '2028-12-31' }
    ];
    assert.equal(existingPlanFor('A', plans, range)?.id, 'overlapping');
    assert.equal(existingPlanFor('B', plans, range)?.id, 'undated');
    assert.equal(existingPlanFor('C', plans, range), null);
    assert.equal(existingPlanFor('D', plans, range), null);
  });
});

describe('Apply Template: records', () => {
  test('the plan is named for the partner, the year and the template, within 80 characters', () => {
    assert.equal(planName('Northwind', 'FY2027', 'Growth'), 'Northwind FY2027 – Growth');
    const long = planName('N'.repeat(60), 'FY2027', 'Growth plan template');
    assert.equal(long.length, 80);
    assert.ok(long.endsWith('…'));
  });

  test('the plan copies the narrative and sets partner, dates, template and channel manager; status stays the default', () => {
    const record = planRecord({
      template: { id: PLAN_A, name: 'Growth', start: null, end: null, copied: { Summary__c: '<p>S</p>' } },
      account: { id: '001000000000001AAA', name: 'Northwind' },
      range: { start: '2027-01-01', end: '2027-12-31' },
      yearLabel: 'FY2027',
      channelManagerId: '005000000000001AAA'
    });
    assert.deepEqual(record, {
      Summary__c: '<p>S</p>',
      Name: 'Northwind FY2027 – Growth',
      Template__c: PLAN_A,
      Partner_Account__c: '001000000000001AAA',
      Start_Date__c: '2027-01-01',
      End_Date__c: '2027-12-31',
      OwnerId: '005000000000001AAA',
      Channel_Manager__c: '005000000000001AAA'
    });
  });

  // Fiscal years from February, named for the year they end in: quarters Feb–Apr, May–Jul,
  // Aug–Oct, Nov–Jan; FY2028 is February 2027 to January 2028.
  const calendar = fiscalCalendar({ startMonth: 2, nameByStartYear: false });
  const objective = (targets: TemplateObjective['targets'], periodType: string | null = 'Quarterly') => ({
    id: 'template objective',
    fields: {},
    periodType,
    targets
  });

  test("targets move by the months between the plans' starts into the new plan's periods", () => {
    const shifted = shiftedTargets({
      objective: objective([
        { start: '2026-02-01', target: 5 },
        { start: '2026-03-01', target: 6 },
        { start: '2026-05-01', target: 7 },
        { start: '2026-12-01', target: 8 }
      ]),
      objectiveId: OBJECTIVE,
      months: 12,
      // Six months: the first two quarters of FY2028.
      range: { start: '2027-02-01', end: '2027-07-31' },
      calendar
    });
    assert.deepEqual(shifted.rows, [
      {
        Plan_Objective__c: OBJECTIVE,
        Period_Key__c: `${OBJECTIVE}-Q-2027-02`,
        Period_Start__c: '2027-02-01',
        Period_End__c: '2027-04-30',
        Period_Label__c: 'FY2028 Q1',
        Target__c: 5
      },
      {
        Plan_Objective__c: OBJECTIVE,
        Period_Key__c: `${OBJECTIVE}-Q-2027-05`,
        Period_Start__c: '2027-05-01',
        Period_End__c: '2027-07-31',
        Period_Label__c: 'FY2028 Q2',
        Target__c: 7
      }
    ]);
    assert.deepEqual(shifted.dropped, [
      { start: '2026-03-01', target: 6, reason: 'FY2028 Q1 already has a target from the template' },
      { start: '2026-12-01', target: 8, reason: 'moved to 2027-12-01, outside the new plan' }
    ]);
  });

  test('a plan starting mid-quarter takes the target into its clipped first quarter', () => {
    const shifted = shiftedTargets({
      objective: objective([{ start: '2026-03-15', target: 9 }]),
      objectiveId: OBJECTIVE,
      months: 12,
      range: { start: '2027-03-15', end: '2028-03-14' },
      calendar
    });
    assert.deepEqual(
      shifted.rows.map((row) => [row.Period_Key__c, row.Period_Start__c, row.Period_End__c, row.Target__c]),
      [[`${OBJECTIVE}-Q-2027-02`, '2027-03-15', '2027-04-30', 9]]
    );
  });

  test('without template dates or a period type, no target can be placed', () => {
    const targets = [{ start: '2026-02-01', target: 5 }];
    const range = { start: '2027-02-01', end: '2028-01-31' };
    assert.deepEqual(
      shiftedTargets({
        objective: objective(targets),
        objectiveId: OBJECTIVE,
        months: null,
        range,
        calendar
      }),
      {
        rows: [],
        dropped: [
          { start: '2026-02-01', target: 5, reason: 'the template has no start date to move targets from' }
        ]
      }
    );
    assert.deepEqual(
      shiftedTargets({
        objective: objective(targets, null),
        objectiveId: OBJECTIVE,
        months: 12,
        range,
        calendar
      }).dropped,
      [
        {
          start: '2026-02-01',
          target: 5,
          reason: "the objective's period type (empty) is not Monthly, Quarterly or Annually"
        }
      ]
    );
  });
});

describe('progress snapshot', () => {
  test('version 1: the plan and each objective by Id, in Id order, with empty values as null', () => {
    const snapshot = buildSnapshot({
      reviewId: 'a0C000000000001AAA',
      takenAt: '2026-11-22T10:00:00.000Z',
      plan: {
        Id: PLAN_A,
        Name: 'P',
        Status__c: 'In Progress',
        Start_Date__c: '2026-01-01',
        End_Date__c: null,
        Progress__c: 62.5,
        Last_Calculated__c: '2026-11-22T09:00:00.000+0000'
      },
      objectives: [
        {
          Id: 'a0D000000000002AAA',
          Name: 'B',
          Category__c: 'Sales',
          Type__c: 'Custom',
          Period_Type__c: 'Annually',
          Weight__c: 1,
          Target__c: 8,
          Actual__c: 6,
          Progress__c: 75
        },
        {
          Id: 'a0D000000000001AAA',
          Name: null,
          Category__c: null,
          Type__c: null,
          Period_Type__c: null,
          Weight__c: null,
          Target__c: null,
          Actual__c: null,
          Progress__c: null
        }
      ]
    });
    assert.deepEqual(JSON.parse(JSON.stringify(snapshot)), {
      version: 1,
      takenAt: '2026-11-22T10:00:00.000Z',
      reviewId: 'a0C000000000001AAA',
      plan: {
        id: PLAN_A,
        name: 'P',
        status: 'In Progress',
        startDate: '2026-01-01',
        endDate: null,
        progress: 62.5,
        calculatedAt: '2026-11-22T09:00:00.000+0000'
      },
      objectives: {
        a0D000000000001AAA: {
          name: 'a0D000000000001AAA',
          category: null,
          type: null,
          periodType: null,
          weight: null,
          target: null,
          actual: null,
          progress: null
        },
        a0D000000000002AAA: {
          name: 'B',
          category: 'Sales',
          type: 'Custom',
          periodType: 'Annually',
          weight: 1,
          target: 8,
          actual: 6,
          progress: 75
        }
      }
    });
    assert.deepEqual(Object.keys(snapshot.objectives), ['a0D000000000001AAA', 'a0D000000000002AAA']);
  });
});
