// Batch saves with the result shapes of sObject Collections and the all-or-none rule:
// with allOrNone, one failure rolls back every record and the others report
// ALL_OR_NONE_OPERATION_ROLLED_BACK; without it, each record saves on its own.
import type { RecordErrorItem } from '../store/coerce.ts';
import type { Db } from '../store/db.ts';
import { DmlError } from '../store/records.ts';
import { ApiError } from './errors.ts';

export interface SaveResult {
  id: string | null;
  success: boolean;
  errors: RecordErrorItem[];
  created?: boolean;
}

export const MAX_COLLECTION_SIZE = 200;

const ROLLED_BACK: RecordErrorItem = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: []
};

class RollBack extends Error {}

export function errorItems(error: unknown): RecordErrorItem[] {
  if (error instanceof DmlError) return error.items;
  if (error instanceof ApiError)
    return [{ statusCode: error.errorCode, message: error.message, fields: error.fields }];
  throw error;
}

/**
 * Runs one save per item; `save` returns the saved record's id (and whether it was
 * created). It must write through the connection it is given: under allOrNone that is
 * the one transaction all records share.
 */
export async function saveAll<T>(
  db: Db,
  items: T[],
  allOrNone: boolean,
  save: (item: T, connection: Db) => Promise<{ id: string; created?: boolean }>
): Promise<SaveResult[]> {
  const run = async (connection: Db): Promise<SaveResult[]> => {
    const results: SaveResult[] = [];
    for (const item of items) {
      try {
        const saved = await save(item, connection);
        results.push({
          id: saved.id,
          success: true,
          errors: [],
          ...(saved.created === undefined ? {} : { created: saved.created })
        });
      } catch (error) {
        results.push({ id: null, success: false, errors: errorItems(error) });
      }
    }
    return results;
  };
  if (!allOrNone) return run(db);
  let results: SaveResult[] = [];
  try {
    await db.transaction(async (tx) => {
      results = await run(tx);
      if (results.some((r) => !r.success)) throw new RollBack();
    });
    return results;
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
    return results.map((r) => (r.success ? { id: null, success: false, errors: [ROLLED_BACK] } : r));
  }
}
