// Smoke test of `npm run bench` end to end at a tiny size: a real local org, records loaded
// through REST and into its store, both strategies run in their own processes over HTTP, the
// agreement check, and the JSON output. The figures are checked against what the generated
// org's design implies, worked out by hand below, not against the bench's own code.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { generateOrg } from '../../bench/generateOrg.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..', '..');
const SIZE = {
  partners: 2,
  plans: 2,
  objectives: 6,
  leads: 260,
  opportunities: 230,
  courses: 40,
  seed: 7,
  year: 2025
};

interface Figures {
  wallMs: number;
  apiCalls: Record<string, number> & { total: number; query: number; composite: number };
  recordsWritten: number;
  startRssMiB: number;
  peakRssMiB: number;
  peakHeapMiB: number;
  details: Record<string, unknown>;
}

test(
  'npm run bench runs both strategies over HTTP, finds they agree, and reports sane figures',
  { timeout: 900_000 },
  async () => {
    const { stdout } = await run(
      process.execPath,
      [
        'scripts/bench.ts',
        ...Object.entries(SIZE).flatMap(([flag, value]) => [`--${flag}`, String(value)]),
        '--json'
      ],
      { cwd: root, maxBuffer: 10 * 1024 * 1024 }
    );
    const result = JSON.parse(stdout) as {
      org: { loaded: { rest: number; store: number } };
      changes: { records: number };
      runs: Record<'full' | 'incremental', Record<'engine' | 'naive', Figures>>;
      agreement: Record<'full' | 'incremental', { periods: number; objectives: number }>;
    };

    // Per plan, the six objective types: Deal Registration quarterly (4 periods), Number of Deals
    // monthly (12), Qualified Deal Registration monthly (12), Number of Qualified Deals annually
    // (1), Course Completion quarterly (4), and Custom, which is entered by hand: 33 period rows
    // and 5 computed objectives.
    const periods = 33 * SIZE.plans;
    const objectives = 5 * SIZE.plans;
    for (const kind of ['full', 'incremental'] as const) {
      assert.deepEqual(result.agreement[kind], { periods, objectives }, kind);
      const { engine, naive } = result.runs[kind];
      // One aggregate query per period plus one for the whole plan, and one save per record.
      assert.equal(naive.details.aggregateQueries, periods + objectives, kind);
      assert.equal(naive.recordsWritten, periods + objectives, kind);
      assert.equal(naive.apiCalls.composite, periods + objectives, kind);
      assert.ok(
        naive.apiCalls.total > engine.apiCalls.total,
        `${kind}: naive ${naive.apiCalls.total} calls, connector ${engine.apiCalls.total}`
      );
      assert.ok(naive.apiCalls.query > engine.apiCalls.query, kind);
      for (const figures of [engine, naive]) {
        assert.equal(
          figures.apiCalls.total,
          Object.entries(figures.apiCalls).reduce((sum, [name, n]) => (name === 'total' ? sum : sum + n), 0),
          kind
        );
        assert.ok(figures.wallMs > 0 && figures.wallMs < 600_000, `${kind} wall ${figures.wallMs}`);
        assert.ok(figures.peakHeapMiB > 1 && figures.peakRssMiB >= figures.peakHeapMiB, `${kind} memory`);
        assert.ok(
          figures.peakRssMiB >= figures.startRssMiB * 0.99,
          `${kind} peak RSS below the starting RSS`
        );
      }
    }

    const { full, incremental } = result.runs;
    assert.equal(full.engine.details.mode, 'full');
    assert.equal(incremental.engine.details.mode, 'incremental');
    // The full scan sees every record linked to a partner, whether loaded through REST or into the store.
    const generated = generateOrg(SIZE);
    const linked = (records: { partner: number | null }[]) =>
      records.filter((r) => r.partner !== null).length;
    assert.deepEqual(full.engine.details.changedRecords, {
      Lead: linked(generated.sources.Lead),
      Opportunity: linked(generated.sources.Opportunity),
      Course_Assignment__c: linked(generated.sources.Course_Assignment__c)
    });
    // 200 of each of leads and opportunities through REST, the rest into the store; course
    // assignments (an AutoNumber name) all through REST.
    assert.deepEqual(result.org.loaded, { rest: 200 + 200 + 40, store: 60 + 30 });
    // 1% of 530 records.
    assert.equal(result.changes.records, 5);
    // The first run creates every period row; the incremental one writes only what the changes moved.
    assert.ok(full.engine.recordsWritten >= periods + objectives);
    assert.ok(incremental.engine.recordsWritten < full.engine.recordsWritten);
  }
);

test('a wrong flag stops the bench before anything starts, naming the flag', async () => {
  await assert.rejects(
    run(process.execPath, ['scripts/bench.ts', '--leads', 'many', '--load', 'fast'], { cwd: root }),
    (error: { code?: number; stderr?: string }) => {
      assert.equal(error.code, 64);
      assert.match(error.stderr ?? '', /--leads .*number/);
      assert.match(error.stderr ?? '', /--load .*"rest"\|"store"/);
      assert.match(error.stderr ?? '', /Usage: npm run bench/);
      return true;
    }
  );
});
