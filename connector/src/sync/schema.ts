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
  lastCalculated: 'Last_Calculated__c',
  owner: 'OwnerId',
  channelManager: 'Channel_Manager__c',
  nextReview: 'Next_Review_Date__c',
  isTemplate: 'Is_Template__c'
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
  periodType: 'Period_Type__c',
  calculationStatus: 'Calculation_Status__c',
  calculationMessage: 'Calculation_Message__c'
} as const;

export const TARGET = {
  object: 'Objective_Target__c',
  objective: 'Plan_Objective__c',
  objectiveRelationship: 'Plan_Objective__r',
  periodKey: 'Period_Key__c',
  periodStart: 'Period_Start__c',
  periodEnd: 'Period_End__c',
  target: 'Target__c',
  actual: 'Actual__c',
  periodLabel: 'Period_Label__c',
  progress: 'Progress__c'
} as const;

/** Business reviews, for the plan's Next Review Date. */
export const REVIEW = {
  object: 'Business_Review__c',
  plan: 'Business_Plan__c',
  date: 'Review_Date__c',
  status: 'Status__c'
} as const;

/** Field history of plans: when a plan became Completed (Status__c is tracked). */
export const PLAN_HISTORY = {
  object: 'Business_Plan__History',
  relationship: 'Histories',
  field: 'Field',
  createdDate: 'CreatedDate'
} as const;

export const COMPLETED = 'Completed';
export const SCHEDULED = 'Scheduled';

/** Calculation_Status__c values the connector writes. */
export const CALCULATION_STATUS = { calculated: 'Calculated', manual: 'Manual', error: 'Error' } as const;
export type CalculationStatus = (typeof CALCULATION_STATUS)[keyof typeof CALCULATION_STATUS];

/** What the connector does with a field: read it, set it on new rows, change it, match rows on it. */
interface Access {
  create?: true;
  update?: true;
  externalId?: true;
}

const READ: Access = {};
const UPDATE: Access = { update: true };
const CREATE_AND_UPDATE: Access = { create: true, update: true };

const REQUIRED: ReadonlyArray<[string, string, Access]> = [
  [PLAN.object, PLAN.partner, READ],
  [PLAN.object, PLAN.status, READ],
  [PLAN.object, PLAN.start, READ],
  // An empty End Date is filled with a year from Start Date, an empty Channel Manager with the owner.
  [PLAN.object, PLAN.end, UPDATE],
  [PLAN.object, PLAN.progress, UPDATE],
  [PLAN.object, PLAN.lastCalculated, UPDATE],
  [PLAN.object, PLAN.owner, READ],
  [PLAN.object, PLAN.channelManager, UPDATE],
  [PLAN.object, PLAN.nextReview, UPDATE],
  [OBJECTIVE.object, OBJECTIVE.plan, READ],
  [OBJECTIVE.object, OBJECTIVE.type, READ],
  [OBJECTIVE.object, OBJECTIVE.weight, READ],
  [OBJECTIVE.object, OBJECTIVE.target, READ],
  [OBJECTIVE.object, OBJECTIVE.actual, UPDATE],
  [OBJECTIVE.object, OBJECTIVE.progress, UPDATE],
  [OBJECTIVE.object, OBJECTIVE.aggregateFunction, READ],
  [OBJECTIVE.object, OBJECTIVE.aggregateField, READ],
  [OBJECTIVE.object, OBJECTIVE.criteria, READ],
  [OBJECTIVE.object, OBJECTIVE.periodType, READ],
  [OBJECTIVE.object, OBJECTIVE.calculationStatus, UPDATE],
  [OBJECTIVE.object, OBJECTIVE.calculationMessage, UPDATE],
  [TARGET.object, TARGET.objective, { create: true }],
  // Updated when a row keyed in the calendar-quarter format is re-keyed to its fiscal period.
  [TARGET.object, TARGET.periodKey, { create: true, update: true, externalId: true }],
  [TARGET.object, TARGET.periodStart, CREATE_AND_UPDATE],
  [TARGET.object, TARGET.periodEnd, CREATE_AND_UPDATE],
  // Empty period targets are filled with the objective's Target split over its periods.
  [TARGET.object, TARGET.target, CREATE_AND_UPDATE],
  [TARGET.object, TARGET.actual, CREATE_AND_UPDATE],
  [TARGET.object, TARGET.periodLabel, CREATE_AND_UPDATE],
  [TARGET.object, TARGET.progress, CREATE_AND_UPDATE]
];

export interface PlanningSchema {
  scales: Scales;
  /** Characters the connector's text fields hold: longer messages and labels are shortened to fit. */
  lengths: TextLengths;
}

export interface TextLengths {
  calculationMessage: number;
  periodLabel: number;
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
    else if (access.update && !field.updateable) missing.push(`${object}.${name} is not editable`);
    else if (access.create && !field.createable) missing.push(`${object}.${name} cannot be set on create`);
    else if (access.externalId && !field.externalId)
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
  const targetProgress = field(TARGET.object, TARGET.progress);
  const planProgress = field(PLAN.object, PLAN.progress);
  return {
    lengths: {
      calculationMessage: field(OBJECTIVE.object, OBJECTIVE.calculationMessage).length,
      periodLabel: field(TARGET.object, TARGET.periodLabel).length
    },
    scales: {
      targetActual: field(TARGET.object, TARGET.actual).scale,
      targetTarget: field(TARGET.object, TARGET.target).scale,
      objectiveActual: field(OBJECTIVE.object, OBJECTIVE.actual).scale,
      objectiveProgress: objectiveProgress.scale,
      objectiveProgressMax: fieldMaximum(objectiveProgress.precision, objectiveProgress.scale),
      targetProgress: targetProgress.scale,
      targetProgressMax: fieldMaximum(targetProgress.precision, targetProgress.scale),
      planProgress: planProgress.scale
    }
  };
}
