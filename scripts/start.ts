// `npm start`: the demo. A seeded local org, the connector service syncing against it in
// its own process (as it would run beside a real org), and the URLs to open.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startLocalOrg, type LocalOrg } from '../localorg/src/index.ts';

const root = path.resolve(import.meta.dirname, '..');

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new Error(`${name} must be a TCP port number from 0 to 65535, not "${raw}"`);
  }
  return value;
}

interface Health {
  sync?: { runs: number; last?: { outcome: string; recordsWritten: number; problems: number } };
}

/** Waits for the connector's first sync so the demo opens on computed values. */
async function firstSync(connectorUrl: string, connector: ChildProcess): Promise<Health['sync']> {
  for (let attempt = 0; attempt < 240; attempt++) {
    if (connector.exitCode !== null) throw new Error(`the connector exited with code ${connector.exitCode}`);
    try {
      const health = (await (await fetch(`${connectorUrl}/healthz`)).json()) as Health;
      if (health.sync && health.sync.runs > 0) return health.sync;
    } catch {
      // Not listening yet.
    }
    await sleep(500);
  }
  throw new Error('the connector did not finish its first sync within two minutes');
}

async function planLinks(org: LocalOrg): Promise<string[]> {
  const login = await fetch(`${org.url}/services/oauth2/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'demo',
      username: org.adminUsername,
      password: org.adminPassword
    })
  });
  const { access_token: token } = (await login.json()) as { access_token: string };
  const soql = 'SELECT Id, Name, Status__c FROM Business_Plan__c ORDER BY Name';
  const result = (await (
    await fetch(`${org.url}/services/data/v62.0/query?q=${encodeURIComponent(soql)}`, {
      headers: { Authorization: `Bearer ${token}` }
    })
  ).json()) as { records: Array<{ Id: string; Name: string; Status__c: string }> };
  return result.records.map(
    (p) => `  ${p.Name} (${p.Status__c}):\n    ${org.url}/lightning/r/Business_Plan__c/${p.Id}/view`
  );
}

async function main(): Promise<void> {
  const orgPort = port('PORT', 3000);
  const connectorPort = port('CONNECTOR_PORT', 3001);
  console.log('Starting the local org (building the Lightning components on first run)…');
  const org = await startLocalOrg({ port: orgPort, seed: true });
  const connector = spawn(process.execPath, [path.join(root, 'connector', 'src', 'cli', 'serve.ts')], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      // The demo always signs in with the local org's admin, whatever SF_AUTH the shell has.
      SF_AUTH: 'password',
      SF_LOGIN_URL: org.url,
      SF_USERNAME: org.adminUsername,
      SF_PASSWORD: org.adminPassword,
      PORT: String(connectorPort),
      SYNC_INTERVAL_SECONDS: process.env.SYNC_INTERVAL_SECONDS ?? '60',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn'
    }
  });
  const stop = async (): Promise<void> => {
    connector.kill('SIGTERM');
    await org.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  const connectorUrl = `http://127.0.0.1:${connectorPort}`;
  const sync = await firstSync(connectorUrl, connector);
  console.log(`
Partner Business Planning demo is running.

  Local org:   ${org.url}
  Sign in at   ${org.url}/login  as ${org.adminUsername} / ${org.adminPassword}
  Connector:   ${connectorUrl}/healthz  (syncs every ${process.env.SYNC_INTERVAL_SECONDS ?? '60'} s)
  First sync:  ${sync?.last?.outcome ?? 'unknown'}, ${sync?.last?.recordsWritten ?? 0} records written

Open a plan to see its computed deal-registration actuals:
${(await planLinks(org)).join('\n')}

Press Ctrl+C to stop.`);
}

main().catch((error: unknown) => {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
