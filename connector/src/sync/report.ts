// What a sync run reports: to the log, to `sync --once` (as JSON on stdout), to /healthz and /status.
import type { Problem } from '../engine/calculation.ts';
import type { FiscalYearSettings } from '../engine/model.ts';
import type { ConnectorError } from '../errors.ts';
import { noApiCalls, type ApiCalls } from '../salesforce/client.ts';

export interface WriteCounts {
  created: number;
  updated: number;
  failed: number;
}

export interface ReportedError {
  code: string;
  message: string;
  /** The object and record (Id or Period Key) a record-level error is about. */
  object?: string;
  ref?: string;
  actions?: readonly string[];
}

export interface SyncReport {
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** completed: everything written; completedWithErrors: some queries or records failed; failed: the run stopped. */
  outcome: 'completed' | 'completedWithErrors' | 'failed';
  timeZone: string | null;
  /** The org's standard fiscal year the periods follow. */
  fiscalYear: FiscalYearSettings | null;
  plans: { read: number; calculated: number; skipped: number; updated: number };
  objectives: { read: number; computed: number; skipped: number; updated: number };
  /** Writes by object API name. */
  records: Record<string, WriteCounts>;
  apiCalls: ApiCalls & { total: number };
  /** Plans and objectives that could not be computed (or were stored at a limit), for the admins who can fix them. */
  problems: Problem[];
  errors: ReportedError[];
}

export function newReport(startedAt: string): SyncReport {
  return {
    startedAt,
    finishedAt: startedAt,
    durationMs: 0,
    outcome: 'completed',
    timeZone: null,
    fiscalYear: null,
    plans: { read: 0, calculated: 0, skipped: 0, updated: 0 },
    objectives: { read: 0, computed: 0, skipped: 0, updated: 0 },
    records: {},
    apiCalls: { ...noApiCalls(), total: 0 },
    problems: [],
    errors: []
  };
}

export function reportedError(error: ConnectorError, object?: string, ref?: string): ReportedError {
  return {
    code: error.code,
    message: error.message,
    ...(object ? { object } : {}),
    ...(ref ? { ref } : {}),
    ...(error.actions.length > 0 ? { actions: error.actions } : {})
  };
}

export function countWrites(report: SyncReport, object: string): WriteCounts {
  const counts = (report.records[object] ??= { created: 0, updated: 0, failed: 0 });
  return counts;
}

/** Total records written successfully. */
export function recordsWritten(report: SyncReport): number {
  return Object.values(report.records).reduce((total, counts) => total + counts.created + counts.updated, 0);
}
