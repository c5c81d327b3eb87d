// Runs the Plan_Job__c requests waiting in the org, after each sync pass. One query finds them;
// one collection update claims them by setting Running, which the org's Job_Runs_Once rule
// accepts only from Queued: when two connector instances claim the same job, Salesforce saves
// one claim and refuses the other, so every job runs once. Each claimed job then runs on its
// own: whatever goes wrong fails that job (Error__c says why) and the next one still runs.
// A job left Running by a connector that stopped mid-job is failed after STALE_AFTER, so its
// requester knows to ask again.
import type { Clock } from '../clock.ts';
import { sfDateTime, soqlDateTime } from '../engine/dates.ts';
import { ConnectorError } from '../errors.ts';
import { moduleLogger, type Logger } from '../logger.ts';
import type { SalesforceApi } from '../salesforce/client.ts';
import type { OrgSettings } from '../sync/records.ts';
import { readOrgSettings } from '../sync/records.ts';
import { reportedError, type JobsSummary, type SyncReport } from '../sync/report.ts';
import { applyTemplate } from './applyTemplate.ts';
import type { JobContext } from './context.ts';
import {
  FAILED,
  finishedFields,
  JOB,
  JOB_FIELDS,
  QUEUED,
  RUNNING,
  toJob,
  type JobOutcome,
  type JobType,
  type PlanJob
} from './job.ts';
import { recalculate } from './recalculate.ts';
import { snapshotReview } from './snapshotReview.ts';

/** Jobs taken per run, oldest first; the rest wait for the next run. One claim call holds 200. */
export const JOBS_PER_RUN = 50;
/** How long a job may stay Running before it is taken for abandoned. */
export const STALE_AFTER = { hours: 1 } as const;

const HANDLERS: Readonly<Record<JobType, (job: PlanJob, context: JobContext) => Promise<JobOutcome>>> = {
  Recalculate: recalculate,
  'Apply Template': applyTemplate,
  'Snapshot Review': snapshotReview
};

/** The org refused a claim because another connector instance had just claimed the job. */
const CLAIMED_ELSEWHERE = 'FIELD_CUSTOM_VALIDATION_EXCEPTION';

export interface JobDependencies {
  salesforce: { forRun(): SalesforceApi };
  clock: Clock;
  logger: Logger;
  /** A sync pass over these plans, or every plan when null (runSync with a scope). */
  recalculate(planIds: readonly string[] | null): Promise<SyncReport>;
}

export function newJobsSummary(): JobsSummary {
  return { found: 0, claimed: 0, done: 0, failed: 0, abandoned: 0, errors: [] };
}

/** The handler of a job type, or null for a type the connector does not know. */
export function handlerFor(
  type: string | null
): ((job: PlanJob, c: JobContext) => Promise<JobOutcome>) | null {
  return type !== null && Object.hasOwn(HANDLERS, type) ? HANDLERS[type as JobType] : null;
}

/** Runs one job to an outcome; never throws. */
export async function runJob(job: PlanJob, context: JobContext): Promise<JobOutcome> {
  const handler = handlerFor(job.type);
  if (!handler)
    return {
      status: FAILED,
      error: `The connector does not know the job type ${job.type ?? '(empty)'}: use Recalculate, Apply Template or Snapshot Review.`
    };
  try {
    return await handler(job, context);
  } catch (error) {
    const failure = ConnectorError.from(error);
    if (failure.code !== 'JOB_INPUT') context.log.error({ err: failure, job: job.id }, 'job failed');
    return {
      status: FAILED,
      error: failure.code === 'JOB_INPUT' ? failure.message : `${failure.code}: ${failure.message}`
    };
  }
}

export async function runJobs(deps: JobDependencies): Promise<JobsSummary> {
  const log = moduleLogger(deps.logger, 'jobs');
  const sf = deps.salesforce.forRun();
  const summary = newJobsSummary();
  const now = () => sfDateTime(deps.clock.now());
  try {
    const staleBefore = soqlDateTime(deps.clock.now().minus(STALE_AFTER));
    const found = (
      await sf.query(
        `SELECT ${JOB_FIELDS.join(', ')} FROM ${JOB.object} WHERE ${JOB.status} = '${QUEUED}' ` +
          `OR (${JOB.status} = '${RUNNING}' AND ${JOB.startedOn} < ${staleBefore}) ORDER BY CreatedDate, Id LIMIT ${JOBS_PER_RUN}`
      )
    ).map(toJob);
    summary.found = found.length;
    if (found.length === 0) return summary;

    const abandoned = found.filter((job) => job.status === RUNNING);
    if (abandoned.length > 0) {
      const outcome: JobOutcome = {
        status: FAILED,
        error:
          'The connector stopped while running this job. Nothing is known of how far it got; request the job again.'
      };
      const saved = await sf.update(
        JOB.object,
        abandoned.map((job) => ({ Id: job.id, ...finishedFields(outcome, now()) }))
      );
      summary.abandoned = saved.filter((s) => s.success).length;
    }

    const queued = found.filter((job) => job.status === QUEUED);
    const claims = await sf.update(
      JOB.object,
      queued.map((job) => ({
        Id: job.id,
        [JOB.status]: RUNNING,
        [JOB.startedOn]: now(),
        [JOB.finishedOn]: null,
        [JOB.result]: null,
        [JOB.error]: null
      }))
    );
    const claimed = queued.filter((job, index) => {
      const claim = claims[index];
      if (claim?.success) return true;
      if (claim?.errors.some((e) => e.code === CLAIMED_ELSEWHERE))
        log.debug({ job: job.id }, 'claimed elsewhere');
      else
        summary.errors.push({
          code: claim?.errors[0]?.code ?? 'NO_RESULT',
          message: `Could not claim job ${job.name}: ${claim?.errors.map((e) => e.message).join(' ') ?? 'no result'}`,
          object: JOB.object,
          ref: job.id
        });
      return false;
    });
    summary.claimed = claimed.length;

    let settings: Promise<OrgSettings> | null = null;
    const context: JobContext = {
      sf,
      clock: deps.clock,
      log,
      recalculate: (planIds) => deps.recalculate(planIds),
      orgSettings: () => (settings ??= readOrgSettings(sf))
    };
    for (const job of claimed) {
      log.info({ job: job.id, type: job.type }, 'job started');
      const outcome = await runJob(job, context);
      const [saved] = await sf.update(JOB.object, [{ Id: job.id, ...finishedFields(outcome, now()) }]);
      if (outcome.status === FAILED) summary.failed++;
      else summary.done++;
      log.info({ job: job.id, status: outcome.status }, 'job finished');
      if (!saved?.success)
        summary.errors.push({
          code: saved?.errors[0]?.code ?? 'NO_RESULT',
          message: `Could not record the outcome of job ${job.name} (${outcome.status}): ${saved?.errors.map((e) => e.message).join(' ') ?? 'no result'}`,
          object: JOB.object,
          ref: job.id
        });
    }
  } catch (error) {
    // The org itself failed us (session, limits, network): the jobs not yet claimed wait for the next run.
    const failure = ConnectorError.from(error);
    log.error({ err: failure }, 'jobs stopped');
    summary.errors.push(reportedError(failure, JOB.object));
  }
  return summary;
}
