import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixedClock } from '../src/clock.ts';
import { silentLogger } from '../src/logger.ts';
import { createMetrics } from '../src/metrics.ts';
import { createApp, type AppOptions } from '../src/server.ts';
import { SyncLoop } from '../src/sync/loop.ts';
import { newReport, type SyncReport } from '../src/sync/report.ts';

const clock = fixedClock('2026-11-22T10:00:00.000Z');
const SYNC_TOKEN = 'b1f0c3a2e5d4f7a6c9b8e1d0f3a2c5b4';

/** Serves the app on a free port for the duration of `body`. */
async function withApp(
  options: Partial<AppOptions> & { sync: SyncLoop },
  body: (url: string) => Promise<void>
): Promise<void> {
  const { sync } = options;
  const metrics =
    options.metrics ??
    createMetrics(() => ({ running: sync.status().running, ready: sync.readiness().ready }));
  const app = createApp({ logger: silentLogger(), metrics, ...options });
  const server = app.listen(0);
  await new Promise((r) => server.once('listening', r));
  try {
    const { port } = server.address() as { port: number };
    await body(`http://127.0.0.1:${port}`);
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

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
  const loop = new SyncLoop({ intervalMs: 60_000, clock, logger: silentLogger(), run: async () => report });
  await loop.runNow();
  await withApp({ sync: loop }, async (url) => {
    const response = await fetch(`${url}/healthz`);
    assert.equal(response.status, 200);
    const body = (await response.json()) as {
      status: string;
      sync: { runs: number; last: { outcome: string; recordsWritten: number } };
    };
    assert.equal(body.status, 'ok');
    assert.equal(body.sync.runs, 1);
    assert.deepEqual([body.sync.last.outcome, body.sync.last.recordsWritten], ['completedWithErrors', 2]);
  });
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

/** A loop whose runs wait for the test to release them and return the report it chose. */
function gatedLoop(intervalMs = 60_000): {
  loop: SyncLoop;
  release: (report: SyncReport) => void;
  started: () => number;
} {
  let resolveRun: (report: SyncReport) => void = () => undefined;
  let count = 0;
  const loop = new SyncLoop({
    intervalMs,
    clock,
    logger: silentLogger(),
    shouldStop: (report) => report.errors.some((error) => error.code === 'JWT_INVALID_ASSERTION'),
    run: () => {
      count++;
      return new Promise<SyncReport>((resolve) => (resolveRun = resolve));
    }
  });
  return { loop, release: (report) => resolveRun(report), started: () => count };
}

function completed(): SyncReport {
  const report = { ...newReport('2026-11-22T10:00:00.000Z'), finishedAt: '2026-11-22T10:00:03.000Z' };
  report.durationMs = 3000;
  report.apiCalls = {
    login: 1,
    query: 7,
    queryMore: 0,
    describe: 4,
    composite: 2,
    action: 0,
    bulk: 0,
    total: 14
  };
  report.records.Objective_Target__c = { created: 5, updated: 3, failed: 1 };
  return report;
}

function rejectedKey(): SyncReport {
  return {
    ...newReport('2026-11-22T10:00:00.000Z'),
    outcome: 'failed',
    errors: [{ code: 'JWT_INVALID_ASSERTION', message: 'Salesforce could not verify the JWT assertion' }]
  };
}

const authorized = { authorization: `Bearer ${SYNC_TOKEN}` };

test('POST /sync needs the bearer token: 403 when none is configured, 401 without it or with another', async () => {
  const { loop } = gatedLoop();
  await withApp({ sync: loop }, async (url) => {
    const disabled = await fetch(`${url}/sync`, { method: 'POST', headers: authorized });
    assert.equal(disabled.status, 403);
    assert.match(((await disabled.json()) as { message: string }).message, /set SYNC_TOKEN/);
  });
  await withApp({ sync: loop, syncToken: SYNC_TOKEN }, async (url) => {
    const missing = await fetch(`${url}/sync`, { method: 'POST' });
    assert.equal(missing.status, 401);
    assert.equal(missing.headers.get('www-authenticate'), 'Bearer');
    const wrong = await fetch(`${url}/sync`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SYNC_TOKEN.slice(0, -1)}x` }
    });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.headers.get('www-authenticate'), 'Bearer error="invalid_token"');
    const basic = await fetch(`${url}/sync`, {
      method: 'POST',
      headers: { authorization: `Basic ${SYNC_TOKEN}` }
    });
    assert.equal(basic.status, 401);
  });
  assert.equal(loop.status().runs + (loop.status().running ? 1 : 0), 0, 'no run started');
});

test('POST /sync starts a run (202 with its id); while it runs another request gets 409 with that id', async () => {
  const { loop, release, started } = gatedLoop();
  await withApp({ sync: loop, syncToken: SYNC_TOKEN }, async (url) => {
    const first = await fetch(`${url}/sync`, { method: 'POST', headers: authorized });
    assert.equal(first.status, 202);
    assert.equal(first.headers.get('location'), '/status');
    const { runId } = (await first.json()) as { runId: string };
    assert.match(runId, /^[0-9a-f-]{36}$/);

    const second = await fetch(`${url}/sync`, {
      method: 'POST',
      headers: { ...authorized, 'content-type': 'application/json' },
      body: '{}'
    });
    assert.equal(second.status, 409);
    assert.equal(((await second.json()) as { runId: string }).runId, runId);
    assert.equal(started(), 1, 'the second request did not start or join a run');

    const running = (await (await fetch(`${url}/status`)).json()) as {
      running: { id: string; trigger: string };
    };
    assert.deepEqual([running.running.id, running.running.trigger], [runId, 'request']);

    release(completed());
    await loop.runNow();
    const status = (await (await fetch(`${url}/status`)).json()) as {
      running: null;
      runs: { id: string; report: SyncReport }[];
    };
    assert.equal(status.running, null);
    assert.deepEqual(
      status.runs.map((run) => [run.id, run.report.outcome]),
      [[runId, 'completed']]
    );
  });
});

test('POST /sync takes no parameters: a body other than {} is 400, and so is malformed JSON', async () => {
  const { loop } = gatedLoop();
  await withApp({ sync: loop, syncToken: SYNC_TOKEN }, async (url) => {
    const headers = { ...authorized, 'content-type': 'application/json' };
    const extra = await fetch(`${url}/sync`, { method: 'POST', headers, body: '{"full":true}' });
    assert.equal(extra.status, 400);
    const malformed = await fetch(`${url}/sync`, { method: 'POST', headers, body: '{' });
    assert.equal(malformed.status, 400);
  });
  assert.equal(loop.status().running, false);
});

test('GET /status lists the last runs newest first, up to ?limit, and rejects a bad limit', async () => {
  let n = 0;
  const loop = new SyncLoop({
    intervalMs: 60_000,
    clock,
    logger: silentLogger(),
    run: async () => ({ ...completed(), startedAt: `2026-11-22T10:0${n++}:00.000Z` })
  });
  for (let i = 0; i < 3; i++) await loop.runNow();
  await withApp({ sync: loop, syncToken: SYNC_TOKEN }, async (url) => {
    const two = (await (await fetch(`${url}/status?limit=2`)).json()) as {
      runs: { report: SyncReport }[];
      readiness: { ready: boolean };
    };
    assert.deepEqual(
      two.runs.map((run) => run.report.startedAt),
      ['2026-11-22T10:02:00.000Z', '2026-11-22T10:01:00.000Z']
    );
    for (const bad of ['0', '51', 'ten'])
      assert.equal((await fetch(`${url}/status?limit=${bad}`)).status, 400, bad);
    assert.equal((await fetch(`${url}/status?verbose=1`)).status, 400);
    const text = await (await fetch(`${url}/status`)).text();
    assert.ok(!text.includes(SYNC_TOKEN), 'the sync token is never shown');
  });
});

test('GET /readyz: not ready before start; ready while runs pass; 503 naming the error after a fatal one until a run succeeds', async () => {
  const { loop, release } = gatedLoop(3_600_000);
  await withApp({ sync: loop, syncToken: SYNC_TOKEN }, async (url) => {
    const before = await fetch(`${url}/readyz`);
    assert.equal(before.status, 503);
    assert.deepEqual(await before.json(), { ready: false, reason: 'not started' });

    loop.start();
    assert.equal((await fetch(`${url}/readyz`)).status, 200, 'ready while the first run is under way');
    release(rejectedKey());
    await loop.runNow();
    const halted = await fetch(`${url}/readyz`);
    assert.equal(halted.status, 503);
    const body = (await halted.json()) as { reason: string; error: { code: string } };
    assert.deepEqual([body.reason, body.error.code], ['halted', 'JWT_INVALID_ASSERTION']);
    assert.equal(loop.status().nextRunAt, null, 'no run is scheduled while halted');

    // Someone fixes the connected app and asks for a run: it succeeds, so the loop resumes.
    assert.equal((await fetch(`${url}/sync`, { method: 'POST', headers: authorized })).status, 202);
    release(completed());
    await loop.runNow();
    assert.equal((await fetch(`${url}/readyz`)).status, 200);
    assert.notEqual(loop.status().nextRunAt, null, 'scheduling resumed');
    await loop.stop();
    assert.deepEqual(await (await fetch(`${url}/readyz`)).json(), { ready: false, reason: 'stopping' });
  });
});

test('GET /metrics counts runs by outcome, API calls by kind, records by object, and the last success', async () => {
  const reports = [completed(), rejectedKey()];
  let observe: (report: SyncReport) => void = () => undefined;
  const loop = new SyncLoop({
    intervalMs: 60_000,
    clock,
    logger: silentLogger(),
    onFinished: (record) => observe(record.report),
    run: async () => reports.shift() ?? completed()
  });
  const metrics = createMetrics(() => ({ running: loop.status().running, ready: loop.readiness().ready }));
  observe = (report) => metrics.observe(report);
  await loop.runNow();
  await loop.runNow();
  await withApp({ sync: loop, metrics }, async (url) => {
    const response = await fetch(`${url}/metrics`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    const lines = [
      'pbp_connector_sync_runs_total{outcome="completed"} 1',
      'pbp_connector_sync_runs_total{outcome="failed"} 1',
      'pbp_connector_sync_runs_total{outcome="completedWithErrors"} 0',
      'pbp_connector_salesforce_api_calls_total{kind="query"} 7',
      'pbp_connector_salesforce_api_calls_total{kind="queryMore"} 0',
      'pbp_connector_records_written_total{object="Objective_Target__c",result="created"} 5',
      'pbp_connector_records_written_total{object="Objective_Target__c",result="failed"} 1',
      'pbp_connector_sync_errors_total{code="JWT_INVALID_ASSERTION"} 1',
      'pbp_connector_sync_duration_seconds_count{outcome="completed"} 1',
      'pbp_connector_sync_duration_seconds_sum{outcome="completed"} 3',
      'pbp_connector_sync_problems 0',
      `pbp_connector_last_success_timestamp_seconds ${Date.parse('2026-11-22T10:00:03.000Z') / 1000}`,
      'pbp_connector_ready 0',
      'pbp_connector_sync_running 0'
    ];
    for (const line of lines) assert.ok(text.split('\n').includes(line), `missing: ${line}`);
    assert.match(text, /^process_cpu_user_seconds_total /m, 'default process metrics');
    assert.match(text, /^nodejs_heap_size_used_bytes /m);
  });
});
