// The connector store's one SQL connection, on either engine: PGlite (embedded PostgreSQL,
// in a directory or in memory) by default, a PostgreSQL server when DATABASE_URL is set.
// Both speak the same SQL, so the store and its migrations are written once.
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { ConnectorError } from '../errors.ts';

export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs fn in one transaction on one connection; a thrown error rolls everything back. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type SqlTarget = { kind: 'pglite'; dataDir: string | null } | { kind: 'postgres'; url: string };

/** A schema name the store may create and use: letters, digits and underscores. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function checkSchema(schema: string): string {
  if (!SCHEMA_NAME.test(schema))
    throw new ConnectorError('STORE_INVALID', `Not a usable schema name for the connector store: ${schema}`);
  return schema;
}

function openPglite(dataDir: string | null, schema: string): Sql {
  if (dataDir !== null) {
    try {
      mkdirSync(dataDir, { recursive: true });
    } catch (cause) {
      throw new ConnectorError(
        'STORE_UNAVAILABLE',
        `Cannot use ${dataDir}, CONNECTOR_DATA_DIR, for the connector store (${(cause as NodeJS.ErrnoException).code ?? 'error'}).`,
        {
          cause,
          actions: ['Point CONNECTOR_DATA_DIR at a directory the connector may write, or set DATABASE_URL.']
        }
      );
    }
  }
  const db = new PGlite(dataDir ?? undefined);
  const ready = (async () => {
    await db.exec(`create schema if not exists "${schema}"; set search_path to "${schema}"`);
  })();
  const on = (conn: Pick<PGlite, 'query'>): Pick<Sql, 'query'> => ({
    async query<T>(text: string, params: readonly unknown[] = []) {
      await ready;
      return (await conn.query<T>(text, [...params])).rows;
    }
  });
  const sql: Sql = {
    ...on(db),
    async transaction(fn) {
      await ready;
      return db.transaction((tx) => fn({ ...on(tx), transaction: () => nested(), close: async () => {} }));
    },
    close: () => db.close()
  };
  return sql;
}

function nested(): never {
  throw new ConnectorError('STORE_INVALID', 'The connector store does not nest transactions.');
}

function openPostgres(url: string, schema: string): Sql {
  const pool = new pg.Pool({ connectionString: url, options: `-c search_path="${schema}"`, max: 4 });
  // An idle connection the server dropped is replaced on the next query; without a listener
  // its error would end the process.
  pool.on('error', () => {});
  let ready: Promise<void> | null = null;
  const prepare = (): Promise<void> =>
    (ready ??= pool.query(`create schema if not exists "${schema}"`).then(
      () => undefined,
      (error: unknown) => {
        ready = null;
        throw unreachable(error);
      }
    ));
  const on = (conn: pg.Pool | pg.PoolClient): Pick<Sql, 'query'> => ({
    async query<T>(text: string, params: readonly unknown[] = []) {
      return (await conn.query(text, [...params])).rows as T[];
    }
  });
  return {
    async query(text, params) {
      await prepare();
      return on(pool).query(text, params);
    },
    async transaction(fn) {
      await prepare();
      const client = await pool.connect().catch((error: unknown) => {
        throw unreachable(error);
      });
      try {
        await client.query('begin');
        const result = await fn({ ...on(client), transaction: () => nested(), close: async () => {} });
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end()
  };
}

function unreachable(cause: unknown): ConnectorError {
  const code = (cause as { code?: unknown }).code;
  return new ConnectorError(
    'STORE_UNAVAILABLE',
    `Cannot reach the PostgreSQL server of DATABASE_URL (${typeof code === 'string' ? code : (cause as Error).message}).`,
    {
      cause,
      actions: ['Check that the server runs and that DATABASE_URL names its host, port, database and user.']
    }
  );
}

/** Opens the store's connection; `schema` keeps its tables apart from others in the same database. */
export function openSql(target: SqlTarget, schema = 'public'): Sql {
  const name = checkSchema(schema);
  return target.kind === 'pglite' ? openPglite(target.dataDir, name) : openPostgres(target.url, name);
}
