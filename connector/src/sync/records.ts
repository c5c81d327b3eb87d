// Reading plans, objectives and period rows: the queries, and zod mappers from Salesforce
// records to the engine's model. A record that does not fit stops the run with the object and
// field named, rather than computing on a guess.
import { z } from 'zod';
import { ConnectorError } from '../errors.ts';
import { isSfDate } from '../engine/dates.ts';
import type {
  BusinessPlan,
  FiscalYearSettings,
  ObjectiveTarget,
  PlanObjective,
  SfDate
} from '../engine/model.ts';
import { isSalesforceId } from '../engine/soql.ts';
import type { SalesforceApi, SObjectRecord } from '../salesforce/client.ts';
import { nullableNumber, nullableText } from '../salesforce/fieldSchemas.ts';
import { COMPLETED, OBJECTIVE, PLAN, PLAN_HISTORY, REVIEW, SCHEDULED, TARGET } from './schema.ts';

/** Ids per IN list: keeps query text (sent in a GET URL) well under URL limits. */
const MAX_IDS_PER_QUERY = 200;

const id = z.string().regex(/^[a-zA-Z0-9]{18}$/);

const planRecord = z
  .object({
    Id: id,
    [PLAN.name]: nullableText,
    [PLAN.partner]: nullableText,
    [PLAN.status]: nullableText,
    [PLAN.start]: nullableText,
    [PLAN.end]: nullableText,
    [PLAN.progress]: nullableNumber,
    [PLAN.lastCalculated]: nullableText,
    [PLAN.owner]: nullableText,
    [PLAN.channelManager]: nullableText,
    [PLAN.nextReview]: nullableText
  })
  .transform((r): BusinessPlan => ({
    id: r.Id,
    name: r[PLAN.name] ?? r.Id,
    partnerAccountId: r[PLAN.partner],
    status: r[PLAN.status],
    startDate: r[PLAN.start],
    endDate: r[PLAN.end],
    progress: r[PLAN.progress],
    lastCalculated: r[PLAN.lastCalculated],
    ownerId: r[PLAN.owner],
    channelManagerId: r[PLAN.channelManager],
    nextReviewDate: r[PLAN.nextReview]
  }));

const objectiveRecord = z
  .object({
    Id: id,
    [OBJECTIVE.name]: nullableText,
    [OBJECTIVE.plan]: id,
    [OBJECTIVE.type]: nullableText,
    [OBJECTIVE.weight]: nullableNumber,
    [OBJECTIVE.target]: nullableNumber,
    [OBJECTIVE.actual]: nullableNumber,
    [OBJECTIVE.progress]: nullableNumber,
    [OBJECTIVE.aggregateFunction]: nullableText,
    [OBJECTIVE.aggregateField]: nullableText,
    [OBJECTIVE.criteria]: nullableText,
    [OBJECTIVE.periodType]: nullableText,
    [OBJECTIVE.calculationStatus]: nullableText,
    [OBJECTIVE.calculationMessage]: nullableText
  })
  .transform((r): PlanObjective => ({
    id: r.Id,
    name: r[OBJECTIVE.name] ?? r.Id,
    planId: r[OBJECTIVE.plan],
    type: r[OBJECTIVE.type],
    weight: r[OBJECTIVE.weight],
    target: r[OBJECTIVE.target],
    actual: r[OBJECTIVE.actual],
    progress: r[OBJECTIVE.progress],
    aggregateFunction: r[OBJECTIVE.aggregateFunction],
    aggregateField: r[OBJECTIVE.aggregateField],
    criteria: r[OBJECTIVE.criteria],
    periodType: r[OBJECTIVE.periodType],
    calculationStatus: r[OBJECTIVE.calculationStatus],
    calculationMessage: r[OBJECTIVE.calculationMessage]
  }));

const targetRecord = z
  .object({
    Id: id,
    [TARGET.objective]: id,
    [TARGET.periodKey]: nullableText,
    [TARGET.periodStart]: nullableText,
    [TARGET.periodEnd]: nullableText,
    [TARGET.target]: nullableNumber,
    [TARGET.actual]: nullableNumber,
    [TARGET.periodLabel]: nullableText,
    [TARGET.progress]: nullableNumber
  })
  .transform((r): ObjectiveTarget => ({
    id: r.Id,
    objectiveId: r[TARGET.objective],
    periodKey: r[TARGET.periodKey],
    periodStart: r[TARGET.periodStart],
    periodEnd: r[TARGET.periodEnd],
    target: r[TARGET.target],
    actual: r[TARGET.actual],
    periodLabel: r[TARGET.periodLabel],
    progress: r[TARGET.progress]
  }));

function mapRecords<T>(object: string, schema: z.ZodType<T>, records: readonly SObjectRecord[]): T[] {
  return records.map((record) => {
    const parsed = schema.safeParse(record);
    if (parsed.success) return parsed.data;
    const where = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new ConnectorError(
      'UNEXPECTED_RECORD',
      `${object} ${String(record.Id)} does not have the expected shape (${where}).`,
      {
        actions: ['Check that the org runs the same version of force-app as the connector expects.']
      }
    );
  });
}

const select = (fields: Record<string, string>, skip: readonly string[] = []): string =>
  [
    'Id',
    ...Object.entries(fields)
      .filter(([key]) => key !== 'object' && !skip.includes(key))
      .map(([, name]) => name)
  ].join(', ');

export interface PlanningData {
  plans: BusinessPlan[];
  objectives: PlanObjective[];
  targets: ObjectiveTarget[];
}

function checkIds(ids: readonly string[]): void {
  const bad = ids.find((id) => !isSalesforceId(id));
  if (bad !== undefined)
    throw new ConnectorError('INVALID_ID', `Not a Salesforce Id: ${JSON.stringify(bad)}`);
}

const idList = (ids: readonly string[]): string => `(${ids.map((id) => `'${id}'`).join(', ')})`;

/**
 * Plans that are not Completed nor templates, with their objectives and existing period rows: three queries.
 * With `planIds`, only those plans (which must be Salesforce Ids, never user text). Plans in
 * `finalPass` (Completed, awaiting their last calculation) are read as well.
 */
export async function readPlanningData(
  sf: SalesforceApi,
  planIds?: readonly string[],
  finalPass: readonly string[] = []
): Promise<PlanningData> {
  checkIds([...(planIds ?? []), ...finalPass]);
  if (planIds?.length === 0 && finalPass.length === 0) return { plans: [], objectives: [], targets: [] };
  // `plan` is the path from the queried object to the plan: '' for the plan itself.
  const which = (plan: string, planId: string): string => {
    // A template is a pattern for plans, with no partner: nothing of it is calculated.
    const open =
      planIds?.length === 0
        ? null
        : `(${plan}${PLAN.status} != '${COMPLETED}' AND ${plan}${PLAN.isTemplate} = false)`;
    const scoped = open && planIds ? `(${open} AND ${planId} IN ${idList(planIds)})` : open;
    const final = finalPass.length > 0 ? `${planId} IN ${idList(finalPass)}` : null;
    return [scoped, final].filter((part) => part !== null).join(' OR ');
  };
  const toPlan = `${OBJECTIVE.planRelationship}.`;
  const toObjective = `${TARGET.objectiveRelationship}.`;
  const plans = await sf.query(
    `SELECT ${select(PLAN)} FROM ${PLAN.object} WHERE ${which('', 'Id')} ORDER BY Id`
  );
  const objectives = await sf.query(
    `SELECT ${select(OBJECTIVE, ['planRelationship'])} FROM ${OBJECTIVE.object} ` +
      `WHERE ${which(toPlan, OBJECTIVE.plan)} ORDER BY Id`
  );
  const targets = await sf.query(
    `SELECT ${select(TARGET, ['objectiveRelationship'])} FROM ${TARGET.object} ` +
      `WHERE ${which(`${toObjective}${toPlan}`, `${toObjective}${OBJECTIVE.plan}`)} ORDER BY Id`
  );
  return {
    plans: mapRecords(PLAN.object, planRecord, plans),
    objectives: mapRecords(OBJECTIVE.object, objectiveRecord, objectives),
    targets: mapRecords(TARGET.object, targetRecord, targets)
  };
}

/** A Completed plan and when it became Completed (null when the org kept no history of it). */
export interface CompletedPlan {
  id: string;
  lastCalculated: string | null;
  completedAt: string | null;
}

/** Errors that mean the org keeps no field history of plans (history tracking off, or not visible). */
const NO_HISTORY = new Set(['INVALID_TYPE', 'INVALID_FIELD', 'MALFORMED_QUERY']);

/**
 * Completed plans with when each became Completed: the latest change of Status__c in the plan's
 * field history (Status__c is tracked). One query, or two when the org keeps no history.
 */
export async function readCompletedPlans(
  sf: SalesforceApi,
  planIds?: readonly string[]
): Promise<CompletedPlan[]> {
  if (planIds) checkIds(planIds);
  if (planIds?.length === 0) return [];
  const where = `WHERE ${PLAN.status} = '${COMPLETED}'` + (planIds ? ` AND Id IN ${idList(planIds)}` : '');
  const history =
    `(SELECT ${PLAN_HISTORY.createdDate} FROM ${PLAN_HISTORY.relationship} ` +
    `WHERE ${PLAN_HISTORY.field} = '${PLAN.status}' ORDER BY ${PLAN_HISTORY.createdDate} DESC LIMIT 1)`;
  let records: SObjectRecord[];
  try {
    records = await sf.query(
      `SELECT Id, ${PLAN.lastCalculated}, ${history} FROM ${PLAN.object} ${where} ORDER BY Id`
    );
  } catch (error) {
    if (!(error instanceof ConnectorError && NO_HISTORY.has(error.code))) throw error;
    records = await sf.query(`SELECT Id, ${PLAN.lastCalculated} FROM ${PLAN.object} ${where} ORDER BY Id`);
  }
  return records.map((record) => {
    const changes = record[PLAN_HISTORY.relationship] as { records?: SObjectRecord[] } | null | undefined;
    const completedAt = changes?.records?.[0]?.[PLAN_HISTORY.createdDate];
    const lastCalculated = record[PLAN.lastCalculated];
    return {
      id: String(record.Id),
      lastCalculated: typeof lastCalculated === 'string' ? lastCalculated : null,
      completedAt: typeof completedAt === 'string' ? completedAt : null
    };
  });
}

/**
 * The date of each plan's next Scheduled review on or after `today` (the org's today):
 * one query per 200 plans, over future scheduled reviews only.
 */
export async function readNextReviews(
  sf: SalesforceApi,
  planIds: readonly string[],
  today: SfDate
): Promise<Map<string, SfDate>> {
  checkIds(planIds);
  if (!isSfDate(today)) throw new RangeError(`Not a date: ${today}`);
  const next = new Map<string, SfDate>();
  for (let i = 0; i < planIds.length; i += MAX_IDS_PER_QUERY) {
    const batch = planIds.slice(i, i + MAX_IDS_PER_QUERY);
    const reviews = await sf.query(
      `SELECT ${REVIEW.plan}, ${REVIEW.date} FROM ${REVIEW.object} ` +
        `WHERE ${REVIEW.status} = '${SCHEDULED}' AND ${REVIEW.date} >= ${today} AND ${REVIEW.plan} IN ${idList(batch)} ` +
        `ORDER BY ${REVIEW.plan}, ${REVIEW.date}`
    );
    for (const review of reviews) {
      const plan = review[REVIEW.plan];
      const date = review[REVIEW.date];
      if (typeof plan === 'string' && isSfDate(date) && !next.has(plan)) next.set(plan, date);
    }
  }
  return next;
}

/** Which of `userIds` are internal (Standard) users, who may be a plan's channel manager. */
export async function readInternalUsers(sf: SalesforceApi, userIds: readonly string[]): Promise<Set<string>> {
  checkIds(userIds);
  const internal = new Set<string>();
  for (let i = 0; i < userIds.length; i += MAX_IDS_PER_QUERY) {
    const users = await sf.query(
      `SELECT Id FROM User WHERE UserType = 'Standard' AND Id IN ${idList(userIds.slice(i, i + MAX_IDS_PER_QUERY))}`
    );
    for (const user of users) internal.add(String(user.Id));
  }
  return internal;
}

export interface OrgSettings {
  /** The org's default time zone, whose days plan dates and periods are. */
  timeZone: string;
  /** The connector user's zone, which SOQL's convertTimezone() follows. */
  userTimeZone: string;
  fiscalYear: FiscalYearSettings;
}

const organizationRecord = z.object({
  TimeZoneSidKey: z.string().min(1),
  FiscalYearStartMonth: z.number().int().min(1).max(12),
  UsesStartDateAsFiscalYearName: z.boolean()
});

/** The org's time zone and standard fiscal year, and the connector user's time zone: two queries. */
export async function readOrgSettings(sf: SalesforceApi): Promise<OrgSettings> {
  const { userId } = await sf.identity();
  if (!isSalesforceId(userId))
    throw new ConnectorError('UNEXPECTED_RECORD', `Salesforce returned an odd user Id: ${userId}`);
  const [org] = await sf.query(
    'SELECT TimeZoneSidKey, FiscalYearStartMonth, UsesStartDateAsFiscalYearName FROM Organization LIMIT 1'
  );
  const [user] = await sf.query(`SELECT TimeZoneSidKey FROM User WHERE Id = '${userId}'`);
  const settings = organizationRecord.safeParse(org);
  if (!settings.success) {
    throw new ConnectorError(
      'UNEXPECTED_RECORD',
      "Cannot read the org's time zone and fiscal year (Organization.TimeZoneSidKey, FiscalYearStartMonth, UsesStartDateAsFiscalYearName)."
    );
  }
  const userZone = user?.TimeZoneSidKey;
  if (typeof userZone !== 'string' || userZone === '') {
    throw new ConnectorError(
      'UNEXPECTED_RECORD',
      "Cannot read the connector user's time zone (TimeZoneSidKey)."
    );
  }
  return {
    timeZone: settings.data.TimeZoneSidKey,
    userTimeZone: userZone,
    fiscalYear: {
      startMonth: settings.data.FiscalYearStartMonth,
      nameByStartYear: settings.data.UsesStartDateAsFiscalYearName
    }
  };
}
