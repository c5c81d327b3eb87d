// Share objects: every custom object whose organization-wide default is Private or Public
// Read Only (for internal or external users) has an <Object>__Share object holding the
// records' sharing entries, with the fields a real org describes for Business_Plan__Share.
// Detail objects of a master-detail have none: their access follows the master.
import { auditUserField, field } from './build.ts';
import { derivedObjects } from './derivedObjects.ts';
import type { FieldDef, ObjectDef, PicklistValue } from './types.ts';

const ACCESS_LEVELS = ['Read', 'Edit', 'All'];
/** Row causes Salesforce stores; only Manual ones may be written through the API. */
const ROW_CAUSES = ['Owner', 'Manual', 'Rule', 'ImplicitChild', 'ImplicitParent', 'Team'];

function picklist(values: string[], defaultValue?: string): PicklistValue[] {
  return values.map((value) => ({ value, label: value, defaultValue: value === defaultValue, active: true }));
}

const needsShareTable = (model: ObjectDef['sharingModel']): boolean =>
  model === 'Private' || model === 'Read';

export function hasShareObject(o: ObjectDef): boolean {
  return o.custom && (needsShareTable(o.sharingModel) || needsShareTable(o.externalSharingModel));
}

/** Business_Plan__c → Business_Plan__Share. */
export function shareObjectName(parent: ObjectDef): string {
  return `${parent.name.slice(0, -3)}__Share`;
}

function shareFields(parent: ObjectDef): FieldDef[] {
  const readOnly = { createable: false, updateable: false, nillable: false } as const;
  return [
    field({ name: 'Id', type: 'id', label: 'Share ID', ...readOnly }),
    field({ name: 'IsDeleted', type: 'boolean', label: 'Deleted', ...readOnly }),
    field({
      name: 'ParentId',
      type: 'reference',
      label: 'Parent ID',
      referenceTo: [parent.name],
      relationshipName: 'Parent',
      childRelationshipName: 'Shares',
      nillable: false,
      updateable: false,
      groupable: true,
      // A record's sharing entries go with it.
      cascadeDelete: true
    }),
    field({
      name: 'UserOrGroupId',
      type: 'reference',
      label: 'User/Group ID',
      referenceTo: ['User', 'Group'],
      relationshipName: 'UserOrGroup',
      nillable: false,
      updateable: false,
      groupable: true,
      cascadeDelete: true
    }),
    field({
      name: 'AccessLevel',
      type: 'picklist',
      label: 'Access Level',
      length: 40,
      nillable: false,
      picklistValues: picklist(ACCESS_LEVELS),
      restrictedPicklist: true
    }),
    field({
      name: 'RowCause',
      type: 'picklist',
      label: 'Row Cause',
      length: 40,
      picklistValues: picklist(ROW_CAUSES, 'Manual'),
      restrictedPicklist: true,
      defaultValue: 'Manual',
      updateable: false
    }),
    field({ name: 'LastModifiedDate', type: 'datetime', label: 'Last Modified Date', ...readOnly }),
    auditUserField('LastModifiedBy', readOnly)
  ];
}

/** The share objects of `objects`, with key prefixes not in `objects`. */
export function shareObjects(objects: readonly ObjectDef[]): ObjectDef[] {
  const taken = new Set(objects.map((o) => o.keyPrefix));
  return derivedObjects(objects.filter(hasShareObject), taken, {
    name: shareObjectName,
    labelSuffix: 'Share',
    fields: shareFields
  });
}
