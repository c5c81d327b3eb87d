// End to end: the connector signs in to the local org in every way it supports (SOAP login,
// JWT bearer, client credentials, a given access token, an sf CLI alias) and runs one sync with
// each. A lead is added before each run, so each run must read and write to get the count right.
// The org's connected apps take a public key generated here (and, when openssl is installed, an
// X.509 certificate made from it). The sf CLI auth file is written by @salesforce/core itself
// into a temporary HOME, pointing at the local org: nothing leaves this machine.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { Connection } from 'jsforce';
import { ADMIN_PASSWORD, ADMIN_USERNAME, startLocalOrg, type LocalOrg } from '../../localorg/src/index.ts';
import { systemClock } from '../../connector/src/clock.ts';
import { loadConfig } from '../../connector/src/config.ts';
import { ConnectorError } from '../../connector/src/errors.ts';
import { silentLogger } from '../../connector/src/logger.ts';
import { jwtAssertion, requestToken } from '../../connector/src/salesforce/auth.ts';
import { SalesforceClient } from '../../connector/src/salesforce/client.ts';
import { startService } from '../../connector/src/server.ts';
import type { SyncReport } from '../../connector/src/sync/report.ts';
import { runSync } from '../../connector/src/sync/runSync.ts';

// @salesforce/core reads ~/.sfdx; it is imported only after HOME points at a folder of the test's.
const home = mkdtempSync(path.join(tmpdir(), 'pbp-sf-home-'));
process.env.HOME = home;
process.env.SF_USE_GENERIC_UNIX_KEYCHAIN = 'true';
process.env.SF_DISABLE_LOG_FILE = 'true';
process.env.SF_DISABLE_TELEMETRY = 'true';

const JWT_APP = 'PBP_CONNECTOR_JWT';
const CERT_APP = 'PBP_CONNECTOR_CERT';
const CC_APP = 'PBP_CONNECTOR_CC';
const CC_SECRET = 'cc-secret-0123456789abcdef';
const NOT_APPROVED_APP = 'PBP_NOT_APPROVED';
const NO_RUN_AS_APP = 'PBP_NO_RUN_AS';

const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privatePem = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
const strangerPem = stranger.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** A self-signed certificate for the key, as an admin would upload it; null without openssl. */
function certificate(): string | null {
  const dir = mkdtempSync(path.join(tmpdir(), 'pbp-cert-'));
  try {
    const key = path.join(dir, 'server.key');
    const cert = path.join(dir, 'server.crt');
    writeFileSync(key, privatePem);
    execFileSync(
      'openssl',
      ['req', '-x509', '-key', key, '-subj', '/CN=pbp-connector', '-days', '1', '-out', cert],
      {
        stdio: 'ignore'
      }
    );
    return readFileSync(cert, 'utf8');
  } catch {
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const certificatePem = certificate();

let org: LocalOrg;
let conn: Connection;
let objectiveId: string;
let partnerId: string;
let leads = 0;

async function addLead(): Promise<void> {
  leads++;
  const result = await conn.sobject('Lead').create({
    LastName: `Lead ${leads}`,
    Company: 'Northwind',
    Status: 'Open - Not Contacted',
    PartnerAccountId: partnerId
  });
  assert.ok(result.success, JSON.stringify(result));
}

async function actual(): Promise<unknown> {
  const result = await conn.query<{ Actual__c: unknown }>(
    `SELECT Actual__c FROM Plan_Objective__c WHERE Id = '${objectiveId}'`
  );
  return result.records[0]?.Actual__c;
}

/** One sync with the settings given as environment variables, as `sync --once` would run it. */
async function syncWith(env: NodeJS.ProcessEnv): Promise<SyncReport> {
  const config = loadConfig({ LOG_LEVEL: 'silent', ...env });
  const client = new SalesforceClient({ ...config.salesforce, logger: silentLogger() });
  try {
    return await runSync({
      salesforce: client,
      clock: systemClock,
      logger: silentLogger(),
      sources: config.sources
    });
  } finally {
    await client.close();
  }
}

/** A session from the password grant, as someone would hand the connector an access token. */
async function accessToken(): Promise<string> {
  const response = await fetch(`${org.url}/services/oauth2/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'pbp-test',
      username: ADMIN_USERNAME,
      password: ADMIN_PASSWORD
    })
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

async function tokenWorks(token: string): Promise<boolean> {
  return (
    await fetch(`${org.url}/services/oauth2/userinfo`, { headers: { authorization: `Bearer ${token}` } })
  ).ok;
}

async function revoke(token: string): Promise<void> {
  await fetch(`${org.url}/services/oauth2/revoke`, { method: 'POST', body: new URLSearchParams({ token }) });
}

function assertCompletedWithActual(report: SyncReport, expected: number): Promise<void> {
  assert.equal(report.outcome, 'completed', JSON.stringify(report.errors));
  assert.equal(report.objectives.computed, 1);
  assert.ok(report.apiCalls.login >= 1);
  return actual().then((value) => assert.equal(value, expected));
}

function assertFailed(report: SyncReport, code: string, message: RegExp, action: RegExp): void {
  assert.equal(report.outcome, 'failed');
  const [error] = report.errors;
  assert.equal(error?.code, code, JSON.stringify(report.errors));
  assert.match(error?.message ?? '', message);
  assert.match((error?.actions ?? []).join(' '), action);
}

const jwtEnv = (): NodeJS.ProcessEnv => ({
  SF_AUTH: 'jwt',
  SF_LOGIN_URL: org.url,
  SF_CLIENT_ID: JWT_APP,
  SF_USERNAME: ADMIN_USERNAME,
  SF_PRIVATE_KEY: privatePem
});

before(async () => {
  org = await startLocalOrg({
    port: 0,
    seed: false,
    ui: false,
    connectedApps: [
      { consumerKey: JWT_APP, certificatePem: publicPem, preAuthorizedUsernames: [ADMIN_USERNAME] },
      ...(certificatePem ? [{ consumerKey: CERT_APP, certificatePem }] : []),
      { consumerKey: CC_APP, clientSecret: CC_SECRET, runAsUsername: ADMIN_USERNAME },
      {
        consumerKey: NOT_APPROVED_APP,
        certificatePem: publicPem,
        preAuthorizedUsernames: ['someone@else.test']
      },
      { consumerKey: NO_RUN_AS_APP, clientSecret: CC_SECRET }
    ]
  });
  conn = new Connection({ loginUrl: org.url, version: '62.0' });
  const me = await conn.login(ADMIN_USERNAME, ADMIN_PASSWORD);
  // The connector's user holds Connector_Integration, as the README's checklist says; it lets the
  // connector write calculated actuals.
  const permissionSet = await conn.query<{ Id: string }>(
    "SELECT Id FROM PermissionSet WHERE Name = 'Connector_Integration'"
  );
  const permissionSetId = permissionSet.records[0]?.Id;
  if (permissionSetId) {
    const assigned = await conn
      .sobject('PermissionSetAssignment')
      .create({ AssigneeId: me.id, PermissionSetId: permissionSetId });
    assert.ok(assigned.success, JSON.stringify(assigned));
  }
  const account = await conn.sobject('Account').create({ Name: 'Northwind Partners', IsPartner: true });
  assert.ok(account.success, JSON.stringify(account));
  partnerId = account.id as string;
  const year = new Date().getUTCFullYear();
  const plan = await conn.sobject('Business_Plan__c').create({
    Name: 'Northwind plan',
    Partner_Account__c: partnerId,
    Status__c: 'Draft Outline',
    Start_Date__c: `${year}-01-01`,
    End_Date__c: `${year}-12-31`
  });
  assert.ok(plan.success, JSON.stringify(plan));
  const objective = await conn.sobject('Plan_Objective__c').create({
    Name: 'Deals registered',
    Business_Plan__c: plan.id,
    Type__c: 'Number of Deals',
    Period_Type__c: 'Annually',
    Weight__c: 100,
    Target__c: 20
  });
  assert.ok(objective.success, JSON.stringify(objective));
  objectiveId = objective.id as string;
});

after(async () => {
  await org?.close();
  rmSync(home, { recursive: true, force: true });
});

test('username and password (SOAP login) syncs', async () => {
  await addLead();
  await assertCompletedWithActual(
    await syncWith({ SF_LOGIN_URL: org.url, SF_USERNAME: ADMIN_USERNAME, SF_PASSWORD: ADMIN_PASSWORD }),
    leads
  );
});

test('JWT bearer with a key pair syncs', async () => {
  await addLead();
  await assertCompletedWithActual(await syncWith(jwtEnv()), leads);
});

test(
  'JWT bearer against a connected app holding an X.509 certificate syncs',
  { skip: !certificatePem && 'openssl is not installed' },
  async () => {
    await addLead();
    await assertCompletedWithActual(await syncWith({ ...jwtEnv(), SF_CLIENT_ID: CERT_APP }), leads);
  }
);

test('client credentials sync as the Run As user', async () => {
  await addLead();
  await assertCompletedWithActual(
    await syncWith({
      SF_AUTH: 'client-credentials',
      SF_LOGIN_URL: org.url,
      SF_CLIENT_ID: CC_APP,
      SF_CLIENT_SECRET: CC_SECRET
    }),
    leads
  );
});

test('a given access token syncs, and is left valid for whoever gave it', async () => {
  const token = await accessToken();
  await addLead();
  await assertCompletedWithActual(
    await syncWith({ SF_AUTH: 'access-token', SF_ACCESS_TOKEN: token, SF_INSTANCE_URL: org.url }),
    leads
  );
  assert.equal(await tokenWorks(token), true);
});

test('an sf CLI alias syncs through the auth file @salesforce/core wrote, and the CLI session stays valid', async () => {
  const token = await accessToken();
  const { StateAggregator } = await import('@salesforce/core');
  const state = await StateAggregator.getInstance();
  await state.orgs.read(ADMIN_USERNAME, false, false);
  state.orgs.set(ADMIN_USERNAME, {
    username: ADMIN_USERNAME,
    accessToken: token,
    instanceUrl: org.url,
    loginUrl: org.url,
    instanceApiVersion: '62.0'
  });
  await state.orgs.write(ADMIN_USERNAME);
  await state.aliases.setAndSave('pbp-local', ADMIN_USERNAME);
  const file = readFileSync(path.join(home, '.sfdx', `${ADMIN_USERNAME}.json`), 'utf8');
  assert.ok(!file.includes(token), 'the CLI keeps the token encrypted');
  assert.match(readFileSync(path.join(home, '.sfdx', 'alias.json'), 'utf8'), /pbp-local/);

  await addLead();
  await assertCompletedWithActual(await syncWith({ SF_AUTH: 'sf-cli', SF_TARGET_ORG: 'pbp-local' }), leads);
  assert.equal(await tokenWorks(token), true);

  // The CLI's session ends (it holds no refresh token): the connector says to sign the CLI in again.
  await revoke(token);
  assertFailed(
    await syncWith({ SF_AUTH: 'sf-cli', SF_TARGET_ORG: 'pbp-local' }),
    'SF_CLI_SESSION_EXPIRED',
    /pbp-local/,
    /sf org login web --alias pbp-local/
  );
  assertFailed(
    await syncWith({ SF_AUTH: 'sf-cli', SF_TARGET_ORG: 'nowhere' }),
    'SF_CLI_ORG_NOT_FOUND',
    /no org called nowhere/,
    /SF_TARGET_ORG/
  );
});

test('a JWT signed with another key fails naming the key to check', async () => {
  assertFailed(
    await syncWith({ ...jwtEnv(), SF_PRIVATE_KEY: strangerPem }),
    'JWT_INVALID_ASSERTION',
    /invalid assertion/,
    /SF_PRIVATE_KEY or SF_PRIVATE_KEY_FILE holds the private key of the certificate uploaded to the connected app/
  );
});

test('a user the connected app does not pre-authorize fails naming the permission set to assign', async () => {
  assertFailed(
    await syncWith({ ...jwtEnv(), SF_CLIENT_ID: NOT_APPROVED_APP }),
    'OAUTH_USER_NOT_APPROVED',
    /user hasn't approved this consumer/,
    /Connector_Integration/
  );
});

test('an unknown consumer key, a wrong secret and a missing Run As user each say what to fix', async () => {
  const cc = {
    SF_AUTH: 'client-credentials',
    SF_LOGIN_URL: org.url,
    SF_CLIENT_ID: CC_APP,
    SF_CLIENT_SECRET: CC_SECRET
  };
  assertFailed(
    await syncWith({ ...jwtEnv(), SF_CLIENT_ID: 'NO_SUCH_APP' }),
    'OAUTH_CLIENT_UNKNOWN',
    /client identifier invalid/,
    /SF_CLIENT_ID is the consumer key/
  );
  assertFailed(
    await syncWith({ ...cc, SF_CLIENT_SECRET: 'not-the-secret' }),
    'OAUTH_CLIENT_SECRET_INVALID',
    /invalid client credentials/,
    /SF_CLIENT_SECRET/
  );
  assertFailed(
    await syncWith({ ...cc, SF_CLIENT_ID: NO_RUN_AS_APP }),
    'CLIENT_CREDENTIALS_NO_RUN_AS',
    /no client credentials user enabled/,
    /Run As/
  );
});

test("an expired JWT assertion and a wrong audience are refused with Salesforce's answers", async () => {
  const url = `${org.url}/services/oauth2/token`;
  const grant = (assertion: string) => ({
    grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
    assertion
  });
  const claims = { clientId: JWT_APP, username: ADMIN_USERNAME, audience: org.url };
  const tenMinutesAgo = Date.now() - 10 * 60_000;
  await assert.rejects(
    requestToken(url, grant(jwtAssertion(claims, privatePem, tenMinutesAgo)), 'signing in'),
    {
      code: 'JWT_EXPIRED'
    }
  );
  await assert.rejects(
    requestToken(
      url,
      grant(jwtAssertion({ ...claims, audience: 'https://test.salesforce.com' }, privatePem)),
      'signing in'
    ),
    (error: unknown) => {
      assert.ok(error instanceof ConnectorError);
      assert.equal(error.code, 'JWT_AUDIENCE_INVALID');
      assert.match(error.message, /audience is invalid/);
      return true;
    }
  );
  const session = await requestToken(
    url,
    grant(jwtAssertion({ ...claims, audience: 'https://login.salesforce.com' }, privatePem)),
    'signing in'
  );
  assert.equal(session.instanceUrl, org.url, 'a production org also accepts login.salesforce.com');
});

test('an expired access token fails with "the access token expired; get a new one"', async () => {
  const token = await accessToken();
  await revoke(token);
  assertFailed(
    await syncWith({ SF_AUTH: 'access-token', SF_ACCESS_TOKEN: token, SF_INSTANCE_URL: org.url }),
    'ACCESS_TOKEN_EXPIRED',
    /access token in SF_ACCESS_TOKEN expired or was revoked; get a new one/,
    /SF_ACCESS_TOKEN/
  );
});

test('the service signs in with JWT, syncs on POST /sync and reports it on /status and /metrics', async () => {
  const syncToken = 'f'.repeat(48);
  const config = loadConfig({
    ...jwtEnv(),
    PORT: '0',
    SYNC_TOKEN: syncToken,
    SYNC_INTERVAL_SECONDS: '3600',
    LOG_LEVEL: 'silent'
  });
  const client = new SalesforceClient({ ...config.salesforce, logger: silentLogger() });
  const service = await startService({
    config,
    salesforce: client,
    clock: systemClock,
    logger: silentLogger()
  });
  type Status = {
    running: { id: string } | null;
    runs: { id: string; trigger: string; report: SyncReport }[];
  };
  const status = async (): Promise<Status> => (await (await fetch(`${service.url}/status`)).json()) as Status;
  const settled = async (): Promise<Status> => {
    for (let i = 0; i < 200; i++) {
      const current = await status();
      if (!current.running && current.runs.length > 0) return current;
      await sleep(50);
    }
    throw new Error('the sync did not finish');
  };
  try {
    await settled();
    assert.equal((await fetch(`${service.url}/readyz`)).status, 200);
    await addLead();
    const started = await fetch(`${service.url}/sync`, {
      method: 'POST',
      headers: { authorization: `Bearer ${syncToken}` }
    });
    assert.equal(started.status, 202);
    const { runId } = (await started.json()) as { runId: string };
    let after = await settled();
    while (after.runs[0]?.id !== runId) after = await settled();
    assert.equal(after.runs[0]?.trigger, 'request');
    assert.equal(after.runs[0]?.report.outcome, 'completed');
    assert.equal(await actual(), leads);
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    assert.match(metrics, /^pbp_connector_sync_runs_total\{outcome="completed"\} 2$/m);
    assert.match(metrics, /^pbp_connector_salesforce_api_calls_total\{kind="login"\} [1-9]/m);
    assert.match(
      metrics,
      /^pbp_connector_records_written_total\{object="Plan_Objective__c",result="updated"\} [1-9]/m
    );
    for (const body of [metrics, JSON.stringify(after)]) {
      assert.ok(!body.includes(syncToken));
      assert.ok(!body.includes('PRIVATE KEY'));
    }
  } finally {
    await service.stop();
    await client.close();
  }
});
