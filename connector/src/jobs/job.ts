// Plan_Job__c as the connector sees it: the API names, the record mapped to a typed job, the
// Parameters JSON checked against each job type's schema, and the texts written back to
// Result__c and Error__c. Everything here is pure.
import { z } from 'zod';
import { ConnectorError } from '../errors.ts';
import type { SObjectRecord } from '../salesforce/client.ts';
import { nullableText } from '../salesforce/fieldSchemas.ts';

export const JOB = {
  object: 'Plan_Job__c',
  type: 'Type__c',
  status: 'Status__c',
  parameters: 'Parameters__c',
  plan: 'Business_Plan__c',
  result: 'Result__c',
  error: 'Error__c',
  startedOn: 'Started_On__c',
  finishedOn: 'Finished_On__c'
} as const;

export const JOB_TYPES = ['Recalculate', 'Apply Template', 'Snapshot Review'] as const;
export type JobType = (typeof JOB_TYPES)[number];

export const QUEUED = 'Queued';
export const RUNNING = 'Running';
export const DONE = 'Done';
export const FAILED = 'Failed';

/** Result__c and Error__c are long text areas of 32,768 characters. */
export const JOB_TEXT_LIMIT = 32768;

/** What the connector knows of a job when it picks it up. */
export interface PlanJob {
  id: string;
  /** The auto-number, JOB-000042: what people see. */
  name: string;
  type: string | null;
  status: string | null;
  parameters: string | null;
  planId: string | null;
  /** Who requested the job: the default channel manager of plans an Apply Template job creates. */
  requestedBy: string;
  startedOn: string | null;
}

/** The fields runJobs selects, in the order of the mapper below. */
export const JOB_FIELDS = [
  'Id',
  'Name',
  JOB.type,
  JOB.status,
  JOB.parameters,
  JOB.plan,
  'CreatedById',
  JOB.startedOn
] as const;

/** 18-character Ids only: the 15-character form would not compare equal to what the API returns. */
export const recordId = z
  .string({ error: 'must be an 18-character Salesforce Id' })
  .regex(/^[a-zA-Z0-9]{18}$/, { error: 'must be an 18-character Salesforce Id' });

const jobRecord = z
  .object({
    Id: recordId,
    Name: nullableText,
    [JOB.type]: nullableText,
    [JOB.status]: nullableText,
    [JOB.parameters]: nullableText,
    [JOB.plan]: recordId.nullable().optional(),
    CreatedById: recordId,
    [JOB.startedOn]: nullableText
  })
  .transform((r): PlanJob => ({
    id: r.Id,
    name: r.Name ?? r.Id,
    type: r[JOB.type],
    status: r[JOB.status],
    parameters: r[JOB.parameters],
    planId: r[JOB.plan] ?? null,
    requestedBy: r.CreatedById,
    startedOn: r[JOB.startedOn]
  }));

export function toJob(record: SObjectRecord): PlanJob {
  const parsed = jobRecord.safeParse(record);
  if (parsed.success) return parsed.data;
  throw new ConnectorError(
    'UNEXPECTED_RECORD',
    `${JOB.object} ${String(record.Id)} does not have the expected shape (${describeIssues(parsed.error)}).`
  );
}

/** A job that cannot run as asked; the message is written to Error__c for the requester. */
export class JobInputError extends ConnectorError {
  constructor(message: string) {
    super('JOB_INPUT', message);
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.length > 0 ? `${issue.path.join('.')} ` : '';
      if (issue.code === 'unrecognized_keys') return `unknown ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
      return `${where}${issue.message}`;
    })
    .join('; ');
}

/**
 * Parameters__c read against `schema`. Empty means {}. The messages name what is wrong in the
 * requester's terms: not JSON, not an object, a missing, unknown or malformed setting.
 */
export function parseParameters<T>(text: string | null, schema: z.ZodType<T>, example: string): T {
  let value: unknown = {};
  if (text !== null && text.trim() !== '') {
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new JobInputError(
        `Parameters is not valid JSON (${(error as Error).message}). Expected an object such as ${example}.`
      );
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new JobInputError(`Parameters must be a JSON object such as ${example}.`);
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new JobInputError(
      `Parameters: ${describeIssues(parsed.error)}. Expected an object such as ${example}.`
    );
  return parsed.data;
}

/** How a job ended. `details` is JSON for the UI; `summary` is the sentence people read first. */
export type JobOutcome =
  | { status: typeof DONE; summary: string; details?: unknown }
  | { status: typeof FAILED; error: string; summary?: string; details?: unknown };

function clip(text: string): string {
  const marker = '\n… (truncated)';
  return text.length <= JOB_TEXT_LIMIT ? text : text.slice(0, JOB_TEXT_LIMIT - marker.length) + marker;
}

/** Result__c: the summary, then the details as indented JSON, within the field's length. */
export function resultText(outcome: JobOutcome): string | null {
  const summary = outcome.summary ?? null;
  if (outcome.details === undefined) return summary === null ? null : clip(summary);
  const json = JSON.stringify(outcome.details, null, 2);
  return clip(summary === null ? json : `${summary}\n\n${json}`);
}

/** The fields written when a job ends. */
export function finishedFields(outcome: JobOutcome, finishedOn: string): SObjectRecord {
  return {
    [JOB.status]: outcome.status,
    [JOB.result]: resultText(outcome),
    [JOB.error]: outcome.status === FAILED ? clip(outcome.error) : null,
    [JOB.finishedOn]: finishedOn
  };
}
