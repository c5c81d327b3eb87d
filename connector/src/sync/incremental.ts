// Incremental sync: each run recomputes only the objectives that changes affect, and a full
// run now and then catches what changes cannot show (criteria relative to today such as
// LAST_N_DAYS, a change missed while the store was lost, a new calendar).
//
// A run is full when it is the first, when the last full run is older than the
// reconciliation interval, or when what results depend on besides records changed (the org's
// calendar and zone, the source mappings, the store's version). Otherwise it scans the source
// objects for records changed since their watermarks (watermarks.ts), finds the objectives
// whose buckets those records left or entered, and those whose definition changed
// (incrementalScope.ts), and lets runSync compute just those: the aggregate queries then name
// only the partners concerned. The new watermarks, record memory and bucket index are
// committed only after every write of the run succeeded; otherwise the next run redoes the
// same window, so a crash or a refused write never leaves values behind for good.
import { ConnectorError } from '../errors.ts';
import { moduleLogger } from '../logger.ts';
import { MIGRATIONS } from '../store/migrations.ts';
import type { ConnectorStore, IndexedObjective, SyncCommit } from '../store/store.ts';
import { contextFingerprint, dirtyObjectives, indexEntries } from './incrementalScope.ts';
import type { SyncReport } from './report.ts';
import { runSync, type IncrementalScope, type SyncDependencies } from './runSync.ts';
import { scanObject, watchedObjects, type ScanResult } from './watermarks.ts';

export interface IncrementalSettings {
  /** Hours between full runs. */
  reconcileHours: number;
  /** Seconds each scan reaches back before the watermark, for clock skew and late commits. */
  overlapSeconds: number;
}

export interface IncrementalDependencies extends Omit<SyncDependencies, 'incremental' | 'scope'> {
  store: ConnectorStore;
  settings: IncrementalSettings;
}

export interface IncrementalSummary {
  mode: 'full' | 'incremental';
  /** Why the run was full; null for an incremental run. */
  reason: 'first run' | 'reconciliation due' | 'settings changed' | null;
  /** Changed records seen, by source object. */
  changedRecords: Record<string, number>;
  /** Objectives recomputed (every one in a full run). */
  objectivesRecomputed: number;
  /** Objectives left as they were because nothing they depend on changed. */
  objectivesUnchanged: number;
  /** Whether the watermarks, memory and index moved on; false when the run must be repeated. */
  committed: boolean;
}

export type IncrementalReport = SyncReport & { incremental: IncrementalSummary };

/** Codes meaning the org has no such source object or field for this user: its objectives are reported by runSync. */
const MISSING = new Set(['INVALID_TYPE', 'INVALID_FIELD', 'NOT_FOUND']);

const STORE_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));

function fullRunReason(
  state: { lastFullAt: string | null; contextFingerprint: string | null },
  context: string,
  nowMillis: number,
  reconcileHours: number
): IncrementalSummary['reason'] {
  if (state.lastFullAt === null) return 'first run';
  if (state.contextFingerprint !== context) return 'settings changed';
  const last = Date.parse(state.lastFullAt);
  if (!Number.isFinite(last) || nowMillis - last >= reconcileHours * 3_600_000) return 'reconciliation due';
  return null;
}

export async function runIncrementalSync(deps: IncrementalDependencies): Promise<IncrementalReport> {
  const log = moduleLogger(deps.logger, 'incremental');
  const startedAt = deps.clock.now();
  const summary: IncrementalSummary = {
    mode: 'incremental',
    reason: null,
    changedRecords: {},
    objectivesRecomputed: 0,
    objectivesUnchanged: 0,
    committed: false
  };
  let pending: Omit<SyncCommit, 'objectives'> | null = null;
  let objectives: IndexedObjective[] | null = null;
  let selected: ReadonlySet<string> | null = null;

  const scope: IncrementalScope = {
    async select({ sf, data, context, fiscalYear }) {
      const state = await deps.store.state();
      const fingerprint = contextFingerprint({
        organizationId: (await sf.identity()).organizationId,
        timeZone: context.timeZone,
        fiscalYear,
        customYears: context.calendar.customYears,
        sources: deps.sources,
        storeVersion: STORE_VERSION
      });
      summary.reason = fullRunReason(state, fingerprint, startedAt.toMillis(), deps.settings.reconcileHours);
      const full = summary.reason !== null;
      summary.mode = full ? 'full' : 'incremental';
      const scans: ScanResult[] = [];
      for (const watched of watchedObjects(deps.sources)) {
        try {
          scans.push(
            await scanObject(sf, deps.store, watched, state.watermarks.get(watched.object) ?? null, {
              full,
              overlapSeconds: deps.settings.overlapSeconds
            })
          );
        } catch (error) {
          const failure = ConnectorError.from(error);
          if (!MISSING.has(failure.code)) throw failure;
          log.warn({ object: watched.object, code: failure.code }, 'source object not scanned');
        }
      }
      for (const scan of scans) summary.changedRecords[scan.object] = scan.changed;
      const index = full ? new Map<string, IndexedObjective>() : await deps.store.index();
      const present = new Set(data.objectives.map((o) => o.id));
      const dirty = full
        ? null
        : dirtyObjectives({ data, context, index, buckets: scans.flatMap((scan) => scan.dirty) });
      selected = dirty?.ids ?? null;
      summary.objectivesRecomputed = selected?.size ?? data.objectives.length;
      summary.objectivesUnchanged = selected
        ? data.objectives.filter(
            (o) => o.type !== null && context.sources.has(o.type) && !selected?.has(o.id)
          ).length
        : 0;
      pending = {
        full: full ? { at: startedAt.toUTC().toISO() as string, contextFingerprint: fingerprint } : null,
        watermarks: new Map(
          scans
            .filter((scan) => scan.watermark !== null)
            .map((scan) => [scan.object, scan.watermark as string])
        ),
        memory: scans.map((scan) => scan.memory),
        replaceIndex: full,
        dropObjectives: [...index.keys()].filter((id) => !present.has(id)),
        at: startedAt.toUTC().toISO() as string
      };
      log.info(
        {
          mode: summary.mode,
          reason: summary.reason,
          changed: summary.changedRecords,
          dirty: dirty && { ...dirty, ids: dirty.ids.size }
        },
        'incremental scope'
      );
      return selected;
    },
    computed({ data, context, outcomes, changes }) {
      objectives = indexEntries({ data, context, outcomes, changes, selected });
    }
  };

  const report = await runSync({ ...deps, incremental: scope });
  // runSync counts objectives it read but did not compute as skipped; unchanged ones were not.
  report.objectives.skipped = Math.max(0, report.objectives.skipped - summary.objectivesUnchanged);
  const ready = pending as Omit<SyncCommit, 'objectives'> | null;
  if (ready && objectives && report.outcome === 'completed') {
    try {
      await deps.store.commit({ ...ready, objectives });
      summary.committed = true;
    } catch (error) {
      const failure = ConnectorError.from(error);
      log.error({ err: failure }, 'could not commit the sync state; the next run repeats this one');
      report.outcome = 'completedWithErrors';
      report.errors.push({
        code: 'STORE_COMMIT_FAILED',
        message: `The connector store did not save this run's watermarks and index (${failure.message}); the next run repeats its work.`
      });
    }
  } else if (ready) {
    log.warn({ outcome: report.outcome }, 'not all writes succeeded; the next run repeats this window');
  }
  return { ...report, incremental: summary };
}
