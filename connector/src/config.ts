// The connector's settings: defaults from config/connector.json, overridden by environment
// variables, checked by one zod schema at start-up. A missing or invalid setting stops the
// connector with a message naming the setting (and its environment variable) and what is expected.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConnectorError } from './errors.ts';
import { MAX_CRITERIA_LENGTH } from './engine/criteria.ts';
import { OBJECTIVE_TYPES } from './engine/model.ts';

export const DEFAULT_CONFIG_FILE = new URL('../../config/connector.json', import.meta.url);

const apiName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/);

const recordSourceSchema = z.strictObject({
  measure: z.enum(['objective', 'count']),
  object: apiName,
  partnerField: apiName,
  dateField: apiName,
  // Checked against the object's describe like Criteria__c, on every run.
  filter: z.string().trim().min(1).max(MAX_CRITERIA_LENGTH).optional()
});

const sourceSchema = z.discriminatedUnion('measure', [
  recordSourceSchema,
  z.strictObject({ measure: z.literal('manual') })
]);

const configSchema = z.strictObject({
  salesforce: z.strictObject({
    loginUrl: z.url({ protocol: /^https?$/ }),
    apiVersion: z.string().regex(/^\d{2,3}\.0$/),
    username: z.string().min(1),
    password: z.string().min(1)
  }),
  http: z.strictObject({ port: z.coerce.number().int().min(0).max(65535) }),
  sync: z.strictObject({ intervalSeconds: z.coerce.number().int().min(1) }),
  log: z.strictObject({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) }),
  sources: z.partialRecord(z.enum(OBJECTIVE_TYPES), sourceSchema)
});

export type Config = z.infer<typeof configSchema>;

/** Environment variables and the setting each one overrides. */
const ENVIRONMENT: Readonly<Record<string, readonly [string, string]>> = {
  SF_LOGIN_URL: ['salesforce', 'loginUrl'],
  SF_USERNAME: ['salesforce', 'username'],
  SF_PASSWORD: ['salesforce', 'password'],
  PORT: ['http', 'port'],
  SYNC_INTERVAL_SECONDS: ['sync', 'intervalSeconds'],
  LOG_LEVEL: ['log', 'level']
};

/** What each setting must be, in words, keyed by its path. */
const EXPECTED: Readonly<Record<string, string>> = {
  'salesforce.loginUrl':
    'the http(s) URL to sign in at, e.g. https://login.salesforce.com or https://test.salesforce.com',
  'salesforce.apiVersion': 'a Salesforce API version such as "62.0"',
  'salesforce.username': 'the username of the Salesforce user the connector signs in as',
  'salesforce.password': "that user's password, followed by its security token if the org requires one",
  'http.port': 'a TCP port number from 0 to 65535 (0 picks a free port)',
  'sync.intervalSeconds': 'a whole number of seconds between sync runs, at least 1',
  'log.level': 'one of fatal, error, warn, info, debug, trace, silent',
  sources: `an object keyed by objective type (${OBJECTIVE_TYPES.join(', ')})`,
  source:
    'an object with "measure" ("objective" to aggregate as the objective says, "count" to count records, ' +
    '"manual" for actuals entered by hand) and, unless manual, "object", "partnerField" and "dateField", ' +
    'each an API name such as Lead or CreatedDate, and an optional SOQL condition "filter"'
};

function settingName(path: readonly PropertyKey[]): string {
  const dotted = path.map(String).join('.');
  const env = Object.entries(ENVIRONMENT).find(([, target]) => target.join('.') === dotted)?.[0];
  return env ? `${env} (${dotted})` : `${dotted || '(root)'} in the configuration file`;
}

function expectedFor(path: readonly PropertyKey[]): string | undefined {
  const dotted = path.map(String).join('.');
  if (EXPECTED[dotted]) return EXPECTED[dotted];
  if (path[0] === 'sources') return path.length === 1 ? EXPECTED.sources : EXPECTED.source;
  return undefined;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** One line per problem. Values are never echoed: a setting may be a password. */
function describeIssues(error: z.ZodError, data: unknown): string[] {
  return error.issues.map((issue) => {
    const missing = issue.code === 'invalid_type' && valueAt(data, issue.path) === undefined;
    const problem =
      issue.code === 'unrecognized_keys'
        ? `has unknown setting(s) ${issue.keys.join(', ')}`
        : missing
          ? 'is missing'
          : `is not valid (${issue.message})`;
    const expected = expectedFor(issue.path);
    return `${settingName(issue.path)} ${problem}${expected ? `; expected ${expected}` : ''}`;
  });
}

function withEnvironment(defaults: unknown, env: NodeJS.ProcessEnv): unknown {
  const merged = structuredClone(defaults) as Record<string, Record<string, unknown>>;
  for (const [name, [section, key]] of Object.entries(ENVIRONMENT)) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    merged[section] = { ...(merged[section] ?? {}), [key]: value };
  }
  return merged;
}

export function parseConfig(defaults: unknown, env: NodeJS.ProcessEnv): Config {
  const data = withEnvironment(defaults, env);
  const result = configSchema.safeParse(data);
  if (result.success) return result.data;
  const problems = describeIssues(result.error, data);
  throw new ConnectorError(
    'CONFIG_INVALID',
    `The connector's configuration is not usable:\n${problems.join('\n')}`,
    {
      actions: ['Set the environment variables named above, or fix config/connector.json.']
    }
  );
}

/** Reads the defaults file and applies the environment. */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  file: URL | string = DEFAULT_CONFIG_FILE
): Config {
  let defaults: unknown;
  try {
    defaults = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new ConnectorError('CONFIG_INVALID', `Cannot read the configuration file ${String(file)}.`, {
      cause,
      actions: ['Check that the file exists and holds valid JSON.']
    });
  }
  return parseConfig(defaults, env);
}
