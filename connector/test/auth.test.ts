// Signing in: the JWT assertion checked with node:crypto against the public key, the token
// endpoint's errors translated into what to change, and sessions Salesforce rejects mid-run
// renewed once. The session tests run the real client over HTTP against a small stand-in for
// an org's token endpoint and query resource, whose answers each test decides.
import assert from 'node:assert/strict';
import { generateKeyPairSync, verify } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { after, before, beforeEach, test } from 'node:test';
import { ConnectorError } from '../src/errors.ts';
import { createLogger, silentLogger } from '../src/logger.ts';
import {
  ASSERTION_LIFETIME_SECONDS,
  identityFromIdUrl,
  jwtAssertion,
  requestToken
} from '../src/salesforce/auth.ts';
import { SalesforceClient, type SalesforceClientOptions } from '../src/salesforce/client.ts';
import { CREDENTIAL_ERRORS, fromOAuth } from '../src/salesforce/errors.ts';
import { fromSfCli, sessionOf } from '../src/salesforce/sfCli.ts';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });

function decode(segment: string | undefined): Record<string, unknown> {
  return JSON.parse(Buffer.from(segment ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

test('a JWT assertion carries iss, sub, aud and exp, signed RS256 with the private key', () => {
  const now = Date.parse('2026-11-22T10:00:00.000Z');
  const assertion = jwtAssertion(
    { clientId: '3MVG9key', username: 'connector@acme.example', audience: 'https://login.salesforce.com' },
    privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    now
  );
  const [header, payload, signature] = assertion.split('.');
  assert.deepEqual(decode(header), { alg: 'RS256' });
  assert.deepEqual(decode(payload), {
    iss: '3MVG9key',
    sub: 'connector@acme.example',
    aud: 'https://login.salesforce.com',
    exp: now / 1000 + ASSERTION_LIFETIME_SECONDS
  });
  const signed = Buffer.from(`${header}.${payload}`);
  const bytes = Buffer.from(signature ?? '', 'base64url');
  assert.equal(verify('sha256', signed, publicKey, bytes), true);
  assert.equal(verify('sha256', signed, other.publicKey, bytes), false, 'another key does not verify it');
  assert.equal(verify('sha256', Buffer.from(`${header}.${payload}x`), publicKey, bytes), false);
});

test('the identity URL of a token response gives the org and user ids', () => {
  assert.deepEqual(
    identityFromIdUrl('https://login.salesforce.com/id/00Dxx0000001gPLEAY/005xx000001SvogAAC'),
    {
      organizationId: '00Dxx0000001gPLEAY',
      userId: '005xx000001SvogAAC'
    }
  );
  assert.equal(identityFromIdUrl('https://login.salesforce.com/services/oauth2/userinfo'), null);
  assert.equal(identityFromIdUrl(undefined), null);
});

test("the token endpoint's errors name the problem and the setting to change", () => {
  const cases: [string, string, string, RegExp][] = [
    ['invalid_grant', 'invalid assertion', 'JWT_INVALID_ASSERTION', /SF_PRIVATE_KEY/],
    [
      'invalid_grant',
      "user hasn't approved this consumer",
      'OAUTH_USER_NOT_APPROVED',
      /Connector_Integration/
    ],
    ['invalid_grant', 'audience is invalid', 'JWT_AUDIENCE_INVALID', /SF_JWT_AUDIENCE/],
    ['invalid_grant', 'expired authorization code', 'JWT_EXPIRED', /clock/],
    ['invalid_grant', 'no client credentials user enabled', 'CLIENT_CREDENTIALS_NO_RUN_AS', /Run As/],
    ['invalid_grant', 'request not supported on this domain', 'CLIENT_CREDENTIALS_WRONG_DOMAIN', /My Domain/],
    ['invalid_client_id', 'client identifier invalid', 'OAUTH_CLIENT_UNKNOWN', /SF_CLIENT_ID/],
    ['invalid_client', 'invalid client credentials', 'OAUTH_CLIENT_SECRET_INVALID', /SF_CLIENT_SECRET/],
    [
      'unsupported_grant_type',
      'grant type not supported',
      'OAUTH_FLOW_NOT_ENABLED',
      /Enable Client Credentials/
    ],
    ['server_error', 'something else', 'OAUTH_ERROR', /Setup/]
  ];
  for (const [error, description, code, action] of cases) {
    const mapped = fromOAuth(error, description, 'signing in');
    assert.equal(mapped.code, code, description);
    assert.ok(mapped.message.includes(description), mapped.message);
    assert.match(mapped.actions.join(' '), action, code);
    assert.ok(CREDENTIAL_ERRORS.has(code), `${code} stops the schedule: retrying cannot fix it`);
  }
});

test('sf CLI sessions: the auth fields give the identity, a missing org names SF_TARGET_ORG', () => {
  const session = sessionOf({
    accessToken: '00D!abc',
    instanceUrl: 'https://acme.my.salesforce.com',
    getAuthInfoFields: () => ({ userId: '005xx000001SvogAAC', orgId: '00Dxx0000001gPLEAY' })
  });
  assert.deepEqual(session, {
    accessToken: '00D!abc',
    instanceUrl: 'https://acme.my.salesforce.com',
    identity: { userId: '005xx000001SvogAAC', organizationId: '00Dxx0000001gPLEAY' }
  });
  const notFound = Object.assign(new Error('No authorization information found for prod.'), {
    name: 'NamedOrgNotFoundError'
  });
  const error = fromSfCli(notFound, 'prod', 'reading the sf CLI session of prod');
  assert.equal(error.code, 'SF_CLI_ORG_NOT_FOUND');
  assert.match(error.actions.join(' '), /SF_TARGET_ORG.*sf org list/);
  assert.equal(fromSfCli(new Error('boom'), 'prod', 'refreshing').code, 'SF_CLI_SESSION_EXPIRED');
});

// A stand-in org: a token endpoint that hands out tok-1, tok-2…, a query resource that accepts
// the tokens in `accepted`, and the UserInfo endpoint.

let server: Server;
let base = '';
let tokenRequests: Record<string, string>[] = [];
let issued = 0;
let accepted = new Set<string>();
let tokenAnswer: ((res: ServerResponse) => void) | null = null;

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  return body;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

before(async () => {
  server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      if (req.url === '/services/oauth2/token') {
        tokenRequests.push(Object.fromEntries(new URLSearchParams(body)));
        if (tokenAnswer) return tokenAnswer(res);
        issued++;
        return json(res, 200, {
          access_token: `tok-${issued}`,
          instance_url: base,
          id: `${base}/id/00Dxx0000001gPLEAY/005xx000001SvogAAC`,
          token_type: 'Bearer'
        });
      }
      if (!accepted.has(token))
        return json(res, 401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
      if (req.url === '/services/oauth2/userinfo')
        return json(res, 200, { user_id: '005xx000001SvogAAC', organization_id: '00Dxx0000001gPLEAY' });
      return json(res, 200, { done: true, totalSize: 1, records: [{ Id: '001xx000003DGb2AAG' }] });
    })();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => {
  server.closeAllConnections();
  server.close();
});

beforeEach(() => {
  tokenRequests = [];
  issued = 0;
  accepted = new Set();
  tokenAnswer = null;
});

const SECRET = 'consumer-secret-that-must-not-leak';

function clientCredentials(logger = silentLogger()): SalesforceClient {
  const options: SalesforceClientOptions = {
    auth: 'client-credentials',
    loginUrl: base,
    apiVersion: '62.0',
    clientId: 'key',
    clientSecret: SECRET,
    logger
  };
  return new SalesforceClient(options);
}

test('a session Salesforce rejects mid-run is renewed once and the call retried', async () => {
  accepted = new Set(['tok-2']);
  const client = clientCredentials();
  const sf = client.forRun();
  assert.deepEqual(await sf.identity(), {
    userId: '005xx000001SvogAAC',
    organizationId: '00Dxx0000001gPLEAY'
  });
  const records = await sf.query('SELECT Id FROM Account');
  assert.equal(records.length, 1);
  assert.equal(tokenRequests.length, 2, 'one sign-in, one renewal');
  assert.deepEqual(tokenRequests[0], {
    grant_type: 'client_credentials',
    client_id: 'key',
    client_secret: SECRET
  });
  assert.deepEqual([sf.apiCalls().login, sf.apiCalls().query], [2, 1]);
});

test('a renewed session that is rejected too ends the call with a clear error, without looping', async () => {
  const client = clientCredentials();
  const sf = client.forRun();
  await assert.rejects(sf.query('SELECT Id FROM Account'), (error: unknown) => {
    assert.ok(error instanceof ConnectorError);
    assert.equal(error.code, 'INVALID_SESSION_ID');
    assert.match(error.message, /rejected the session the connector had just signed in with/);
    assert.match(error.actions.join(' '), /API Enabled/);
    return true;
  });
  assert.equal(tokenRequests.length, 2, 'one sign-in, one renewal, no more');
});

test('a renewal the token endpoint refuses reports what the endpoint said', async () => {
  const client = clientCredentials();
  const sf = client.forRun();
  await sf.identity();
  tokenAnswer = (res) =>
    json(res, 400, { error: 'invalid_client', error_description: 'invalid client credentials' });
  await assert.rejects(sf.query('SELECT Id FROM Account'), { code: 'OAUTH_CLIENT_SECRET_INVALID' });
});

test('an expired access token is reported as such, with what to do', async () => {
  const client = new SalesforceClient({
    auth: 'access-token',
    loginUrl: base,
    apiVersion: '62.0',
    accessToken: '00Dxx!expired',
    instanceUrl: base,
    logger: silentLogger()
  });
  await assert.rejects(client.forRun().identity(), (error: unknown) => {
    assert.ok(error instanceof ConnectorError);
    assert.equal(error.code, 'ACCESS_TOKEN_EXPIRED');
    assert.match(error.message, /the access token in SF_ACCESS_TOKEN expired or was revoked; get a new one/i);
    assert.match(error.actions.join(' '), /sf org display/);
    return true;
  });
  assert.equal(tokenRequests.length, 0, 'a given token is never renewed');
  assert.ok(CREDENTIAL_ERRORS.has('ACCESS_TOKEN_EXPIRED'));
});

test('a valid access token asks UserInfo who signed in', async () => {
  accepted = new Set(['00Dxx!valid']);
  const client = new SalesforceClient({
    auth: 'access-token',
    loginUrl: base,
    apiVersion: '62.0',
    accessToken: '00Dxx!valid',
    instanceUrl: base,
    logger: silentLogger()
  });
  assert.deepEqual(await client.forRun().identity(), {
    userId: '005xx000001SvogAAC',
    organizationId: '00Dxx0000001gPLEAY'
  });
  await client.close();
});

test('a token endpoint that redirects or fails says which URL to use, or that it is passing', async () => {
  tokenAnswer = (res) => res.writeHead(302, { location: 'https://acme.my.salesforce.com/login' }).end();
  await assert.rejects(
    requestToken(`${base}/services/oauth2/token`, { grant_type: 'x' }, 'signing in'),
    (error) => {
      assert.ok(error instanceof ConnectorError);
      assert.equal(error.code, 'OAUTH_ERROR');
      assert.match(error.actions.join(' '), /Set SF_LOGIN_URL to https:\/\/acme\.my\.salesforce\.com/);
      return true;
    }
  );
  tokenAnswer = (res) => res.writeHead(503).end('down');
  await assert.rejects(requestToken(`${base}/services/oauth2/token`, { grant_type: 'x' }, 'signing in'), {
    code: 'SERVER_UNAVAILABLE',
    retryable: true
  });
});

test('sign-in logs never hold the consumer secret or a token', async () => {
  let logged = '';
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logged += String(chunk);
      done();
    }
  });
  accepted = new Set(['tok-2']);
  const client = clientCredentials(createLogger('trace', sink));
  const sf = client.forRun();
  await sf.query('SELECT Id FROM Account');
  assert.match(logged, /signed in to Salesforce/);
  assert.match(logged, /Salesforce session refreshed/);
  for (const secret of [SECRET, 'tok-1', 'tok-2']) assert.ok(!logged.includes(secret), `${secret} logged`);
});
