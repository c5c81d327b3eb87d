// Watching objects for changes through SystemModstamp watermarks. A scan asks for the records
// modified since the object's watermark, less an overlap margin for clock skew and late
// commits, through /queryAll so deleted records (IsDeleted = true) come back too, ordered by
// SystemModstamp and paged with nextRecordsUrl. A full scan reads every live record instead,
// to rebuild the memory from scratch.
//
// What the connector last saw of each record (its SystemModstamp, and the partner and date
// values that placed it in a bucket) is kept in the store: a record seen again with the same
// SystemModstamp (within the overlap) is no change, and a record that moved tells which bucket
// it left. Nothing is committed here; incremental.ts commits the scans' results once the run's
// writes succeeded.
//
// Plans, objectives and period targets are not scanned: every run reads them whole anyway
// (three queries), and incrementalScope.ts compares them by fingerprint, which, unlike their
// SystemModstamp, does not move when the connector itself writes actuals and progress.
import { DateTime } from 'luxon';
import type { Config } from '../config.ts';
import { soqlDateTime } from '../engine/dates.ts';
import type { RecordSourceMapping } from '../engine/model.ts';
import { ConnectorError } from '../errors.ts';
import type { SalesforceApi, SObjectRecord } from '../salesforce/client.ts';
import type { ConnectorStore, MemoryChange, RememberedRecord } from '../store/store.ts';

/** An object whose changes the sync watches. */
export interface WatchedObject {
  object: string;
  /** The partner and date fields of every mapping that reads the object. */
  partnerFields: readonly string[];
  dateFields: readonly string[];
}

/** One (object, partner, date) place a record sits in; objectives read the periods around such dates. */
export interface RecordBucket {
  object: string;
  partnerField: string;
  partnerId: string;
  dateField: string;
  /** The record's date value as Salesforce returned it: a date, or a datetime in UTC. */
  date: string;
}

/** What a scan of one object found. */
export interface ScanResult {
  object: string;
  /** Records that changed since the connector last saw them (deleted and undeleted ones included). */
  changed: number;
  /** Buckets the changed records left or entered. */
  dirty: RecordBucket[];
  memory: MemoryChange;
  /** The newest SystemModstamp seen, or the previous watermark when nothing newer came. */
  watermark: string | null;
}

/** The source objects of the record mappings, each once with all the partner and date fields read from it. */
export function watchedObjects(sources: Config['sources']): WatchedObject[] {
  const byObject = new Map<string, { partnerFields: Set<string>; dateFields: Set<string> }>();
  for (const mapping of Object.values(sources)) {
    if (!mapping || mapping.measure === 'manual') continue;
    const record = mapping as RecordSourceMapping;
    const entry = byObject.get(record.object) ?? { partnerFields: new Set(), dateFields: new Set() };
    entry.partnerFields.add(record.partnerField);
    entry.dateFields.add(record.dateField);
    byObject.set(record.object, entry);
  }
  return [...byObject].map(([object, fields]) => ({
    object,
    partnerFields: [...fields.partnerFields].sort(),
    dateFields: [...fields.dateFields].sort()
  }));
}

/** SystemModstamp as an instant, so that '…+0000' and '…Z' spellings compare equal. */
export function normalizeModstamp(value: unknown): string {
  const instant = typeof value === 'string' ? DateTime.fromISO(value, { zone: 'utc' }) : null;
  if (!instant?.isValid)
    throw new ConnectorError(
      'UNEXPECTED_RECORD',
      `A record's SystemModstamp is not a datetime: ${String(value)}`
    );
  return instant.toUTC().toISO() as string;
}

/**
 * The scan's SOQL. Incremental: records modified after the watermark less the overlap,
 * deleted ones included (the caller uses queryAll). Full: every live record, and for source
 * objects only those linked to a partner, since no objective reads the others.
 */
export function scanQuery(watched: WatchedObject, since: string | null, overlapSeconds: number): string {
  const fields = ['Id', 'SystemModstamp', ...watched.partnerFields, ...watched.dateFields];
  const conditions: string[] = [];
  if (since === null) {
    conditions.push(`(${watched.partnerFields.map((f) => `${f} != null`).join(' OR ')})`);
  } else {
    fields.splice(1, 0, 'IsDeleted');
    const from = DateTime.fromISO(since, { zone: 'utc' }).minus({ seconds: overlapSeconds });
    conditions.push(`SystemModstamp > ${soqlDateTime(from)}`);
  }
  const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
  return `SELECT ${fields.join(', ')} FROM ${watched.object}${where} ORDER BY SystemModstamp, Id`;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function bucketsOf(watched: WatchedObject, fields: Readonly<Record<string, string | null>>): RecordBucket[] {
  const buckets: RecordBucket[] = [];
  for (const partnerField of watched.partnerFields) {
    const partnerId = fields[partnerField] ?? null;
    if (partnerId === null) continue;
    for (const dateField of watched.dateFields) {
      const date = fields[dateField] ?? null;
      if (date !== null) buckets.push({ object: watched.object, partnerField, partnerId, dateField, date });
    }
  }
  return buckets;
}

/**
 * Compares the rows a scan returned with what the connector remembers of them. Pure. A full
 * scan (`full`) saw every live record: the memory is replaced by what it saw.
 */
export function compareScan(
  watched: WatchedObject,
  rows: readonly SObjectRecord[],
  remembered: ReadonlyMap<string, RememberedRecord>,
  previousWatermark: string | null,
  full: boolean
): ScanResult {
  const dirty = new Map<string, RecordBucket>();
  const addDirty = (buckets: readonly RecordBucket[]) => {
    for (const bucket of buckets) dirty.set(JSON.stringify(bucket), bucket);
  };
  const remember: RememberedRecord[] = [];
  const forget: string[] = [];
  let changed = 0;
  let watermark = previousWatermark;
  const fieldNames = [...watched.partnerFields, ...watched.dateFields];
  for (const row of rows) {
    const id = text(row.Id);
    if (id === null) continue;
    const modstamp = normalizeModstamp(row.SystemModstamp);
    if (watermark === null || modstamp > watermark) watermark = modstamp;
    // A full run recomputes everything: what was remembered does not matter, only what is.
    const before = full ? undefined : remembered.get(id);
    const deleted = row.IsDeleted === true;
    const fields = Object.fromEntries(fieldNames.map((name) => [name, text(row[name])]));
    const linked = watched.partnerFields.some((f) => fields[f] !== null);
    if (before && before.modstamp === modstamp && !deleted) continue;
    if (!before && (deleted || !linked)) continue;
    changed++;
    if (before) addDirty(bucketsOf(watched, before.fields));
    if (deleted || !linked) {
      forget.push(id);
      continue;
    }
    addDirty(bucketsOf(watched, fields));
    remember.push({ id, modstamp, fields });
  }
  return {
    object: watched.object,
    changed,
    dirty: [...dirty.values()],
    memory: { object: watched.object, replace: full, remember, forget },
    watermark
  };
}

/** Scans one watched object: its changes since the watermark, or (full) all its live records. */
export async function scanObject(
  sf: SalesforceApi,
  store: ConnectorStore,
  watched: WatchedObject,
  watermark: string | null,
  options: { full: boolean; overlapSeconds: number }
): Promise<ScanResult> {
  const since = options.full ? null : watermark;
  const soql = scanQuery(watched, since, options.overlapSeconds);
  // Without a watermark nothing is known yet, so deleted records have nothing to undo.
  const rows = since === null ? await sf.query(soql) : await sf.queryAll(soql);
  const ids = rows.map((row) => row.Id).filter((id): id is string => typeof id === 'string');
  const remembered = options.full ? new Map() : await store.remembered(watched.object, ids);
  return compareScan(watched, rows, remembered, options.full ? null : watermark, options.full);
}
