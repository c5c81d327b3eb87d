// The connector store on both of its engines, with the same tests: PGlite (embedded, in memory
// and on disk) and the PostgreSQL server at 127.0.0.1:5432, database `test`, in a schema of
// its own that is dropped afterwards. PostgreSQL must be reachable: these tests fail, never
// skip, when it is not.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import pg from 'pg';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../src/config.ts';
import { ConnectorError } from '../src/errors.ts';
import { migrate, MIGRATIONS } from '../src/store/migrations.ts';
import { openSql, type SqlTarget } from '../src/store/sql.ts';
import { openStore, storeTarget, type ConnectorStore, type SyncCommit } from '../src/store/store.ts';
import { fixedClock } from '../src/clock.ts';
import { silentLogger } from '../src/logger.ts';
import { SyncLoop } from '../src/sync/loop.ts';
import { newReport, type SyncReport } from '../src/sync/report.ts';

const NOW = '2026-03-01T10:00:00.000Z';

const POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';
const run = `connector_store_test_${process.pid}_${randomBytes(4).toString('hex')}`;
/** A schema per store opened, so each test starts from an empty store. */
const schemas: string[] = [];
const tempDirs: string[] = [];

function newSchema(): string {
  const schema = `${run}_${schemas.length + 1}`;
  schemas.push(schema);
  return schema;
}

after(async () => {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  try {
    await client.connect();
    for (const schema of schemas) await client.query(`drop schema if exists "${schema}" cascade`);
  } catch {
    // Unreachable: the PostgreSQL tests have failed and said so.
  } finally {
    await client.end().catch(() => {});
  }
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

interface Backend {
  name: string;
  open(): Promise<ConnectorStore>;
}

async function openPostgres(schema = newSchema()): Promise<ConnectorStore> {
  try {
    return await openStore({ kind: 'postgres', url: POSTGRES_URL }, { schema });
  } catch (error) {
    assert.fail(
      `PostgreSQL at 127.0.0.1:5432 (database test) is unreachable, so the store's PostgreSQL mode is untested: ${(error as Error).message}`
    );
  }
}

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'connector-store-'));
  tempDirs.push(dir);
  return dir;
}

const BACKENDS: Backend[] = [
  { name: 'PGlite', open: () => openStore({ kind: 'pglite', dataDir: null }) },
  { name: 'PostgreSQL', open: () => openPostgres() }
];

const P1 = '001000000000001AAA';
const bucket = (objectiveId: string, quarter: number, actual: number | null) => ({
  periodKey: `${objectiveId}-Q-2026-${String(quarter * 3 - 2).padStart(2, '0')}`,
  sourceObject: 'Lead',
  partnerField: 'PartnerAccountId',
  dateField: 'CreatedDate',
  partnerId: P1,
  periodStart: `2026-${String(quarter * 3 - 2).padStart(2, '0')}-01`,
  periodEnd: `2026-${String(quarter * 3).padStart(2, '0')}-${quarter === 1 || quarter === 4 ? 31 : 30}`,
  actual
});

function fullCommit(overrides: Partial<SyncCommit> = {}): SyncCommit {
  return {
    full: { at: '2026-03-01T10:00:00.000Z', contextFingerprint: 'ctx-1' },
    watermarks: new Map([['Lead', '2026-03-01T09:59:00.000Z']]),
    memory: [
      {
        object: 'Lead',
        replace: true,
        remember: [
          {
            id: '00Q1',
            modstamp: '2026-03-01T09:00:00.000Z',
            fields: { PartnerAccountId: P1, CreatedDate: '2026-02-01T12:00:00.000Z' }
          },
          {
            id: '00Q2',
            modstamp: '2026-03-01T09:59:00.000Z',
            fields: { PartnerAccountId: P1, CreatedDate: '2026-05-01T12:00:00.000Z' }
          }
        ],
        forget: []
      }
    ],
    replaceIndex: true,
    objectives: [
      {
        objectiveId: 'a02A',
        fingerprint: 'f-A',
        buckets: [bucket('a02A', 1, 100.5), bucket('a02A', 2, null)]
      },
      { objectiveId: 'a02B', fingerprint: 'f-B', buckets: [] }
    ],
    dropObjectives: [],
    at: '2026-03-01T10:00:00.000Z',
    ...overrides
  };
}

for (const backend of BACKENDS) {
  test(`${backend.name}: a new store has no watermarks, memory, index or runs`, async () => {
    const store = await backend.open();
    try {
      assert.deepEqual(await store.state(), {
        lastFullAt: null,
        contextFingerprint: null,
        watermarks: new Map()
      });
      assert.deepEqual(await store.recentRuns(10), []);
      assert.deepEqual([...(await store.remembered('Lead', ['00Q1']))], []);
      assert.deepEqual([...(await store.index())], []);
    } finally {
      await store.close();
    }
  });

  test(`${backend.name}: a full commit sets the watermarks, the memory and the index together`, async () => {
    const store = await backend.open();
    try {
      await store.commit(fullCommit());
      const state = await store.state();
      assert.equal(state.lastFullAt, '2026-03-01T10:00:00.000Z');
      assert.equal(state.contextFingerprint, 'ctx-1');
      assert.deepEqual([...state.watermarks], [['Lead', '2026-03-01T09:59:00.000Z']]);
      const memory = await store.remembered('Lead', ['00Q1', '00Q3']);
      assert.deepEqual([...memory.keys()], ['00Q1']);
      assert.deepEqual(memory.get('00Q1')?.fields, {
        PartnerAccountId: P1,
        CreatedDate: '2026-02-01T12:00:00.000Z'
      });
      const index = await store.index();
      assert.deepEqual(index.get('a02A'), {
        objectiveId: 'a02A',
        fingerprint: 'f-A',
        buckets: [bucket('a02A', 1, 100.5), bucket('a02A', 2, null)]
      });
      assert.deepEqual(index.get('a02B')?.buckets, []);
    } finally {
      await store.close();
    }
  });

  test(`${backend.name}: an incremental commit updates only what it names and keeps the last full run`, async () => {
    const store = await backend.open();
    try {
      await store.commit(fullCommit());
      await store.commit({
        full: null,
        watermarks: new Map([
          ['Lead', '2026-03-01T11:00:00.000Z'],
          ['Opportunity', '2026-03-01T10:30:00.000Z']
        ]),
        memory: [
          {
            object: 'Lead',
            replace: false,
            remember: [
              {
                id: '00Q2',
                modstamp: '2026-03-01T11:00:00.000Z',
                fields: { PartnerAccountId: null, CreatedDate: null }
              }
            ],
            forget: ['00Q1']
          }
        ],
        replaceIndex: false,
        objectives: [{ objectiveId: 'a02A', fingerprint: 'f-A2', buckets: [bucket('a02A', 3, 7)] }],
        dropObjectives: ['a02B'],
        at: '2026-03-01T11:00:00.000Z'
      });
      const state = await store.state();
      assert.equal(state.lastFullAt, '2026-03-01T10:00:00.000Z');
      assert.deepEqual([...state.watermarks].sort(), [
        ['Lead', '2026-03-01T11:00:00.000Z'],
        ['Opportunity', '2026-03-01T10:30:00.000Z']
      ]);
      const memory = await store.remembered('Lead', ['00Q1', '00Q2']);
      assert.deepEqual([...memory.keys()], ['00Q2']);
      assert.equal(memory.get('00Q2')?.modstamp, '2026-03-01T11:00:00.000Z');
      const index = await store.index();
      assert.deepEqual([...index.keys()], ['a02A']);
      assert.deepEqual(index.get('a02A')?.buckets, [bucket('a02A', 3, 7)]);
    } finally {
      await store.close();
    }
  });

  test(`${backend.name}: a commit that fails changes nothing, so the next run redoes the window`, async () => {
    const store = await backend.open();
    try {
      await store.commit(fullCommit());
      const broken = { ...bucket('a02A', 4, 1), partnerId: null as unknown as string };
      await assert.rejects(
        store.commit({
          ...fullCommit({ full: null, replaceIndex: false }),
          watermarks: new Map([['Lead', '2026-03-02T00:00:00.000Z']]),
          objectives: [{ objectiveId: 'a02A', fingerprint: 'f-X', buckets: [broken] }]
        })
      );
      const state = await store.state();
      assert.deepEqual([...state.watermarks], [['Lead', '2026-03-01T09:59:00.000Z']]);
      assert.equal((await store.index()).get('a02A')?.fingerprint, 'f-A');
    } finally {
      await store.close();
    }
  });

  test(`${backend.name}: finished runs come back newest first, as many as asked`, async () => {
    const store = await backend.open();
    try {
      for (const [id, startedAt] of [
        ['run-1', '2026-03-01T10:00:00.000Z'],
        ['run-3', '2026-03-01T12:00:00.000Z'],
        ['run-2', '2026-03-01T11:00:00.000Z']
      ] as const) {
        const report = { ...newReport(startedAt), finishedAt: startedAt, outcome: 'completed' as const };
        await store.saveRun({ id: `${backend.name}-${id}`, trigger: 'schedule', startedAt, report });
      }
      const runs = await store.recentRuns(2);
      assert.deepEqual(
        runs.map((r) => r.id),
        [`${backend.name}-run-3`, `${backend.name}-run-2`]
      );
      assert.equal(runs[0]?.report.outcome, 'completed');
      assert.equal(runs[0]?.report.startedAt, '2026-03-01T12:00:00.000Z');
    } finally {
      await store.close();
    }
  });

  test(`${backend.name}: migrations apply once, and a store written by a newer connector is refused`, async () => {
    // Reachability is checked (and reported) the way every other test here opens the store.
    await (await backend.open()).close();
    const target: SqlTarget =
      backend.name === 'PGlite'
        ? { kind: 'pglite', dataDir: tempDir() }
        : { kind: 'postgres', url: POSTGRES_URL };
    const sql = openSql(target, backend.name === 'PGlite' ? 'public' : newSchema());
    try {
      assert.deepEqual(
        await migrate(sql),
        MIGRATIONS.map((m) => m.version)
      );
      assert.deepEqual(await migrate(sql), []);
      const newer = [...MIGRATIONS, { version: 999, name: 'from the future', statements: ['select 1'] }];
      await migrate(sql, newer);
      await assert.rejects(migrate(sql), (error: unknown) => {
        assert.ok(error instanceof ConnectorError);
        assert.equal(error.code, 'STORE_TOO_NEW');
        assert.match(error.message, /999/);
        return true;
      });
      await sql.query('delete from schema_migrations where version = 999');
    } finally {
      await sql.close();
    }
  });
}

test('PGlite on disk keeps the state across restarts', async () => {
  const dataDir = tempDir();
  const first = await openStore({ kind: 'pglite', dataDir });
  await first.commit(fullCommit());
  await first.close();
  const second = await openStore({ kind: 'pglite', dataDir });
  try {
    assert.deepEqual([...(await second.state()).watermarks], [['Lead', '2026-03-01T09:59:00.000Z']]);
  } finally {
    await second.close();
  }
});

test('the store is PostgreSQL when DATABASE_URL is set, else PGlite in CONNECTOR_DATA_DIR', () => {
  const base = { SF_USERNAME: 'u@example.com', SF_PASSWORD: 'p', LOG_LEVEL: 'silent' };
  const pgConfig = loadConfig({ ...base, DATABASE_URL: POSTGRES_URL }, DEFAULT_CONFIG_FILE);
  assert.deepEqual(storeTarget(pgConfig.store), { kind: 'postgres', url: POSTGRES_URL });
  const dirConfig = loadConfig({ ...base, CONNECTOR_DATA_DIR: '/var/lib/connector' }, DEFAULT_CONFIG_FILE);
  assert.deepEqual(storeTarget(dirConfig.store), { kind: 'pglite', dataDir: '/var/lib/connector' });
  const defaults = loadConfig(base, DEFAULT_CONFIG_FILE);
  assert.match(defaults.store.dataDir, /\.connector-data$/);
  assert.deepEqual([defaults.sync.reconcileHours, defaults.sync.overlapSeconds], [24, 300]);
});

test('a DATABASE_URL that is not a PostgreSQL URL is refused by name, without echoing it', () => {
  const secret = 'mysql://admin:hunter2@db.example.com/connector';
  assert.throws(
    () =>
      loadConfig(
        { SF_USERNAME: 'u@example.com', SF_PASSWORD: 'p', DATABASE_URL: secret },
        DEFAULT_CONFIG_FILE
      ),
    (error: unknown) => {
      assert.ok(error instanceof ConnectorError);
      assert.equal(error.code, 'CONFIG_INVALID');
      assert.match(
        error.message,
        /DATABASE_URL \(store\.databaseUrl\) is not a PostgreSQL connection URL; expected a PostgreSQL connection URL/
      );
      assert.doesNotMatch(error.message, /hunter2/);
      return true;
    }
  );
});

test('an unreachable PostgreSQL server is a clear error naming DATABASE_URL', async () => {
  await assert.rejects(
    openStore({ kind: 'postgres', url: 'postgres://postgres@127.0.0.1:1/test' }),
    (error: unknown) => {
      assert.ok(error instanceof ConnectorError);
      assert.equal(error.code, 'STORE_UNAVAILABLE');
      assert.match(error.message, /DATABASE_URL/);
      return true;
    }
  );
});

test('a data directory that cannot be created is a clear error naming CONNECTOR_DATA_DIR', async () => {
  const file = path.join(tempDir(), 'not-a-directory');
  writeFileSync(file, '');
  await assert.rejects(openStore({ kind: 'pglite', dataDir: path.join(file, 'store') }), (error: unknown) => {
    assert.ok(error instanceof ConnectorError);
    assert.equal(error.code, 'STORE_UNAVAILABLE');
    assert.match(error.message, /CONNECTOR_DATA_DIR/);
    return true;
  });
});

test('the sync loop keeps its runs in the store, so /status lists them after a restart', async () => {
  const store = await openStore({ kind: 'pglite', dataDir: null });
  try {
    const loop = (run: () => Promise<SyncReport>) =>
      new SyncLoop({ intervalMs: 60_000, clock: fixedClock(NOW), logger: silentLogger(), run, runs: store });
    const first = loop(async () => ({ ...newReport(NOW), outcome: 'completedWithErrors' }));
    await first.runNow('request');
    assert.deepEqual(
      (await first.history(5)).map((r) => [r.trigger, r.report?.outcome]),
      [['request', 'completedWithErrors']]
    );
    // A new process: nothing in memory, the run is still listed.
    const restarted = loop(async () => newReport(NOW));
    assert.deepEqual(
      (await restarted.history(5)).map((r) => r.report?.outcome),
      ['completedWithErrors']
    );
  } finally {
    await store.close();
  }
});
