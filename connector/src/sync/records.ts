// Reading plans, objectives and period rows: the queries, and zod mappers from Salesforce
// records to the engine's model. A record that does not fit stops the run with the object and
// field named, rather than computing on a guess.
import { z } from 'zod';
import { ConnectorError } from '../errors.ts';
import type { BusinessPlan, FiscalYearSettings, ObjectiveTarget, PlanObjective } from '../engine/model.ts';
import { isSalesforceId } from '../engine/soql.ts';
import type { SalesforceApi, SObjectRecord } from '../salesforce/client.ts';
import { COMPLETED, OBJECTIVE, PLAN, TARGET } from './schema.ts';

const text = z
  .string()
  .nullable()
  .optional()
  .transform((value) => value ?? null);
const number = z
  .number()
  .nullable()
  .optional()
  .transform((value) => value ?? null);
const id = z.string().regex(/^[a-zA-Z0-9]{18}$/);

const planRecord = z
  .object({
    Id: id,
    [PLAN.name]: text,
    [PLAN.partner]: text,
    [PLAN.status]: text,
    [PLAN.start]: text,
    [PLAN.end]: text,
    [PLAN.progress]: number,
    [PLAN.lastCalculated]: text
  })
  .transform((r): BusinessPlan => ({
    id: r.Id,
    name: r[PLAN.name] ?? r.Id,
    partnerAccountId: r[PLAN.partner],
    status: r[PLAN.status],
    startDate: r[PLAN.start],
    endDate: r[PLAN.end],
    progress: r[PLAN.progress],
    lastCalculated: r[PLAN.lastCalculated]
  }));

const objectiveRecord = z
  .object({
    Id: id,
    [OBJECTIVE.name]: text,
    [OBJECTIVE.plan]: id,
    [OBJECTIVE.type]: text,
    [OBJECTIVE.weight]: number,
    [OBJECTIVE.target]: number,
    [OBJECTIVE.actual]: number,
    [OBJECTIVE.progress]: number,
    [OBJECTIVE.aggregateFunction]: text,
    [OBJECTIVE.aggregateField]: text,
    [OBJECTIVE.criteria]: text,
    [OBJECTIVE.periodType]: text
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
    periodType: r[OBJECTIVE.periodType]
  }));

const targetRecord = z
  .object({
    Id: id,
    [TARGET.objective]: id,
    [TARGET.periodKey]: text,
    [TARGET.periodStart]: text,
    [TARGET.periodEnd]: text,
    [TARGET.target]: number,
    [TARGET.actual]: number
  })
  .transform((r): ObjectiveTarget => ({
    id: r.Id,
    objectiveId: r[TARGET.objective],
    periodKey: r[TARGET.periodKey],
    periodStart: r[TARGET.periodStart],
    periodEnd: r[TARGET.periodEnd],
    target: r[TARGET.target],
    actual: r[TARGET.actual]
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

/** Plans that are not Completed, with their objectives and existing period rows: three queries. */
export async function readPlanningData(sf: SalesforceApi): Promise<PlanningData> {
  const notCompleted = `${PLAN.status} != '${COMPLETED}'`;
  const plans = await sf.query(
    `SELECT ${select(PLAN)} FROM ${PLAN.object} WHERE ${notCompleted} ORDER BY Id`
  );
  const objectives = await sf.query(
    `SELECT ${select(OBJECTIVE, ['planRelationship'])} FROM ${OBJECTIVE.object} ` +
      `WHERE ${OBJECTIVE.planRelationship}.${notCompleted} ORDER BY Id`
  );
  const targets = await sf.query(
    `SELECT ${select(TARGET, ['objectiveRelationship'])} FROM ${TARGET.object} ` +
      `WHERE ${TARGET.objectiveRelationship}.${OBJECTIVE.planRelationship}.${notCompleted} ORDER BY Id`
  );
  return {
    plans: mapRecords(PLAN.object, planRecord, plans),
    objectives: mapRecords(OBJECTIVE.object, objectiveRecord, objectives),
    targets: mapRecords(TARGET.object, targetRecord, targets)
  };
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
