// The connector's only door to Salesforce, and the only module that imports jsforce.
// jsforce signs in (SOAP login, or whatever Connection is configured for), refreshes the
// session and carries the HTTP; this module decides which REST resources are called, so that
// every call is counted by kind, every error is translated once (salesforce/errors.ts) and
// behaviour does not shift with jsforce versions (jsforce 3 switched array upserts from one
// request per record to sObject Collections in a minor release).
import { Connection } from 'jsforce';
import { ConnectorError } from '../errors.ts';
import type { SObjectDescribe } from '../engine/describe.ts';
import type { Logger } from '../logger.ts';
import { fromSalesforce } from './errors.ts';

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

export interface Identity {
  userId: string;
  organizationId: string;
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

export interface SalesforceClientOptions {
  loginUrl: string;
  apiVersion: string;
  username: string;
  password: string;
  logger: Logger;
}

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

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export class SalesforceClient {
  readonly #options: SalesforceClientOptions;
  readonly #log: Logger;
  readonly #connection: Connection;
  readonly #calls: ApiCalls = noApiCalls();
  #session: Promise<Identity> | null = null;

  constructor(options: SalesforceClientOptions) {
    this.#options = options;
    this.#log = options.logger;
    this.#connection = new Connection({ loginUrl: options.loginUrl, version: options.apiVersion });
    // jsforce signs in again by itself when a session expires mid-run; that is an API call too.
    this.#connection.on('refresh', () => {
      this.#calls.login++;
      this.#log.info('Salesforce session refreshed');
    });
  }

  /** Calls since the client was created, by kind. */
  apiCalls(): ApiCalls {
    return { ...this.#calls };
  }

  /** A view for one sync run: its own describe cache, and call counts from now on. */
  forRun(): SalesforceApi {
    const start = this.apiCalls();
    const describes = new Map<string, Promise<SObjectDescribe>>();
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

  /** Ends the session, if there is one. */
  async close(): Promise<void> {
    if (!this.#session) return;
    this.#session = null;
    try {
      await this.#connection.logout();
    } catch (error) {
      // Nothing depends on it: an abandoned session simply times out.
      this.#log.debug({ code: fromSalesforce(error, 'signing out').code }, 'Salesforce sign-out failed');
    }
  }

  #signIn(): Promise<Identity> {
    this.#session ??= (async () => {
      this.#calls.login++;
      const { username, password, loginUrl } = this.#options;
      try {
        const info = await this.#connection.login(username, password);
        this.#log.info(
          { loginUrl, username, instanceUrl: this.#connection.instanceUrl },
          'signed in to Salesforce'
        );
        return { userId: info.id, organizationId: info.organizationId };
      } catch (error) {
        throw fromSalesforce(error, `signing in to ${loginUrl} as ${username}`);
      }
    })();
    this.#session.catch(() => {
      this.#session = null;
    });
    return this.#session;
  }

  async #request<T>(
    kind: ApiCallKind,
    doing: string,
    request: { method: 'GET' | 'POST' | 'PATCH'; url: string; body?: unknown }
  ): Promise<T> {
    await this.#signIn();
    this.#calls[kind]++;
    try {
      return await this.#connection.request<T>({
        method: request.method,
        url: request.url,
        ...(request.body === undefined
          ? {}
          : { body: JSON.stringify(request.body), headers: { 'content-type': 'application/json' } })
      });
    } catch (error) {
      throw fromSalesforce(error, doing);
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
