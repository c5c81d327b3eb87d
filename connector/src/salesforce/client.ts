// The connector's only door to Salesforce, and the only module that imports jsforce.
// An authenticator (auth.ts, sfCli.ts, or SOAP login here) gets a session; jsforce carries the
// HTTP with it and, when Salesforce rejects it mid-run, asks for a new one once and retries the
// call. This module decides which REST resources are called, so that every call is counted by
// kind, every error is translated once (salesforce/errors.ts) and behaviour does not shift with
// jsforce versions (jsforce 3 switched array upserts from one request per record to sObject
// Collections in a minor release).
import { Connection } from 'jsforce';
import { HttpApi } from 'jsforce/lib/http-api.js';
import type { Config, SalesforceSettings } from '../config.ts';
import { ConnectorError } from '../errors.ts';
import type { SObjectDescribe } from '../engine/describe.ts';
import type { Logger } from '../logger.ts';
import { tokenAuthenticator, type Authenticator, type Identity, type Session } from './auth.ts';
import { fromSalesforce, isDailyLimit, retriesNow, salesforceError } from './errors.ts';
import {
  ApiAllowance,
  backoffDelay,
  DEFAULT_RETRY,
  limitReached,
  parseLimitInfo,
  type ApiUsage,
  type RetryPolicy
} from './resilience.ts';
import { sfCliAuthenticator } from './sfCli.ts';
import { bulkQueryPages, type BulkQueryOptions, type BulkRow } from './bulk2.ts';

export type { Identity } from './auth.ts';

export const API_CALL_KINDS = [
  'login',
  'query',
  'queryMore',
  'describe',
  'composite',
  'action',
  'bulk'
] as const;
export type ApiCallKind = (typeof API_CALL_KINDS)[number];
export type ApiCalls = Record<ApiCallKind, number>;

/** sObject Collections take at most 200 records per request. */
export const COLLECTION_LIMIT = 200;

export type SObjectRecord = Record<string, unknown>;

export interface RecordError {
  code: string;
  message: string;
  fields: string[];
}

/** The result for one record of a collection call, in the order the records were given. */
export interface SaveOutcome {
  /** What identifies the record in logs: its Id, its external id, or its position. */
  ref: string;
  success: boolean;
  id: string | null;
  /** For upserts: whether the record was created rather than updated. */
  created: boolean;
  errors: RecordError[];
}

/** One input's result from an invocable action, in the order the inputs were given. */
export interface ActionOutcome {
  success: boolean;
  errors: RecordError[];
  outputValues: Record<string, unknown> | null;
}

/** What a sync run uses. Describe results are cached for the run; apiCalls() counts the run's calls. */
export interface SalesforceApi {
  identity(): Promise<Identity>;
  /** Every record the query matches, following nextRecordsUrl page by page. */
  query<T extends SObjectRecord = SObjectRecord>(soql: string): Promise<T[]>;
  /** As query, through /queryAll: deleted records (IsDeleted = true) too, for incremental sync. */
  queryAll<T extends SObjectRecord = SObjectRecord>(soql: string): Promise<T[]>;
  describe(object: string): Promise<SObjectDescribe>;
  create(object: string, records: readonly SObjectRecord[]): Promise<SaveOutcome[]>;
  /** Records carry their Id. */
  update(object: string, records: readonly SObjectRecord[]): Promise<SaveOutcome[]>;
  /** Creates or updates by an external id field, which every record must carry. */
  upsert(object: string, externalIdField: string, records: readonly SObjectRecord[]): Promise<SaveOutcome[]>;
  /** Deletes records by Id, up to 200 a call, each on its own (allOrNone=false). */
  remove(ids: readonly string[]): Promise<SaveOutcome[]>;
  /** Invokes a standard invocable action (emailSimple…) with one input per item, in one call. */
  invokeAction(action: string, inputs: readonly Record<string, unknown>[]): Promise<ActionOutcome[]>;
  /** Every record of a query through a Bulk API 2.0 job (salesforce/bulk2.ts), a results page at a time. */
  bulkQuery(soql: string, options: BulkQueryOptions): AsyncIterable<BulkRow[]>;
  apiCalls(): ApiCalls;
}

/** The `salesforce` settings of the configuration, and where to log. */
/** How the client spends the org's API requests; defaults suit production, tests pass their own sleep. */
export interface ClientTuning {
  /** Percent of the org's daily API allowance left for others: the client stops before using it (10 by default). */
  apiHeadroomPercent?: number;
  /** Retries of transient failures. */
  retry?: Partial<RetryPolicy>;
}

export type SalesforceClientOptions = SalesforceSettings & { logger: Logger } & ClientTuning;

interface QueryPage {
  done: boolean;
  nextRecordsUrl?: string;
  records: SObjectRecord[];
}

interface CollectionResult {
  id?: string | null;
  success: boolean;
  created?: boolean;
  errors?: { statusCode?: string; errorCode?: string; message?: string; fields?: string[] }[];
}

interface ActionResult {
  actionName?: string;
  isSuccess?: boolean;
  errors?: { statusCode?: string; message?: string; fields?: string[] }[] | null;
  outputValues?: Record<string, unknown> | null;
}

/** A REST call; `text` for answers that are not JSON, read with their headers. */
interface RestRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  body?: unknown;
  text?: true;
}

interface TextResponse {
  body: string;
  headers: Record<string, unknown>;
}

const VERB = { create: 'creating', update: 'updating', upsert: 'upserting', delete: 'deleting' } as const;

export function noApiCalls(): ApiCalls {
  return { login: 0, query: 0, queryMore: 0, describe: 0, composite: 0, action: 0, bulk: 0 };
}

/**
 * jsforce 3 retries GETs by itself after 5xx answers and network errors, sleeping up to 15 s
 * uncounted. Retries are decided in one place here (#request), counted, and bounded by the policy.
 */
const NO_JSFORCE_RETRIES = { retry: { maxRetries: 0 } };

const REFRESH_FAILED = /^Unable to refresh session/;
/** How the identity endpoints answer a session they do not accept. */
const BAD_TOKEN = /Bad_OAuth_Token/;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The client the configuration describes: its sign-in, API headroom and retry attempts. */
export function clientFromConfig(
  config: Pick<Config, 'salesforce' | 'api'>,
  logger: Logger
): SalesforceClient {
  return new SalesforceClient({
    ...config.salesforce,
    logger,
    apiHeadroomPercent: config.api.headroomPercent,
    retry: { maxAttempts: config.api.maxAttempts }
  });
}

export class SalesforceClient {
  readonly #options: SalesforceClientOptions;
  readonly #log: Logger;
  readonly #authenticator: Authenticator;
  readonly #calls: ApiCalls = noApiCalls();
  #connection: Connection | null = null;
  #session: Promise<Identity> | null = null;
  /** New sessions obtained since the last call Salesforce accepted: at most one per rejection. */
  #refreshes = 0;
  /** Why the last refresh failed; jsforce passes on only its message. */
  #refreshError: ConnectorError | null = null;
  readonly #retry: RetryPolicy;
  readonly #allowance: ApiAllowance;

  constructor(options: SalesforceClientOptions) {
    this.#options = options;
    this.#log = options.logger;
    this.#retry = { ...DEFAULT_RETRY, ...options.retry };
    this.#allowance = new ApiAllowance(options.apiHeadroomPercent ?? 10);
    this.#authenticator =
      options.auth === 'password'
        ? this.#soapLogin(options)
        : options.auth === 'sf-cli'
          ? sfCliAuthenticator(options.targetOrg)
          : tokenAuthenticator(options);
  }

  /** Calls since the client was created, by kind. */
  apiCalls(): ApiCalls {
    return { ...this.#calls };
  }

  /** The org's API usage as Salesforce last reported it (Sforce-Limit-Info); null before the first call. */
  apiUsage(): ApiUsage | null {
    return this.#allowance.usage();
  }

  /** A view for one sync run: its own describe cache, and call counts from now on. */
  forRun(): SalesforceApi {
    const start = this.apiCalls();
    const describes = new Map<string, Promise<SObjectDescribe>>();
    this.#refreshes = 0;
    this.#allowance.forget();
    return {
      identity: () => this.#signIn(),
      query: (soql) => this.#query(soql, '/query'),
      queryAll: (soql) => this.#query(soql, '/queryAll'),
      describe: (object) => {
        const key = object.toLowerCase();
        const cached = describes.get(key) ?? this.#describe(object);
        describes.set(key, cached);
        cached.catch(() => describes.delete(key));
        return cached;
      },
      create: (object, records) => this.#collection('create', object, null, records),
      update: (object, records) => this.#collection('update', object, null, records),
      upsert: (object, field, records) => this.#collection('upsert', object, field, records),
      remove: (ids) => this.#remove(ids),
      invokeAction: (action, inputs) => this.#invokeAction(action, inputs),
      bulkQuery: (soql, options) => this.#bulkQuery(soql, options),
      apiCalls: () => {
        const now = this.apiCalls();
        return Object.fromEntries(API_CALL_KINDS.map((kind) => [kind, now[kind] - start[kind]])) as ApiCalls;
      }
    };
  }

  /** Ends the session, if there is one and it is the connector's own (not the sf CLI's, not a given token). */
  async close(): Promise<void> {
    const connection = this.#connection;
    this.#session = null;
    this.#connection = null;
    if (!connection || !this.#authenticator.ownsSession) return;
    try {
      await connection.logout();
    } catch (error) {
      // Nothing depends on it: an abandoned session simply times out.
      this.#log.debug({ code: fromSalesforce(error, 'signing out').code }, 'Salesforce sign-out failed');
    }
  }

  /** SOAP login(): the local org and sandboxes; gone from API version 65.0, retired in Summer '27. */
  #soapLogin(options: Extract<SalesforceClientOptions, { auth: 'password' }>): Authenticator {
    const { loginUrl, apiVersion, username, password } = options;
    const signIn = async (): Promise<Session> => {
      const connection = new Connection({ loginUrl, version: apiVersion });
      try {
        const info = await connection.login(username, password);
        return {
          accessToken: connection.accessToken ?? '',
          instanceUrl: connection.instanceUrl,
          identity: { userId: info.id, organizationId: info.organizationId },
          soap: true
        };
      } catch (error) {
        throw fromSalesforce(error, `signing in to ${loginUrl} as ${username}`);
      }
    };
    return {
      flow: 'password',
      about: { loginUrl, username },
      signIn,
      refresh: signIn,
      ownsSession: true,
      sessionRejected: (cause) => cause
    };
  }

  #signIn(): Promise<Identity> {
    this.#session ??= (async () => {
      // Signing in again is harmless, so a dropped connection or a busy server is retried.
      const session = await this.#retrying('login', 'signing in', true, () => this.#authenticator.signIn());
      const connection = this.#connect(session);
      const identity = session.identity ?? (await this.#identityOf(connection));
      this.#connection = connection;
      this.#log.info(
        { auth: this.#authenticator.flow, ...this.#authenticator.about, instanceUrl: session.instanceUrl },
        'signed in to Salesforce'
      );
      return identity;
    })();
    this.#session.catch(() => {
      this.#session = null;
    });
    return this.#session;
  }

  /** A jsforce connection on the session, which asks for a new session when Salesforce rejects it. */
  #connect(session: Session): Connection {
    const refresh = this.#authenticator.refresh;
    return new Connection({
      version: this.#options.apiVersion,
      loginUrl: this.#options.loginUrl,
      instanceUrl: session.instanceUrl,
      ...(session.soap ? { sessionId: session.accessToken } : { accessToken: session.accessToken }),
      ...(refresh
        ? {
            refreshFn: (connection, callback) => {
              void this.#refresh(refresh, connection).then(
                (token) => callback(null, token),
                (error: ConnectorError) => {
                  this.#refreshError = error;
                  callback(error);
                }
              );
            }
          }
        : {})
    });
  }

  /** Signs in again once after Salesforce rejected the session; a second rejection in a row is final. */
  async #refresh(refresh: () => Promise<Session>, connection: Connection): Promise<string> {
    if (this.#refreshes > 0)
      throw this.#authenticator.sessionRejected(
        new ConnectorError(
          'INVALID_SESSION_ID',
          'Salesforce rejected the session the connector had just signed in with',
          {
            actions: [
              "Check the connected app's session policies and IP relaxation, and that the connector's user has the API Enabled permission."
            ]
          }
        )
      );
    this.#refreshes++;
    this.#calls.login++;
    this.#log.info({ auth: this.#authenticator.flow }, 'Salesforce rejected the session; signing in again');
    const session = await refresh();
    connection.instanceUrl = session.instanceUrl;
    this.#log.info('Salesforce session refreshed');
    return session.accessToken;
  }

  /**
   * Who signed in, for flows whose sign-in does not say: the OpenID Connect UserInfo endpoint.
   * It answers a session it does not accept with 403 Bad_OAuth_Token rather than the 401 that
   * makes jsforce renew the session, so the renewal is asked for here.
   */
  async #identityOf(connection: Connection): Promise<Identity> {
    this.#calls.login++;
    const doing = 'reading who signed in (/services/oauth2/userinfo)';
    const ask = () =>
      this.#call<{ user_id?: string; organization_id?: string }>(connection, doing, {
        method: 'GET',
        url: '/services/oauth2/userinfo'
      });
    let info: { user_id?: string; organization_id?: string };
    try {
      info = await ask();
    } catch (error) {
      if (!(error instanceof ConnectorError && BAD_TOKEN.test(error.message))) throw error;
      const rejected = salesforceError('INVALID_SESSION_ID', error.message, error);
      const refresh = this.#authenticator.refresh;
      if (!refresh) throw this.#authenticator.sessionRejected(rejected);
      connection.accessToken = await this.#refresh(refresh, connection);
      try {
        info = await ask();
      } catch (again) {
        if (again instanceof ConnectorError && BAD_TOKEN.test(again.message))
          throw this.#authenticator.sessionRejected(
            salesforceError('INVALID_SESSION_ID', again.message, again)
          );
        throw again;
      }
    }
    if (!info.user_id || !info.organization_id)
      throw new ConnectorError(
        'UNEXPECTED_RESPONSE',
        'Salesforce did not say which user the session belongs to (/services/oauth2/userinfo).',
        { actions: ['Give the token the "id" or "openid" scope as well as "api".'] }
      );
    return { userId: info.user_id, organizationId: info.organization_id };
  }

  /**
   * One REST call with the session: refused while the daily allowance is at its headroom, and
   * retried after a pause when it fails in a passing way (idempotent calls also after failures
   * that may have come after Salesforce processed them). Every attempt counts as a call.
   */
  async #request<T>(kind: ApiCallKind, doing: string, request: RestRequest): Promise<T> {
    await this.#signIn();
    const connection = this.#connection;
    if (!connection) throw new ConnectorError('NOT_SIGNED_IN', `Signed out while ${doing}`);
    return this.#retrying(kind, doing, request.method !== 'POST', async () => {
      try {
        return await this.#call<T>(connection, doing, request);
      } finally {
        this.#readUsage(connection);
      }
    });
  }

  /**
   * Runs one call, counting every attempt and refusing it while the daily allowance is at its
   * headroom, and repeats it after a pause when it fails in a passing way (idempotent calls also after failures that may have come after Salesforce
   * processed them). The daily limit is never retried: the run stops there.
   */
  async #retrying<T>(
    kind: ApiCallKind,
    doing: string,
    idempotent: boolean,
    attempt: () => Promise<T>
  ): Promise<T> {
    for (let count = 1; ; count++) {
      this.#allowance.check(doing);
      this.#calls[kind]++;
      try {
        return await attempt();
      } catch (error) {
        const failure = ConnectorError.from(error);
        if (isDailyLimit(failure)) {
          const usage = this.#allowance.usage();
          throw limitReached(usage, usage && this.#allowance.headroom(usage.limit), doing, failure);
        }
        if (count >= this.#retry.maxAttempts || !retriesNow(failure, idempotent)) throw failure;
        const delay = backoffDelay(count, this.#retry);
        this.#log.warn(
          { code: failure.code, attempt: count, delayMs: delay, kind },
          `retrying after ${failure.code}`
        );
        await this.#retry.sleep(delay);
      }
    }
  }

  /** jsforce keeps the last Sforce-Limit-Info it saw on the connection. */
  #readUsage(connection: Connection): void {
    const usage = (connection.limitInfo as { apiUsage?: { used?: unknown; limit?: unknown } } | undefined)
      ?.apiUsage;
    if (typeof usage?.used === 'number' && typeof usage.limit === 'number')
      this.#allowance.record({ used: usage.used, limit: usage.limit });
  }

  /** One call on the session; errors translated, and a session Salesforce rejected for good reported as such. */
  async #call<T>(connection: Connection, doing: string, request: RestRequest): Promise<T> {
    try {
      const result = request.text
        ? ((await this.#textCall(connection, request.url)) as T)
        : await connection.request<T>(
            {
              method: request.method,
              url: request.url,
              ...(request.body === undefined
                ? {}
                : { body: JSON.stringify(request.body), headers: { 'content-type': 'application/json' } })
            },
            NO_JSFORCE_RETRIES
          );
      this.#refreshes = 0;
      return result;
    } catch (error) {
      const refreshError = this.#refreshError;
      this.#refreshError = null;
      if (refreshError && error instanceof Error && REFRESH_FAILED.test(error.message)) throw refreshError;
      const mapped = fromSalesforce(error, doing);
      if (mapped.code === 'INVALID_SESSION_ID' && !this.#authenticator.refresh)
        throw this.#authenticator.sessionRejected(mapped);
      throw mapped;
    }
  }

  /**
   * A GET answered with text rather than JSON (Bulk API 2.0 CSV results), with the response
   * headers (Sforce-Locator), which connection.request does not pass on: jsforce's HttpApi,
   * on the same connection and so with the same session renewal.
   */
  async #textCall(connection: Connection, url: string): Promise<TextResponse> {
    const api = new HttpApi(connection, { responseType: 'text/plain', ...NO_JSFORCE_RETRIES });
    let headers: Record<string, unknown> = {};
    api.on('response', (response: { headers?: Record<string, unknown> }) => {
      headers = response.headers ?? {};
    });
    const body = await api.request<string>({ method: 'GET', url: connection._normalizeUrl(url) });
    const limitInfo = headers['sforce-limit-info'];
    const usage = parseLimitInfo(typeof limitInfo === 'string' ? limitInfo : null);
    if (usage) this.#allowance.record(usage);
    return { body: typeof body === 'string' ? body : '', headers };
  }

  /** A Bulk API 2.0 query job whose every call is counted (kind `bulk`), retried and stopped at the daily limit like any other. */
  #bulkQuery(soql: string, options: BulkQueryOptions): AsyncIterable<BulkRow[]> {
    this.#log.debug({ soql }, 'bulk query');
    return bulkQueryPages(
      {
        json: (doing, request) => this.#request('bulk', doing, request),
        text: (doing, url) => this.#request<TextResponse>('bulk', doing, { method: 'GET', url, text: true }),
        sleep: (ms) => this.#retry.sleep(ms),
        now: () => Date.now()
      },
      soql,
      options,
      this.#log
    );
  }

  async #query<T extends SObjectRecord>(soql: string, resource: '/query' | '/queryAll'): Promise<T[]> {
    this.#log.debug({ soql, resource }, 'query');
    const doing = `running ${soql.length > 200 ? `${soql.slice(0, 200)}…` : soql}`;
    let page = await this.#request<QueryPage>('query', doing, {
      method: 'GET',
      url: `${resource}?q=${encodeURIComponent(soql)}`
    });
    const records = [...page.records];
    while (!page.done && page.nextRecordsUrl) {
      page = await this.#request<QueryPage>('queryMore', doing, { method: 'GET', url: page.nextRecordsUrl });
      records.push(...page.records);
    }
    return records as T[];
  }

  async #describe(object: string): Promise<SObjectDescribe> {
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(object))
      throw new ConnectorError('INVALID_TYPE', `Not an object name: ${object}`);
    return this.#request<SObjectDescribe>('describe', `describing ${object}`, {
      method: 'GET',
      url: `/sobjects/${object}/describe`
    });
  }

  async #collection(
    operation: 'create' | 'update' | 'upsert',
    object: string,
    externalIdField: string | null,
    records: readonly SObjectRecord[]
  ): Promise<SaveOutcome[]> {
    const outcomes: SaveOutcome[] = [];
    const url = externalIdField ? `/composite/sobjects/${object}/${externalIdField}` : '/composite/sobjects';
    const method = operation === 'create' ? 'POST' : 'PATCH';
    for (const batch of chunks(records, COLLECTION_LIMIT)) {
      const results = await this.#retryLocked(batch, (sending) =>
        this.#request<CollectionResult[]>(
          'composite',
          `${VERB[operation]} ${sending.length} ${object} records`,
          {
            method,
            url,
            body: {
              allOrNone: false,
              records: sending.map((fields) => ({ attributes: { type: object }, ...fields }))
            }
          }
        )
      );
      batch.forEach((record, index) => {
        const ref = String(
          record.Id ?? (externalIdField ? record[externalIdField] : undefined) ?? `#${outcomes.length}`
        );
        outcomes.push(this.#outcome(object, operation, ref, results[index], record));
      });
      this.#logBatch(object, operation, batch.length, results);
    }
    return outcomes;
  }

  /**
   * Sends `batch` and sends again, after a pause, only the records Salesforce could not lock
   * (UNABLE_TO_LOCK_ROW: another transaction held them), up to the retry policy's attempts. The
   * others are done, saved or refused for good. Results come back in `batch` order.
   */
  async #retryLocked(
    batch: readonly SObjectRecord[],
    send: (records: readonly SObjectRecord[]) => Promise<CollectionResult[]>
  ): Promise<CollectionResult[]> {
    const results: CollectionResult[] = [];
    let pending = batch.map((record, index) => ({ record, index }));
    for (let attempt = 1; pending.length > 0; attempt++) {
      const answer = await send(pending.map((p) => p.record));
      pending.forEach((p, i) => {
        const result = answer[i];
        if (result) results[p.index] = result;
      });
      const locked = pending.filter((_, i) => {
        const errors = answer[i]?.errors ?? [];
        return (
          answer[i]?.success === false &&
          errors.length > 0 &&
          errors.every((e) => (e.statusCode ?? e.errorCode) === 'UNABLE_TO_LOCK_ROW')
        );
      });
      if (locked.length === 0 || attempt >= this.#retry.maxAttempts) break;
      const delay = backoffDelay(attempt, this.#retry);
      this.#log.warn(
        { records: locked.length, attempt, delayMs: delay },
        'retrying records Salesforce could not lock'
      );
      await this.#retry.sleep(delay);
      pending = locked;
    }
    return results;
  }

  /** DELETE /composite/sobjects?ids=…: up to 200 records of any objects a call. */
  async #remove(ids: readonly string[]): Promise<SaveOutcome[]> {
    const outcomes: SaveOutcome[] = [];
    for (const batch of chunks(ids, COLLECTION_LIMIT)) {
      for (const id of batch)
        if (!/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/.test(id))
          throw new ConnectorError('MALFORMED_ID', `Not a record Id: ${id}`);
      const url = `/composite/sobjects?ids=${batch.join(',')}&allOrNone=false`;
      const doing = `deleting ${batch.length} records`;
      const results = await this.#request<CollectionResult[]>('composite', doing, { method: 'DELETE', url });
      batch.forEach((id, index) =>
        outcomes.push(this.#outcome('record', 'delete', id, results[index], { Id: id }))
      );
      this.#logBatch('records', 'delete', batch.length, results);
    }
    return outcomes;
  }

  /**
   * POST /actions/standard/<action> with every input in one call. Salesforce answers with one
   * result per input; a failed input carries its errors and does not fail the others.
   */
  async #invokeAction(action: string, inputs: readonly Record<string, unknown>[]): Promise<ActionOutcome[]> {
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(action))
      throw new ConnectorError('INVALID_ACTION', `Not an action name: ${action}`);
    if (inputs.length === 0) return [];
    const results = await this.#request<ActionResult[]>(
      'action',
      `invoking ${action} for ${inputs.length} inputs`,
      {
        method: 'POST',
        url: `/actions/standard/${action}`,
        body: { inputs }
      }
    );
    if (!Array.isArray(results) || results.length !== inputs.length)
      throw new ConnectorError(
        'UNEXPECTED_RESPONSE',
        `Salesforce answered ${inputs.length} ${action} inputs with ${Array.isArray(results) ? results.length : 'no'} results.`
      );
    const outcomes = results.map((result) => ({
      success: result.isSuccess === true,
      errors: (result.errors ?? []).map((error) => ({
        code: error.statusCode ?? 'UNKNOWN_EXCEPTION',
        message: error.message ?? '',
        fields: error.fields ?? []
      })),
      outputValues: result.outputValues ?? null
    }));
    this.#log.info(
      { action, inputs: inputs.length, failed: outcomes.filter((o) => !o.success).length },
      'action invoked'
    );
    return outcomes;
  }

  #outcome(
    object: string,
    operation: keyof typeof VERB,
    ref: string,
    result: CollectionResult | undefined,
    record: SObjectRecord
  ): SaveOutcome {
    const errors = (result?.errors ?? []).map((error) => ({
      code: error.statusCode ?? error.errorCode ?? 'UNKNOWN_EXCEPTION',
      message: error.message ?? '',
      fields: error.fields ?? []
    }));
    const outcome: SaveOutcome = {
      ref,
      success: result?.success === true,
      id: result?.id ?? null,
      created: result?.created === true || (operation === 'create' && result?.success === true),
      errors: result
        ? errors
        : [{ code: 'NO_RESULT', message: 'Salesforce returned no result for this record', fields: [] }]
    };
    if (outcome.success)
      this.#log.debug({ object, operation, ref, id: outcome.id, created: outcome.created }, 'record saved');
    else this.#log.warn({ object, operation, ref, record, errors: outcome.errors }, 'record not saved');
    return outcome;
  }

  #logBatch(
    object: string,
    operation: keyof typeof VERB,
    records: number,
    results: CollectionResult[]
  ): void {
    this.#log.info(
      { object, operation, records, failed: records - results.filter((r) => r.success).length },
      'collection call'
    );
  }
}
