// Access policies for the query engine. The org's own policy, from permission sets, sharing
// and restriction rules, is security/policy.ts; this one, which sees everything, is for
// engine tests that are about SOQL rather than security.
import type { AccessPolicy } from './types.ts';

/** Every row and field visible. */
export const allowAll: AccessPolicy = {
  rowFilter: () => null,
  objectReadable: () => true,
  fieldReadable: () => true
};
