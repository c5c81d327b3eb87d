// sObject Tree: nested parent and child records saved together, all or nothing, as
// `sf data tree import` sends them. Children name their parent through the child
// relationship (Business_Plan__c → Plan_Objectives__r); the link field is filled in here.
import type { ObjectDef, RecordValues, Schema } from '../schema/types.ts';
import type { SessionUser } from '../session.ts';
import type { RecordErrorItem } from '../store/coerce.ts';
import type { Db } from '../store/db.ts';
import type { RecordStore } from '../store/records.ts';
import { errorItems } from './dml.ts';
import { ApiError } from './errors.ts';

export interface TreeResult {
  hasErrors: boolean;
  results: Array<{ referenceId: string; id: string } | { referenceId: string; errors: RecordErrorItem[] }>;
}

interface TreeRecord {
  referenceId: string;
  object: ObjectDef;
  values: RecordValues;
  children: Array<{ field: string; records: TreeRecord[] }>;
}

const MAX_TREE_RECORDS = 200;
const MAX_TREE_DEPTH = 5;

const malformed = (message: string): ApiError => new ApiError(400, 'INVALID_INPUT', message);

function parseRecords(
  schema: Schema,
  o: ObjectDef,
  raw: unknown,
  depth: number,
  count: { n: number }
): TreeRecord[] {
  if (depth > MAX_TREE_DEPTH) throw malformed(`A tree can be at most ${MAX_TREE_DEPTH} levels deep.`);
  if (!Array.isArray(raw)) throw malformed('records must be an array');
  return raw.map((item: Record<string, unknown>) => {
    count.n += 1;
    if (count.n > MAX_TREE_RECORDS)
      throw malformed(`A request can hold at most ${MAX_TREE_RECORDS} records.`);
    const attributes = item.attributes as { type?: string; referenceId?: string } | undefined;
    if (!attributes?.referenceId) throw malformed('Each record needs attributes.referenceId');
    if (attributes.type && attributes.type.toLowerCase() !== o.name.toLowerCase()) {
      throw malformed(`Record ${attributes.referenceId} is a ${attributes.type}, not a ${o.name}`);
    }
    const values: RecordValues = {};
    const children: TreeRecord['children'] = [];
    for (const [name, value] of Object.entries(item)) {
      if (name === 'attributes') continue;
      const relationship = o.childRelationships.find(
        (c) => c.relationshipName?.toLowerCase() === name.toLowerCase()
      );
      if (relationship && value && typeof value === 'object' && 'records' in value) {
        const childObject = schema.object(relationship.childSObject) as ObjectDef;
        const nested = parseRecords(
          schema,
          childObject,
          (value as { records: unknown }).records,
          depth + 1,
          count
        );
        children.push({ field: relationship.field, records: nested });
      } else {
        values[name] = value;
      }
    }
    return { referenceId: attributes.referenceId, object: o, values, children };
  });
}

export async function importTree(
  db: Db,
  schema: Schema,
  recordsFor: (connection: Db) => RecordStore,
  o: ObjectDef,
  payload: Record<string, unknown>,
  user: SessionUser
): Promise<TreeResult> {
  const roots = parseRecords(schema, o, payload.records, 1, { n: 0 });
  const saved: TreeResult['results'] = [];
  const failed: TreeResult['results'] = [];
  class RollBack extends Error {}
  try {
    await db.transaction(async (tx) => {
      const store = recordsFor(tx);
      const save = async (record: TreeRecord, parent?: { field: string; id: string }): Promise<void> => {
        try {
          const values = parent ? { ...record.values, [parent.field]: parent.id } : record.values;
          const id = await store.create(record.object.name, values, user);
          saved.push({ referenceId: record.referenceId, id });
          for (const child of record.children) {
            for (const childRecord of child.records) await save(childRecord, { field: child.field, id });
          }
        } catch (error) {
          failed.push({ referenceId: record.referenceId, errors: errorItems(error) });
        }
      };
      for (const root of roots) await save(root);
      if (failed.length > 0) throw new RollBack();
    });
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
    return { hasErrors: true, results: failed };
  }
  return { hasErrors: false, results: saved };
}
