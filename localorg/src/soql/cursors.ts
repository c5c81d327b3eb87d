// Server-side query cursors behind nextRecordsUrl. A cursor keeps the records the query
// produced when it ran (a snapshot, as a real cursor reads a consistent result), belongs to
// the user who ran it, and is dropped after 15 idle minutes or when too many are open, after
// which its locator is INVALID_QUERY_LOCATOR.
import { randomInt } from 'node:crypto';
import { ApiError } from '../api/errors.ts';
import type { ApiRecord, QueryResult } from './types.ts';

const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export interface CursorOptions {
  clock: () => Date;
  idleMillis?: number;
  maxCursors?: number;
}

interface Cursor {
  userId: string;
  records: ApiRecord[];
  lastUsed: number;
}

const invalidLocator = (): ApiError => new ApiError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');

export class CursorStore {
  private readonly cursors = new Map<string, Cursor>();
  private readonly clock: () => Date;
  private readonly idleMillis: number;
  private readonly maxCursors: number;

  constructor(options: CursorOptions) {
    this.clock = options.clock;
    this.idleMillis = options.idleMillis ?? 15 * 60_000;
    this.maxCursors = options.maxCursors ?? 200;
  }

  private now(): number {
    return this.clock().getTime();
  }

  private evict(): void {
    const now = this.now();
    for (const [id, cursor] of this.cursors) {
      if (now - cursor.lastUsed > this.idleMillis) this.cursors.delete(id);
    }
    // Map order is insertion order and every use re-inserts, so the first is the least recently used.
    while (this.cursors.size >= this.maxCursors) {
      const oldest = this.cursors.keys().next().value as string;
      this.cursors.delete(oldest);
    }
  }

  /**
   * The first page of `records`; when more remain, a cursor keeps them and the page's
   * nextRecordsUrl points at the next one.
   */
  firstPage(records: ApiRecord[], userId: string, pageSize: number, apiVersion: string): QueryResult {
    if (records.length <= pageSize) return { totalSize: records.length, done: true, records };
    this.evict();
    // Query locators look like Salesforce's: an 01g-prefixed Id.
    let id = '01g';
    for (let i = 0; i < 15; i++) id += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
    this.cursors.set(id, { userId, records, lastUsed: this.now() });
    return this.page(id, 0, pageSize, apiVersion);
  }

  /** The page at a locator (`<cursorId>-<offset>`) from a nextRecordsUrl. */
  more(locator: string, userId: string, pageSize: number, apiVersion: string): QueryResult {
    this.evict();
    const match = /^(\w+)-(\d+)$/.exec(locator);
    const cursor = match && this.cursors.get(match[1] as string);
    if (!match || !cursor || cursor.userId !== userId) throw invalidLocator();
    const offset = Number(match[2]);
    if (offset >= cursor.records.length) throw invalidLocator();
    return this.page(match[1] as string, offset, pageSize, apiVersion);
  }

  private page(id: string, offset: number, pageSize: number, apiVersion: string): QueryResult {
    const cursor = this.cursors.get(id) as Cursor;
    this.cursors.delete(id);
    cursor.lastUsed = this.now();
    this.cursors.set(id, cursor);
    const end = offset + pageSize;
    const done = end >= cursor.records.length;
    // Keys in the order Salesforce sends them.
    return {
      totalSize: cursor.records.length,
      done,
      ...(done ? {} : { nextRecordsUrl: `/services/data/v${apiVersion}/query/${id}-${end}` }),
      records: cursor.records.slice(offset, end)
    };
  }
}
