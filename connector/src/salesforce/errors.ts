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
  'Check SF_USERNAME and SF_PASSWORD (append the security token if the org requires one) and SF_LOGIN_URL (https://test.salesforce.com for sandboxes).';
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
  }
};

/**
 * Sign-in failures that repeat until someone changes the configuration. Retrying them on a
 * schedule only counts towards the user's lockout after repeated failed logins.
 */
export const CREDENTIAL_ERRORS: ReadonlySet<string> = new Set([
  'INVALID_LOGIN',
  'LOGIN_MUST_USE_SECURITY_TOKEN'
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
  if (network) return salesforceError('SALESFORCE_UNREACHABLE', `${network} while ${doing}`, error);
  const errorCode = (error as { errorCode?: unknown } | null)?.errorCode;
  if (typeof errorCode === 'string' && errorCode !== '')
    return salesforceError(errorCode, `${message} (while ${doing})`, error);
  const fault = /^([A-Z][A-Z_]+[A-Z]):\s*(.*)$/s.exec(message);
  if (fault?.[1] && fault[2] !== undefined)
    return salesforceError(fault[1], `${fault[2]} (while ${doing})`, error);
  return new ConnectorError('SALESFORCE_ERROR', `${message} (while ${doing})`, { cause: error });
}
