// The Partner Business Planning objects as the connector uses them: API names in one place,
// and a check, from describe, that the org has them, that the connector's user may read and
// write what it must, and at which scale results are stored.
import { ConnectorError } from '../errors.ts';
import type { Scales } from '../engine/calculation.ts';
import { findField, type SObjectDescribe } from '../engine/describe.ts';

export const PLAN = {
  object: 'Business_Plan__c',
  name: 'Name',
  partner: 'Partner_Account__c',
  status: 'Status__c',
  start: 'Start_Date__c',
  end: 'End_Date__c',
  progress: 'Progress__c',
  lastCalculated: 'Last_Calculated__c'
} as const;

export const OBJECTIVE = {
  object: 'Plan_Objective__c',
  name: 'Name',
  plan: 'Business_Plan__c',
  planRelationship: 'Business_Plan__r',
  type: 'Type__c',
  weight: 'Weight__c',
  target: 'Target__c',
  actual: 'Actual__c',
  progress: 'Progress__c',
  aggregateFunction: 'Aggregate_Function__c',
  aggregateField: 'Aggregate_Field__c',
  criteria: 'Criteria__c',
  periodType: 'Period_Type__c'
} as const;

export const TARGET = {
  object: 'Objective_Target__c',
  objective: 'Plan_Objective__c',
  objectiveRelationship: 'Plan_Objective__r',
  periodKey: 'Period_Key__c',
  periodStart: 'Period_Start__c',
  periodEnd: 'Period_End__c',
  target: 'Target__c',
  actual: 'Actual__c'
} as const;

export const COMPLETED = 'Completed';

type Access = 'read' | 'update' | 'create' | 'createAndUpdate' | 'externalId';

const REQUIRED: ReadonlyArray<[string, string, Access]> = [
  [PLAN.object, PLAN.partner, 'read'],
  [PLAN.object, PLAN.status, 'read'],
  [PLAN.object, PLAN.start, 'read'],
  [PLAN.object, PLAN.end, 'read'],
  [PLAN.object, PLAN.progress, 'update'],
  [PLAN.object, PLAN.lastCalculated, 'update'],
  [OBJECTIVE.object, OBJECTIVE.plan, 'read'],
  [OBJECTIVE.object, OBJECTIVE.type, 'read'],
  [OBJECTIVE.object, OBJECTIVE.weight, 'read'],
  [OBJECTIVE.object, OBJECTIVE.target, 'read'],
  [OBJECTIVE.object, OBJECTIVE.actual, 'update'],
  [OBJECTIVE.object, OBJECTIVE.progress, 'update'],
  [OBJECTIVE.object, OBJECTIVE.aggregateFunction, 'read'],
  [OBJECTIVE.object, OBJECTIVE.aggregateField, 'read'],
  [OBJECTIVE.object, OBJECTIVE.criteria, 'read'],
  [OBJECTIVE.object, OBJECTIVE.periodType, 'read'],
  [TARGET.object, TARGET.objective, 'create'],
  [TARGET.object, TARGET.periodKey, 'externalId'],
  [TARGET.object, TARGET.periodStart, 'createAndUpdate'],
  [TARGET.object, TARGET.periodEnd, 'createAndUpdate'],
  [TARGET.object, TARGET.target, 'read'],
  [TARGET.object, TARGET.actual, 'createAndUpdate']
];

export interface PlanningSchema {
  scales: Scales;
}

/** Largest magnitude a number field holds: precision 5, scale 2 → 999.99. */
function fieldMaximum(precision: number, scale: number): number {
  return precision > scale ? 10 ** (precision - scale) - 10 ** -scale : Number.MAX_SAFE_INTEGER;
}

/** Checks the three objects' describes; throws one error listing everything missing. */
export function checkPlanningSchema(describes: ReadonlyMap<string, SObjectDescribe>): PlanningSchema {
  const missing: string[] = [];
  for (const [object, name, access] of REQUIRED) {
    const describe = describes.get(object);
    const field = describe ? findField(describe, name) : undefined;
    if (!field) missing.push(`${object}.${name} is missing or not visible`);
    else if ((access === 'update' || access === 'createAndUpdate') && !field.updateable)
      missing.push(`${object}.${name} is not editable`);
    else if (
      (access === 'create' || access === 'createAndUpdate' || access === 'externalId') &&
      !field.createable
    ) {
      missing.push(`${object}.${name} cannot be set on create`);
    } else if (access === 'externalId' && !field.externalId)
      missing.push(`${object}.${name} is not an External ID field`);
  }
  if (missing.length > 0) {
    throw new ConnectorError(
      'SCHEMA_MISMATCH',
      `The org lacks what the connector needs: ${missing.join('; ')}.`,
      {
        actions: [
          'Deploy force-app to the org (sf project deploy start).',
          "Assign the connector's user a permission set with read access to these objects and edit access to the fields above."
        ]
      }
    );
  }
  const field = (object: string, name: string) =>
    findField(describes.get(object) as SObjectDescribe, name) as NonNullable<ReturnType<typeof findField>>;
  const objectiveProgress = field(OBJECTIVE.object, OBJECTIVE.progress);
  const planProgress = field(PLAN.object, PLAN.progress);
  return {
    scales: {
      targetActual: field(TARGET.object, TARGET.actual).scale,
      objectiveActual: field(OBJECTIVE.object, OBJECTIVE.actual).scale,
      objectiveProgress: objectiveProgress.scale,
      objectiveProgressMax: fieldMaximum(objectiveProgress.precision, objectiveProgress.scale),
      planProgress: planProgress.scale
    }
  };
}
