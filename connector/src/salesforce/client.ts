// The connector's only door to Salesforce, and the only module that imports jsforce.
// An authenticator (auth.ts, sfCli.ts, or SOAP login here) gets a session; jsforce carries the
// HTTP with it and, when Salesforce rejects it mid-run, asks for a new one once and retries the
// call. This module decides which REST resources are called, so that every call is counted by
// kind, every error is translated once (salesforce/errors.ts) and behaviour does not shift with
// jsforce versions (jsforce 3 switched array upserts from one request per record to sObject
// Collections in a minor release).
import { Connection } from 'jsforce';
import type { SalesforceSettings } from '../config.ts';
import { ConnectorError } from '../errors.ts';
import type { SObjectDescribe } from '../engine/describe.ts';
import type { Logger } from '../logger.ts';
import { tokenAuthenticator, type Authenticator, type Identity, type Session } from './auth.ts';
import { fromSalesforce, salesforceError } from './errors.ts';
import { sfCliAuthenticator } from './sfCli.ts';

export type { Identity } from './auth.ts';

export const API_CALL_KINDS = ['login', 'query', 'queryMore', 'describe', 'composite'] as const;
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

/** What a sync run uses. Describe results are cached for the run; apiCalls() counts the run's calls. */
export interface SalesforceApi {
  identity(): Promise<Identity>;
  /** Every record the query matches, following nextRecordsUrl page by page. */
  query<T extends SObjectRecord = SObjectRecord>(soql: string): Promise<T[]>;
  describe(object: string): Promise<SObjectDescribe>;
  create(object: string, records: readonly SObjectRecord[]): Promise<SaveOutcome[]>;
  /** Records carry their Id. */
  update(object: string, records: readonly SObjectRecord[]): Promise<SaveOutcome[]>;
  /** Creates or updates by an external id field, which every record must carry. */
  upsert(object: string, externalIdField: string, records: readonly SObjectRecord[]): Promise<SaveOutcome[]>;
  apiCalls(): ApiCalls;
}

/** The `salesforce` settings of the configuration, and where to log. */
export type SalesforceClientOptions = SalesforceSettings & { logger: Logger };

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

const VERB = { create: 'creating', update: 'updating', upsert: 'upserting' } as const;

export function noApiCalls(): ApiCalls {
  return { login: 0, query: 0, queryMore: 0, describe: 0, composite: 0 };
}

const REFRESH_FAILED = /^Unable to refresh session/;
/** How the identity endpoints answer a session they do not accept. */
const BAD_TOKEN = /Bad_OAuth_Token/;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
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

  constructor(options: SalesforceClientOptions) {
    this.#options = options;
    this.#log = options.logger;
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

  /** A view for one sync run: its own describe cache, and call counts from now on. */
  forRun(): SalesforceApi {
    const start = this.apiCalls();
    const describes = new Map<string, Promise<SObjectDescribe>>();
    this.#refreshes = 0;
    return {
      identity: () => this.#signIn(),
      query: (soql) => this.#query(soql),
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
      this.#calls.login++;
      const session = await this.#authenticator.signIn();
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

  async #request<T>(
    kind: ApiCallKind,
    doing: string,
    request: { method: 'GET' | 'POST' | 'PATCH'; url: string; body?: unknown }
  ): Promise<T> {
    await this.#signIn();
    const connection = this.#connection;
    if (!connection) throw new ConnectorError('NOT_SIGNED_IN', `Signed out while ${doing}`);
    this.#calls[kind]++;
    return this.#call<T>(connection, doing, request);
  }

  /** One call on the session; errors translated, and a session Salesforce rejected for good reported as such. */
  async #call<T>(
    connection: Connection,
    doing: string,
    request: { method: 'GET' | 'POST' | 'PATCH'; url: string; body?: unknown }
  ): Promise<T> {
    try {
      const result = await connection.request<T>({
        method: request.method,
        url: request.url,
        ...(request.body === undefined
          ? {}
          : { body: JSON.stringify(request.body), headers: { 'content-type': 'application/json' } })
      });
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

  async #query<T extends SObjectRecord>(soql: string): Promise<T[]> {
    this.#log.debug({ soql }, 'query');
    const doing = `running ${soql.length > 200 ? `${soql.slice(0, 200)}…` : soql}`;
    let page = await this.#request<QueryPage>('query', doing, {
      method: 'GET',
      url: `/query?q=${encodeURIComponent(soql)}`
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
    for (const batch of chunks(records, COLLECTION_LIMIT)) {
      const body = {
        allOrNone: false,
        records: batch.map((fields) => ({ attributes: { type: object }, ...fields }))
      };
      const url = externalIdField
        ? `/composite/sobjects/${object}/${externalIdField}`
        : '/composite/sobjects';
      const method = operation === 'create' ? 'POST' : 'PATCH';
      const doing = `${VERB[operation]} ${batch.length} ${object} records`;
      const results = await this.#request<CollectionResult[]>('composite', doing, { method, url, body });
      batch.forEach((record, index) => {
        const result = results[index];
        const ref = String(
          record.Id ?? (externalIdField ? record[externalIdField] : undefined) ?? `#${outcomes.length}`
        );
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
          this.#log.debug(
            { object, operation, ref, id: outcome.id, created: outcome.created },
            'record saved'
          );
        else this.#log.warn({ object, operation, ref, record, errors: outcome.errors }, 'record not saved');
        outcomes.push(outcome);
      });
      this.#log.info(
        {
          object,
          operation,
          records: batch.length,
          failed: batch.length - results.filter((r) => r.success).length
        },
        'collection call'
      );
    }
    return outcomes;
  }
}
