// Salesforce errors, translated at the client boundary. jsforce raises REST errors with the
// API's `errorCode` (INVALID_SESSION_ID, MALFORMED_QUERY…), SOAP login faults as a plain Error
// whose message starts with the fault code ("INVALID_LOGIN: …"), and network failures with
// Node's codes (ECONNREFUSED…). Each becomes a ConnectorError with the same stable code, the
// org's own message and what to do about it. Per-record errors in collection results use the
// same table.
import { ConnectorError } from '../errors.ts';

interface Known {
  summary: string;
  actions: string[];
  retryable?: boolean;
}

const CREDENTIALS =
  'Check SF_USERNAME and SF_PASSWORD (append the security token if the org requires one) and SF_LOGIN_URL (https://test.salesforce.com for sandboxes). For a real org use SF_AUTH=jwt or client-credentials: SOAP login() is gone from API version 65.0, off by default in new orgs, and retired in Summer ’27.';
const PACKAGE =
  "Deploy force-app to the org and assign the connector's user a permission set that grants these objects and fields.";

const KNOWN: Readonly<Record<string, Known>> = {
  INVALID_LOGIN: { summary: 'Salesforce rejected the username or password', actions: [CREDENTIALS] },
  LOGIN_MUST_USE_SECURITY_TOKEN: {
    summary: 'Salesforce requires the security token after the password for this network',
    actions: [CREDENTIALS]
  },
  INVALID_SESSION_ID: {
    summary: 'The Salesforce session expired or was revoked',
    actions: [
      'The connector signs in again on its next run; if this repeats, check the credentials and the session settings of the org.'
    ],
    retryable: true
  },
  REQUEST_LIMIT_EXCEEDED: {
    summary: "The org's API request limit is used up",
    actions: ['Wait for the rolling 24-hour window to free requests, or raise SYNC_INTERVAL_SECONDS.'],
    retryable: true
  },
  UNABLE_TO_LOCK_ROW: {
    summary: 'Salesforce could not lock a record that another process was writing',
    actions: ['Nothing to do: the next run writes the value again.'],
    retryable: true
  },
  SERVER_UNAVAILABLE: {
    summary: 'Salesforce is temporarily unavailable',
    actions: ['The next run tries again.'],
    retryable: true
  },
  QUERY_TIMEOUT: {
    summary: 'A query took too long in Salesforce',
    actions: [
      'Narrow the objective Criteria, or ask Salesforce support about indexes on the filtered fields.'
    ],
    retryable: true
  },
  MALFORMED_QUERY: {
    summary: 'Salesforce rejected a query as malformed',
    actions: ['Report this to the connector team with the logged query.']
  },
  INVALID_FIELD: {
    summary: 'A query or record names a field Salesforce does not know or cannot use',
    actions: [PACKAGE]
  },
  INVALID_TYPE: { summary: 'Salesforce does not know an object the connector uses', actions: [PACKAGE] },
  INVALID_QUERY_FILTER_OPERATOR: {
    summary: 'Salesforce rejected a filter in a query',
    actions: ['Check the objective Criteria.']
  },
  INSUFFICIENT_ACCESS_OR_READONLY: {
    summary: "The connector's user may not write this record",
    actions: [PACKAGE]
  },
  INSUFFICIENT_ACCESS: {
    summary: "The connector's user lacks a permission this call needs",
    actions: [PACKAGE]
  },
  INVALID_FIELD_FOR_INSERT_UPDATE: { summary: 'A field cannot be written by this call', actions: [PACKAGE] },
  API_DISABLED_FOR_ORG: {
    summary: 'The API is not enabled for this org or edition',
    actions: ['Use an edition with API access (Enterprise or above).']
  },
  API_CURRENTLY_DISABLED: {
    summary: "API access is disabled for the connector's user",
    actions: ['Grant the "API Enabled" permission to the user.']
  },
  FIELD_CUSTOM_VALIDATION_EXCEPTION: {
    summary: 'A validation rule rejected the record',
    actions: ['Fix the record or the validation rule named in the message.']
  },
  NUMBER_OUTSIDE_VALID_RANGE: {
    summary: 'A value is too large for its field',
    actions: ['Check the objective Target and Criteria; the value is logged.']
  },
  DUPLICATE_VALUE: {
    summary: 'A unique field already holds this value on another record',
    actions: ['Look for a duplicate Objective Target with the same Period Key.']
  },
  ENTITY_IS_DELETED: {
    summary: 'The record was deleted while the sync ran',
    actions: ['Nothing to do: the next run reads the current records.'],
    retryable: true
  },
  NOT_FOUND: {
    summary: 'Salesforce did not find the requested resource',
    actions: ['Check SF_LOGIN_URL and the API version.']
  },
  SALESFORCE_UNREACHABLE: {
    summary: 'Salesforce could not be reached',
    actions: ['Check SF_LOGIN_URL, DNS and the network path to Salesforce; the next run tries again.'],
    retryable: true
  },
  SALESFORCE_CONNECTION_LOST: {
    summary: 'The connection to Salesforce broke off mid-request',
    actions: ['The connector retries such calls; if this persists, check proxies and the network path.'],
    retryable: true
  },
  ERROR_HTTP_429: {
    summary: 'Salesforce asked the connector to slow down (HTTP 429)',
    actions: ['The connector retries with backoff; lower the sync frequency if this persists.'],
    retryable: true
  },
  ERROR_HTTP_502: {
    summary: 'A gateway in front of Salesforce failed (HTTP 502)',
    actions: ['The connector retries with backoff; the next run tries again.'],
    retryable: true
  },
  ERROR_HTTP_503: {
    summary: 'Salesforce is temporarily unavailable (HTTP 503)',
    actions: ['The connector retries with backoff; the next run tries again.'],
    retryable: true
  },
  ERROR_HTTP_504: {
    summary: 'A gateway in front of Salesforce timed out (HTTP 504)',
    actions: ['The connector retries with backoff; the next run tries again.'],
    retryable: true
  }
};

/** What the token endpoint's {error, error_description} mean, the most specific match first. */
interface OAuthRule {
  error: string;
  /** Matched against error_description, case-insensitively; absent matches any description. */
  description?: RegExp;
  code: string;
  summary: string;
  actions: string[];
}

const CONSUMER_KEY =
  'Check that SF_CLIENT_ID is the consumer key of a connected app in this org (Setup > App Manager > the app > View > Manage Consumer Details). A new or changed app takes up to 10 minutes to be usable.';
const PRE_AUTHORIZE =
  'In Setup > Connected Apps > Manage Connected Apps > the app > Edit Policies, set Permitted Users to "Admin approved users are pre-authorized", then assign the permission set Connector_Integration (listed under the app\'s Permission Sets) to the connector\'s user.';

const OAUTH_RULES: readonly OAuthRule[] = [
  {
    error: 'invalid_grant',
    description: /invalid assertion/i,
    code: 'JWT_INVALID_ASSERTION',
    summary: "Salesforce could not verify the connector's JWT assertion with the connected app's certificate",
    actions: [
      'Check that SF_PRIVATE_KEY or SF_PRIVATE_KEY_FILE holds the private key of the certificate uploaded to the connected app whose consumer key is SF_CLIENT_ID ("Use digital signatures" in its OAuth settings). After replacing the certificate, deploy the new key too.'
    ]
  },
  {
    error: 'invalid_grant',
    description: /audience/i,
    code: 'JWT_AUDIENCE_INVALID',
    summary: "Salesforce did not accept the JWT assertion's audience",
    actions: [
      "Set SF_LOGIN_URL to the org's My Domain URL, or to https://login.salesforce.com for production and https://test.salesforce.com for a sandbox; set SF_JWT_AUDIENCE when the audience must differ from SF_LOGIN_URL."
    ]
  },
  {
    error: 'invalid_grant',
    description: /expired authorization code/i,
    code: 'JWT_EXPIRED',
    summary: 'Salesforce received the JWT assertion after it expired',
    actions: [
      "The connector's assertions are valid for 3 minutes from the moment they are signed: check that this machine's clock is right (NTP)."
    ]
  },
  {
    error: 'invalid_grant',
    description: /approved/i,
    code: 'OAUTH_USER_NOT_APPROVED',
    summary: "The connector's user is not authorized to use the connected app",
    actions: [
      PRE_AUTHORIZE,
      'Check that SF_USERNAME is the exact username of an active user of this org (sandbox usernames end with the sandbox name) and that SF_LOGIN_URL points at that org.'
    ]
  },
  {
    error: 'invalid_app_access',
    code: 'OAUTH_USER_NOT_APPROVED',
    summary: "The connector's user is not authorized to use the connected app",
    actions: [PRE_AUTHORIZE]
  },
  {
    error: 'invalid_grant',
    description: /no client credentials user/i,
    code: 'CLIENT_CREDENTIALS_NO_RUN_AS',
    summary: 'The connected app has no Run As user for the client credentials flow',
    actions: [
      "In the connected app's policies, under Client Credentials Flow, set Run As to the connector's integration user (one with the Connector_Integration permission set and API Enabled)."
    ]
  },
  {
    error: 'invalid_grant',
    description: /not supported on this domain/i,
    code: 'CLIENT_CREDENTIALS_WRONG_DOMAIN',
    summary: "Salesforce answers the client credentials flow only at the org's My Domain",
    actions: ['Set SF_LOGIN_URL to https://<MyDomain>.my.salesforce.com (Setup > My Domain).']
  },
  {
    error: 'invalid_grant',
    description: /ip restricted|login hours/i,
    code: 'OAUTH_IP_RESTRICTED',
    summary: "Salesforce refused the connector's network address or the time of day",
    actions: [
      "Set IP Relaxation to \"Relax IP restrictions\" in the connected app's policies, or add the connector's outbound address to the user's profile Login IP Ranges; check the profile's Login Hours."
    ]
  },
  {
    error: 'invalid_grant',
    description: /inactive/i,
    code: 'OAUTH_USER_INACTIVE',
    summary: "The connector's user or its org is inactive",
    actions: ["Reactivate the connector's user (Setup > Users), or point the connector at another user."]
  },
  {
    error: 'invalid_client_id',
    code: 'OAUTH_CLIENT_UNKNOWN',
    summary: 'Salesforce does not know the consumer key',
    actions: [CONSUMER_KEY]
  },
  {
    error: 'invalid_client',
    code: 'OAUTH_CLIENT_SECRET_INVALID',
    summary: 'Salesforce rejected the consumer key and secret',
    actions: [
      "Check SF_CLIENT_SECRET against the connected app's consumer secret (Manage Consumer Details), and SF_CLIENT_ID.",
      CONSUMER_KEY
    ]
  },
  {
    error: 'unsupported_grant_type',
    code: 'OAUTH_FLOW_NOT_ENABLED',
    summary: 'The connected app does not allow this way of signing in',
    actions: [
      'For SF_AUTH=client-credentials, tick "Enable Client Credentials Flow" in the OAuth settings of the connected app; for SF_AUTH=jwt, tick "Use digital signatures" and upload the certificate.'
    ]
  }
];

/** The token endpoint's {error, error_description} as a ConnectorError naming what to change. */
export function fromOAuth(error: string, description: string, doing: string): ConnectorError {
  const rule = OAUTH_RULES.find(
    (r) => r.error === error && (!r.description || r.description.test(description))
  );
  const said = `${error}: ${description || '(no description)'}`;
  if (!rule)
    return new ConnectorError(
      'OAUTH_ERROR',
      `Salesforce refused to sign the connector in (${said}) while ${doing}`,
      {
        actions: ["Check the connector's SF_* settings against the connected app in Setup."]
      }
    );
  return new ConnectorError(rule.code, `${rule.summary} (${said}) while ${doing}`, { actions: rule.actions });
}

/** Sign-in failures that no access token can get around; the connector reports them as they are. */
export const SIGN_IN_ERRORS: ReadonlySet<string> = new Set([
  ...OAUTH_RULES.map((rule) => rule.code),
  'OAUTH_ERROR',
  'ACCESS_TOKEN_EXPIRED',
  'SF_CLI_ORG_NOT_FOUND',
  'SF_CLI_SESSION_EXPIRED'
]);

/**
 * Sign-in failures that repeat until someone changes the configuration or the org. Retrying them on
 * a schedule only counts towards the user's lockout after repeated failed logins.
 */
export const CREDENTIAL_ERRORS: ReadonlySet<string> = new Set([
  'INVALID_LOGIN',
  'LOGIN_MUST_USE_SECURITY_TOKEN',
  ...SIGN_IN_ERRORS
]);

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'EPIPE',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET'
]);

/** Network codes of a connection that was open and broke off: the request may or may not have been processed. */
const CONNECTION_LOST = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

/**
 * Failures where nothing was processed and the same call may well succeed in a moment:
 * a record lock, a server or gateway refusing the request, too many concurrent requests.
 */
const REFUSED_FOR_NOW = new Set([
  'UNABLE_TO_LOCK_ROW',
  'SERVER_UNAVAILABLE',
  'ERROR_HTTP_429',
  'ERROR_HTTP_503'
]);
/** Failures that may have happened after the request was processed: retried only when repeating it is harmless. */
const MAYBE_PROCESSED = new Set(['ERROR_HTTP_502', 'ERROR_HTTP_504', 'SALESFORCE_CONNECTION_LOST']);

/** REQUEST_LIMIT_EXCEEDED names its limit; TotalRequests is the org's daily allowance, the others concurrency limits. */
export function isDailyLimit(error: ConnectorError): boolean {
  return (
    error.code === 'API_LIMIT_REACHED' ||
    (error.code === 'REQUEST_LIMIT_EXCEEDED' && /TotalRequests/i.test(error.message))
  );
}

/**
 * Whether to retry a failed call after a pause: `idempotent` calls (reads, updates, upserts on
 * an external id) also after failures that may have come after Salesforce processed them.
 */
export function retriesNow(error: ConnectorError, idempotent: boolean): boolean {
  if (error.code === 'REQUEST_LIMIT_EXCEEDED') return !isDailyLimit(error);
  return REFUSED_FOR_NOW.has(error.code) || (idempotent && MAYBE_PROCESSED.has(error.code));
}

/** A ConnectorError for a Salesforce error code and the org's message about it. */
export function salesforceError(errorCode: string, message: string, cause?: unknown): ConnectorError {
  const known = KNOWN[errorCode];
  return new ConnectorError(errorCode, known ? `${known.summary}: ${message}` : message, {
    actions: known?.actions ?? [],
    retryable: known?.retryable ?? false,
    cause
  });
}

function networkCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Translates whatever jsforce or the network threw; `doing` says what the connector was doing ("querying Lead"). */
export function fromSalesforce(error: unknown, doing: string): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const network = networkCode(error);
  if (network)
    return salesforceError(
      CONNECTION_LOST.has(network) ? 'SALESFORCE_CONNECTION_LOST' : 'SALESFORCE_UNREACHABLE',
      `${network} while ${doing}`,
      error
    );
  const errorCode = (error as { errorCode?: unknown } | null)?.errorCode;
  if (typeof errorCode === 'string' && errorCode !== '')
    return salesforceError(errorCode, `${message} (while ${doing})`, error);
  const fault = /^([A-Z][A-Z_]+[A-Z]):\s*(.*)$/s.exec(message);
  if (fault?.[1] && fault[2] !== undefined)
    return salesforceError(fault[1], `${fault[2]} (while ${doing})`, error);
  return new ConnectorError('SALESFORCE_ERROR', `${message} (while ${doing})`, { cause: error });
}
