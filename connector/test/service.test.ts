import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixedClock } from '../src/clock.ts';
import { silentLogger } from '../src/logger.ts';
import { createApp } from '../src/server.ts';
import { SyncLoop } from '../src/sync/loop.ts';
import { newReport, type SyncReport } from '../src/sync/report.ts';

const clock = fixedClock('2026-11-22T10:00:00.000Z');

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

test('a sync requested while one runs joins it instead of starting another', async () => {
  const gate = deferred();
  let started = 0;
  const loop = new SyncLoop({
    intervalMs: 60_000,
    clock,
    logger: silentLogger(),
    run: async (): Promise<SyncReport> => {
      started++;
      await gate.promise;
      return newReport('2026-11-22T10:00:00.000Z');
    }
  });
  const first = loop.runNow();
  const second = loop.runNow();
  assert.equal(loop.status().running, true);
  gate.resolve();
  assert.equal(await first, await second);
  assert.equal(started, 1);
  assert.equal(loop.status().runs, 1);
});

test('stopping waits for the running sync and schedules no other', async () => {
  const gate = deferred();
  let runs = 0;
  const loop = new SyncLoop({
    intervalMs: 5,
    clock,
    logger: silentLogger(),
    run: async () => {
      runs++;
      await gate.promise;
      return newReport('2026-11-22T10:00:00.000Z');
    }
  });
  loop.start();
  const stopped = loop.stop();
  let done = false;
  void stopped.then(() => (done = true));
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(done, false, 'stop waits for the run in progress');
  gate.resolve();
  await stopped;
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(runs, 1);
  assert.equal(loop.status().nextRunAt, null);
});

test('GET /healthz answers with the last sync outcome', async () => {
  const report = { ...newReport('2026-11-22T10:00:00.000Z'), outcome: 'completedWithErrors' as const };
  report.records.Business_Plan__c = { created: 0, updated: 2, failed: 1 };
  const app = createApp(
    () => ({ running: false, runs: 3, nextRunAt: '2026-11-22T10:15:00.000Z', lastReport: report }),
    silentLogger()
  );
  const server = app.listen(0);
  await new Promise((r) => server.once('listening', r));
  try {
    const { port } = server.address() as { port: number };
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(response.status, 200);
    const body = (await response.json()) as {
      status: string;
      sync: { runs: number; last: { outcome: string; recordsWritten: number } };
    };
    assert.equal(body.status, 'ok');
    assert.equal(body.sync.runs, 3);
    assert.deepEqual([body.sync.last.outcome, body.sync.last.recordsWritten], ['completedWithErrors', 2]);
  } finally {
    server.close();
  }
});

test('the loop stops scheduling after a run that repeating cannot fix', async () => {
  let runs = 0;
  const loop = new SyncLoop({
    intervalMs: 1,
    clock,
    logger: silentLogger(),
    shouldStop: (report) => report.errors.some((error) => error.code === 'INVALID_LOGIN'),
    run: async () => {
      runs++;
      const report = newReport('2026-11-22T10:00:00.000Z');
      report.errors.push({ code: 'INVALID_LOGIN', message: 'rejected' });
      return report;
    }
  });
  loop.start();
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(runs, 1);
  assert.equal(loop.status().nextRunAt, null);
});
