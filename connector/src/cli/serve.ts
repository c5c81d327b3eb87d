// The connector service: GET /healthz, /readyz, /metrics, /status, POST /sync, and a sync every
// SYNC_INTERVAL_SECONDS, until SIGINT or SIGTERM, which let a running sync finish before the
// process exits. A second signal exits at once.
import { systemClock } from '../clock.ts';
import { loadConfig } from '../config.ts';
import { ConnectorError } from '../errors.ts';
import { createLogger, moduleLogger } from '../logger.ts';
import { clientFromConfig } from '../salesforce/client.ts';
import { startService } from '../server.ts';
import { openStore, storeTarget, type ConnectorStore } from '../store/store.ts';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`${ConnectorError.from(error).describe()}\n`);
    process.exitCode = 1;
    return;
  }
  const logger = createLogger(config.log.level);
  const client = clientFromConfig(config, moduleLogger(logger, 'salesforce'));
  let service;
  let store: ConnectorStore | undefined;
  try {
    store = await openStore(storeTarget(config.store));
    service = await startService({ config, salesforce: client, clock: systemClock, logger, store });
  } catch (error) {
    process.stderr.write(`Cannot start the connector: ${ConnectorError.from(error).message}\n`);
    await store?.close();
    process.exitCode = 1;
    return;
  }

  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await service.stop();
    await store?.close();
    await client.close();
    process.exitCode = 0;
  };
  process.on('SIGINT', (signal) => void shutdown(signal));
  process.on('SIGTERM', (signal) => void shutdown(signal));
}

await main();
