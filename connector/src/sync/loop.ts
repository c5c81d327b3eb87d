// Runs the sync on a schedule: the first run at start, each next one an interval after the
// previous finished, so runs never overlap however long one takes. Runs can also be requested
// (POST /sync); one requested while another runs is refused rather than queued or joined.
// After a run that failed in a way repeating cannot fix (rejected credentials), the loop halts:
// no more scheduled runs and not ready, until a requested run succeeds or the process restarts.
// stop() lets a run in progress finish (its writes are not cut in half) and schedules no more.
// The last runs are kept, newest first, for GET /status: in the connector store when one is
// given (so they outlive restarts), else in memory.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { sfDateTime } from '../engine/dates.ts';
import { ConnectorError } from '../errors.ts';
import { moduleLogger, type Logger } from '../logger.ts';
import { newReport, reportedError, type ReportedError, type SyncReport } from './report.ts';

/** How many finished runs the loop remembers. */
export const RUN_HISTORY_SIZE = 50;

export type RunTrigger = 'schedule' | 'request';

export interface RunRecord {
  id: string;
  trigger: RunTrigger;
  startedAt: string;
  /** Null while the run is in progress. */
  report: SyncReport | null;
}

/** Where finished runs are kept (the connector store). */
export interface RunHistory {
  saveRun(run: RunRecord & { report: SyncReport }): Promise<void>;
  /** Finished runs, newest first. */
  recentRuns(limit: number): Promise<RunRecord[]>;
}

export interface SyncLoopOptions {
  intervalMs: number;
  /** Keeps finished runs; in memory only when absent. */
  runs?: RunHistory;
  run: () => Promise<SyncReport>;
  /** After a run, whether running again is pointless until someone intervenes (e.g. rejected credentials). */
  shouldStop?: (report: SyncReport) => boolean;
  /** Called once per finished run, e.g. to update metrics. */
  onFinished?: (record: RunRecord & { report: SyncReport }) => void;
  clock: Clock;
  logger: Logger;
}

export interface SyncStatus {
  running: boolean;
  runs: number;
  nextRunAt: string | null;
  lastReport: SyncReport | null;
}

/**
 * Ready means: the loop has started and is not stopping, and the last finished run did not fail
 * with an error that repeating cannot fix. Runs that failed for passing reasons (network, API
 * limits, locks) leave it ready: the next run may well succeed.
 */
export type Readiness =
  | { ready: true }
  | { ready: false; reason: 'not started' | 'stopping' }
  | { ready: false; reason: 'halted'; error: ReportedError };

export type SyncRequest = { started: true; run: RunRecord } | { started: false; running: RunRecord };

export class SyncLoop {
  readonly #options: SyncLoopOptions;
  readonly #log: Logger;
  #timer: NodeJS.Timeout | null = null;
  #current: { record: RunRecord; done: Promise<SyncReport> } | null = null;
  #started = false;
  #stopping = false;
  #halted: ReportedError | null = null;
  #runs = 0;
  #nextRunAt: string | null = null;
  /** Finished runs, newest first. */
  #history: (RunRecord & { report: SyncReport })[] = [];
  /** The run history's pending save, which history() waits for so a finished run is listed at once. */
  #saving: Promise<void> = Promise.resolve();

  constructor(options: SyncLoopOptions) {
    this.#options = options;
    this.#log = moduleLogger(options.logger, 'loop');
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#log.info({ intervalMs: this.#options.intervalMs }, 'sync loop started');
    void this.#tick();
  }

  /** Runs a sync now, or joins the one already running. */
  runNow(trigger: RunTrigger = 'schedule'): Promise<SyncReport> {
    return (this.#current ?? this.#begin(trigger)).done;
  }

  /** Starts a run for a caller (POST /sync), unless one is running: then says which. */
  request(): SyncRequest {
    if (this.#current) return { started: false, running: this.#current.record };
    return { started: true, run: this.#begin('request').record };
  }

  /** Schedules no more runs and waits for the one in progress, if any. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#clearTimer();
    if (this.#current) {
      this.#log.info('waiting for the running sync to finish');
      await this.#current.done;
    }
    this.#log.info('sync loop stopped');
  }

  status(): SyncStatus {
    return {
      running: this.#current !== null,
      runs: this.#runs,
      nextRunAt: this.#nextRunAt,
      lastReport: this.#history[0]?.report ?? null
    };
  }

  readiness(): Readiness {
    if (this.#stopping) return { ready: false, reason: 'stopping' };
    if (!this.#started) return { ready: false, reason: 'not started' };
    if (this.#halted) return { ready: false, reason: 'halted', error: this.#halted };
    return { ready: true };
  }

  /** The run in progress, if any. */
  current(): RunRecord | null {
    return this.#current?.record ?? null;
  }

  /** Up to `limit` finished runs, newest first. */
  async history(limit: number): Promise<RunRecord[]> {
    const runs = this.#options.runs;
    if (!runs) return this.#history.slice(0, Math.max(0, limit));
    await this.#saving;
    return runs.recentRuns(limit);
  }

  #begin(trigger: RunTrigger): { record: RunRecord; done: Promise<SyncReport> } {
    const startedAt = sfDateTime(this.#options.clock.now());
    const record: RunRecord = { id: randomUUID(), trigger, startedAt, report: null };
    const done = (async () => {
      let report: SyncReport;
      try {
        report = await this.#options.run();
      } catch (error) {
        // runSync reports its failures; anything thrown past it is a bug, reported the same way.
        const failure = ConnectorError.from(error);
        this.#log.error({ err: failure }, 'sync run threw');
        report = { ...newReport(startedAt), outcome: 'failed', errors: [reportedError(failure)] };
      }
      this.#finish(record, report);
      return report;
    })();
    this.#current = { record, done };
    this.#log.info({ runId: record.id, trigger }, 'sync run started');
    return this.#current;
  }

  #finish(record: RunRecord, report: SyncReport): void {
    const finished = { ...record, report };
    record.report = report;
    this.#runs++;
    this.#current = null;
    this.#history.unshift(finished);
    this.#history.length = Math.min(this.#history.length, RUN_HISTORY_SIZE);
    const runs = this.#options.runs;
    if (runs) {
      this.#saving = this.#saving
        .then(() => runs.saveRun(finished))
        .catch((error: unknown) => {
          this.#log.error(
            { err: ConnectorError.from(error), runId: record.id },
            'could not save the run to the store'
          );
        });
    }
    if (this.#options.shouldStop?.(report)) {
      this.#halted = report.errors[0] ?? { code: 'FAILED', message: 'The run failed.' };
      this.#clearTimer();
      this.#log.error(
        { runId: record.id, code: this.#halted.code },
        'sync loop halted: the last run failed in a way that repeating cannot fix'
      );
    } else if (this.#halted) {
      this.#log.info({ runId: record.id }, 'sync loop resumed after a successful run');
      this.#halted = null;
      this.#schedule();
    }
    this.#options.onFinished?.(finished);
  }

  async #tick(): Promise<void> {
    this.#timer = null;
    this.#nextRunAt = null;
    await this.runNow('schedule');
    if (!this.#halted) this.#schedule();
  }

  #schedule(): void {
    if (!this.#started || this.#stopping || this.#timer) return;
    const { intervalMs, clock } = this.#options;
    this.#nextRunAt = sfDateTime(clock.now().plus({ milliseconds: intervalMs }));
    this.#timer = setTimeout(() => void this.#tick(), intervalMs);
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#nextRunAt = null;
  }
}
