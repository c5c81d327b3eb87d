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

/** What a run did to partner sharing (sync/partnerShares.ts). */
export interface PartnerShareCounts {
  plans: number;
  granted: number;
  changed: number;
  revoked: number;
  failed: number;
  /** Plans the partner should see whose account has no partner users (no portal roles) yet. */
  unreachable: number;
}

/** The Draft notification emails of a run (sync/partnerNotifications.ts). */
export interface NotificationCounts {
  sent: number;
  failed: number;
  /** Plans moved to Draft whose primary partner contact has no email address to write to. */
  unreachable: number;
}

export interface SyncReport {
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** completed: everything written; completedWithErrors: some queries or records failed; failed: the run stopped. */
  outcome: 'completed' | 'completedWithErrors' | 'failed';
  /**
   * The run stopped (outcome failed) before the org's daily API allowance ran out, leaving the
   * configured headroom; the next run starts again and finishes the work.
   */
  stoppedAtLimit: boolean;
  timeZone: string | null;
  /** The org's standard fiscal year the periods follow. */
  fiscalYear: FiscalYearSettings | null;
  /** finalPasses: Completed plans calculated one last time this run. */
  plans: { read: number; calculated: number; skipped: number; updated: number; finalPasses: number };
  objectives: { read: number; computed: number; skipped: number; updated: number };
  /** Writes by object API name. */
  records: Record<string, WriteCounts>;
  partnerShares: PartnerShareCounts;
  notifications: NotificationCounts;
  apiCalls: ApiCalls & { total: number };
  /** Plans and objectives that could not be computed (or were stored at a limit), for the admins who can fix them. */
  problems: Problem[];
  errors: ReportedError[];
  /** The Plan_Job__c requests run after the sync pass (connector/src/jobs/), when the service ran them. */
  jobs?: JobsSummary;
}

export interface JobsSummary {
  /** Queued jobs, and Running ones left abandoned, that the run found. */
  found: number;
  /** Queued jobs this instance claimed (another instance may have claimed the rest). */
  claimed: number;
  done: number;
  failed: number;
  /** Jobs found Running for too long, failed so their requesters ask again. */
  abandoned: number;
  /** Jobs it could not claim or report on, and failures of the org that stopped the jobs. */
  errors: ReportedError[];
}

export function newReport(startedAt: string): SyncReport {
  return {
    startedAt,
    finishedAt: startedAt,
    durationMs: 0,
    outcome: 'completed',
    stoppedAtLimit: false,
    timeZone: null,
    fiscalYear: null,
    plans: { read: 0, calculated: 0, skipped: 0, updated: 0, finalPasses: 0 },
    objectives: { read: 0, computed: 0, skipped: 0, updated: 0 },
    records: {},
    partnerShares: { plans: 0, granted: 0, changed: 0, revoked: 0, failed: 0, unreachable: 0 },
    notifications: { sent: 0, failed: 0, unreachable: 0 },
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
