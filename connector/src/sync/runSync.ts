// One sync pass: read plans and objectives, run the aggregate queries, compute, write what
// changed, report. The maths lives in engine/; this module does the Salesforce calls around it
// and decides which failures stop the run (credentials, limits, a missing package) and which
// only skip the objectives concerned (a query Salesforce rejects, a record it refuses).
import type { Config } from '../config.ts';
import type { Clock } from '../clock.ts';
import {
  checkSource,
  emptyValues,
  groupBy,
  objectiveOutcome,
  planCalculation,
  planOutcome,
  problem,
  type CalculationContext,
  type MeasureValues,
  type ObjectiveJob,
  type ObjectiveOutcome,
  type SourceState
} from '../engine/calculation.ts';
import { dayIn, isTimeZone, sfDateTime } from '../engine/dates.ts';
import type { SObjectDescribe } from '../engine/describe.ts';
import type { BusinessPlan, FiscalYearSettings, PlanObjective } from '../engine/model.ts';
import { ConnectorError } from '../errors.ts';
import { moduleLogger, type Logger } from '../logger.ts';
import type { SalesforceApi, SaveOutcome, SObjectRecord } from '../salesforce/client.ts';
import {
  periodRowChanges,
  resultChanges,
  rowFailures,
  withoutUnfinishedFinalPasses,
  type ChangeInput,
  type Changes
} from './changes.ts';
import { readFiscalCalendar } from './fiscalCalendar.ts';
import { pendingFinalPasses } from './finalPass.ts';
import { notifyPartners } from './partnerNotifications.ts';
import { maintainPartnerShares } from './partnerShares.ts';
import { keptPlanFields } from './planFields.ts';
import {
  readCompletedPlans,
  readOrgSettings,
  readPlanningData,
  type OrgSettings,
  type PlanningData
} from './records.ts';
import { prepareMeasuring, type ExtractionSettings } from './extraction.ts';
import { countWrites, newReport, reportedError, type SyncReport } from './report.ts';
import { checkPlanningSchema, OBJECTIVE, PLAN, TARGET } from './schema.ts';

export interface SyncDependencies {
  /** Gives each run its own view of Salesforce (SalesforceClient does). */
  salesforce: { forRun(): SalesforceApi };
  clock: Clock;
  logger: Logger;
  sources: Config['sources'];
  /** When sources are read record by record with Bulk API 2.0; the configuration's defaults when absent. */
  extraction?: ExtractionSettings;
  /** Only these plans (a Recalculate job); every plan that is not Completed when absent. */
  scope?: { planIds: readonly string[] };
  /** Only the objectives changes affect (sync/incremental.ts); every objective when absent. */
  incremental?: IncrementalScope;
}

/** How an incremental run narrows the calculation and learns what it computed. */
export interface IncrementalScope {
  /** Once plans and objectives are read: the objectives to compute, or null for all of them. */
  select(input: {
    sf: SalesforceApi;
    data: PlanningData;
    context: CalculationContext;
    fiscalYear: FiscalYearSettings;
  }): Promise<ReadonlySet<string> | null>;
  /** What the run computed and is about to write. */
  computed(input: {
    data: PlanningData;
    context: CalculationContext;
    outcomes: readonly ObjectiveOutcome[];
    changes: Changes;
  }): void;
}

/** Errors that concern one query or record; any other error stops the run, since the next call would fail too. */
const LOCAL_ERRORS: ReadonlySet<string> = new Set([
  'MALFORMED_QUERY',
  'INVALID_FIELD',
  'INVALID_QUERY_FILTER_OPERATOR',
  'QUERY_TIMEOUT',
  'EXCEEDED_ID_LIMIT',
  'OPERATION_TOO_LARGE',
  'BULK_JOB_FAILED',
  'BULK_JOB_TIMEOUT'
]);

function isLocal(error: ConnectorError): boolean {
  return LOCAL_ERRORS.has(error.code);
}

export async function runSync(deps: SyncDependencies): Promise<SyncReport> {
  const log = moduleLogger(deps.logger, 'sync');
  const sf = deps.salesforce.forRun();
  const started = deps.clock.now();
  const report = newReport(sfDateTime(started));
  log.info('sync started');
  try {
    await syncPass(sf, deps, report, log);
  } catch (error) {
    const failure = ConnectorError.from(error);
    report.outcome = 'failed';
    report.errors.push(reportedError(failure));
    report.stoppedAtLimit = failure.code === 'API_LIMIT_REACHED';
    if (report.stoppedAtLimit) log.warn({ code: failure.code }, failure.message);
    else log.error({ err: failure, code: failure.code }, 'sync failed');
  }
  const finished = deps.clock.now();
  report.finishedAt = sfDateTime(finished);
  report.durationMs = Math.max(0, finished.toMillis() - started.toMillis());
  const calls = sf.apiCalls();
  report.apiCalls = { ...calls, total: Object.values(calls).reduce((a, b) => a + b, 0) };
  if (report.outcome !== 'failed' && report.errors.length > 0) report.outcome = 'completedWithErrors';
  log.info(
    {
      outcome: report.outcome,
      plans: report.plans,
      objectives: report.objectives,
      records: report.records,
      apiCalls: report.apiCalls,
      problems: report.problems.length,
      errors: report.errors.length
    },
    'sync finished'
  );
  return report;
}

async function syncPass(
  sf: SalesforceApi,
  deps: SyncDependencies,
  report: SyncReport,
  log: Logger
): Promise<void> {
  // Who sees which plan, and telling partners a plan is ready, go first: neither waits on the
  // calculation or fails with it. Sharing precedes the notice so the partner can open the plan.
  await maintainPartnerShares(sf, report, moduleLogger(deps.logger, 'partnerShares'));
  await notifyPartners(sf, report, moduleLogger(deps.logger, 'partnerNotifications'), deps.clock);
  const org = await readOrgSettings(sf);
  if (!isTimeZone(org.timeZone)) {
    throw new ConnectorError(
      'TIME_ZONE_UNKNOWN',
      `The org's time zone ${org.timeZone} is not one the connector knows.`
    );
  }
  if (org.userTimeZone !== org.timeZone) {
    throw new ConnectorError(
      'TIME_ZONE_MISMATCH',
      `The connector's user is in ${org.userTimeZone} but the org's default time zone is ${org.timeZone}. ` +
        "Periods follow the org's zone, while SOQL's convertTimezone() follows the user's, so records near midnight would land in the wrong period.",
      { actions: [`Set the time zone of the connector's user to ${org.timeZone}.`] }
    );
  }
  report.timeZone = org.timeZone;
  report.fiscalYear = org.fiscalYear;

  const describes = new Map<string, SObjectDescribe>();
  for (const object of [PLAN.object, OBJECTIVE.object, TARGET.object])
    describes.set(object, await sf.describe(object));
  const { scales, lengths } = checkPlanningSchema(describes);

  const now = deps.clock.now();
  const finalPass = pendingFinalPasses(await readCompletedPlans(sf, deps.scope?.planIds), now);
  const data = await readPlanningData(sf, deps.scope?.planIds, [...finalPass.keys()]);
  report.plans.read = data.plans.length;
  report.plans.finalPasses = finalPass.size;
  // Plans are calculated with an empty End Date filled in; the fills are written with the results.
  const kept = await keptPlanFields(sf, data.plans, dayIn(now, org.timeZone));
  const context = await calculationContext(sf, org, kept.plans, data.objectives, deps.sources, log);
  report.objectives.read = data.objectives.length;

  const selected =
    (await deps.incremental?.select({ sf, data, context, fiscalYear: org.fiscalYear })) ?? null;
  const calculation = planCalculation(
    kept.plans,
    selected ? data.objectives.filter((o) => selected.has(o.id)) : data.objectives,
    context
  );
  // Why objectives (or whole plans) were not computed: shown on the objectives as Error.
  const notComputed = [...calculation.problems];
  report.problems.push(...calculation.problems);
  const leaveUncomputed = (job: ObjectiveJob, message: string): void => {
    const reason = problem(job.plan, job.objective, message);
    notComputed.push(reason);
    report.problems.push(reason);
  };
  for (const problem of calculation.problems) log.warn(problem, 'not computed');

  // Grouped queries, or records extracted for dated rates and very large sources (extraction.ts).
  const measuring = await prepareMeasuring({
    sf,
    calculation,
    context,
    planDescribe: describes.get(PLAN.object) ?? null,
    settings: deps.extraction,
    log: moduleLogger(deps.logger, 'extraction')
  });
  const values = new Map<string, MeasureValues>();
  for (const query of calculation.queries) {
    const result = emptyValues();
    try {
      await measuring.read(query, result);
      values.set(query.key, result);
    } catch (error) {
      const failure = ConnectorError.from(error);
      if (!isLocal(failure)) throw failure;
      report.errors.push(reportedError(failure, query.source.mapping.object));
      const jobs = calculation.jobs.filter(
        (j) => j.measurement.kind === 'records' && j.measurement.queryKey === query.key
      );
      for (const job of jobs) {
        const message = `Salesforce rejected the query for this objective: ${failure.message}`;
        leaveUncomputed(job, message);
      }
    }
    if (result.unplaced > 0) {
      log.error(
        { query: query.key, rows: result.unplaced },
        'rows fell in no period; calendar and zone disagree'
      );
      report.errors.push({
        code: 'UNPLACED_ROWS',
        message: `${result.unplaced} aggregate rows of ${query.source.mapping.object} fell outside the plan's months ${query.range.start} to ${query.range.end}.`
      });
    }
  }

  const outcomes: ObjectiveOutcome[] = [];
  for (const job of calculation.jobs) {
    const measured = job.measurement.kind === 'records' ? values.get(job.measurement.queryKey) : null;
    // A query Salesforce rejected: already reported, and the objective is left as it is.
    if (measured === undefined) continue;
    // In the plan's currency; a rate the org lacks leaves the objective in Error, naming it.
    const priced = measuring.forJob(job, measured);
    if (!priced.ok) {
      leaveUncomputed(job, priced.problem);
      continue;
    }
    outcomes.push(objectiveOutcome(job, priced.values, context.calendar, scales));
  }
  report.objectives.computed = outcomes.length;
  report.objectives.skipped = report.objectives.read - outcomes.length;

  const skippedPlans = new Set(
    calculation.problems.filter((p) => p.objectiveId === null).map((p) => p.planId)
  );
  const outcomesById = new Map(outcomes.map((o) => [o.job.objective.id, o]));
  const objectivesByPlan = groupBy(data.objectives, (o) => o.planId);
  const planProgress = new Map<string, number | null>();
  for (const plan of data.plans) {
    if (skippedPlans.has(plan.id)) continue;
    if (selected && !objectivesByPlan.get(plan.id)?.some((o) => selected.has(o.id))) continue;
    planProgress.set(plan.id, planOutcome(objectivesByPlan.get(plan.id) ?? [], outcomesById, scales));
  }
  report.plans.calculated = planProgress.size;
  report.plans.skipped = skippedPlans.size;

  const input: ChangeInput = {
    ...data,
    outcomes,
    planProgress,
    scales,
    lengths,
    now: sfDateTime(now),
    problems: notComputed,
    planFields: kept.fields,
    finalPass
  };
  const rows = periodRowChanges(input);
  for (const notice of rows.notices) {
    report.problems.push(problem(notice.plan, notice.objective, notice.message));
    log.warn({ plan: notice.plan.id, objective: notice.objective.id }, notice.message);
  }
  for (const key of rows.conflicts) {
    report.errors.push({
      code: 'PERIOD_KEY_CONFLICT',
      message: `Period Key ${key} belongs to another objective.`,
      object: TARGET.object,
      ref: key
    });
  }

  // Children first and the plan last: a plan's Last_Calculated__c (the mark of a final pass) is
  // only written once everything below it was, so a run cut short is finished by the next one.
  const write = (object: string, send: () => Promise<SaveOutcome[]>, records: readonly SObjectRecord[]) =>
    writeRecords(object, send, records, report);
  const targetWrites = [
    ...(await write(
      TARGET.object,
      () => sf.upsert(TARGET.object, TARGET.periodKey, rows.targetInserts),
      rows.targetInserts
    )),
    ...(await write(TARGET.object, () => sf.update(TARGET.object, rows.targetUpdates), rows.targetUpdates))
  ];
  const results = resultChanges(input, rows, rowFailures(targetWrites, data.targets));
  const changes: Changes = { ...rows, ...results };
  deps.incremental?.computed({ data, context, outcomes, changes });
  const objectiveWrites = await write(
    OBJECTIVE.object,
    () => sf.update(OBJECTIVE.object, results.objectiveUpdates),
    results.objectiveUpdates
  );
  report.objectives.updated = objectiveWrites.filter((o) => o.success).length;
  const planUpdates = withoutUnfinishedFinalPasses(results.planUpdates, finalPass, {
    targets: targetWrites,
    objectives: objectiveWrites,
    data
  });
  const planWrites = await write(PLAN.object, () => sf.update(PLAN.object, planUpdates), planUpdates);
  report.plans.updated = planWrites.filter((o) => o.success).length;
}

/** Sends one kind of write, counts and reports its outcomes, and returns them (one per record). */
async function writeRecords(
  object: string,
  send: () => Promise<SaveOutcome[]>,
  records: readonly SObjectRecord[],
  report: SyncReport
): Promise<SaveOutcome[]> {
  if (records.length === 0) return [];
  const counts = countWrites(report, object);
  let outcomes: SaveOutcome[];
  try {
    outcomes = await send();
  } catch (error) {
    const failure = ConnectorError.from(error);
    if (!isLocal(failure)) throw failure;
    counts.failed += records.length;
    report.errors.push(reportedError(failure, object));
    const failed = { code: failure.code, message: failure.message, fields: [] };
    return records.map((record) => ({
      ref: String(record.Id ?? record[TARGET.periodKey] ?? ''),
      success: false,
      id: null,
      created: false,
      errors: [failed]
    }));
  }
  for (const outcome of outcomes) {
    if (outcome.success) {
      if (outcome.created) counts.created++;
      else counts.updated++;
      continue;
    }
    counts.failed++;
    for (const error of outcome.errors) {
      const fields = error.fields.length > 0 ? ` [${error.fields.join(', ')}]` : '';
      report.errors.push({
        code: error.code,
        message: `${error.message}${fields}`,
        object,
        ref: outcome.ref
      });
    }
  }
  return outcomes;
}

/**
 * What calculating plans needs besides their records: the org's fiscal calendar over the plans'
 * dates (custom fiscal years are read here, once per run), its time zone, and the sources of
 * the objective types in use.
 */
export async function calculationContext(
  sf: SalesforceApi,
  org: OrgSettings,
  plans: readonly BusinessPlan[],
  objectives: readonly PlanObjective[],
  mappings: Config['sources'],
  log: Logger
): Promise<CalculationContext> {
  return {
    calendar: await readFiscalCalendar(sf, org.fiscalYear, plans),
    timeZone: org.timeZone,
    sources: await sourcesInUse(
      sf,
      mappings,
      objectives.map((o) => o.type),
      log
    )
  };
}

/**
 * Describes the source objects of the objective types present, once each, and checks their
 * mappings. A source that cannot be used (an object the org does not have, a field that does
 * not fit, a filter that does not parse) becomes a problem of each objective of that type; the
 * other types still compute.
 */
async function sourcesInUse(
  sf: SalesforceApi,
  mappings: Config['sources'],
  types: readonly (string | null)[],
  log: Logger
): Promise<Map<string, SourceState>> {
  const sources = new Map<string, SourceState>();
  for (const [type, mapping] of Object.entries(mappings)) {
    if (!mapping || !types.includes(type)) continue;
    if (mapping.measure === 'manual') {
      sources.set(type, { kind: 'manual' });
      continue;
    }
    const checked = checkSource(type, mapping, await describeIfPresent(sf, mapping.object));
    if (checked.ok) {
      sources.set(type, { kind: 'records', source: checked.source });
    } else {
      log.warn({ objectiveType: type, object: mapping.object }, checked.problem);
      sources.set(type, { kind: 'unavailable', problem: checked.problem });
    }
  }
  return sources;
}

/** The describe of `object`, or null when the org answers that there is no such object (for this user). */
async function describeIfPresent(sf: SalesforceApi, object: string): Promise<SObjectDescribe | null> {
  try {
    return await sf.describe(object);
  } catch (error) {
    const failure = ConnectorError.from(error);
    if (failure.code === 'NOT_FOUND' || failure.code === 'INVALID_TYPE') return null;
    throw failure;
  }
}
