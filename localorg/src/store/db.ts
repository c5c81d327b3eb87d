// The local org's one SQL connection. Everything above this module speaks PostgreSQL
// through the Db interface, so the embedded PGlite engine could be swapped for a server.
import { PGlite, types } from '@electric-sql/pglite';

export interface QueryRows<T> {
  rows: T[];
}

export interface Db {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryRows<T>>;
  /** Runs several statements with no parameters (DDL). */
  exec(sql: string): Promise<void>;
  /** Runs fn in one transaction; a thrown error rolls everything back. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// Dates, timestamps and numerics come back as the strings PostgreSQL prints, so that one
// mapper (store/values.ts) decides how each becomes a Salesforce value and no precision
// or time zone is lost on the way.
const asText = (value: string): string => value;
const parsers = {
  [types.DATE]: asText,
  [types.TIMESTAMPTZ]: asText,
  [types.TIMESTAMP]: asText,
  [types.NUMERIC]: asText
};

type PgliteLike = Pick<PGlite, 'query' | 'exec'>;

function wrap(conn: PgliteLike, transaction: Db['transaction'], close: Db['close']): Db {
  return {
    async query<T>(sql: string, params: unknown[] = []) {
      const result = await conn.query<T>(sql, params);
      return { rows: result.rows };
    },
    async exec(sql: string) {
      await conn.exec(sql);
    },
    transaction,
    close
  };
}

type Transaction = Parameters<Parameters<PGlite['transaction']>[0]>[0];

/** A connection inside a transaction: a nested transaction is a savepoint, so it can fail alone. */
function inTransaction(tx: Transaction): Db {
  let savepoints = 0;
  const db: Db = wrap(
    tx,
    async (fn) => {
      const name = `sp_${++savepoints}`;
      await tx.exec(`savepoint ${name}`);
      try {
        const result = await fn(db);
        await tx.exec(`release savepoint ${name}`);
        return result;
      } catch (error) {
        await tx.exec(`rollback to savepoint ${name}`);
        throw error;
      }
    },
    async () => {}
  );
  return db;
}

/** Opens PGlite in memory, or on disk when dataDir is given. */
export async function openDb(dataDir?: string): Promise<Db> {
  const pg = await PGlite.create(dataDir, { parsers });
  const db: Db = wrap(
    pg,
    (fn) => pg.transaction((tx) => fn(inTransaction(tx))),
    () => pg.close()
  );
  await db.query("SET TIME ZONE 'UTC'");
  return db;
}
