// `sync --once`: one sync pass against the org in the configuration, then exit. The pass is
// incremental when the connector store (CONNECTOR_DATA_DIR or DATABASE_URL) knows a previous one.
// The report goes to stdout as JSON, logs to stderr. Exit codes: 0 all written; 1 the run
// could not happen or stopped (the message says why and what to do); 2 it ran but some
// queries or records failed (listed in the report); 64 wrong usage.
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { systemClock } from '../clock.ts';
import { loadConfig } from '../config.ts';
import { ConnectorError } from '../errors.ts';
import { createLogger, moduleLogger } from '../logger.ts';
import { clientFromConfig } from '../salesforce/client.ts';
import { openStore, storeTarget } from '../store/store.ts';
import { runIncrementalSync } from '../sync/incremental.ts';
import type { SyncReport } from '../sync/report.ts';

const USAGE =
  'Usage: node connector/src/cli/sync.ts --once\n  Runs one sync pass and prints its report as JSON.';

export interface Output {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processOutput: Output = {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`)
};

function summary(report: SyncReport): string {
  const lines = report.errors.map((error) => {
    const about = error.object ? ` (${error.object}${error.ref ? ` ${error.ref}` : ''})` : '';
    const actions = (error.actions ?? []).map((action) => `\n    - ${action}`).join('');
    return `  ${error.code}${about}: ${error.message}${actions}`;
  });
  const problems = report.problems.map(
    (p) => `  ${p.planName}${p.objectiveName ? ` / ${p.objectiveName} (${p.objectiveId})` : ''}: ${p.message}`
  );
  return [
    ...(lines.length > 0 ? ['Errors:', ...lines] : []),
    ...(problems.length > 0 ? ['Not computed:', ...problems] : [])
  ].join('\n');
}

export async function syncCommand(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  output: Output = processOutput
): Promise<number> {
  let once = false;
  try {
    once =
      parseArgs({ args: [...argv], options: { once: { type: 'boolean' } }, strict: true }).values.once ===
      true;
  } catch (error) {
    output.stderr(`${(error as Error).message}\n${USAGE}`);
    return 64;
  }
  if (!once) {
    output.stderr(
      `Only one-pass runs are supported here; use connector/src/cli/serve.ts for the scheduled service.\n${USAGE}`
    );
    return 64;
  }
  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    output.stderr(ConnectorError.from(error).describe());
    return 1;
  }
  const logger = createLogger(config.log.level, pino.destination({ dest: 2, sync: true }));
  let store;
  try {
    store = await openStore(storeTarget(config.store));
  } catch (error) {
    output.stderr(ConnectorError.from(error).describe());
    return 1;
  }
  const client = clientFromConfig(config, moduleLogger(logger, 'salesforce'));
  // Incremental, like the service: the store says what the last pass already computed.
  const report = await runIncrementalSync({
    salesforce: client,
    clock: systemClock,
    logger,
    sources: config.sources,
    extraction: config.extraction,
    store,
    settings: config.sync
  });
  await client.close();
  await store.close();
  output.stdout(JSON.stringify(report, null, 2));
  const details = summary(report);
  if (report.outcome === 'failed') {
    output.stderr(`Sync failed.\n${details}`);
    return 1;
  }
  if (report.outcome === 'completedWithErrors') {
    output.stderr(`Sync completed with errors.\n${details}`);
    return 2;
  }
  if (details) output.stderr(details);
  return 0;
}

if (import.meta.main) {
  process.exitCode = await syncCommand(process.argv.slice(2), process.env);
}
