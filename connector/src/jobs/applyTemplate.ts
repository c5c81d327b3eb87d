// Apply Template: a plan from the template for each partner account in Parameters, with the
// template's narrative, objectives and period targets moved to the new dates (templateCopy.ts).
// An account that already has a plan from this template for those dates is skipped, so running
// the job again creates nothing twice. Queries: the template, its objectives with their
// targets, the accounts, the plans already made from it; then sObject Collections (200 records
// a call, allOrNone=false) for plans, objectives and targets, with each refused record named
// in the Result. (sObject Tree would save a plan and its objectives in one call, but a tree is
// all-or-nothing per request and the period keys need the objectives' Ids, so collections it is.)
import { z } from 'zod';
import { isSfDate } from '../engine/dates.ts';
import { calendarOver, customYearRange } from '../sync/fiscalCalendar.ts';
import type { SaveOutcome, SObjectRecord } from '../salesforce/client.ts';
import { PLAN } from '../sync/schema.ts';
import type { JobContext } from './context.ts';
import {
  DONE,
  FAILED,
  JobInputError,
  parseParameters,
  recordId,
  type JobOutcome,
  type PlanJob
} from './job.ts';
import { errorTexts } from './save.ts';
import {
  existingPlanFor,
  monthsBetween,
  NARRATIVE_FIELDS,
  newPlanRange,
  OBJECTIVE_COPY_FIELDS,
  objectiveRecord,
  planRecord,
  shiftedTargets,
  type PlanTiming,
  type TemplateObjective,
  type TemplatePlan
} from './templateCopy.ts';

const parameters = z
  .strictObject({
    templateId: recordId.optional(),
    partnerAccountIds: z
      .array(recordId, { error: 'must be a list of partner account Ids' })
      .min(1, { error: 'must name at least one partner account' })
      .max(200, { error: 'may name at most 200 partner accounts per job' }),
    fiscalYear: z
      .number({ error: 'must be a fiscal year such as 2027' })
      .int({ error: 'must be a fiscal year such as 2027' })
      .min(1900, { error: 'must be a fiscal year such as 2027' })
      .max(9999, { error: 'must be a fiscal year such as 2027' })
      .optional(),
    startDate: z
      .string({ error: 'must be a date, YYYY-MM-DD' })
      .refine(isSfDate, { error: 'must be a date, YYYY-MM-DD' })
      .optional(),
    channelManagerId: recordId.optional()
  })
  .refine((p) => (p.fiscalYear === undefined) !== (p.startDate === undefined), {
    error: 'give either fiscalYear or startDate, not both or neither'
  });
const EXAMPLE = '{"partnerAccountIds": ["0015g00000AbCdEFGH"], "fiscalYear": 2027}';

interface AccountOutcome {
  accountId: string;
  accountName: string | null;
  planId?: string;
  objectives?: number;
  targets?: number;
  errors?: string[];
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export async function applyTemplate(job: PlanJob, context: JobContext): Promise<JobOutcome> {
  const params = parseParameters(job.parameters, parameters, EXAMPLE);
  if (params.templateId !== undefined && job.planId !== null && params.templateId !== job.planId)
    throw new JobInputError(
      `Parameters templateId ${params.templateId} is not the job's Business Plan ${job.planId}. Name the template once, or the same plan in both.`
    );
  const templateId = params.templateId ?? job.planId;
  if (templateId === null)
    throw new JobInputError(
      "Name the template: set the job's Business Plan, or templateId in the Parameters."
    );
  const timing: PlanTiming =
    params.fiscalYear !== undefined
      ? { fiscalYear: params.fiscalYear }
      : { startDate: params.startDate as string };
  const accountIds = [...new Set(params.partnerAccountIds)];
  const { sf } = context;

  const describe = await sf.describe(PLAN.object);
  const currency = describe.fields.some((f) => f.name === 'CurrencyIsoCode') ? ['CurrencyIsoCode'] : [];
  const copiedFields = [...NARRATIVE_FIELDS, ...currency];
  const [found] = await sf.query(
    `SELECT Id, Name, Is_Template__c, Start_Date__c, End_Date__c, ${copiedFields.join(', ')} FROM ${PLAN.object} WHERE Id = '${templateId}'`
  );
  if (!found)
    throw new JobInputError(
      `There is no business plan ${templateId}, or the connector's user cannot see it.`
    );
  const name = text(found.Name) ?? templateId;
  if (found.Is_Template__c !== true)
    throw new JobInputError(`"${name}" is not a template: check Is Template on it, or choose a template.`);
  const template: TemplatePlan = {
    id: templateId,
    name,
    start: text(found.Start_Date__c),
    end: text(found.End_Date__c),
    copied: Object.fromEntries(copiedFields.map((field) => [field, found[field] ?? null]))
  };

  const settings = (await context.orgSettings()).fiscalYear;
  // A plan for a custom fiscal year (4-4-5…) runs for exactly that year's weeks.
  const customYear = 'fiscalYear' in timing ? await customYearRange(sf, timing.fiscalYear) : null;
  let range;
  try {
    range = customYear ?? newPlanRange(timing, template, settings);
  } catch (error) {
    throw new JobInputError(`"${name}" cannot be applied: ${(error as Error).message}.`);
  }
  const calendar = await calendarOver(sf, settings, range);
  const yearLabel =
    calendar.periods({ start: range.start, end: range.start }, 'Annually')[0]?.label ?? range.start;
  const months = template.start === null ? null : monthsBetween(template.start, range.start);

  const objectives = await templateObjectives(context, templateId);
  // Targets the new dates have no place for: the same for every new plan, so worked out and listed once.
  const dropped = objectives.flatMap((objective) =>
    shiftedTargets({ objective, objectiveId: objective.id, months, range, calendar }).dropped.map((d) => ({
      objective: text(objective.fields.Name) ?? objective.id,
      ...d
    }))
  );
  const ids = accountIds.map((id) => `'${id}'`).join(', ');
  const accounts = new Map(
    (await sf.query(`SELECT Id, Name, IsPartner FROM Account WHERE Id IN (${ids})`)).map((a) => [
      String(a.Id),
      a
    ])
  );
  const existing = (
    await sf.query(
      `SELECT Id, Partner_Account__c, Start_Date__c, End_Date__c FROM ${PLAN.object} WHERE Template__c = '${templateId}' AND Partner_Account__c IN (${ids})`
    )
  ).map((p) => ({
    id: String(p.Id),
    partnerAccountId: text(p.Partner_Account__c),
    start: text(p.Start_Date__c),
    end: text(p.End_Date__c)
  }));

  const created: AccountOutcome[] = [];
  const skipped: (AccountOutcome & { reason: string })[] = [];
  const failed: AccountOutcome[] = [];
  const toCreate: { account: { id: string; name: string }; record: SObjectRecord }[] = [];
  for (const accountId of accountIds) {
    const account = accounts.get(accountId);
    const accountName = account ? text(account.Name) : null;
    if (!account) {
      failed.push({
        accountId,
        accountName,
        errors: ["No such account, or the connector's user cannot see it."]
      });
      continue;
    }
    if (account.IsPartner !== true) {
      failed.push({ accountId, accountName, errors: ['This account is not a partner account.'] });
      continue;
    }
    const already = existingPlanFor(accountId, existing, range);
    if (already) {
      skipped.push({
        accountId,
        accountName,
        planId: already.id,
        reason: 'already has a plan from this template for these dates'
      });
      continue;
    }
    const named = { id: accountId, name: accountName ?? accountId };
    toCreate.push({
      account: named,
      record: planRecord({
        template,
        account: named,
        range,
        yearLabel,
        channelManagerId: params.channelManagerId ?? job.requestedBy
      })
    });
  }

  // Plans, then their objectives, then the objectives' targets: each step needs the Ids of the one before.
  const planOutcomes = await sf.create(
    PLAN.object,
    toCreate.map((c) => c.record)
  );
  const newPlans: AccountOutcome[] = [];
  toCreate.forEach(({ account }, index) => {
    const outcome = planOutcomes[index] as SaveOutcome;
    const about = { accountId: account.id, accountName: account.name };
    if (outcome.success && outcome.id)
      newPlans.push({ ...about, planId: outcome.id, objectives: 0, targets: 0 });
    else failed.push({ ...about, errors: errorTexts(outcome) });
  });

  const objectiveRows = newPlans.flatMap((plan) => objectives.map((objective) => ({ plan, objective })));
  const objectiveOutcomes = await sf.create(
    'Plan_Objective__c',
    objectiveRows.map(({ plan, objective }) => objectiveRecord(objective, plan.planId as string))
  );
  const planErrors = new Map<AccountOutcome, string[]>();
  const addError = (plan: AccountOutcome, error: string) =>
    planErrors.set(plan, [...(planErrors.get(plan) ?? []), error]);
  const targetRows: { plan: AccountOutcome; objectiveName: string; record: SObjectRecord }[] = [];
  objectiveRows.forEach(({ plan, objective }, index) => {
    const outcome = objectiveOutcomes[index] as SaveOutcome;
    const objectiveName = text(objective.fields.Name) ?? objective.id;
    if (!outcome.success || !outcome.id) {
      for (const error of errorTexts(outcome)) addError(plan, `Objective "${objectiveName}": ${error}`);
      return;
    }
    plan.objectives = (plan.objectives ?? 0) + 1;
    const shifted = shiftedTargets({ objective, objectiveId: outcome.id, months, range, calendar });
    targetRows.push(...shifted.rows.map((record) => ({ plan, objectiveName, record })));
  });
  const targetOutcomes = await sf.create(
    'Objective_Target__c',
    targetRows.map((row) => row.record)
  );
  targetRows.forEach(({ plan, objectiveName, record }, index) => {
    const outcome = targetOutcomes[index] as SaveOutcome;
    if (outcome.success) plan.targets = (plan.targets ?? 0) + 1;
    else
      for (const error of errorTexts(outcome))
        addError(plan, `Target ${String(record.Period_Label__c)} of "${objectiveName}": ${error}`);
  });
  for (const plan of newPlans) {
    const errors = planErrors.get(plan);
    if (errors) failed.push({ ...plan, errors });
    else created.push(plan);
  }

  const details = {
    templateId,
    startDate: range.start,
    endDate: range.end,
    created,
    skipped,
    failed,
    ...(dropped.length > 0 ? { targetsNotCopied: dropped } : {})
  };
  const summary =
    `Applied "${name}" for ${yearLabel} (${range.start} to ${range.end}): ` +
    `${created.length} ${created.length === 1 ? 'plan' : 'plans'} created, ${skipped.length} skipped (already had one)` +
    (failed.length > 0 ? `, ${failed.length} failed.` : '.');
  if (failed.length === 0) return { status: DONE, summary, details };
  const reasons = failed
    .map(
      (f) =>
        `${f.accountName ?? f.accountId}${f.planId ? ` (plan ${f.planId})` : ''}: ${(f.errors ?? []).join(' ')}`
    )
    .join('; ');
  return {
    status: FAILED,
    error: `${failed.length} of ${accountIds.length} partner accounts did not get a complete plan. ${reasons}`,
    summary,
    details
  };
}

/** The template's objectives with the targets someone set, oldest row first: one query. */
async function templateObjectives(context: JobContext, templateId: string): Promise<TemplateObjective[]> {
  const records = await context.sf.query(
    `SELECT Id, ${OBJECTIVE_COPY_FIELDS.join(', ')}, ` +
      '(SELECT Period_Start__c, Target__c FROM Objective_Targets__r WHERE Target__c != null ORDER BY Period_Start__c, Id) ' +
      `FROM Plan_Objective__c WHERE Business_Plan__c = '${templateId}' ORDER BY Id`
  );
  return records.map((record) => {
    const children = record.Objective_Targets__r as { records?: SObjectRecord[] } | null | undefined;
    return {
      id: String(record.Id),
      fields: Object.fromEntries(OBJECTIVE_COPY_FIELDS.map((field) => [field, record[field] ?? null])),
      periodType: text(record.Period_Type__c),
      targets: (children?.records ?? [])
        .filter((row) => typeof row.Period_Start__c === 'string' && typeof row.Target__c === 'number')
        .map((row) => ({ start: row.Period_Start__c as string, target: row.Target__c as number }))
    };
  });
}
