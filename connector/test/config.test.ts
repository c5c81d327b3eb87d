import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { DEFAULT_CONFIG_FILE, loadConfig, parseConfig } from '../src/config.ts';
import { ConnectorError } from '../src/errors.ts';

const defaults = JSON.parse(readFileSync(DEFAULT_CONFIG_FILE, 'utf8')) as Record<string, unknown>;
const credentials = { SF_USERNAME: 'integration@example.com', SF_PASSWORD: 's3cret-TOKEN' };

function configError(env: NodeJS.ProcessEnv, file: unknown = defaults): ConnectorError {
  try {
    parseConfig(file, env);
  } catch (error) {
    assert.ok(error instanceof ConnectorError);
    assert.equal(error.code, 'CONFIG_INVALID');
    return error;
  }
  assert.fail('configuration accepted');
}

test('defaults come from config/connector.json and the environment overrides them', () => {
  const config = loadConfig({
    ...credentials,
    SF_LOGIN_URL: 'https://test.salesforce.com',
    PORT: '9090',
    SYNC_INTERVAL_SECONDS: '60',
    LOG_LEVEL: 'debug'
  });
  assert.deepEqual(config.salesforce, {
    auth: 'password',
    loginUrl: 'https://test.salesforce.com',
    apiVersion: '62.0',
    ...{ username: credentials.SF_USERNAME, password: credentials.SF_PASSWORD }
  });
  assert.deepEqual([config.http.port, config.sync.intervalSeconds, config.log.level], [9090, 60, 'debug']);
  assert.deepEqual(config.sources['Deal Registration'], {
    measure: 'objective',
    object: 'Lead',
    partnerField: 'PartnerAccountId',
    dateField: 'CreatedDate'
  });
});

test('every objective type has a source: records to aggregate or count, or actuals entered by hand', () => {
  const { sources } = loadConfig(credentials);
  assert.deepEqual(Object.keys(sources).sort(), [
    'Course Completion',
    'Custom',
    'Deal Registration',
    'Number of Deals',
    'Number of Qualified Deals',
    'Qualified Deal Registration'
  ]);
  assert.deepEqual(sources['Course Completion'], {
    measure: 'count',
    object: 'Course_Assignment__c',
    partnerField: 'Partner_Account__c',
    dateField: 'Completed_Date__c',
    filter: "Status__c = 'Completed'"
  });
  assert.deepEqual(sources['Number of Qualified Deals'], {
    measure: 'count',
    object: 'Opportunity',
    partnerField: 'PartnerAccountId',
    dateField: 'CloseDate'
  });
  assert.deepEqual(sources.Custom, { measure: 'manual' });
});

test('missing credentials are named by their environment variables', () => {
  const error = configError({});
  assert.match(error.message, /SF_USERNAME \(salesforce\.username\) is missing; expected the username/);
  assert.match(error.message, /SF_PASSWORD \(salesforce\.password\) is missing/);
});

test('an invalid setting says what is expected', () => {
  const error = configError({
    ...credentials,
    PORT: 'eighty',
    SYNC_INTERVAL_SECONDS: '0',
    LOG_LEVEL: 'loud',
    SF_LOGIN_URL: 'login.salesforce.com'
  });
  assert.match(error.message, /PORT \(http\.port\) is not valid .*expected a TCP port number/);
  assert.match(error.message, /SYNC_INTERVAL_SECONDS \(sync\.intervalSeconds\) is not valid .*at least 1/);
  assert.match(error.message, /LOG_LEVEL \(log\.level\) is not valid/);
  assert.match(error.message, /SF_LOGIN_URL \(salesforce\.loginUrl\) is not valid/);
});

test('unknown settings and bad source mappings in the file are named', () => {
  const file = {
    ...defaults,
    sync: { intervalSecond: 60 },
    sources: {
      'Deal Registration': {
        measure: 'objective',
        object: 'Lead; DROP',
        partnerField: 'PartnerAccountId',
        dateField: 'CreatedDate'
      },
      Custom: { measure: 'manual', object: 'Lead' },
      'Number of Deals': { measure: 'sum', object: 'Lead' },
      Webinars: {}
    }
  };
  const error = configError(credentials, file);
  assert.match(error.message, /sync in the configuration file has unknown setting\(s\) intervalSecond/);
  assert.match(error.message, /sources\.Deal Registration\.object in the configuration file is not valid/);
  assert.match(error.message, /sources in the configuration file has unknown setting\(s\) Webinars/);
  assert.match(error.message, /sources\.Custom in the configuration file has unknown setting\(s\) object/);
  assert.match(
    error.message,
    /sources\.Number of Deals\.measure in the configuration file is not valid.*expected an object with "measure"/
  );
});

test('the password never appears in configuration errors', () => {
  const error = configError({ ...credentials, SF_PASSWORD: 'hunter2', PORT: '-1' });
  assert.doesNotMatch(error.message, /hunter2/);
});

// Sign-in flows: each names what it misses by environment variable, and takes only its own settings.

const { privateKey: rsaKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privatePem = rsaKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const jwtEnv = {
  SF_AUTH: 'jwt',
  SF_LOGIN_URL: 'https://acme.my.salesforce.com',
  SF_CLIENT_ID: '3MVG9consumerKey',
  SF_USERNAME: 'connector@acme.example'
};

test('JWT bearer takes the private key from SF_PRIVATE_KEY, even on one line with \\n, and the login URL as audience', () => {
  const { salesforce } = parseConfig(defaults, {
    ...jwtEnv,
    SF_PRIVATE_KEY: privatePem.replace(/\n/g, '\\n')
  });
  assert.equal(salesforce.auth, 'jwt');
  assert.ok(salesforce.auth === 'jwt');
  assert.equal(salesforce.privateKey, privatePem);
  assert.equal(salesforce.audience, 'https://acme.my.salesforce.com');
  assert.equal(salesforce.clientId, '3MVG9consumerKey');
});

test('JWT bearer reads SF_PRIVATE_KEY_FILE at start-up, and SF_JWT_AUDIENCE overrides the audience', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pbp-config-'));
  try {
    const file = path.join(dir, 'server.key');
    writeFileSync(file, privatePem);
    const { salesforce } = parseConfig(defaults, {
      ...jwtEnv,
      SF_PRIVATE_KEY_FILE: file,
      SF_JWT_AUDIENCE: 'https://login.salesforce.com'
    });
    assert.ok(salesforce.auth === 'jwt');
    assert.equal(salesforce.privateKey, privatePem);
    assert.equal(salesforce.audience, 'https://login.salesforce.com');

    const unreadable = configError({ ...jwtEnv, SF_PRIVATE_KEY_FILE: path.join(dir, 'missing.key') });
    assert.match(
      unreadable.message,
      /SF_PRIVATE_KEY_FILE \(salesforce\.privateKeyFile\) cannot be read \(ENOENT\)/
    );
    writeFileSync(file, 'not a key');
    const garbled = configError({ ...jwtEnv, SF_PRIVATE_KEY_FILE: file });
    assert.match(
      garbled.message,
      /SF_PRIVATE_KEY_FILE \(salesforce\.privateKeyFile\) is not a PEM private key/
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('JWT bearer names every missing setting at once, and a key given twice', () => {
  const missing = configError({ SF_AUTH: 'jwt' });
  assert.match(
    missing.message,
    /SF_CLIENT_ID \(salesforce\.clientId\) is missing; expected the connected app's consumer key/
  );
  assert.match(missing.message, /SF_USERNAME \(salesforce\.username\) is missing/);
  assert.match(
    missing.message,
    /SF_PRIVATE_KEY \(salesforce\.privateKey\) is missing, and so is SF_PRIVATE_KEY_FILE/
  );
  const both = configError({ ...jwtEnv, SF_PRIVATE_KEY: privatePem, SF_PRIVATE_KEY_FILE: '/tmp/x.key' });
  assert.match(
    both.message,
    /SF_PRIVATE_KEY_FILE \(salesforce\.privateKeyFile\) is set together with SF_PRIVATE_KEY/
  );
  assert.doesNotMatch(both.message, /BEGIN PRIVATE KEY/);
});

test('client credentials need the consumer key and secret, and the My Domain login URL', () => {
  const { salesforce } = parseConfig(defaults, {
    SF_AUTH: 'client-credentials',
    SF_LOGIN_URL: 'https://acme.my.salesforce.com',
    SF_CLIENT_ID: 'key',
    SF_CLIENT_SECRET: 'secret'
  });
  assert.deepEqual(salesforce, {
    auth: 'client-credentials',
    loginUrl: 'https://acme.my.salesforce.com',
    apiVersion: '62.0',
    clientId: 'key',
    clientSecret: 'secret'
  });
  const error = configError({
    SF_AUTH: 'client-credentials',
    SF_CLIENT_ID: 'key',
    SF_CLIENT_SECRET: 'hunter2'
  });
  assert.match(
    error.message,
    /SF_LOGIN_URL \(salesforce\.loginUrl\) is a shared login host; Salesforce answers the client credentials flow only at the org's My Domain/
  );
  assert.doesNotMatch(error.message, /hunter2/);
  const missing = configError({
    SF_AUTH: 'client-credentials',
    SF_LOGIN_URL: 'https://acme.my.salesforce.com'
  });
  assert.match(missing.message, /SF_CLIENT_ID \(salesforce\.clientId\) is missing/);
  assert.match(
    missing.message,
    /SF_CLIENT_SECRET \(salesforce\.clientSecret\) is missing; expected the connected app's consumer secret/
  );
});

test('an sf CLI org is named by alias or username in SF_TARGET_ORG', () => {
  const { salesforce } = parseConfig(defaults, { SF_AUTH: 'sf-cli', SF_TARGET_ORG: 'acme-prod' });
  assert.ok(salesforce.auth === 'sf-cli');
  assert.equal(salesforce.targetOrg, 'acme-prod');
  assert.match(
    configError({ SF_AUTH: 'sf-cli' }).message,
    /SF_TARGET_ORG \(salesforce\.targetOrg\) is missing; expected the alias or username/
  );
});

test('an access token needs the instance URL it belongs to', () => {
  const { salesforce } = parseConfig(defaults, {
    SF_AUTH: 'access-token',
    SF_ACCESS_TOKEN: '00Dxx!token',
    SF_INSTANCE_URL: 'https://acme.my.salesforce.com'
  });
  assert.ok(salesforce.auth === 'access-token');
  assert.deepEqual(
    [salesforce.accessToken, salesforce.instanceUrl],
    ['00Dxx!token', 'https://acme.my.salesforce.com']
  );
  const error = configError({
    SF_AUTH: 'access-token',
    SF_ACCESS_TOKEN: '00Dxx!secret',
    SF_INSTANCE_URL: 'acme'
  });
  assert.match(error.message, /SF_INSTANCE_URL \(salesforce\.instanceUrl\) is not valid/);
  assert.doesNotMatch(error.message, /00Dxx!secret/);
});

test('an unknown sign-in flow lists the known ones', () => {
  const error = configError({ SF_AUTH: 'saml' });
  assert.match(
    error.message,
    /SF_AUTH \(salesforce\.auth\) is not valid .*one of password, jwt, client-credentials, sf-cli, access-token/
  );
});

test('environment variables of other flows are ignored; settings of other flows in the file are not', () => {
  const { salesforce } = parseConfig(defaults, {
    ...credentials,
    SF_ACCESS_TOKEN: 'left over from the sf CLI',
    SF_TARGET_ORG: 'scratch'
  });
  assert.deepEqual(Object.keys(salesforce).sort(), [
    'apiVersion',
    'auth',
    'loginUrl',
    'password',
    'username'
  ]);
  const file = { ...defaults, salesforce: { ...(defaults.salesforce as object), clientSecret: 'x' } };
  assert.match(
    configError(credentials, file).message,
    /salesforce in the configuration file has unknown setting\(s\) clientSecret/
  );
});

test('SYNC_TOKEN is optional, and too short a token is refused without being echoed', () => {
  assert.equal(loadConfig(credentials).http.syncToken, undefined);
  const token = 'a'.repeat(40);
  assert.equal(loadConfig({ ...credentials, SYNC_TOKEN: token }).http.syncToken, token);
  const error = configError({ ...credentials, SYNC_TOKEN: 'short-secret' });
  assert.match(error.message, /SYNC_TOKEN \(http\.syncToken\) is not valid .*at least 32 characters/);
  assert.doesNotMatch(error.message, /short-secret/);
});

test('SOAP login() is refused at API version 65.0 and later, where Salesforce no longer offers it', () => {
  const file = { ...defaults, salesforce: { ...(defaults.salesforce as object), apiVersion: '65.0' } };
  assert.match(
    configError(credentials, file).message,
    /salesforce\.apiVersion in the configuration file is 65\.0 or later, where Salesforce no longer offers SOAP login\(\)/
  );
  const jwt = parseConfig(file, { ...jwtEnv, SF_PRIVATE_KEY: privatePem });
  assert.equal(jwt.salesforce.apiVersion, '65.0', 'the OAuth flows take any version');
});

test('Bulk API 2.0 extraction settings default to the documented values and are checked', () => {
  assert.deepEqual(parseConfig(defaults, credentials).extraction, {
    bulkThresholdRecords: 200_000,
    bulkPageRecords: 50_000,
    bulkTimeoutSeconds: 900
  });
  assert.equal(
    parseConfig(defaults, { ...credentials, BULK_THRESHOLD_RECORDS: '5000' }).extraction.bulkThresholdRecords,
    5000
  );
  const error = configError({
    ...credentials,
    BULK_THRESHOLD_RECORDS: 'lots',
    BULK_PAGE_RECORDS: '0',
    BULK_TIMEOUT_SECONDS: '2'
  });
  assert.match(
    error.message,
    /BULK_THRESHOLD_RECORDS \(extraction\.bulkThresholdRecords\) is not valid .*at least 1/
  );
  assert.match(
    error.message,
    /BULK_PAGE_RECORDS \(extraction\.bulkPageRecords\) is not valid .*1 to 1000000/
  );
  assert.match(
    error.message,
    /BULK_TIMEOUT_SECONDS \(extraction\.bulkTimeoutSeconds\) is not valid .*at least 10/
  );
});
