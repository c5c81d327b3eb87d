// The browser half of the local org's Lightning Data Service. Wire adapters here behave as
// LDS's do (see @luvio/lwc-luvio): they emit { data: undefined, error: undefined } when
// created, fetch once both connected and configured, share one cached response per
// configuration, emit deeply frozen data, and re-emit when a record they show changes,
// and related lists also when a record under their parent is written.
// Errors arrive as LDS's FetchResponse: { status, statusText, ok: false, headers, body }.

const settings = () => globalThis.__LOCAL_ORG__ || {};

export function apiVersion() {
  return settings().apiVersion || '62.0';
}

export function uiApiPath(path) {
  return `/services/data/v${apiVersion()}/ui-api${path}`;
}

/** A REST resource under /services/data/vXX.X (the GraphQL API lives beside the UI API). */
export function dataApiPath(path) {
  return `/services/data/v${apiVersion()}${path}`;
}

export function deepFreeze(value) {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze(value[key]);
  }
  return value;
}

function fetchResponse(status, statusText, body) {
  return deepFreeze({ status, statusText, ok: false, headers: {}, body });
}

/** Calls the UI API with the page's session cookie; rejects with a FetchResponse. */
export function uiApiRequest(method, path, body, headers = {}) {
  return dataApiRequest(method, `/ui-api${path}`, body, headers);
}

/** Calls a resource under /services/data/vXX.X with the page's session cookie; rejects with a FetchResponse. */
export async function dataApiRequest(method, path, body, headers = {}) {
  let response;
  try {
    response = await fetch(dataApiPath(path), {
      method,
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers
      },
      body: body === undefined ? undefined : JSON.stringify(body)
    });
  } catch (error) {
    throw fetchResponse(0, 'Network Error', {
      message: error && error.message ? error.message : String(error)
    });
  }
  const text = await response.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = { message: text };
  }
  if (!response.ok) throw fetchResponse(response.status, response.statusText, parsed);
  return parsed;
}

/** 15- and 18-character forms of an Id name the same record. */
export function sameRecordKey(id) {
  return typeof id === 'string' ? id.slice(0, 15) : '';
}

const ID_PATTERN = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

export function isRecordId(value) {
  return typeof value === 'string' && ID_PATTERN.test(value);
}

/** Every record Id a response holds, so that a change to any of them refreshes it. */
function recordIdsIn(value, into = new Set()) {
  if (Array.isArray(value)) {
    for (const item of value) recordIdsIn(item, into);
  } else if (value && typeof value === 'object') {
    if (typeof value.apiName === 'string' && isRecordId(value.id)) into.add(sameRecordKey(value.id));
    for (const key of Object.keys(value)) recordIdsIn(value[key], into);
  }
  return into;
}

const TTL_MS = 30000;

class CacheEntry {
  constructor(load, extraRecordIds, parentRecordIds) {
    this.load = load;
    this.extraRecordIds = extraRecordIds.map(sameRecordKey);
    /** For related lists: the records whose children they list. */
    this.parentRecordIds = new Set(parentRecordIds.map(sameRecordKey));
    this.state = undefined;
    this.settledAt = 0;
    this.pending = undefined;
    this.recordIds = new Set(this.extraRecordIds);
    this.subscribers = new Set();
  }

  fetch() {
    if (!this.pending) {
      this.pending = this.load().then(
        (data) => this.settle({ data: deepFreeze(data), error: undefined }),
        (error) => this.settle({ data: undefined, error: deepFreeze(error) })
      );
    }
    return this.pending;
  }

  /** Fetches again after whatever fetch is under way, which may have started before a change. */
  refetch() {
    return this.pending ? this.pending.then(() => this.fetch()) : this.fetch();
  }

  /** LDS keeps UI API responses for 30 seconds before it asks the server again. */
  expired() {
    return Date.now() - this.settledAt > TTL_MS;
  }

  settle(state) {
    this.pending = undefined;
    this.settledAt = Date.now();
    this.state = deepFreeze(state);
    this.recordIds = recordIdsIn(state.data, new Set(this.extraRecordIds));
    for (const subscriber of [...this.subscribers]) subscriber(this.state);
  }

  subscribe(subscriber) {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }
}

const cache = new Map();
const entryOfPayload = new WeakMap();

function cacheEntry(key, load, recordIds, parentRecordIds) {
  let entry = cache.get(key);
  if (!entry) {
    entry = new CacheEntry(load, recordIds, parentRecordIds);
    cache.set(key, entry);
  }
  return entry;
}

/**
 * A wire adapter class for one UI API resource.
 * `spec.request(config)` returns { key, load, recordIds, parentRecordIds } or null when the
 * config is not (yet) complete, in which case nothing is fetched, as LDS does for missing
 * parameters. recordIds are records the response depends on beyond those it holds;
 * parentRecordIds make it a list of those records' children, refreshed when one is written.
 */
export function createLdsWireAdapter(name, spec) {
  const Adapter = class {
    constructor(callback) {
      this.callback = callback;
      this.connected = false;
      this.config = undefined;
      this.unsubscribe = undefined;
      this.emit({ data: undefined, error: undefined });
    }

    connect() {
      this.connected = true;
      this.start();
    }

    disconnect() {
      this.stop();
      this.connected = false;
    }

    update(config) {
      this.stop();
      this.config = config;
      this.start();
    }

    start() {
      if (!this.connected || this.config === undefined) return;
      const request = spec.request(this.config);
      if (!request) return;
      const entry = cacheEntry(
        `${name}:${request.key}`,
        request.load,
        request.recordIds || [],
        request.parentRecordIds || []
      );
      this.unsubscribe = entry.subscribe((state) => this.emit(state, entry));
      if (entry.state) this.emit(entry.state, entry);
      if (!entry.state || entry.expired()) entry.fetch();
    }

    stop() {
      if (this.unsubscribe) this.unsubscribe();
      this.unsubscribe = undefined;
    }

    emit(state, entry) {
      // Most adapters emit { data, error }; spec.payload lets one shape its own (GraphQL's { data, errors }).
      const payload = spec.payload ? spec.payload(state) : { data: state.data, error: state.error };
      if (entry) entryOfPayload.set(payload, entry);
      this.callback(payload);
    }
  };
  Object.defineProperty(Adapter, 'name', { value: name });
  return Adapter;
}

/**
 * Re-fetches every cached response that shows one of the records, and every related list
 * under one of the parents; resolves when all have arrived. Responses no wire shows any
 * more are dropped instead, so that the next wire asks the server.
 */
export function refreshRecords(recordIds, parentRecordIds = []) {
  const keys = new Set(recordIds.map(sameRecordKey));
  const parents = new Set(parentRecordIds.map(sameRecordKey));
  const refetches = [];
  for (const [key, entry] of cache) {
    const affected =
      [...entry.recordIds].some((id) => keys.has(id)) ||
      [...entry.parentRecordIds].some((id) => parents.has(id));
    if (!affected) continue;
    if (entry.subscribers.size > 0) refetches.push(entry.refetch());
    else cache.delete(key);
  }
  return Promise.all(refetches).then(() => undefined);
}

/** refresh(wiredValue): re-fetches the response a wire emitted. */
export function refreshWiredValue(wiredValue) {
  const entry = wiredValue && entryOfPayload.get(wiredValue);
  if (!entry) return Promise.resolve(undefined);
  return entry.refetch().then(() => undefined);
}

/** 'Account.Name' or { objectApiName: 'Account', fieldApiName: 'Name' } → 'Account.Name'. */
export function qualifiedFieldName(value) {
  if (typeof value === 'string') return value;
  if (value && typeof value.objectApiName === 'string' && typeof value.fieldApiName === 'string') {
    return `${value.objectApiName}.${value.fieldApiName}`;
  }
  return undefined;
}

/** A list of field names from strings, FieldIds or arrays of either; undefined when any is invalid. */
export function fieldNameList(value) {
  if (value === undefined || value === null) return [];
  const names = (Array.isArray(value) ? value : [value]).map(qualifiedFieldName);
  return names.every((n) => typeof n === 'string' && n.includes('.')) ? names : undefined;
}

export function objectApiNameOf(value) {
  if (typeof value === 'string') return value;
  if (value && typeof value.objectApiName === 'string') return value.objectApiName;
  return undefined;
}

export function queryString(params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (Array.isArray(value) ? value.length > 0 : value !== undefined && value !== null) {
      query.set(key, Array.isArray(value) ? value.join(',') : String(value));
    }
  }
  const text = query.toString();
  return text ? `?${text}` : '';
}
