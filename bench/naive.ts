// The naive strategy the bench compares the connector with: how per-record rollup tools such
// as DLRS recalculate. Each objective is handled on its own: one aggregate query per period
// (and one for the whole plan), then one save per record it rolls up into, every period row
// and the objective itself, whether or not the value changed. Nothing is shared between
// objectives or plans and nothing is remembered between runs, so after a change it can only
// recalculate everything again.
//
// It reuses the engine's pure functions (objective checks, fiscal periods, criteria, the
// composed aggregate SOQL) so that its values are right: the bench asserts they equal the
// connector's, and only then compares the cost.
import type { Config } from '../connector/src/config.ts';
import {
  emptyValues,
  planCalculation,
  queriesFor,
  readRows,
  WHOLE_PLAN,
  type CalculationContext,
  type MeasureQuery,
  type ObjectiveJob,
  type Problem
} from '../connector/src/engine/calculation.ts';
import { emptyValue } from '../connector/src/engine/aggregate.ts';
import type { SObjectDescribe } from '../connector/src/engine/describe.ts';
import { periodKey } from '../connector/src/engine/periods.ts';
import { roundOrNull } from '../connector/src/engine/progress.ts';
import { moduleLogger, type Logger } from '../connector/src/logger.ts';
import {
  noApiCalls,
  type ApiCalls,
  type SalesforceApi,
  type SaveOutcome,
  type SObjectRecord
} from '../connector/src/salesforce/client.ts';
import { fitText } from '../connector/src/sync/changes.ts';
import { readOrgSettings, readPlanningData, type PlanningData } from '../connector/src/sync/records.ts';
import { calculationContext } from '../connector/src/sync/runSync.ts';
import {
  checkPlanningSchema,
  OBJECTIVE,
  PLAN,
  TARGET,
  type PlanningSchema
} from '../connector/src/sync/schema.ts';

export interface NaiveDependencies {
  salesforce: { forRun(): SalesforceApi };
  sources: Config['sources'];
  logger: Logger;
}

export interface NaiveSaveError {
  object: string;
  ref: string;
  code: string;
  message: string;
}

export interface NaiveReport {
  apiCalls: ApiCalls & { total: number };
  /** Objectives recalculated (Custom objectives, entered by hand, are not). */
  objectives: number;
  /** Aggregate queries sent: one per objective and period, and one per objective for the whole plan. */
  aggregateQueries: number;
  recordsWritten: number;
  /** Records Salesforce refused, with why. */
  errors: NaiveSaveError[];
  /** Objectives the engine's checks refused (the same ones the connector reports). */
  problems: Problem[];
  /** Actual__c of each period row computed, by Period_Key__c. */
  periodActuals: Map<string, number | null>;
  /** Actual__c of each objective computed, by Id. */
  objectiveActuals: Map<string, number | null>;
}

export async function runNaive(deps: NaiveDependencies): Promise<NaiveReport> {
  const log = moduleLogger(deps.logger, 'naive');
  const sf = deps.salesforce.forRun();
  const org = await readOrgSettings(sf);
  const describes = new Map<string, SObjectDescribe>();
  for (const object of [PLAN.object, OBJECTIVE.object, TARGET.object])
    describes.set(object, await sf.describe(object));
  const schema = checkPlanningSchema(describes);
  const data = await readPlanningData(sf);
  const context = await calculationContext(sf, org, data.plans, data.objectives, deps.sources, log);
  const calculation = planCalculation(data.plans, data.objectives, context);
  const queries = new Map(calculation.queries.map((query) => [query.key, query]));
  const report: NaiveReport = {
    apiCalls: { ...noApiCalls(), total: 0 },
    objectives: 0,
    aggregateQueries: 0,
    recordsWritten: 0,
    errors: [],
    problems: calculation.problems,
    periodActuals: new Map(),
    objectiveActuals: new Map()
  };
  const rows = new Map(data.targets.map((row) => [row.periodKey, row]));
  for (const job of calculation.jobs) {
    if (job.measurement.kind !== 'records') continue;
    const query = queries.get(job.measurement.queryKey) as MeasureQuery;
    const values = await recalculate(sf, job, query, context, report);
    await save(sf, job, values, { rows, schema, report });
    report.objectives++;
  }
  const calls = sf.apiCalls();
  report.apiCalls = { ...calls, total: Object.values(calls).reduce((a, b) => a + b, 0) };
  log.info(
    { objectives: report.objectives, apiCalls: report.apiCalls, written: report.recordsWritten },
    'naive run finished'
  );
  return report;
}

interface ObjectiveValues {
  byPeriod: Map<string, number | null>;
  whole: number | null;
}

/** One query per period and one for the whole plan, for this objective's partner alone. */
async function recalculate(
  sf: SalesforceApi,
  job: ObjectiveJob,
  shared: MeasureQuery,
  context: CalculationContext,
  report: NaiveReport
): Promise<ObjectiveValues> {
  const own: MeasureQuery = {
    ...shared,
    partnerIds: [job.partnerId],
    windows: [
      ...job.periods.map((period) => ({ id: period.id, range: { start: period.start, end: period.end } })),
      { id: WHOLE_PLAN, range: shared.range }
    ]
  };
  const values = emptyValues();
  for (const batch of queriesFor(own, context)) {
    readRows(await sf.query(batch.soql), batch, own, values);
    report.aggregateQueries++;
  }
  const windows = values.windows.get(job.partnerId);
  const empty = emptyValue(shared.measure.fn);
  return {
    byPeriod: new Map(job.periods.map((period) => [period.id, windows?.get(period.id) ?? empty])),
    whole: windows?.get(WHOLE_PLAN) ?? empty
  };
}

/** Saves every period row and the objective, one record per call. */
async function save(
  sf: SalesforceApi,
  job: ObjectiveJob,
  values: ObjectiveValues,
  context: {
    rows: Map<string | null, PlanningData['targets'][number]>;
    schema: PlanningSchema;
    report: NaiveReport;
  }
): Promise<void> {
  const { rows, schema, report } = context;
  for (const period of job.periods) {
    const key = periodKey(job.objective.id, period);
    const actual = roundOrNull(values.byPeriod.get(period.id) ?? null, schema.scales.targetActual);
    report.periodActuals.set(key, actual);
    const existing = rows.get(key);
    const [outcome] = existing
      ? await sf.update(TARGET.object, [{ Id: existing.id, [TARGET.actual]: actual }])
      : await sf.create(TARGET.object, [
          {
            [TARGET.objective]: job.objective.id,
            [TARGET.periodKey]: key,
            [TARGET.periodStart]: period.start,
            [TARGET.periodEnd]: period.end,
            [TARGET.periodLabel]: fitText(period.label, schema.lengths.periodLabel),
            [TARGET.actual]: actual
          }
        ]);
    count(TARGET.object, outcome, report);
  }
  const whole = roundOrNull(values.whole, schema.scales.objectiveActual);
  report.objectiveActuals.set(job.objective.id, whole);
  const update: SObjectRecord = { Id: job.objective.id, [OBJECTIVE.actual]: whole };
  const [outcome] = await sf.update(OBJECTIVE.object, [update]);
  count(OBJECTIVE.object, outcome, report);
}

function count(object: string, outcome: SaveOutcome | undefined, report: NaiveReport): void {
  if (outcome?.success) {
    report.recordsWritten++;
    return;
  }
  const errors = outcome?.errors ?? [
    { code: 'NO_RESULT', message: 'Salesforce returned no result', fields: [] }
  ];
  for (const error of errors)
    report.errors.push({ object, ref: outcome?.ref ?? '', code: error.code, message: error.message });
}
