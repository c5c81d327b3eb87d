// Prometheus metrics for GET /metrics, in a registry of the service's own (not prom-client's
// global one), so that two services in one process, as in tests, never share counters.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { API_CALL_KINDS } from './salesforce/client.ts';
import type { SyncReport } from './sync/report.ts';

const PREFIX = 'pbp_connector_';
const OUTCOMES: readonly SyncReport['outcome'][] = ['completed', 'completedWithErrors', 'failed'];

export interface MetricsState {
  running: boolean;
  ready: boolean;
}

export interface ConnectorMetrics {
  readonly registry: Registry;
  /** Counts a finished run. */
  observe(report: SyncReport): void;
}

/** `state` is read on every scrape, for the gauges that describe now rather than past runs. */
export function createMetrics(state: () => MetricsState): ConnectorMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const runs = new Counter({
    name: `${PREFIX}sync_runs_total`,
    help: 'Finished sync runs by outcome: completed, completedWithErrors (some queries or records failed), failed (the run stopped).',
    labelNames: ['outcome'],
    registers
  });
  const duration = new Histogram({
    name: `${PREFIX}sync_duration_seconds`,
    help: 'Wall time of finished sync runs, by outcome.',
    labelNames: ['outcome'],
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600],
    registers
  });
  const apiCalls = new Counter({
    name: `${PREFIX}salesforce_api_calls_total`,
    help: 'Salesforce calls made by sync runs, by kind (login counts sign-ins and session refreshes).',
    labelNames: ['kind'],
    registers
  });
  const records = new Counter({
    name: `${PREFIX}records_written_total`,
    help: 'Records the sync wrote, by object and result (created, updated, failed).',
    labelNames: ['object', 'result'],
    registers
  });
  const errors = new Counter({
    name: `${PREFIX}sync_errors_total`,
    help: 'Errors reported by sync runs, by code (INVALID_LOGIN, JWT_INVALID_ASSERTION, UNABLE_TO_LOCK_ROW…).',
    labelNames: ['code'],
    registers
  });
  const problems = new Gauge({
    name: `${PREFIX}sync_problems`,
    help: 'Plans and objectives the last finished run could not compute.',
    registers
  });
  const lastSuccess = new Gauge({
    name: `${PREFIX}last_success_timestamp_seconds`,
    help: 'When the last run that was not failed (completed or completedWithErrors) finished, in Unix seconds.',
    registers
  });
  new Gauge({
    name: `${PREFIX}sync_running`,
    help: '1 while a sync run is in progress.',
    registers,
    collect() {
      this.set(state().running ? 1 : 0);
    }
  });
  new Gauge({
    name: `${PREFIX}ready`,
    help: '1 when GET /readyz answers 200.',
    registers,
    collect() {
      this.set(state().ready ? 1 : 0);
    }
  });

  // Every known series starts at zero, so rates and alerts work before the first occurrence.
  for (const outcome of OUTCOMES) runs.inc({ outcome }, 0);
  for (const kind of API_CALL_KINDS) apiCalls.inc({ kind }, 0);

  return {
    registry,
    observe(report) {
      runs.inc({ outcome: report.outcome });
      duration.observe({ outcome: report.outcome }, report.durationMs / 1000);
      for (const kind of API_CALL_KINDS) apiCalls.inc({ kind }, report.apiCalls[kind]);
      for (const [object, counts] of Object.entries(report.records)) {
        records.inc({ object, result: 'created' }, counts.created);
        records.inc({ object, result: 'updated' }, counts.updated);
        records.inc({ object, result: 'failed' }, counts.failed);
      }
      for (const error of report.errors) errors.inc({ code: error.code });
      problems.set(report.problems.length);
      if (report.outcome !== 'failed') lastSuccess.set(Date.parse(report.finishedAt) / 1000);
    }
  };
}
