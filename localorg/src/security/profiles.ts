// The standard profiles every local org has. force-app keeps no profiles (one permission set
// per persona instead), so the base access lives here: System Administrator has everything;
// Standard User and Partner Community User start from a minimum and get the rest from
// permission sets, as a least-privilege org configures them.
import type { ObjectAccess } from './types.ts';

export const ADMIN_PROFILE = 'System Administrator';
export const STANDARD_PROFILE = 'Standard User';
export const PARTNER_PROFILE = 'Partner Community User';

export interface ProfileDef {
  name: string;
  /** The User.UserType of the profile's users. */
  userType: 'Standard' | 'PowerPartner';
  /** View All Data and Modify All Data: the administrator's bypass of sharing, CRUD and FLS. */
  administrator: boolean;
  /** Object permissions by API name; standard fields of these objects are readable. */
  objects: ReadonlyMap<string, ObjectAccess>;
}

const read: ObjectAccess = {
  read: true,
  create: false,
  edit: false,
  delete: false,
  viewAll: false,
  modifyAll: false
};

/** Setup objects every internal user reads (users, roles, groups, profiles, permission sets). */
const SETUP_OBJECTS = [
  'Organization',
  'User',
  'Profile',
  'UserRole',
  'Group',
  'GroupMember',
  'PermissionSet',
  'PermissionSetAssignment',
  'FiscalYearSettings',
  'Period',
  // In multi-currency orgs only; every internal user reads the rates.
  'CurrencyType',
  'DatedConversionRate'
];

const readAll = (names: string[]): ReadonlyMap<string, ObjectAccess> => new Map(names.map((n) => [n, read]));

export const PROFILES: readonly ProfileDef[] = [
  { name: ADMIN_PROFILE, userType: 'Standard', administrator: true, objects: new Map() },
  {
    name: STANDARD_PROFILE,
    userType: 'Standard',
    administrator: false,
    objects: readAll([...SETUP_OBJECTS, 'Account', 'Contact', 'Lead', 'Opportunity'])
  },
  {
    name: PARTNER_PROFILE,
    userType: 'PowerPartner',
    administrator: false,
    // Partner users read their own account and its contacts; sharing narrows what they see.
    objects: readAll(['Organization', 'User', 'Profile', 'UserRole', 'Account', 'Contact'])
  }
];

export function profileNamed(name: string): ProfileDef | undefined {
  return PROFILES.find((p) => p.name === name);
}
