// `npm run localorg -- --port N [--no-seed] [--data DIR]`: the local org in the foreground.
import { parseArgs } from 'node:util';
import { startLocalOrg } from '../localorg/src/index.ts';

const usage = 'Usage: npm run localorg -- [--port N] [--no-seed] [--data DIR]';

function parsePort(raw: string | undefined): number {
  if (raw === undefined) return 6101;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a whole number from 0 to 65535, not "${raw}". ${usage}`);
  }
  return port;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'no-seed': { type: 'boolean', default: false },
      data: { type: 'string' },
      help: { type: 'boolean', default: false }
    }
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const org = await startLocalOrg({
    port: parsePort(values.port),
    seed: !values['no-seed'],
    ...(values.data ? { dataDir: values.data } : {})
  });
  console.log(`Local org running at ${org.url}`);
  console.log(`  Sign in:     ${org.url}/login  (${org.adminUsername} / ${org.adminPassword})`);
  console.log(`  REST API:    ${org.url}/services/data/v62.0`);
  console.log(`  SOAP login:  ${org.url}/services/Soap/u/62.0`);
  const stop = async (): Promise<void> => {
    await org.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
