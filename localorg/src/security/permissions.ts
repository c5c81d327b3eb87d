// Object permissions and field-level security: a profile plus permission sets make one
// Permissions value (the union, as Salesforce grants the most permissive), and these
// functions answer what it allows on an object or a field.
import type { FieldDef, ObjectDef, Schema } from '../schema/types.ts';
import type { PermissionSetDef } from './metadata.ts';
import type { ProfileDef } from './profiles.ts';
import type { FieldAccess, ObjectAccess, Permissions, UserAccess } from './types.ts';

const NONE: ObjectAccess = {
  read: false,
  create: false,
  edit: false,
  delete: false,
  viewAll: false,
  modifyAll: false
};
const ALL: ObjectAccess = {
  read: true,
  create: true,
  edit: true,
  delete: true,
  viewAll: true,
  modifyAll: true
};

function union(a: ObjectAccess | undefined, b: ObjectAccess): ObjectAccess {
  if (!a) return b;
  return {
    read: a.read || b.read,
    create: a.create || b.create,
    edit: a.edit || b.edit,
    delete: a.delete || b.delete,
    viewAll: a.viewAll || b.viewAll,
    modifyAll: a.modifyAll || b.modifyAll
  };
}

/** The union of the profile's and the permission sets' grants. */
export function combinePermissions(profile: ProfileDef, sets: readonly PermissionSetDef[]): Permissions {
  const objects = new Map<string, ObjectAccess>();
  const fields = new Map<string, FieldAccess>();
  const customPermissions = new Set<string>();
  const visibleTabs = new Set<string>();
  let viewAllData = profile.administrator;
  let modifyAllData = profile.administrator;
  for (const [name, access] of profile.objects) objects.set(name.toLowerCase(), access);
  for (const set of sets) {
    for (const [name, access] of set.objects)
      objects.set(name.toLowerCase(), union(objects.get(name.toLowerCase()), access));
    for (const [name, access] of set.fields) {
      const key = name.toLowerCase();
      const current = fields.get(key);
      fields.set(key, {
        read: access.read || (current?.read ?? false),
        edit: access.edit || (current?.edit ?? false)
      });
    }
    for (const name of set.customPermissions) customPermissions.add(name);
    for (const tab of set.visibleTabs) visibleTabs.add(tab);
    viewAllData ||=
      set.userPermissions.includes('ViewAllData') || set.userPermissions.includes('ModifyAllData');
    modifyAllData ||= set.userPermissions.includes('ModifyAllData');
  }
  return { viewAllData, modifyAllData, objects, fields, customPermissions, visibleTabs };
}

/** Business_Plan__Share → Business_Plan__c: the record a sharing entry shares. */
export function shareParent(schema: Schema, o: ObjectDef): ObjectDef | undefined {
  if (!o.name.endsWith('__Share')) return undefined;
  return schema.object(`${o.name.slice(0, -'__Share'.length)}__c`);
}

/** Business_Plan__History → Business_Plan__c: the record whose field changes it lists. */
export function historyParent(schema: Schema, o: ObjectDef): ObjectDef | undefined {
  if (!o.name.endsWith('__History')) return undefined;
  return schema.object(`${o.name.slice(0, -'__History'.length)}__c`);
}

/** What the permissions allow on an object; share and history objects follow their parent's read access. */
export function objectAccess(schema: Schema, permissions: Permissions, o: ObjectDef): ObjectAccess {
  if (permissions.modifyAllData) return ALL;
  const parent = shareParent(schema, o);
  if (parent) {
    // Sharing a record takes full access to it, which sharing checks decide per record.
    const readable = objectAccess(schema, permissions, parent).read;
    return readable ? { ...ALL, viewAll: false, modifyAll: false } : NONE;
  }
  const tracked = historyParent(schema, o);
  // History rows are read with the record; only Salesforce writes them.
  if (tracked) return objectAccess(schema, permissions, tracked).read ? { ...NONE, read: true } : NONE;
  const access = permissions.objects.get(o.name.toLowerCase()) ?? NONE;
  return permissions.viewAllData ? { ...access, read: true, viewAll: true } : access;
}

/**
 * Fields outside field-level security: standard fields (the base profiles grant them), and
 * custom fields that are universally required or master-detail, which Salesforce keeps
 * readable and editable for everyone who can read the object.
 */
function alwaysAccessible(f: FieldDef): boolean {
  if (!f.custom) return true;
  return f.relationshipOrder !== null || (!f.nillable && f.type !== 'boolean');
}

export function fieldAccess(
  schema: Schema,
  permissions: Permissions,
  o: ObjectDef,
  f: FieldDef
): FieldAccess {
  if (permissions.modifyAllData) return { read: true, edit: true };
  if (!objectAccess(schema, permissions, o).read) return { read: false, edit: false };
  if (shareParent(schema, o) || historyParent(schema, o) || alwaysAccessible(f))
    return { read: true, edit: true };
  return permissions.fields.get(`${o.name}.${f.name}`.toLowerCase()) ?? { read: false, edit: false };
}

/** An administrator's access, for start-up tasks and tests that run outside a session. */
export function administratorAccess(): UserAccess {
  return {
    permissions: {
      viewAllData: true,
      modifyAllData: true,
      objects: new Map(),
      fields: new Map(),
      customPermissions: new Set(),
      visibleTabs: new Set()
    },
    sharing: {
      roleId: null,
      subordinateIds: [],
      recipientIds: [],
      portalAccountOwnerId: null,
      restrictions: new Map()
    },
    permissionSets: []
  };
}
