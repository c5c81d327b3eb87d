// Saving through sObject Collections for jobs: one record whose refusal fails the job with
// Salesforce's own words, and per-record errors collected for a job's Result.
import type { SalesforceApi, SaveOutcome, SObjectRecord } from '../salesforce/client.ts';
import { JobInputError } from './job.ts';

export interface RecordFailure {
  object: string;
  /** What the record is to the requester: an account, a plan, an objective. */
  about: string;
  errors: string[];
}

/** "REQUIRED_FIELD_MISSING: … [Field__c]" for each error of a record Salesforce did not save. */
export function errorTexts(outcome: SaveOutcome): string[] {
  return outcome.errors.map(
    (e) => `${e.code}: ${e.message}${e.fields.length > 0 ? ` [${e.fields.join(', ')}]` : ''}`
  );
}

/** Updates one record; a refusal (a validation rule, access) fails the job and says why. */
export async function saveOne(sf: SalesforceApi, object: string, record: SObjectRecord): Promise<void> {
  const [outcome] = await sf.update(object, [record]);
  if (!outcome?.success)
    throw new JobInputError(
      `Salesforce did not save ${object} ${String(record.Id)}: ${outcome ? errorTexts(outcome).join(' ') : 'no result'}`
    );
}
