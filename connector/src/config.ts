// The connector's settings: defaults from config/connector.json, overridden by environment
// variables, checked by one zod schema at start-up. A missing or invalid setting stops the
// connector with a message naming the setting (and its environment variable) and what is expected.
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConnectorError } from './errors.ts';
import { MAX_CRITERIA_LENGTH } from './engine/criteria.ts';
import { OBJECTIVE_TYPES } from './engine/model.ts';

export const DEFAULT_CONFIG_FILE = new URL('../../config/connector.json', import.meta.url);
/** Where the connector keeps its state (PGlite) unless CONNECTOR_DATA_DIR or DATABASE_URL says otherwise; ignored by git. */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../../.connector-data', import.meta.url));

function isPostgresUrl(value: string): boolean {
  try {
    const parsed = new URL(value);
    return (parsed.protocol === 'postgres:' || parsed.protocol === 'postgresql:') && parsed.hostname !== '';
  } catch {
    return false;
  }
}

const apiName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/);

/** Bulk API 2.0 extraction defaults: see `extraction` in configSchema. */
export const DEFAULT_EXTRACTION = {
  bulkThresholdRecords: 200_000,
  bulkPageRecords: 50_000,
  bulkTimeoutSeconds: 900
} as const;

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

const url = z.url({ protocol: /^https?$/ });

/** Settings every sign-in flow shares. */
const common = {
  loginUrl: url,
  apiVersion: z.string().regex(/^\d{2,3}\.0$/)
};

/** The hosts that serve every org; client credentials need the org's own My Domain instead. */
const SHARED_LOGIN_HOSTS = new Set(['login.salesforce.com', 'test.salesforce.com']);

function hostname(value: unknown): string {
  try {
    return new URL(String(value)).hostname;
  } catch {
    return '';
  }
}

/** Cross-field checks run even when another setting is missing, so every problem is named at once. */
const checkAlways = (payload: { value: unknown }): boolean =>
  typeof payload.value === 'object' && payload.value !== null;

/**
 * One schema per way of signing in, keyed by `auth`. Each lists exactly the settings it uses, so a
 * setting in the file that the chosen flow ignores is reported rather than silently unused.
 */
const SIGN_IN_FLOWS = {
  // SOAP login() with a username and password: the local org and sandboxes. SOAP login() is gone
  // from API version 65.0 and retired for every version in Summer '27, so real orgs should use
  // one of the OAuth flows below.
  password: z
    .strictObject({
      auth: z.literal('password'),
      ...common,
      username: z.string().min(1),
      password: z.string().min(1)
    })
    .refine((value) => !(Number.parseFloat(String(value.apiVersion)) >= 65), {
      path: ['apiVersion'],
      message:
        'is 65.0 or later, where Salesforce no longer offers SOAP login(); use an earlier version or SF_AUTH=jwt or client-credentials',
      when: checkAlways
    }),
  // OAuth 2.0 JWT bearer flow: a connected app's consumer key and the private key of the
  // certificate uploaded to it, signing in as a pre-authorised user.
  jwt: z
    .strictObject({
      auth: z.literal('jwt'),
      ...common,
      clientId: z.string().min(1),
      username: z.string().min(1),
      privateKey: z.string().min(1).optional(),
      privateKeyFile: z.string().min(1).optional(),
      audience: url.optional()
    })
    .refine((value) => value.privateKey !== undefined || value.privateKeyFile !== undefined, {
      path: ['privateKey'],
      message: 'is missing, and so is SF_PRIVATE_KEY_FILE',
      when: checkAlways
    })
    .refine((value) => value.privateKey === undefined || value.privateKeyFile === undefined, {
      path: ['privateKeyFile'],
      message: 'is set together with SF_PRIVATE_KEY; keep one',
      when: checkAlways
    }),
  // OAuth 2.0 client credentials flow: consumer key and secret; the app's Run As user signs in.
  'client-credentials': z
    .strictObject({
      auth: z.literal('client-credentials'),
      ...common,
      clientId: z.string().min(1),
      clientSecret: z.string().min(1)
    })
    .refine((value) => !SHARED_LOGIN_HOSTS.has(hostname(value.loginUrl)), {
      path: ['loginUrl'],
      message:
        "is a shared login host; Salesforce answers the client credentials flow only at the org's My Domain",
      when: checkAlways
    }),
  // An org the sf CLI has signed in to on this machine, by alias or username (@salesforce/core).
  'sf-cli': z.strictObject({ auth: z.literal('sf-cli'), ...common, targetOrg: z.string().min(1) }),
  // An access token obtained elsewhere, used as it is until it expires.
  'access-token': z.strictObject({
    auth: z.literal('access-token'),
    ...common,
    accessToken: z.string().min(1),
    instanceUrl: url
  })
} as const;

export type SignInFlow = keyof typeof SIGN_IN_FLOWS;
export const SIGN_IN_FLOW_NAMES = Object.keys(SIGN_IN_FLOWS) as SignInFlow[];

const configSchema = z.strictObject({
  salesforce: z.discriminatedUnion('auth', [
    SIGN_IN_FLOWS.password,
    SIGN_IN_FLOWS.jwt,
    SIGN_IN_FLOWS['client-credentials'],
    SIGN_IN_FLOWS['sf-cli'],
    SIGN_IN_FLOWS['access-token']
  ]),
  http: z.strictObject({
    port: z.coerce.number().int().min(0).max(65535),
    // Enables POST /sync; long enough that guessing it is hopeless.
    syncToken: z.string().min(32).optional()
  }),
  sync: z.strictObject({
    intervalSeconds: z.coerce.number().int().min(1),
    reconcileHours: z.coerce.number().positive().default(24),
    overlapSeconds: z.coerce.number().int().min(0).max(86_400).default(300)
  }),
  store: z
    .strictObject({
      dataDir: z.string().min(1).default(DEFAULT_DATA_DIR),
      databaseUrl: z
        .string()
        .refine(isPostgresUrl, { message: 'is not a PostgreSQL connection URL' })
        .optional()
    })
    .default({ dataDir: DEFAULT_DATA_DIR }),
  // How the connector spends the org's API requests: how many of the daily allowance it leaves for
  // the org's other integrations and users, and how often it tries a call that fails in passing.
  api: z
    .strictObject({
      headroomPercent: z.coerce.number().min(0).max(90).default(10),
      maxAttempts: z.coerce.number().int().min(1).max(10).default(5)
    })
    .default({ headroomPercent: 10, maxAttempts: 5 }),
  log: z.strictObject({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) }),
  // When a source is read record by record (Bulk API 2.0) instead of by grouped aggregates.
  extraction: z
    .strictObject({
      bulkThresholdRecords: z.coerce.number().int().min(1).default(DEFAULT_EXTRACTION.bulkThresholdRecords),
      bulkPageRecords: z.coerce
        .number()
        .int()
        .min(1)
        .max(1_000_000)
        .default(DEFAULT_EXTRACTION.bulkPageRecords),
      bulkTimeoutSeconds: z.coerce.number().int().min(10).default(DEFAULT_EXTRACTION.bulkTimeoutSeconds)
    })
    .default(DEFAULT_EXTRACTION),
  sources: z.partialRecord(z.enum(OBJECTIVE_TYPES), sourceSchema)
});

type ParsedConfig = z.infer<typeof configSchema>;
type Parsed<F extends SignInFlow> = Extract<ParsedConfig['salesforce'], { auth: F }>;

/** The JWT settings once read: the private key in PEM, whichever way it was given, and the audience. */
export type JwtSettings = Omit<Parsed<'jwt'>, 'privateKey' | 'privateKeyFile' | 'audience'> & {
  privateKey: string;
  audience: string;
};
export type SalesforceSettings =
  Parsed<'password'> | JwtSettings | Parsed<'client-credentials'> | Parsed<'sf-cli'> | Parsed<'access-token'>;

export type Config = Omit<ParsedConfig, 'salesforce'> & { salesforce: SalesforceSettings };

/** Environment variables and the setting each one overrides. */
const ENVIRONMENT: Readonly<Record<string, readonly [string, string]>> = {
  SF_AUTH: ['salesforce', 'auth'],
  SF_LOGIN_URL: ['salesforce', 'loginUrl'],
  SF_USERNAME: ['salesforce', 'username'],
  SF_PASSWORD: ['salesforce', 'password'],
  SF_CLIENT_ID: ['salesforce', 'clientId'],
  SF_CLIENT_SECRET: ['salesforce', 'clientSecret'],
  SF_PRIVATE_KEY: ['salesforce', 'privateKey'],
  SF_PRIVATE_KEY_FILE: ['salesforce', 'privateKeyFile'],
  SF_JWT_AUDIENCE: ['salesforce', 'audience'],
  SF_TARGET_ORG: ['salesforce', 'targetOrg'],
  SF_ACCESS_TOKEN: ['salesforce', 'accessToken'],
  SF_INSTANCE_URL: ['salesforce', 'instanceUrl'],
  PORT: ['http', 'port'],
  SYNC_TOKEN: ['http', 'syncToken'],
  SYNC_INTERVAL_SECONDS: ['sync', 'intervalSeconds'],
  SYNC_RECONCILE_HOURS: ['sync', 'reconcileHours'],
  SYNC_OVERLAP_SECONDS: ['sync', 'overlapSeconds'],
  CONNECTOR_DATA_DIR: ['store', 'dataDir'],
  DATABASE_URL: ['store', 'databaseUrl'],
  API_HEADROOM_PERCENT: ['api', 'headroomPercent'],
  API_MAX_ATTEMPTS: ['api', 'maxAttempts'],
  BULK_THRESHOLD_RECORDS: ['extraction', 'bulkThresholdRecords'],
  BULK_PAGE_RECORDS: ['extraction', 'bulkPageRecords'],
  BULK_TIMEOUT_SECONDS: ['extraction', 'bulkTimeoutSeconds'],
  LOG_LEVEL: ['log', 'level']
};

/** What each setting must be, in words, keyed by its path. */
const EXPECTED: Readonly<Record<string, string>> = {
  'salesforce.auth': `how to sign in to Salesforce, one of ${SIGN_IN_FLOW_NAMES.join(', ')}`,
  'salesforce.loginUrl':
    "the http(s) URL to sign in at: the org's My Domain (https://<MyDomain>.my.salesforce.com), " +
    'https://login.salesforce.com or https://test.salesforce.com',
  'salesforce.apiVersion': 'a Salesforce API version such as "62.0"',
  'salesforce.username': 'the username of the Salesforce user the connector signs in as',
  'salesforce.password': "that user's password, followed by its security token if the org requires one",
  'salesforce.clientId': "the connected app's consumer key",
  'salesforce.clientSecret': "the connected app's consumer secret",
  'salesforce.privateKey':
    'the PEM private key whose certificate is uploaded to the connected app (SF_PRIVATE_KEY), or a file holding it (SF_PRIVATE_KEY_FILE), not both',
  'salesforce.privateKeyFile':
    'the path of a PEM file holding the private key whose certificate is uploaded to the connected app, or the key itself in SF_PRIVATE_KEY, not both',
  'salesforce.audience':
    "the JWT audience when it differs from SF_LOGIN_URL: https://login.salesforce.com, https://test.salesforce.com or the org's My Domain URL",
  'salesforce.targetOrg': 'the alias or username of an org the sf CLI has signed in to on this machine',
  'salesforce.accessToken': 'an access token (session id) of the org',
  'salesforce.instanceUrl': "the org's instance URL, e.g. https://<MyDomain>.my.salesforce.com",
  'http.port': 'a TCP port number from 0 to 65535 (0 picks a free port)',
  'http.syncToken':
    'a random string of at least 32 characters (e.g. from `openssl rand -hex 32`) that callers of POST /sync send as a bearer token',
  'sync.intervalSeconds': 'a whole number of seconds between sync runs, at least 1',
  'sync.reconcileHours':
    'the hours between full reconciliation runs, which catch date-relative criteria such as LAST_N_DAYS (e.g. 24)',
  'sync.overlapSeconds':
    'the seconds, 0 to 86400, each incremental scan reaches back before its watermark for clock skew (e.g. 300)',
  'store.dataDir': 'the directory where the connector keeps its state (PGlite) when DATABASE_URL is not set',
  'store.databaseUrl':
    'a PostgreSQL connection URL such as postgres://user:password@host:5432/database, to keep the state in PostgreSQL instead of CONNECTOR_DATA_DIR',
  'api.headroomPercent':
    "the percent of the org's daily API requests, 0 to 90, the connector leaves for others: it stops a run before using them (e.g. 10)",
  'api.maxAttempts':
    'how many times, 1 to 10, the connector tries a call that fails in passing (a locked record, HTTP 503, a dropped connection) before giving up (e.g. 5)',
  'extraction.bulkThresholdRecords':
    'the number of records (a whole number, at least 1) from which a source is read with Bulk API 2.0 and aggregated by the connector instead of by grouped SOQL queries (e.g. 200000)',
  'extraction.bulkPageRecords':
    'the records per Bulk API 2.0 results page (maxRecords), 1 to 1000000 (e.g. 50000)',
  'extraction.bulkTimeoutSeconds':
    'how long, in seconds (at least 10), the connector waits for a Bulk API 2.0 query job before aborting it (e.g. 900)',
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
        : issue.code === 'custom'
          ? issue.message
          : missing
            ? 'is missing'
            : `is not valid (${issue.message})`;
    const expected = expectedFor(issue.path);
    return `${settingName(issue.path)} ${problem}${expected ? `; expected ${expected}` : ''}`;
  });
}

/**
 * The defaults with the environment applied. A Salesforce variable the chosen flow does not use is
 * left out (SF_ACCESS_TOKEN, SF_TARGET_ORG and friends are often set for the sf CLI in the same
 * shell); a setting in the file that the flow does not use is still reported.
 */
function withEnvironment(defaults: unknown, env: NodeJS.ProcessEnv): unknown {
  const merged = structuredClone(defaults) as Record<string, Record<string, unknown>>;
  const flow = env.SF_AUTH || merged.salesforce?.auth;
  const used =
    typeof flow === 'string' && flow in SIGN_IN_FLOWS ? SIGN_IN_FLOWS[flow as SignInFlow].shape : null;
  for (const [name, [section, key]] of Object.entries(ENVIRONMENT)) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    if (section === 'salesforce' && used && !(key in used)) continue;
    merged[section] = { ...(merged[section] ?? {}), [key]: value };
  }
  return merged;
}

/** Reads the JWT private key, from the environment or its file, and checks that it is one. */
function resolveJwt(settings: Parsed<'jwt'>): JwtSettings | string {
  const { privateKey, privateKeyFile, audience, ...rest } = settings;
  const setting =
    privateKeyFile === undefined
      ? 'SF_PRIVATE_KEY (salesforce.privateKey)'
      : 'SF_PRIVATE_KEY_FILE (salesforce.privateKeyFile)';
  let pem: string;
  if (privateKeyFile !== undefined) {
    try {
      pem = readFileSync(privateKeyFile, 'utf8');
    } catch (error) {
      return `${setting} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); expected ${EXPECTED['salesforce.privateKeyFile']}`;
    }
  } else {
    // Secrets stores and .env files often hold a PEM on one line with literal \n.
    pem = (privateKey ?? '').replace(/\\n/g, '\n');
  }
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'rsa')
      return `${setting} is not an RSA key; Salesforce signs JWT bearer assertions with RS256 only`;
  } catch {
    return `${setting} is not a PEM private key (it should start with -----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----, unencrypted)`;
  }
  return { ...rest, privateKey: pem, audience: audience ?? new URL(rest.loginUrl).origin };
}

function configError(problems: readonly string[]): ConnectorError {
  return new ConnectorError(
    'CONFIG_INVALID',
    `The connector's configuration is not usable:\n${problems.join('\n')}`,
    {
      actions: ['Set the environment variables named above, or fix config/connector.json.']
    }
  );
}

export function parseConfig(defaults: unknown, env: NodeJS.ProcessEnv): Config {
  const data = withEnvironment(defaults, env);
  const result = configSchema.safeParse(data);
  if (!result.success) throw configError(describeIssues(result.error, data));
  const { salesforce, ...rest } = result.data;
  if (salesforce.auth !== 'jwt') return { ...rest, salesforce };
  const jwt = resolveJwt(salesforce);
  if (typeof jwt === 'string') throw configError([jwt]);
  return { ...rest, salesforce: jwt };
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
