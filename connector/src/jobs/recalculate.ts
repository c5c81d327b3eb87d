// Recalculate: one plan now (Parameters planId, or the job's Business Plan), or every plan when
// the job names none. It is the sync pass itself, scoped to the plan, so a recalculated plan
// gets exactly what the scheduled sync would write.
import { z } from 'zod';
import type { SyncReport } from '../sync/report.ts';
import { COMPLETED, PLAN } from '../sync/schema.ts';
import {
  DONE,
  FAILED,
  JobInputError,
  parseParameters,
  recordId,
  type JobOutcome,
  type PlanJob
} from './job.ts';
import type { JobContext } from './context.ts';

const parameters = z.strictObject({ planId: recordId.optional() });
const EXAMPLE = '{"planId": "a0B5g00000AbCdEFGH"}';

/** The plan a Recalculate job is about, or null for every plan. */
export function recalculationTarget(job: PlanJob): string | null {
  const { planId } = parseParameters(job.parameters, parameters, EXAMPLE);
  if (planId !== undefined && job.planId !== null && planId !== job.planId)
    throw new JobInputError(
      `Parameters planId ${planId} is not the job's Business Plan ${job.planId}. Name the plan once, or the same plan in both.`
    );
  return planId ?? job.planId;
}

/** What a sync report means for the job: the run stopping fails it; objectives it could not compute are listed. */
export function recalculationOutcome(report: SyncReport, what: string): JobOutcome {
  const details = {
    plans: report.plans,
    objectives: report.objectives,
    records: report.records,
    problems: report.problems,
    errors: report.errors
  };
  if (report.outcome === 'failed') {
    const reasons = report.errors.map((e) => `${e.code}: ${e.message}`).join(' ');
    return { status: FAILED, error: `The recalculation of ${what} stopped. ${reasons}`.trim(), details };
  }
  const { computed, updated } = report.objectives;
  const notes = [
    report.problems.length > 0 ? `${report.problems.length} could not be computed` : null,
    report.errors.length > 0 ? `${report.errors.length} errors` : null
  ].filter((note) => note !== null);
  return {
    status: DONE,
    summary:
      `Recalculated ${what}: ${computed} objectives computed, ${updated} changed` +
      (notes.length > 0 ? `; ${notes.join(', ')} (see details).` : '.'),
    details
  };
}

export async function recalculate(job: PlanJob, context: JobContext): Promise<JobOutcome> {
  const planId = recalculationTarget(job);
  if (planId === null) return recalculationOutcome(await context.recalculate(null), 'every plan');
  const [plan] = await context.sf.query<{ Name?: string; Status__c?: string | null }>(
    `SELECT Id, ${PLAN.name}, ${PLAN.status} FROM ${PLAN.object} WHERE Id = '${planId}'`
  );
  if (!plan)
    throw new JobInputError(`There is no business plan ${planId}, or the connector's user cannot see it.`);
  const what = `"${plan.Name ?? planId}"`;
  if (plan.Status__c === COMPLETED)
    throw new JobInputError(`${what} is Completed: its figures are frozen and are not recalculated.`);
  return recalculationOutcome(await context.recalculate([planId]), what);
}
