// The connector as browser tests run it: its service (sync loop, store, jobs) in this process,
// signed in to the local org as its own least-privilege API user, wired as
// connector/src/cli/serve.ts wires it. The schedule is a day long, so runs happen only when the
// test asks for one, at the moments a scheduled run would come.
import assert from 'node:assert/strict';
import { systemClock } from '../../connector/src/clock.ts';
import { loadConfig } from '../../connector/src/config.ts';
import { silentLogger } from '../../connector/src/logger.ts';
import { clientFromConfig } from '../../connector/src/salesforce/client.ts';
import { startService } from '../../connector/src/server.ts';
import { openStore } from '../../connector/src/store/store.ts';
import type { SyncReport } from '../../connector/src/sync/report.ts';
import { DEMO_PASSWORD } from '../../localorg/src/seed/users.ts';

export const CONNECTOR_USER = 'connector@localorg.test';

export interface InProcessConnector {
  /** One run (a sync pass, then the waiting jobs); fails the test unless it completed cleanly. */
  run(): Promise<SyncReport>;
  stop(): Promise<void>;
}

/** Starts the connector against the org and waits for its first run (the one every start makes). */
export async function startConnector(org: { url: string }): Promise<InProcessConnector> {
  const config = loadConfig({
    SF_LOGIN_URL: org.url,
    SF_USERNAME: CONNECTOR_USER,
    SF_PASSWORD: DEMO_PASSWORD,
    PORT: '0',
    SYNC_INTERVAL_SECONDS: String(24 * 60 * 60),
    LOG_LEVEL: 'silent'
  });
  const client = clientFromConfig(config, silentLogger());
  const store = await openStore({ kind: 'pglite', dataDir: null });
  const service = await startService({
    config,
    salesforce: client,
    clock: systemClock,
    logger: silentLogger(),
    store
  });
  const checked = (report: SyncReport): SyncReport => {
    assert.equal(report.outcome, 'completed', JSON.stringify({ errors: report.errors, jobs: report.jobs }));
    assert.deepEqual(report.jobs?.errors ?? [], [], 'the jobs ran without errors');
    return report;
  };
  const stop = async (): Promise<void> => {
    await service.stop();
    await store.close();
    await client.close();
  };
  try {
    // runNow joins the run the loop started with.
    checked(await service.loop.runNow());
  } catch (error) {
    // Nobody else would stop the service, and its server would keep the test process alive.
    await stop();
    throw error;
  }
  return { run: async () => checked(await service.loop.runNow('request')), stop };
}
