// Bulk API 2.0 query jobs, for sources too large for grouped aggregate queries and for records
// the connector must convert one by one: create the job, wait for it, read its CSV results
// page by page (maxRecords per page, Sforce-Locator to the next). jsforce's bulk2.query does
// the same with calls of its own that the connector could neither count nor stop at the
// daily limit, so the protocol lives here and every call goes through the client's counted,
// retried requests (the `transport`, which client.ts provides; this module imports no jsforce).
import { ConnectorError } from '../errors.ts';
import type { Logger } from '../logger.ts';

/** One call of a job, through the client: counted as a `bulk` API call, retried when it fails in passing. */
export interface BulkTransport {
  json<T>(
    doing: string,
    request: { method: 'GET' | 'POST' | 'PATCH'; url: string; body?: unknown }
  ): Promise<T>;
  /** GET a results page: its text and its headers (lower-case names). */
  text(doing: string, url: string): Promise<{ body: string; headers: Readonly<Record<string, unknown>> }>;
  sleep(ms: number): Promise<void>;
  /** Milliseconds, as Date.now: when to give up waiting. */
  now(): number;
}

export interface BulkQueryOptions {
  /** Records per results page (the maxRecords parameter). */
  maxRecords: number;
  /** How long to wait for the job to finish before aborting it. */
  timeoutMs: number;
}

/** One record of the results: every column as text, '' for an empty value (CSV cannot tell empty from null). */
export type BulkRow = Record<string, string>;

interface JobInfo {
  id?: unknown;
  state?: unknown;
  errorMessage?: unknown;
}

/** Polls start quickly (small jobs finish in seconds) and slow down for long ones. */
const FIRST_POLL_MS = 500;
const MAX_POLL_MS = 10_000;
const JOB_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;
const FINISHED = new Set(['JobComplete', 'Failed', 'Aborted']);

/**
 * Every record `soql` matches, one results page at a time. When anything goes wrong before the
 * job finishes (the wait times out, the connector stops at the API limit, the caller gives up),
 * the job is aborted so that it does not run on in the org; a job Salesforce could not run
 * fails with BULK_JOB_FAILED and its error message.
 */
export async function* bulkQueryPages(
  transport: BulkTransport,
  soql: string,
  options: BulkQueryOptions,
  log: Logger
): AsyncGenerator<BulkRow[]> {
  if (!Number.isInteger(options.maxRecords) || options.maxRecords < 1)
    throw new RangeError(
      `bulkQueryPages: maxRecords must be a positive whole number, not ${options.maxRecords}`
    );
  const created = await transport.json<JobInfo>('creating a Bulk API 2.0 query job', {
    method: 'POST',
    url: '/jobs/query',
    body: { operation: 'query', query: soql, contentType: 'CSV', columnDelimiter: 'COMMA', lineEnding: 'LF' }
  });
  const jobId = created.id;
  if (typeof jobId !== 'string' || !JOB_ID.test(jobId))
    throw new ConnectorError(
      'UNEXPECTED_RESPONSE',
      'Salesforce created a Bulk API 2.0 query job without an Id.'
    );
  const job = `/jobs/query/${jobId}`;
  let finished = false;
  try {
    const deadline = transport.now() + options.timeoutMs;
    let info = await transport.json<JobInfo>(`reading Bulk API 2.0 job ${jobId}`, {
      method: 'GET',
      url: job
    });
    for (
      let delay = FIRST_POLL_MS;
      !FINISHED.has(String(info.state));
      delay = Math.min(MAX_POLL_MS, delay * 2)
    ) {
      if (transport.now() + delay > deadline)
        throw new ConnectorError(
          'BULK_JOB_TIMEOUT',
          `Bulk API 2.0 query job ${jobId} did not finish within ${Math.round(options.timeoutMs / 1000)} seconds (state ${String(info.state)}).`,
          {
            actions: ['Raise BULK_TIMEOUT_SECONDS, or check the job under Setup > Bulk Data Load Jobs.'],
            retryable: true
          }
        );
      await transport.sleep(delay);
      info = await transport.json<JobInfo>(`reading Bulk API 2.0 job ${jobId}`, { method: 'GET', url: job });
    }
    finished = true;
    if (info.state !== 'JobComplete')
      throw new ConnectorError(
        'BULK_JOB_FAILED',
        `Salesforce could not run Bulk API 2.0 query job ${jobId} (${String(info.state)}): ${typeof info.errorMessage === 'string' && info.errorMessage !== '' ? info.errorMessage : 'no reason given'}.`
      );
    let locator: string | null = null;
    do {
      const params = new URLSearchParams({ maxRecords: String(options.maxRecords) });
      if (locator !== null) params.set('locator', locator);
      const page = await transport.text(
        `reading the results of Bulk API 2.0 job ${jobId}`,
        `${job}/results?${params}`
      );
      const next = page.headers['sforce-locator'];
      // Salesforce writes the string "null" on the last page.
      locator = typeof next === 'string' && next !== '' && next !== 'null' ? next : null;
      yield parseCsv(page.body);
    } while (locator !== null);
  } finally {
    if (!finished) await abort(transport, job, jobId, log);
  }
}

async function abort(transport: BulkTransport, job: string, jobId: string, log: Logger): Promise<void> {
  try {
    await transport.json(`aborting Bulk API 2.0 job ${jobId}`, {
      method: 'PATCH',
      url: job,
      body: { state: 'Aborted' }
    });
    log.warn({ jobId }, 'Bulk API 2.0 query job aborted');
  } catch (error) {
    // The error that made the connector give up matters more; the job ends on its own.
    log.warn({ jobId, code: ConnectorError.from(error).code }, 'could not abort a Bulk API 2.0 query job');
  }
}

/**
 * Bulk API 2.0 CSV (RFC 4180, comma-separated, LF line endings as the job asked): a header row of
 * field paths, then one row per record; a value may be quoted, with quotes doubled and line
 * breaks inside.
 */
export function parseCsv(text: string): BulkRow[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let value = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        value += '"';
        i++;
      } else if (char === '"') quoted = false;
      else value += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(value);
      value = '';
    } else if (char === '\n' || (char === '\r' && text[i + 1] === '\n')) {
      if (char === '\r') i++;
      row.push(value);
      rows.push(row);
      row = [];
      value = '';
    } else value += char;
  }
  if (quoted)
    throw new ConnectorError('UNEXPECTED_RESPONSE', 'Bulk API 2.0 results end inside a quoted value.');
  if (value !== '' || row.length > 0) rows.push([...row, value]);
  const [header, ...records] = rows;
  if (!header) return [];
  return records.map((cells, index) => {
    if (cells.length !== header.length)
      throw new ConnectorError(
        'UNEXPECTED_RESPONSE',
        `Bulk API 2.0 results row ${index + 1} has ${cells.length} values for ${header.length} columns.`
      );
    return Object.fromEntries(header.map((name, column) => [name, cells[column] as string]));
  });
}
