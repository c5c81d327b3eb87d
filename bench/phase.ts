// One measured run of one strategy. Each runs in a child process of its own
// (phaseProcess.ts), so that its peak memory is the connector side's alone: the local org
// keeps serving HTTP from the bench's process. Wall time covers the run itself, sign-in
// included; starting Node, loading modules and opening the connector's store are left out.
import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { systemClock } from '../connector/src/clock.ts';
import { loadConfig } from '../connector/src/config.ts';
import { pino } from 'pino';
import { createLogger, silentLogger } from '../connector/src/logger.ts';
import { SalesforceClient, type ApiCalls } from '../connector/src/salesforce/client.ts';
import { openStore } from '../connector/src/store/store.ts';
import { runIncrementalSync } from '../connector/src/sync/incremental.ts';
import { recordsWritten } from '../connector/src/sync/report.ts';
import { runNaive } from './naive.ts';

export type Strategy = 'engine' | 'naive';
export type RunKind = 'full' | 'incremental';

export interface PhaseRequest {
  strategy: Strategy;
  run: RunKind;
  org: { url: string; username: string; password: string };
  /** The connector's store (PGlite on disk), kept from the full run to the incremental one. */
  storeDir: string;
  /** Log the strategy's work (pino JSON) to stderr. */
  verbose: boolean;
}

export interface EngineDetails {
  kind: 'engine';
  mode: 'full' | 'incremental';
  changedRecords: Record<string, number>;
  objectivesRecomputed: number;
  objectivesUpdated: number;
}

export interface NaiveDetails {
  kind: 'naive';
  objectives: number;
  aggregateQueries: number;
  periodActuals: [string, number | null][];
  objectiveActuals: [string, number | null][];
}

export interface PhaseResult {
  strategy: Strategy;
  run: RunKind;
  wallMs: number;
  apiCalls: ApiCalls & { total: number };
  recordsWritten: number;
  /**
   * Resident set size of the strategy's process just before the run (modules loaded, the
   * connector's store open) and at its peak (getrusage maxrss), in MiB.
   */
  startRssMiB: number;
  peakRssMiB: number;
  /** Largest V8 heap in use seen during the run (sampled every 5 ms and at the end), in MiB. */
  peakHeapMiB: number;
  details: EngineDetails | NaiveDetails;
}

const MIB = 1024 * 1024;

/** Tracks the largest heap in use while `work` runs. */
async function measured<T>(
  work: () => Promise<T>
): Promise<{ value: T; wallMs: number; peakHeapMiB: number }> {
  let peak = process.memoryUsage().heapUsed;
  const sample = (): void => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  };
  const timer = setInterval(sample, 5);
  const started = performance.now();
  try {
    const value = await work();
    const wallMs = performance.now() - started;
    sample();
    return { value, wallMs, peakHeapMiB: peak / MIB };
  } finally {
    clearInterval(timer);
  }
}

export async function runPhase(request: PhaseRequest): Promise<PhaseResult> {
  const config = loadConfig({
    SF_LOGIN_URL: request.org.url,
    SF_USERNAME: request.org.username,
    SF_PASSWORD: request.org.password,
    LOG_LEVEL: 'silent'
  });
  // stderr: stdout carries the bench's table or JSON.
  const logger = request.verbose ? createLogger('info', pino.destination(2)) : silentLogger();
  const client = new SalesforceClient({ ...config.salesforce, logger });
  try {
    if (request.strategy === 'naive') {
      const startRssMiB = process.memoryUsage().rss / MIB;
      const { value, wallMs, peakHeapMiB } = await measured(() =>
        runNaive({ salesforce: client, sources: config.sources, logger })
      );
      if (value.errors.length > 0 || value.problems.length > 0) {
        const first = value.errors[0] ?? value.problems[0];
        throw new Error(
          `The naive strategy could not compute or save everything (${value.errors.length} save errors, ${value.problems.length} problems), first: ${JSON.stringify(first)}`
        );
      }
      return {
        strategy: 'naive',
        run: request.run,
        wallMs,
        apiCalls: value.apiCalls,
        recordsWritten: value.recordsWritten,
        startRssMiB,
        peakRssMiB: process.resourceUsage().maxRSS / 1024,
        peakHeapMiB,
        details: {
          kind: 'naive',
          objectives: value.objectives,
          aggregateQueries: value.aggregateQueries,
          periodActuals: [...value.periodActuals],
          objectiveActuals: [...value.objectiveActuals]
        }
      };
    }
    const store = await openStore({ kind: 'pglite', dataDir: request.storeDir });
    try {
      // After opening the store: its embedded PostgreSQL is part of the connector's footprint from the start.
      const startRssMiB = process.memoryUsage().rss / MIB;
      const {
        value: report,
        wallMs,
        peakHeapMiB
      } = await measured(() =>
        runIncrementalSync({
          salesforce: client,
          clock: systemClock,
          logger,
          sources: config.sources,
          store,
          settings: config.sync
        })
      );
      if (report.outcome !== 'completed' || !report.incremental.committed) {
        throw new Error(
          `The connector's ${request.run} sync ended ${report.outcome} (state committed: ${report.incremental.committed}): ${JSON.stringify(report.errors.slice(0, 3))}`
        );
      }
      if (report.problems.length > 0) {
        throw new Error(
          `The connector could not compute every objective: ${JSON.stringify(report.problems[0])}`
        );
      }
      if (report.incremental.mode !== request.run) {
        throw new Error(
          `The connector ran a ${report.incremental.mode} sync (${report.incremental.reason}) where the bench expected a ${request.run} one.`
        );
      }
      return {
        strategy: 'engine',
        run: request.run,
        wallMs,
        apiCalls: report.apiCalls,
        recordsWritten: recordsWritten(report),
        startRssMiB,
        peakRssMiB: process.resourceUsage().maxRSS / 1024,
        peakHeapMiB,
        details: {
          kind: 'engine',
          mode: report.incremental.mode,
          changedRecords: report.incremental.changedRecords,
          objectivesRecomputed: report.incremental.objectivesRecomputed,
          objectivesUpdated: report.objectives.updated
        }
      };
    } finally {
      await store.close();
    }
  } finally {
    await client.close();
  }
}

type ChildMessage = { ok: true; result: PhaseResult } | { ok: false; message: string };

/** Runs the phase in a fresh Node process (the same Node binary) and returns what it measured. */
export function runPhaseInChild(request: PhaseRequest): Promise<PhaseResult> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL('./phaseProcess.ts', import.meta.url), [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced'
    });
    let answer: ChildMessage | null = null;
    child.on('message', (message: ChildMessage) => {
      answer = message;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const settled = answer as ChildMessage | null;
      if (settled?.ok) resolve(settled.result);
      else if (settled)
        reject(new Error(`${request.strategy} ${request.run} run failed: ${settled.message}`));
      else
        reject(
          new Error(
            `${request.strategy} ${request.run} run: its process ended (${signal ?? `exit code ${code}`}) without a result`
          )
        );
    });
    child.send(request);
  });
}
