// What a user may do, as the local org works it out at sign-in and on every request: object
// and field permissions from the profile and permission sets, and the facts record sharing
// needs (who sits below the user in the role hierarchy, which groups reach them, which
// restriction rules apply). The query engine and the record store only read these.

/** Object permissions as a permission set's objectPermissions give them. */
export interface ObjectAccess {
  read: boolean;
  create: boolean;
  edit: boolean;
  delete: boolean;
  viewAll: boolean;
  modifyAll: boolean;
}

/** Field-level security as a permission set's fieldPermissions give it. */
export interface FieldAccess {
  read: boolean;
  edit: boolean;
}

/** The union of a profile and permission sets. Keys are lower-cased API names. */
export interface Permissions {
  viewAllData: boolean;
  modifyAllData: boolean;
  /** By object: `business_plan__c`. */
  objects: ReadonlyMap<string, ObjectAccess>;
  /** By field: `business_plan__c.status__c`. */
  fields: ReadonlyMap<string, FieldAccess>;
  /** API names of the custom permissions the user holds, as written in force-app. */
  customPermissions: ReadonlySet<string>;
  /** Tabs the user's permission sets make Visible or Available. */
  visibleTabs: ReadonlySet<string>;
}

/** Record sharing, from most to least: All (owner), Edit (read/write), Read. */
export type AccessLevel = 'Read' | 'Edit' | 'All';

/** The role hierarchy and groups as they reach one user; ids are 18 characters. */
export interface SharingFacts {
  roleId: string | null;
  /** Users in roles below the user's: the user reaches their records as if they owned them. */
  subordinateIds: readonly string[];
  /**
   * Ids a sharing entry may name to reach the user: the user, the users below them, and the
   * groups that hold the user or someone below them (role groups and public groups).
   */
  recipientIds: readonly string[];
  /** The user's partner account's owner, whom partner users see among users. */
  portalAccountOwnerId: string | null;
  /** Restriction rules whose user criteria match the user, by object (lower-cased API name). */
  restrictions: ReadonlyMap<string, readonly RestrictionFilter[]>;
}

/** A restriction rule applied to one user: its record filter with the user's values bound. */
export interface RestrictionFilter {
  rule: string;
  /** SQL predicate over `alias`, with its own $1… parameters. */
  sql(alias: string): { sql: string; params: unknown[] };
}

/** Everything the checks need about the signed-in user beyond who they are. */
export interface UserAccess {
  permissions: Permissions;
  sharing: SharingFacts;
  /** Names of the permission sets assigned to the user. */
  permissionSets: readonly string[];
}
