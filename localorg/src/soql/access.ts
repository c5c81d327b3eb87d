// Access policies for the query engine. Sharing and field-level security plug in here later;
// until then every object, row and field is readable.
import type { AccessPolicy } from './types.ts';

/** Every row and field visible. */
export const allowAll: AccessPolicy = {
  rowFilter: () => null,
  objectReadable: () => true,
  fieldReadable: () => true
};
