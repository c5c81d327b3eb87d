// The query engine's AccessPolicy for a real org's security: object permissions decide
// which objects a query may name, field-level security which fields (an unreadable field is
// as unknown as a missing one), and sharing which rows of every object it touches.
import type { Schema } from '../schema/types.ts';
import type { AccessPolicy } from '../soql/types.ts';
import { fieldAccess, objectAccess } from './permissions.ts';
import { readFilter } from './sharing.ts';

export function createAccessPolicy(schema: Schema): AccessPolicy {
  return {
    rowFilter: (object, alias, user) => readFilter({ schema, user }, object, alias),
    objectReadable: (object, user) =>
      user.isAdmin || objectAccess(schema, user.access.permissions, object).read,
    fieldReadable: (object, field, user) =>
      user.isAdmin || fieldAccess(schema, user.access.permissions, object, field).read
  };
}
