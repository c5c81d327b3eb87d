// Faults a test can make the org produce, as real orgs sometimes do: a record another
// transaction holds locked (UNABLE_TO_LOCK_ROW), a server that answers 503, a connection that
// drops. Off unless startLocalOrg is given hooks; each hook decides per call.
import type { RequestHandler } from 'express';
import type { RecordValues } from '../schema/types.ts';
import type { RecordStore } from '../store/records.ts';
import { ApiError } from './errors.ts';

export interface SaveAttempt {
  operation: 'create' | 'update' | 'upsert';
  object: string;
  /** The record's Id for updates, the external id value for upserts, null for creates. */
  ref: string | null;
  values: RecordValues;
}

/** A REST error to answer with, or `reset` to drop the connection without an answer. */
export type RequestFault = { status: number; errorCode: string; message: string } | { reset: true };

export interface LocalOrgFaults {
  /**
   * Asked before each record save. An error returned fails that save: inside sObject
   * Collections that one record, elsewhere the request.
   */
  recordSave?(attempt: SaveAttempt): { errorCode: string; message: string } | null;
  /** Asked before each REST API request (/services/data/...); a fault returned is what the caller gets. */
  request?(request: { method: string; path: string; url: string }): RequestFault | null;
}

/** The store with the recordSave hook in front of its saves. */
export function faultyRecords(records: RecordStore, faults: LocalOrgFaults): RecordStore {
  const check = (attempt: SaveAttempt): void => {
    const fault = faults.recordSave?.(attempt);
    if (fault) throw new ApiError(400, fault.errorCode, fault.message);
  };
  return {
    ...records,
    async create(object, values, user) {
      check({ operation: 'create', object, ref: null, values });
      return records.create(object, values, user);
    },
    async update(object, id, values, user) {
      check({ operation: 'update', object, ref: id, values });
      return records.update(object, id, values, user);
    },
    async upsert(object, field, value, values, user) {
      check({ operation: 'upsert', object, ref: value, values });
      return records.upsert(object, field, value, values, user);
    }
  };
}

/** Middleware answering REST API requests with the faults the request hook returns. */
export function requestFaults(faults: LocalOrgFaults): RequestHandler {
  return (req, res, next) => {
    const url = req.originalUrl;
    const fault = faults.request?.({ method: req.method, path: url.split('?')[0] ?? url, url });
    if (!fault) return next();
    if ('reset' in fault) {
      req.socket.destroy();
      return;
    }
    res.status(fault.status).json([{ message: fault.message, errorCode: fault.errorCode }]);
  };
}
