// Bulk API 2.0 query jobs under /services/data/vXX.X/jobs/query: create (query or queryAll),
// job info, the job list, results as CSV pages (Sforce-Locator / Sforce-NumberOfRecords,
// ?locator=&maxRecords=), abort and delete. A job runs its SOQL through the same query
// engine as REST, as the user who created it, when it is first looked at after creation
// (as in Salesforce, it is processed after the create call returns), so a job can still be
// aborted before it runs.
import express, { type Request, type Response, type Router } from 'express';
import { parseQuery, type Query } from '@jetstreamapp/soql-parser-js';
import type { SessionUser } from '../session.ts';
import type { ApiRecord, QueryService } from '../soql/types.ts';
import { COLUMN_DELIMITERS, LINE_ENDINGS, toCsv, type ColumnDelimiter, type LineEnding } from './bulkCsv.ts';
import { ApiError, notFound } from './errors.ts';
import { locals, requireSession, type SessionResolver } from './http.ts';
import { countApiUsage, type ApiUsage } from './limits.ts';

export interface BulkQueryDeps {
  queries: QueryService;
  sessions: SessionResolver;
  usage: ApiUsage;
  clock: () => Date;
  newId: (keyPrefix: string) => string;
}

type JobState = 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Aborted' | 'Failed';

interface Job {
  id: string;
  operation: 'query' | 'queryAll';
  object: string;
  soql: string;
  columns: string[];
  createdBy: SessionUser;
  createdDate: string;
  systemModstamp: string;
  state: JobState;
  apiVersion: string;
  columnDelimiter: ColumnDelimiter;
  lineEnding: LineEnding;
  records: ApiRecord[];
  errorMessage: string | null;
  processingMs: number;
  /** Set while the query runs, so concurrent looks wait for the same run. */
  running: Promise<void> | null;
}

/** Records per results page when the caller gives no maxRecords. */
const DEFAULT_PAGE = 50_000;
const FINISHED: ReadonlySet<JobState> = new Set(['JobComplete', 'Aborted', 'Failed']);

const invalidJob = (message: string): ApiError => new ApiError(400, 'INVALIDJOB', message);
const invalidState = (message: string): ApiError => new ApiError(400, 'INVALIDJOBSTATE', message);

/** Salesforce's date format in job info: 2026-01-02T17:38:59.000+0000. */
const stamp = (date: Date): string => date.toISOString().replace('Z', '+0000');

/** Locators are opaque to clients; Salesforce's are base64 offsets, and so are these. */
const locatorOf = (offset: number): string => Buffer.from(String(offset)).toString('base64url');
function offsetOf(locator: string): number {
  const offset = Number(Buffer.from(locator, 'base64url').toString());
  if (!Number.isInteger(offset) || offset < 0 || locatorOf(offset) !== locator)
    throw invalidJob(`Invalid locator: ${locator}`);
  return offset;
}

function option<T extends string>(value: unknown, allowed: Record<T, string>, name: string, fallback: T): T {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'string' && value in allowed) return value as T;
  throw invalidJob(`${name} must be one of ${Object.keys(allowed).join(', ')}`);
}

/** What Bulk API 2.0 cannot run, checked before the job is accepted; the field paths otherwise. */
function columnsOf(soql: string): { object: string; columns: string[] } {
  let query: Query;
  try {
    query = parseQuery(soql);
  } catch (error) {
    throw new ApiError(400, 'MALFORMED_QUERY', `The query could not be parsed: ${(error as Error).message}`);
  }
  const unsupported = (what: string): ApiError =>
    new ApiError(400, 'API_ERROR', `${what} is not supported by Bulk API 2.0 queries`);
  if (query.groupBy !== undefined || query.having !== undefined) throw unsupported('GROUP BY');
  if (query.offset !== undefined) throw unsupported('OFFSET');
  const columns = (query.fields ?? []).map((item) => {
    switch (item.type) {
      case 'Field':
        return item.field;
      case 'FieldRelationship':
        return [...item.relationships, item.field].join('.');
      case 'FieldSubquery':
        throw unsupported('A parent-to-child subquery');
      case 'FieldTypeof':
        throw unsupported('TYPEOF');
      default:
        throw unsupported(`${item.functionName}()`);
    }
  });
  return { object: query.sObject ?? '', columns };
}

function jobInfo(job: Job, detailed: boolean): Record<string, unknown> {
  const info: Record<string, unknown> = {
    id: job.id,
    operation: job.operation,
    object: job.object,
    createdById: job.createdBy.id,
    createdDate: job.createdDate,
    systemModstamp: job.systemModstamp,
    state: job.state,
    concurrencyMode: 'Parallel',
    contentType: 'CSV',
    apiVersion: Number(job.apiVersion),
    lineEnding: job.lineEnding,
    columnDelimiter: job.columnDelimiter
  };
  if (!detailed) return info;
  return {
    ...info,
    ...(job.errorMessage ? { errorMessage: job.errorMessage } : {}),
    jobType: 'V2Query',
    numberRecordsProcessed: job.records.length,
    retries: 0,
    totalProcessingTime: job.processingMs,
    isPkChunkingSupported: false
  };
}

export function createBulkQueryRouter(deps: BulkQueryDeps): Router {
  const { queries, clock } = deps;
  const jobs = new Map<string, Job>();
  const router = express.Router();
  const api = express.Router({ mergeParams: true });
  router.use(
    '/services/data/v:version/jobs/query',
    requireSession(deps.sessions),
    countApiUsage(deps.usage),
    express.json(),
    api
  );

  /** Every record of the query, page after page, as the job's creator sees them. */
  async function run(job: Job): Promise<void> {
    const started = clock().getTime();
    job.state = 'InProgress';
    const options = {
      user: job.createdBy,
      apiVersion: job.apiVersion,
      includeDeleted: job.operation === 'queryAll'
    };
    try {
      let page = await queries.query(job.soql, options);
      const records = [...page.records];
      while (!page.done && page.nextRecordsUrl) {
        page = await queries.queryMore(page.nextRecordsUrl.split('/').pop() as string, options);
        records.push(...page.records);
      }
      // An abort that came in while the query ran wins: its results are discarded.
      if (job.state !== 'InProgress') return;
      job.records = records;
      job.state = 'JobComplete';
    } catch (error) {
      if (job.state !== 'InProgress') return;
      job.state = 'Failed';
      job.errorMessage = error instanceof Error ? error.message : String(error);
    } finally {
      job.processingMs = clock().getTime() - started;
      job.systemModstamp = stamp(clock());
    }
  }

  /** The job, run if it has not been yet; only its creator (or an administrator) may see it. */
  async function jobFor(req: Request, res: Response): Promise<Job> {
    const { user } = locals(res);
    const job = jobs.get(String(req.params.jobId));
    if (!job || (job.createdBy.id !== user.id && !user.isAdmin)) throw notFound();
    if (job.state === 'UploadComplete') job.running ??= run(job);
    if (job.running) await job.running;
    return job;
  }

  api.post('/', (req, res) => {
    const body = req.body as Record<string, unknown> | undefined;
    const operation = body?.operation;
    if (operation !== 'query' && operation !== 'queryAll')
      throw invalidJob('operation must be query or queryAll');
    if (typeof body?.query !== 'string' || body.query.trim() === '') throw invalidJob('query is required');
    if (body.contentType !== undefined && body.contentType !== 'CSV')
      throw invalidJob('contentType must be CSV');
    const { object, columns } = columnsOf(body.query);
    const { user, apiVersion } = locals(res);
    const now = stamp(clock());
    const job: Job = {
      id: deps.newId('750'),
      operation,
      object,
      soql: body.query,
      columns,
      createdBy: user,
      createdDate: now,
      systemModstamp: now,
      state: 'UploadComplete',
      apiVersion,
      columnDelimiter: option(body.columnDelimiter, COLUMN_DELIMITERS, 'columnDelimiter', 'COMMA'),
      lineEnding: option(body.lineEnding, LINE_ENDINGS, 'lineEnding', 'LF'),
      records: [],
      errorMessage: null,
      processingMs: 0,
      running: null
    };
    jobs.set(job.id, job);
    res.status(200).json(jobInfo(job, false));
  });

  api.get('/', (_req, res) => {
    const { user } = locals(res);
    const mine = [...jobs.values()].filter((job) => job.createdBy.id === user.id || user.isAdmin);
    res.json({ done: true, records: mine.map((job) => jobInfo(job, false)), nextRecordsUrl: null });
  });

  api.get('/:jobId', async (req, res) => {
    res.json(jobInfo(await jobFor(req, res), true));
  });

  api.get('/:jobId/results', async (req, res) => {
    const job = await jobFor(req, res);
    if (job.apiVersion !== locals(res).apiVersion)
      throw new ApiError(
        409,
        'INVALIDJOB',
        `Use API version ${job.apiVersion}, the version the job was created with`
      );
    if (job.state !== 'JobComplete')
      throw invalidState(`The job's state is ${job.state}; results are available once it is JobComplete`);
    const raw = req.query.maxRecords;
    const maxRecords = raw === undefined ? DEFAULT_PAGE : Number(raw);
    if (!Number.isInteger(maxRecords) || maxRecords < 1)
      throw invalidJob('maxRecords must be a positive whole number');
    const offset = typeof req.query.locator === 'string' ? offsetOf(req.query.locator) : 0;
    const page = job.records.slice(offset, offset + maxRecords);
    const next = offset + page.length;
    res.set('Content-Type', 'text/csv; charset=UTF-8');
    res.set('Sforce-NumberOfRecords', String(page.length));
    res.set('Sforce-Locator', next < job.records.length ? locatorOf(next) : 'null');
    res.send(toCsv(job.columns, page, job));
  });

  api.patch('/:jobId', async (req, res) => {
    const { user } = locals(res);
    const job = jobs.get(String(req.params.jobId));
    if (!job || (job.createdBy.id !== user.id && !user.isAdmin)) throw notFound();
    const body = req.body as Record<string, unknown> | undefined;
    if (body?.state !== 'Aborted') throw invalidJob('state must be Aborted');
    if (FINISHED.has(job.state)) throw invalidState(`A job in state ${job.state} cannot be aborted`);
    job.state = 'Aborted';
    job.systemModstamp = stamp(clock());
    res.json(jobInfo(job, false));
  });

  api.delete('/:jobId', async (req, res) => {
    const job = await jobFor(req, res);
    if (!FINISHED.has(job.state))
      throw invalidState(`A job in state ${job.state} cannot be deleted; abort it first`);
    jobs.delete(job.id);
    res.status(204).end();
  });

  return router;
}
