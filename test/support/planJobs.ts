// What the Plan_Job__c tests share: requesting a job as a user, and reading back how it ended.
import assert from 'node:assert/strict';
import type { Connection } from 'jsforce';
import { createRecord } from './salesforce.ts';

export interface JobRecord {
  Id: string;
  Status__c: string;
  Result__c: string | null;
  Error__c: string | null;
  Started_On__c: string | null;
  Finished_On__c: string | null;
}

/**
 * Requests a job as `conn`'s user, as the UI does: Status is the connector's to write, so the
 * job starts Queued by the picklist's default. `parameters` is sent as is when a string (bad JSON).
 */
export async function requestJob(
  conn: Connection,
  type: 'Recalculate' | 'Apply Template' | 'Snapshot Review',
  planId: string | null,
  parameters: Record<string, unknown> | string | null = null
): Promise<string> {
  return createRecord(conn, 'Plan_Job__c', {
    Type__c: type,
    Business_Plan__c: planId,
    Parameters__c:
      parameters === null ? null : typeof parameters === 'string' ? parameters : JSON.stringify(parameters)
  });
}

export async function readJob(conn: Connection, jobId: string): Promise<JobRecord> {
  const { records } = await conn.query<JobRecord>(
    `SELECT Id, Status__c, Result__c, Error__c, Started_On__c, Finished_On__c FROM Plan_Job__c WHERE Id = '${jobId}'`
  );
  assert.equal(records.length, 1, `job ${jobId}`);
  return records[0] as JobRecord;
}

/** The JSON after the summary line of a Result. */
export function resultDetails(job: JobRecord): Record<string, unknown> {
  const text = job.Result__c ?? '';
  const start = text.indexOf('\n\n{');
  assert.ok(start >= 0, `no JSON details in ${text}`);
  return JSON.parse(text.slice(start + 2)) as Record<string, unknown>;
}
