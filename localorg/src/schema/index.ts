// The org's schema: the standard objects the product reads plus force-app's metadata, and
// the share and history objects that the custom objects' sharing and history settings give them.
import { createSchema } from './build.ts';
import { historyObjects } from './historyObjects.ts';
import { loadCustomObjects } from './metadataLoader.ts';
import { shareObjects } from './shareObjects.ts';
import { standardObjects } from './standardObjects.ts';
import type { ObjectDef, Schema } from './types.ts';

/**
 * `extend` adds what org settings add to the model (multiple currencies), after the metadata
 * is read and before relationships are indexed.
 */
export async function loadSchema(
  packageDir: string,
  extend: (objects: ObjectDef[]) => ObjectDef[] = (objects) => objects
): Promise<Schema> {
  const standard = standardObjects();
  const custom = await loadCustomObjects(packageDir, standard);
  const shares = shareObjects(custom);
  const taken = new Set([...standard, ...custom, ...shares].map((o) => o.keyPrefix));
  return createSchema(extend([...standard, ...custom, ...shares, ...historyObjects(custom, taken)]));
}
