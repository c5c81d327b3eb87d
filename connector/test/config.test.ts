import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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
