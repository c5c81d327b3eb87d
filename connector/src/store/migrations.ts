// The store's tables, as an ordered list of migrations applied once each, in order, and
// recorded in schema_migrations. The same SQL runs on PGlite and on PostgreSQL. A migration
// is never edited once released: a change is a new migration at the end of the list.
import { ConnectorError } from '../errors.ts';
import type { Sql } from './sql.ts';

export interface Migration {
  version: number;
  name: string;
  statements: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'incremental sync state and run history',
    statements: [
      // Small named values: when the last full run was, and what it computed under.
      `create table sync_state (
         key text primary key,
         value text not null
       )`,
      // Per watched object, the latest SystemModstamp whose changes are all applied.
      `create table watermarks (
         object_name text primary key,
         modstamp text not null,
         updated_at text not null
       )`,
      // What the connector last saw of each record: its SystemModstamp and, for source
      // records, the partner and date field values that placed it in a bucket.
      `create table record_memory (
         object_name text not null,
         record_id text not null,
         modstamp text not null,
         field_values jsonb not null,
         primary key (object_name, record_id)
       )`,
      // Per objective, a fingerprint of everything its values depend on besides records.
      `create table objective_index (
         objective_id text primary key,
         fingerprint text not null
       )`,
      // The buckets (source object, partner account, period) each objective reads, and the
      // value last computed for each.
      `create table bucket_index (
         objective_id text not null,
         period_key text not null,
         source_object text not null,
         partner_field text not null,
         date_field text not null,
         partner_id text not null,
         period_start text not null,
         period_end text not null,
         actual double precision,
         primary key (objective_id, period_key)
       )`,
      'create index bucket_index_source on bucket_index (source_object, partner_id)',
      `create table sync_runs (
         id text primary key,
         trigger text not null,
         started_at text not null,
         finished_at text not null,
         outcome text not null,
         report jsonb not null
       )`,
      'create index sync_runs_started on sync_runs (started_at desc)'
    ]
  }
];

/** Applies the migrations not applied yet, in one transaction, holding a lock so two connectors cannot race. */
export async function migrate(sql: Sql, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  return sql.transaction(async (tx) => {
    // Any constant key: it only serialises migrators of this database.
    await tx.query('select pg_advisory_xact_lock(727274)');
    await tx.query(
      `create table if not exists schema_migrations (
         version integer primary key,
         name text not null,
         applied_at timestamptz not null default now()
       )`
    );
    const applied = new Set(
      (await tx.query<{ version: number }>('select version from schema_migrations')).map((r) => r.version)
    );
    const known = new Set(migrations.map((m) => m.version));
    const unknown = [...applied].filter((version) => !known.has(version));
    if (unknown.length > 0) {
      throw new ConnectorError(
        'STORE_TOO_NEW',
        `The connector store has migrations this connector does not know (${unknown.join(', ')}): a newer connector wrote it.`,
        { actions: ['Run the newer connector, or point CONNECTOR_DATA_DIR / DATABASE_URL at another store.'] }
      );
    }
    const done: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [
        migration.version,
        migration.name
      ]);
      done.push(migration.version);
    }
    return done;
  });
}
