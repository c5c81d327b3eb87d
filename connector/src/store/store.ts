// The connector's own state, kept between runs: watermarks per watched object, what it last
// saw of each record, the bucket index (which buckets each objective reads and the values
// last computed), and the history of runs that GET /status shows. Everything a run learns is
// committed in one transaction after the run's writes succeeded, so a crash in between leaves
// the previous state and the next run redoes the same window.
import type { RunRecord } from '../sync/loop.ts';
import type { SyncReport } from '../sync/report.ts';
import { migrate } from './migrations.ts';
import { openSql, type Sql, type SqlTarget } from './sql.ts';

/** What the connector last saw of a record. */
export interface RememberedRecord {
  id: string;
  modstamp: string;
  /** Partner and date field values of a source record, by field name; empty for planning records. */
  fields: Readonly<Record<string, string | null>>;
}

/** One (source, partner account, period) bucket an objective reads, with the value last computed. */
export interface IndexedBucket {
  periodKey: string;
  sourceObject: string;
  partnerField: string;
  dateField: string;
  partnerId: string;
  periodStart: string;
  periodEnd: string;
  actual: number | null;
}

export interface IndexedObjective {
  objectiveId: string;
  fingerprint: string;
  buckets: readonly IndexedBucket[];
}

export interface SyncState {
  /** When the last full run finished committing; null before the first. */
  lastFullAt: string | null;
  /** What the last full run computed under (org calendar, zone, source mappings). */
  contextFingerprint: string | null;
  watermarks: ReadonlyMap<string, string>;
}

/** What one watched object's scan changes in the record memory. */
export interface MemoryChange {
  object: string;
  /** A full scan saw every record: those it did not see are forgotten. */
  replace: boolean;
  remember: readonly RememberedRecord[];
  forget: readonly string[];
}

/** Everything a successful run learned, committed at once. */
export interface SyncCommit {
  /** Set when the run was a full one. */
  full: { at: string; contextFingerprint: string } | null;
  watermarks: ReadonlyMap<string, string>;
  memory: readonly MemoryChange[];
  /** A full run replaces the whole index; an incremental one the objectives it computed. */
  replaceIndex: boolean;
  objectives: readonly IndexedObjective[];
  /** Objectives that no longer exist (or are no longer computed). */
  dropObjectives: readonly string[];
  at: string;
}

export interface ConnectorStore {
  state(): Promise<SyncState>;
  /** What was last seen of these records of `object`. */
  remembered(object: string, ids: readonly string[]): Promise<Map<string, RememberedRecord>>;
  /** The whole bucket index, by objective Id. */
  index(): Promise<Map<string, IndexedObjective>>;
  commit(update: SyncCommit): Promise<void>;
  saveRun(run: RunRecord & { report: SyncReport }): Promise<void>;
  /** Finished runs, newest first. */
  recentRuns(limit: number): Promise<(RunRecord & { report: SyncReport })[]>;
  close(): Promise<void>;
}

/** Rows per statement when writing many: one JSON parameter, unpacked by jsonb_to_recordset. */
const CHUNK = 2000;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** Finished runs kept for /status; older ones are deleted as new ones come. */
export const RUNS_KEPT = 500;

const LAST_FULL_AT = 'last_full_at';
const CONTEXT = 'context_fingerprint';

/** The store the settings name: PostgreSQL when DATABASE_URL is set, else PGlite in the data directory. */
export function storeTarget(settings: { dataDir: string; databaseUrl?: string | undefined }): SqlTarget {
  return settings.databaseUrl
    ? { kind: 'postgres', url: settings.databaseUrl }
    : { kind: 'pglite', dataDir: settings.dataDir };
}

/** Opens the store and brings its tables up to date. */
export async function openStore(
  target: SqlTarget,
  options: { schema?: string } = {}
): Promise<ConnectorStore> {
  const sql = openSql(target, options.schema);
  try {
    await migrate(sql);
  } catch (error) {
    await sql.close().catch(() => {});
    throw error;
  }
  return createStore(sql);
}

export function createStore(sql: Sql): ConnectorStore {
  return {
    async state() {
      const values = new Map(
        (await sql.query<{ key: string; value: string }>('select key, value from sync_state')).map((r) => [
          r.key,
          r.value
        ])
      );
      const watermarks = await sql.query<{ object_name: string; modstamp: string }>(
        'select object_name, modstamp from watermarks'
      );
      return {
        lastFullAt: values.get(LAST_FULL_AT) ?? null,
        contextFingerprint: values.get(CONTEXT) ?? null,
        watermarks: new Map(watermarks.map((w) => [w.object_name, w.modstamp]))
      };
    },

    async remembered(object, ids) {
      const found = new Map<string, RememberedRecord>();
      for (const batch of chunks(ids)) {
        const rows = await sql.query<{
          record_id: string;
          modstamp: string;
          field_values: RememberedRecord['fields'];
        }>(
          `select record_id, modstamp, field_values from record_memory
            where object_name = $1 and record_id in (select jsonb_array_elements_text($2::jsonb))`,
          [object, JSON.stringify(batch)]
        );
        for (const row of rows)
          found.set(row.record_id, { id: row.record_id, modstamp: row.modstamp, fields: row.field_values });
      }
      return found;
    },

    async index() {
      const objectives = await sql.query<{ objective_id: string; fingerprint: string }>(
        'select objective_id, fingerprint from objective_index'
      );
      const buckets = await sql.query<{
        objective_id: string;
        period_key: string;
        source_object: string;
        partner_field: string;
        date_field: string;
        partner_id: string;
        period_start: string;
        period_end: string;
        actual: number | null;
      }>('select * from bucket_index order by objective_id, period_start');
      const index = new Map<string, IndexedObjective & { buckets: IndexedBucket[] }>(
        objectives.map((o) => [
          o.objective_id,
          { objectiveId: o.objective_id, fingerprint: o.fingerprint, buckets: [] }
        ])
      );
      for (const b of buckets) {
        index.get(b.objective_id)?.buckets.push({
          periodKey: b.period_key,
          sourceObject: b.source_object,
          partnerField: b.partner_field,
          dateField: b.date_field,
          partnerId: b.partner_id,
          periodStart: b.period_start,
          periodEnd: b.period_end,
          actual: b.actual
        });
      }
      return index;
    },

    commit: (update) =>
      sql.transaction(async (tx) => {
        for (const change of update.memory) {
          if (change.replace)
            await tx.query('delete from record_memory where object_name = $1', [change.object]);
          for (const batch of chunks(change.forget)) {
            await tx.query(
              `delete from record_memory
                where object_name = $1 and record_id in (select jsonb_array_elements_text($2::jsonb))`,
              [change.object, JSON.stringify(batch)]
            );
          }
          for (const batch of chunks(change.remember)) {
            await tx.query(
              `insert into record_memory (object_name, record_id, modstamp, field_values)
               select $1, r.id, r.modstamp, r.fields
                 from jsonb_to_recordset($2::jsonb) as r(id text, modstamp text, fields jsonb)
               on conflict (object_name, record_id)
               do update set modstamp = excluded.modstamp, field_values = excluded.field_values`,
              [change.object, JSON.stringify(batch)]
            );
          }
        }
        const dropped = update.replaceIndex
          ? null
          : [...update.dropObjectives, ...update.objectives.map((o) => o.objectiveId)];
        if (dropped === null) {
          await tx.query('delete from bucket_index');
          await tx.query('delete from objective_index');
        } else {
          for (const batch of chunks(dropped)) {
            const ids = JSON.stringify(batch);
            const where = 'objective_id in (select jsonb_array_elements_text($1::jsonb))';
            await tx.query(`delete from bucket_index where ${where}`, [ids]);
            await tx.query(`delete from objective_index where ${where}`, [ids]);
          }
        }
        for (const batch of chunks(update.objectives)) {
          await tx.query(
            `insert into objective_index (objective_id, fingerprint)
             select r.id, r.fingerprint from jsonb_to_recordset($1::jsonb) as r(id text, fingerprint text)`,
            [JSON.stringify(batch.map((o) => ({ id: o.objectiveId, fingerprint: o.fingerprint })))]
          );
        }
        const buckets = update.objectives.flatMap((o) =>
          o.buckets.map((b) => ({ objectiveId: o.objectiveId, ...b }))
        );
        for (const batch of chunks(buckets)) {
          await tx.query(
            `insert into bucket_index (objective_id, period_key, source_object, partner_field, date_field,
                                       partner_id, period_start, period_end, actual)
             select r."objectiveId", r."periodKey", r."sourceObject", r."partnerField", r."dateField",
                    r."partnerId", r."periodStart", r."periodEnd", r.actual
               from jsonb_to_recordset($1::jsonb) as r("objectiveId" text, "periodKey" text, "sourceObject" text,
                    "partnerField" text, "dateField" text, "partnerId" text, "periodStart" text, "periodEnd" text,
                    actual double precision)`,
            [JSON.stringify(batch)]
          );
        }
        // A full run's watermarks stand alone: one it did not set (an object it found empty, or
        // one of another org) must not hold back the scans that follow.
        if (update.full) await tx.query('delete from watermarks');
        for (const [object, modstamp] of update.watermarks) {
          await tx.query(
            `insert into watermarks (object_name, modstamp, updated_at) values ($1, $2, $3)
             on conflict (object_name) do update set modstamp = excluded.modstamp, updated_at = excluded.updated_at`,
            [object, modstamp, update.at]
          );
        }
        if (update.full) {
          for (const [key, value] of [
            [LAST_FULL_AT, update.full.at],
            [CONTEXT, update.full.contextFingerprint]
          ] as const) {
            await tx.query(
              `insert into sync_state (key, value) values ($1, $2)
               on conflict (key) do update set value = excluded.value`,
              [key, value]
            );
          }
        }
      }),

    async saveRun(run) {
      await sql.query(
        `insert into sync_runs (id, trigger, started_at, finished_at, outcome, report)
         values ($1, $2, $3, $4, $5, $6::jsonb)
         on conflict (id) do update set finished_at = excluded.finished_at, outcome = excluded.outcome,
                                        report = excluded.report`,
        [
          run.id,
          run.trigger,
          run.startedAt,
          run.report.finishedAt,
          run.report.outcome,
          JSON.stringify(run.report)
        ]
      );
      await sql.query(
        `delete from sync_runs where id not in
           (select id from sync_runs order by started_at desc, id desc limit $1)`,
        [RUNS_KEPT]
      );
    },

    async recentRuns(limit) {
      const rows = await sql.query<{ id: string; trigger: string; started_at: string; report: SyncReport }>(
        'select id, trigger, started_at, report from sync_runs order by started_at desc, id desc limit $1',
        [Math.max(0, Math.floor(limit))]
      );
      return rows.map((r) => ({
        id: r.id,
        trigger: r.trigger as RunRecord['trigger'],
        startedAt: r.started_at,
        report: r.report
      }));
    },

    close: () => sql.close()
  };
}
