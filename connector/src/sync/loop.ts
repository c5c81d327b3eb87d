// Runs the sync on a schedule: the first run at start, each next one an interval after the
// previous finished, so runs never overlap however long one takes. stop() lets a run in
// progress finish (its writes are not cut in half) and schedules no more.
import type { Clock } from '../clock.ts';
import { sfDateTime } from '../engine/dates.ts';
import { moduleLogger, type Logger } from '../logger.ts';
import type { SyncReport } from './report.ts';

export interface SyncLoopOptions {
  intervalMs: number;
  run: () => Promise<SyncReport>;
  /** After a run, whether running again is pointless until someone intervenes (e.g. rejected credentials). */
  shouldStop?: (report: SyncReport) => boolean;
  clock: Clock;
  logger: Logger;
}

export interface SyncStatus {
  running: boolean;
  runs: number;
  nextRunAt: string | null;
  lastReport: SyncReport | null;
}

export class SyncLoop {
  readonly #options: SyncLoopOptions;
  readonly #log: Logger;
  #timer: NodeJS.Timeout | null = null;
  #current: Promise<SyncReport> | null = null;
  #stopped = true;
  #runs = 0;
  #nextRunAt: string | null = null;
  #lastReport: SyncReport | null = null;

  constructor(options: SyncLoopOptions) {
    this.#options = options;
    this.#log = moduleLogger(options.logger, 'loop');
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#log.info({ intervalMs: this.#options.intervalMs }, 'sync loop started');
    void this.#tick();
  }

  /** Runs a sync now, or joins the one already running. */
  runNow(): Promise<SyncReport> {
    this.#current ??= (async () => {
      try {
        const report = await this.#options.run();
        this.#lastReport = report;
        return report;
      } finally {
        this.#runs++;
        this.#current = null;
      }
    })();
    return this.#current;
  }

  /** Schedules no more runs and waits for the one in progress, if any. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#nextRunAt = null;
    if (this.#current) {
      this.#log.info('waiting for the running sync to finish');
      await this.#current.catch(() => undefined);
    }
    this.#log.info('sync loop stopped');
  }

  status(): SyncStatus {
    return {
      running: this.#current !== null,
      runs: this.#runs,
      nextRunAt: this.#nextRunAt,
      lastReport: this.#lastReport
    };
  }

  async #tick(): Promise<void> {
    this.#nextRunAt = null;
    try {
      const report = await this.runNow();
      if (this.#options.shouldStop?.(report)) {
        this.#log.error('sync loop stopped: the last run failed in a way that repeating cannot fix');
        this.#stopped = true;
      }
    } catch (error) {
      this.#log.error({ err: error }, 'sync run threw');
    }
    if (this.#stopped) return;
    const { intervalMs, clock } = this.#options;
    this.#nextRunAt = sfDateTime(clock.now().plus({ milliseconds: intervalMs }));
    this.#timer = setTimeout(() => void this.#tick(), intervalMs);
  }
}
