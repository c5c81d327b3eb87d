// The org's schema: the standard objects the product reads plus force-app's metadata, and
// the share objects that the custom objects' sharing settings give them.
import { createSchema } from './build.ts';
import { loadCustomObjects } from './metadataLoader.ts';
import { shareObjects } from './shareObjects.ts';
import { standardObjects } from './standardObjects.ts';
import type { Schema } from './types.ts';

export async function loadSchema(packageDir: string): Promise<Schema> {
  const standard = standardObjects();
  const custom = await loadCustomObjects(packageDir, standard);
  return createSchema([...standard, ...custom, ...shareObjects(custom)]);
}
