// Completed plans are frozen: the connector calculates a plan one last time after it becomes
// Completed, then never again. The proof that the last pass was made is in Salesforce itself,
// so it survives restarts and a second connector: the pass stamps Last_Calculated__c last of
// all its writes, at or after the moment the plan became Completed (the latest Status__c change
// in the plan's field history). A run that dies before that stamp leaves the pass to the next.
import type { DateTime } from 'luxon';
import { parseSfDateTime, sfDateTime } from '../engine/dates.ts';
import type { CompletedPlan } from './records.ts';

/** Final passes per run; any others wait for the next run (a first run may find many). */
export const MAX_FINAL_PASSES = 200;

/**
 * The Completed plans still owed their final pass, with the Last_Calculated__c that will
 * record it: now, or the completion time when this machine's clock is behind Salesforce's, so
 * that the stamp is never earlier than the change it answers. Without history (tracking off, or
 * the change older than Salesforce keeps), a plan that was ever calculated counts as done.
 */
export function pendingFinalPasses(
  plans: readonly CompletedPlan[],
  now: DateTime,
  limit = MAX_FINAL_PASSES
): Map<string, string> {
  const pending = new Map<string, string>();
  for (const plan of plans) {
    if (pending.size >= limit) break;
    const calculated = parseSfDateTime(plan.lastCalculated);
    const completed = parseSfDateTime(plan.completedAt);
    if (calculated !== null && (completed === null || calculated >= completed)) continue;
    pending.set(plan.id, sfDateTime(completed !== null && completed > now ? completed : now));
  }
  return pending;
}
