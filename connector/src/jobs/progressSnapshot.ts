// The progress snapshot a Snapshot Review job freezes into Business_Review__c.Progress_Snapshot__c.
// It is a contract with the UI, which compares the snapshots of successive reviews, so the shape
// is versioned: a reader checks `version` and a change that is not purely additive bumps it.
//
// Version 1:
//   {
//     "version": 1,
//     "takenAt": "2026-11-22T10:00:00.000Z",   // when the connector took it (UTC)
//     "reviewId": "a0C…",
//     "plan": {
//       "id": "a0A…", "name": "…", "status": "In Progress",
//       "startDate": "2026-02-01", "endDate": "2027-01-31",  // or null
//       "progress": 57.5,                      // Business_Plan__c.Progress__c, percent, or null
//       "calculatedAt": "2026-11-22T09:59:00.000Z"  // Last_Calculated__c: the figures' age, or null
//     },
//     "objectives": {                          // keyed by Plan_Objective__c Id, in Id order
//       "a0D…": {
//         "name": "…", "category": "Sales", "type": "Deal Registration", "periodType": "Quarterly",
//         "weight": 30, "target": 20000, "actual": 11800, "progress": 59  // each may be null
//       }
//     }
//   }
//
// Values are the ones stored on the records, as the last sync wrote them and people see them;
// nothing is recomputed here, so the snapshot matches what the review looked at.
import { z } from 'zod';
import { nullableNumber, nullableText } from '../salesforce/fieldSchemas.ts';

export const SNAPSHOT_VERSION = 1;

export interface SnapshotObjective {
  name: string;
  category: string | null;
  type: string | null;
  periodType: string | null;
  weight: number | null;
  target: number | null;
  actual: number | null;
  progress: number | null;
}

export interface ProgressSnapshot {
  version: typeof SNAPSHOT_VERSION;
  takenAt: string;
  reviewId: string;
  plan: {
    id: string;
    name: string;
    status: string | null;
    startDate: string | null;
    endDate: string | null;
    progress: number | null;
    calculatedAt: string | null;
  };
  objectives: Record<string, SnapshotObjective>;
}

/** Business_Plan__c as the snapshot reads it. */
export const snapshotPlanRecord = z.object({
  Id: z.string(),
  Name: nullableText,
  Status__c: nullableText,
  Start_Date__c: nullableText,
  End_Date__c: nullableText,
  Progress__c: nullableNumber,
  Last_Calculated__c: nullableText
});

/** Plan_Objective__c as the snapshot reads it. */
export const snapshotObjectiveRecord = z.object({
  Id: z.string(),
  Name: nullableText,
  Category__c: nullableText,
  Type__c: nullableText,
  Period_Type__c: nullableText,
  Weight__c: nullableNumber,
  Target__c: nullableNumber,
  Actual__c: nullableNumber,
  Progress__c: nullableNumber
});

export const SNAPSHOT_PLAN_FIELDS = Object.keys(snapshotPlanRecord.shape);
export const SNAPSHOT_OBJECTIVE_FIELDS = Object.keys(snapshotObjectiveRecord.shape);

export function buildSnapshot(input: {
  reviewId: string;
  takenAt: string;
  plan: z.infer<typeof snapshotPlanRecord>;
  objectives: readonly z.infer<typeof snapshotObjectiveRecord>[];
}): ProgressSnapshot {
  const { plan } = input;
  const objectives: Record<string, SnapshotObjective> = {};
  for (const o of [...input.objectives].sort((a, b) => (a.Id < b.Id ? -1 : a.Id > b.Id ? 1 : 0)))
    objectives[o.Id] = {
      name: o.Name ?? o.Id,
      category: o.Category__c,
      type: o.Type__c,
      periodType: o.Period_Type__c,
      weight: o.Weight__c,
      target: o.Target__c,
      actual: o.Actual__c,
      progress: o.Progress__c
    };
  return {
    version: SNAPSHOT_VERSION,
    takenAt: input.takenAt,
    reviewId: input.reviewId,
    plan: {
      id: plan.Id,
      name: plan.Name ?? plan.Id,
      status: plan.Status__c,
      startDate: plan.Start_Date__c,
      endDate: plan.End_Date__c,
      progress: plan.Progress__c,
      calculatedAt: plan.Last_Calculated__c
    },
    objectives
  };
}
