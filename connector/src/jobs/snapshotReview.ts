// Snapshot Review: freezes a held review's plan progress into Progress_Snapshot__c (shape in
// progressSnapshot.ts) and Plan_Progress__c. People hold the review (Status Held, which the org
// allows only on or after the review date); the job records the figures. A review keeps its
// first snapshot, so running the job again changes nothing unless Parameters say "replace".
// Two queries (the review with its plan, the plan's objectives) and one update.
import { z } from 'zod';
import { sfDateTime } from '../engine/dates.ts';
import { DONE, JobInputError, parseParameters, recordId, type JobOutcome, type PlanJob } from './job.ts';
import type { JobContext } from './context.ts';
import {
  buildSnapshot,
  SNAPSHOT_OBJECTIVE_FIELDS,
  SNAPSHOT_PLAN_FIELDS,
  snapshotObjectiveRecord,
  snapshotPlanRecord
} from './progressSnapshot.ts';
import { saveOne } from './save.ts';

const REVIEW = 'Business_Review__c';
const HELD = 'Held';

const parameters = z.strictObject({
  reviewId: recordId,
  /** Take a new snapshot over one already recorded. */
  replace: z.boolean().optional()
});
const EXAMPLE = '{"reviewId": "a0C5g00000AbCdEFGH"}';

const reviewRecord = z.object({
  Id: z.string(),
  Name: z.string().nullable().optional(),
  Status__c: z.string().nullable().optional(),
  Business_Plan__c: z.string(),
  Progress_Snapshot__c: z.string().nullable().optional(),
  Business_Plan__r: snapshotPlanRecord
});

export async function snapshotReview(job: PlanJob, context: JobContext): Promise<JobOutcome> {
  const { reviewId, replace = false } = parseParameters(job.parameters, parameters, EXAMPLE);
  const planFields = SNAPSHOT_PLAN_FIELDS.map((field) => `Business_Plan__r.${field}`).join(', ');
  const [found] = await context.sf.query(
    `SELECT Id, Name, Status__c, Business_Plan__c, Progress_Snapshot__c, ${planFields} FROM ${REVIEW} WHERE Id = '${reviewId}'`
  );
  if (!found)
    throw new JobInputError(
      `There is no business review ${reviewId}, or the connector's user cannot see it.`
    );
  const review = reviewRecord.parse(found);
  const name = `"${review.Name ?? reviewId}"`;
  // The requester could only name a plan they can read; the review must be that plan's, so a
  // job cannot reach a review of a plan its requester cannot see.
  if (job.planId !== null && review.Business_Plan__c !== job.planId)
    throw new JobInputError(
      `Review ${name} belongs to plan ${review.Business_Plan__c}, not to the job's Business Plan ${job.planId}.`
    );
  if (review.Status__c !== HELD)
    throw new JobInputError(
      `Review ${name} is ${review.Status__c ?? 'without a status'}: progress is recorded for a held review. ` +
        'Mark it Held (on or after its review date), then request the snapshot again.'
    );
  if (review.Progress_Snapshot__c && !replace)
    return {
      status: DONE,
      summary: `Review ${name} already has its progress snapshot; it was kept. Add "replace": true to the Parameters to take a new one.`
    };

  const objectives = await context.sf.query(
    `SELECT ${SNAPSHOT_OBJECTIVE_FIELDS.join(', ')} FROM Plan_Objective__c WHERE Business_Plan__c = '${review.Business_Plan__c}' ORDER BY Id`
  );
  const snapshot = buildSnapshot({
    reviewId,
    takenAt: sfDateTime(context.clock.now()),
    plan: review.Business_Plan__r,
    objectives: objectives.map((o) => snapshotObjectiveRecord.parse(o))
  });
  await saveOne(context.sf, REVIEW, {
    Id: reviewId,
    Progress_Snapshot__c: JSON.stringify(snapshot),
    Plan_Progress__c: snapshot.plan.progress
  });
  const progress = snapshot.plan.progress === null ? 'no progress yet' : `${snapshot.plan.progress}%`;
  return {
    status: DONE,
    summary: `Recorded the progress of "${snapshot.plan.name}" (${progress}, ${Object.keys(snapshot.objectives).length} objectives) on review ${name}.`,
    details: {
      reviewId,
      planId: snapshot.plan.id,
      planProgress: snapshot.plan.progress,
      takenAt: snapshot.takenAt
    }
  };
}
