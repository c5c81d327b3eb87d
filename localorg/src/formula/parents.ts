// Parent records a formula reads through relationship paths (Business_Plan__r.Status__c),
// fetched before it is evaluated so evaluation itself stays synchronous.
import type { ObjectDef, RecordValues } from '../schema/types.ts';
import { pathKey, type RelationshipPath } from './compile.ts';

/** Reads one stored record, or undefined when there is none. */
export type ReadRecord = (object: ObjectDef, id: string) => Promise<RecordValues | undefined>;

/**
 * The record at the end of each path, keyed by RelationshipPath.key: null where a lookup on
 * the way is blank. Shared prefixes (A__r and A__r.Owner) are read once.
 */
export async function fetchParents(
  paths: readonly RelationshipPath[],
  record: RecordValues,
  read: ReadRecord
): Promise<Map<string, RecordValues | null>> {
  const parents = new Map<string, RecordValues | null>();
  for (const { steps } of paths) {
    let current: RecordValues | null = record;
    for (const [index, { field, target }] of steps.entries()) {
      const key = pathKey(steps.slice(0, index + 1).map((step) => step.field));
      let parent = parents.get(key);
      if (parent === undefined) {
        const id: unknown = current?.[field.name];
        parent = typeof id === 'string' && id !== '' ? ((await read(target, id)) ?? null) : null;
        parents.set(key, parent);
      }
      current = parent;
    }
  }
  return parents;
}
