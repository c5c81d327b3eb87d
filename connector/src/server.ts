// The connector as a service: thin Express handlers over the sync loop and the metrics, and
// the scheduled loop itself. Everything it needs comes in as arguments, so tests can run it
// against any org.
//
//   GET  /healthz  200 while the process is up, with how the last sync went
//   GET  /readyz   200 when ready (see Readiness in sync/loop.ts), 503 with the reason otherwise
//   GET  /metrics  Prometheus text format
//   GET  /status   the run in progress and the last runs' reports, newest first (?limit=1..50)
//   POST /sync     starts a run: 202 with its id, 409 with the running one's id when one runs,
//                  401 without the bearer token SYNC_TOKEN, 403 when SYNC_TOKEN is not set
import { createHash, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import { moduleLogger, type Logger } from './logger.ts';
import { createMetrics, type ConnectorMetrics } from './metrics.ts';
import { runJobs } from './jobs/runJobs.ts';
import type { SalesforceApi } from './salesforce/client.ts';
import { CREDENTIAL_ERRORS } from './salesforce/errors.ts';
import {
  RUN_HISTORY_SIZE,
  SyncLoop,
  type Readiness,
  type RunRecord,
  type SyncRequest,
  type SyncStatus
} from './sync/loop.ts';
import { recordsWritten, type SyncReport } from './sync/report.ts';
import { runIncrementalSync } from './sync/incremental.ts';
import { runSync } from './sync/runSync.ts';
import type { ConnectorStore } from './store/store.ts';

/** What the HTTP handlers need from the sync loop. */
export interface SyncControls {
  status(): SyncStatus;
  readiness(): Readiness;
  current(): RunRecord | null;
  history(limit: number): Promise<RunRecord[]>;
  request(): SyncRequest;
}

/** What /healthz shows: the process is up, and how the last sync went. */
export function healthBody(status: SyncStatus): Record<string, unknown> {
  const last = status.lastReport;
  return {
    status: 'ok',
    sync: {
      running: status.running,
      runs: status.runs,
      nextRunAt: status.nextRunAt,
      last: last && {
        outcome: last.outcome,
        startedAt: last.startedAt,
        finishedAt: last.finishedAt,
        recordsWritten: recordsWritten(last),
        problems: last.problems.length,
        errors: last.errors.slice(0, 5)
      }
    }
  };
}

const DEFAULT_STATUS_RUNS = 10;
const statusQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(RUN_HISTORY_SIZE).default(DEFAULT_STATUS_RUNS)
});
const bearer = z.string().regex(/^Bearer [^\s]+$/i);
/** POST /sync takes no parameters: no body, or an empty JSON object. */
const syncBody = z.union([z.undefined(), z.strictObject({})]);

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * Checks the bearer token in constant time: both sides are hashed first, so neither the
 * comparison nor the length of the token leaks through timing.
 */
function requireSyncToken(syncToken: string | undefined): RequestHandler {
  const expected = syncToken === undefined ? null : digest(syncToken);
  return (req, res, next) => {
    if (!expected) {
      res.status(403).json({
        error: 'sync_disabled',
        message: 'POST /sync is disabled: set SYNC_TOKEN to enable it.'
      });
      return;
    }
    const header = bearer.safeParse(req.headers.authorization);
    const given = header.success ? digest(header.data.slice('Bearer '.length)) : null;
    if (!given || !timingSafeEqual(given, expected)) {
      res
        .status(401)
        .set('WWW-Authenticate', header.success ? 'Bearer error="invalid_token"' : 'Bearer')
        .json({ error: 'unauthorized', message: 'Send Authorization: Bearer <SYNC_TOKEN>.' });
      return;
    }
    next();
  };
}

function issues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`);
}

export interface AppOptions {
  sync: SyncControls;
  metrics: ConnectorMetrics;
  /** The bearer token POST /sync requires; without it POST /sync is disabled. */
  syncToken?: string;
  logger: Logger;
}

export function createApp({ sync, metrics, syncToken, logger }: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');

  app.get('/healthz', (_req, res) => {
    res.json(healthBody(sync.status()));
  });

  app.get('/readyz', (_req, res) => {
    const readiness = sync.readiness();
    res.status(readiness.ready ? 200 : 503).json(readiness);
  });

  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  app.get('/status', async (req, res) => {
    const query = statusQuery.safeParse(req.query);
    if (!query.success) {
      res.status(400).json({ error: 'invalid_request', issues: issues(query.error) });
      return;
    }
    const status = sync.status();
    res.json({
      readiness: sync.readiness(),
      running: sync.current(),
      nextRunAt: status.nextRunAt,
      runs: await sync.history(query.data.limit)
    });
  });

  app.post('/sync', requireSyncToken(syncToken), express.json({ limit: '1kb' }), (req, res) => {
    const body = syncBody.safeParse(req.body);
    if (!body.success) {
      res.status(400).json({ error: 'invalid_request', issues: issues(body.error) });
      return;
    }
    const result = sync.request();
    if (!result.started) {
      res.status(409).json({
        error: 'sync_running',
        message: 'A sync is already running; wait for it to finish (GET /status), then ask again.',
        runId: result.running.id,
        startedAt: result.running.startedAt
      });
      return;
    }
    res.status(202).location('/status').json({ runId: result.run.id, startedAt: result.run.startedAt });
  });

  const onError: ErrorRequestHandler = (err: { status?: unknown; type?: unknown }, _req, res, _next) => {
    if (err.type === 'entity.parse.failed' || err.type === 'entity.too.large') {
      res
        .status(Number(err.status) || 400)
        .json({ error: 'invalid_request', issues: ['body: not valid JSON'] });
      return;
    }
    logger.error({ err }, 'request failed');
    res.status(500).json({ status: 'error' });
  };
  app.use(onError);
  return app;
}

export interface ServiceDependencies {
  config: Pick<Config, 'http' | 'sync' | 'sources'> & Partial<Pick<Config, 'extraction'>>;
  salesforce: { forRun(): SalesforceApi };
  clock: Clock;
  logger: Logger;
  /** Keeps watermarks, the bucket index and run history; without it every run is a full one and history lives in memory. */
  store?: ConnectorStore;
}

/**
 * A sync pass, then the Plan_Job__c requests waiting in the org (a Recalculate job is a sync
 * pass scoped to its plan). Jobs wait for the next run when the sync failed: the org is not
 * answering as it should, and a job run now would only fail.
 */
async function syncThenJobs(deps: ServiceDependencies): Promise<SyncReport> {
  const pass = {
    salesforce: deps.salesforce,
    clock: deps.clock,
    logger: deps.logger,
    sources: deps.config.sources,
    extraction: deps.config.extraction
  };
  const sync = (planIds: readonly string[] | null) =>
    runSync({ ...pass, ...(planIds ? { scope: { planIds } } : {}) });
  const report = deps.store
    ? await runIncrementalSync({ ...pass, store: deps.store, settings: deps.config.sync })
    : await sync(null);
  if (report.outcome === 'failed') return report;
  report.jobs = await runJobs({
    salesforce: deps.salesforce,
    clock: deps.clock,
    logger: deps.logger,
    recalculate: sync
  });
  return report;
}

export interface RunningService {
  url: string;
  loop: SyncLoop;
  /** Stops scheduling, lets a running sync finish, then closes the HTTP server. */
  stop(): Promise<void>;
}

export async function startService(deps: ServiceDependencies): Promise<RunningService> {
  const log = moduleLogger(deps.logger, 'server');
  let metrics: ConnectorMetrics | null = null;
  const loop = new SyncLoop({
    intervalMs: deps.config.sync.intervalSeconds * 1000,
    clock: deps.clock,
    logger: deps.logger,
    shouldStop: (report) => report.errors.some((error) => CREDENTIAL_ERRORS.has(error.code)),
    onFinished: (record) => metrics?.observe(record.report),
    ...(deps.store ? { runs: deps.store } : {}),
    run: () => syncThenJobs(deps)
  });
  metrics = createMetrics(() => ({ running: loop.status().running, ready: loop.readiness().ready }));
  const app = createApp({ sync: loop, metrics, syncToken: deps.config.http.syncToken, logger: log });
  const server: Server = app.listen(deps.config.http.port);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  log.info({ url, syncEndpoint: deps.config.http.syncToken !== undefined }, 'connector listening');
  loop.start();
  return {
    url,
    loop,
    stop: async () => {
      await loop.stop();
      server.closeIdleConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve()))
      );
      log.info('connector stopped');
    }
  };
}
