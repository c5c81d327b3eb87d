// The connector as a service: an Express app with GET /healthz, and the scheduled sync loop.
// Everything it needs comes in as arguments, so tests can run it against any org.
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler, type Express } from 'express';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import { moduleLogger, type Logger } from './logger.ts';
import type { SalesforceApi } from './salesforce/client.ts';
import { CREDENTIAL_ERRORS } from './salesforce/errors.ts';
import { SyncLoop, type SyncStatus } from './sync/loop.ts';
import { recordsWritten } from './sync/report.ts';
import { runSync } from './sync/runSync.ts';

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

export function createApp(status: () => SyncStatus, logger: Logger): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json(healthBody(status()));
  });
  const onError: ErrorRequestHandler = (err, _req, res, _next) => {
    logger.error({ err }, 'request failed');
    res.status(500).json({ status: 'error' });
  };
  app.use(onError);
  return app;
}

export interface ServiceDependencies {
  config: Pick<Config, 'http' | 'sync' | 'sources'>;
  salesforce: { forRun(): SalesforceApi };
  clock: Clock;
  logger: Logger;
}

export interface RunningService {
  url: string;
  loop: SyncLoop;
  /** Stops scheduling, lets a running sync finish, then closes the HTTP server. */
  stop(): Promise<void>;
}

export async function startService(deps: ServiceDependencies): Promise<RunningService> {
  const log = moduleLogger(deps.logger, 'server');
  const loop = new SyncLoop({
    intervalMs: deps.config.sync.intervalSeconds * 1000,
    clock: deps.clock,
    logger: deps.logger,
    shouldStop: (report) => report.errors.some((error) => CREDENTIAL_ERRORS.has(error.code)),
    run: () =>
      runSync({
        salesforce: deps.salesforce,
        clock: deps.clock,
        logger: deps.logger,
        sources: deps.config.sources
      })
  });
  const app = createApp(() => loop.status(), log);
  const server: Server = app.listen(deps.config.http.port);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  log.info({ url }, 'connector listening');
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
