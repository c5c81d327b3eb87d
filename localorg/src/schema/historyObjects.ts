// Field history: every custom object with history tracking on (enableHistory) has an
// <Object>__History object listing the changes of its tracked fields (trackHistory), with the
// fields a real org describes for Business_Plan__History. Rows are written by the store, never
// through the API, and are readable by whoever can read the record they belong to.
import { auditUserField, field } from './build.ts';
import { derivedObjects } from './derivedObjects.ts';
import type { FieldDef, ObjectDef } from './types.ts';

/** The Field value of the row Salesforce writes when a record is created. */
export const CREATED = 'created';

export function hasHistoryObject(o: ObjectDef): boolean {
  return o.custom && o.enableHistory === true;
}

/** Business_Plan__c → Business_Plan__History. */
export function historyObjectName(parent: ObjectDef): string {
  return `${parent.name.slice(0, -3)}__History`;
}

function historyFields(parent: ObjectDef): FieldDef[] {
  const readOnly = { createable: false, updateable: false } as const;
  const tracked = parent.fields.filter((f) => f.trackHistory).map((f) => f.name);
  // OldValue and NewValue are anyType in Salesforce: neither filterable, sortable nor groupable.
  const anyType = { ...readOnly, filterable: false, sortable: false, groupable: false, aggregatable: false };
  return [
    field({ name: 'Id', type: 'id', label: 'History ID', ...readOnly, nillable: false }),
    field({ name: 'IsDeleted', type: 'boolean', label: 'Deleted', ...readOnly }),
    field({
      name: 'ParentId',
      type: 'reference',
      label: 'Parent ID',
      referenceTo: [parent.name],
      relationshipName: 'Parent',
      childRelationshipName: 'Histories',
      ...readOnly,
      nillable: false,
      groupable: true,
      cascadeDelete: true
    }),
    field({
      name: 'Field',
      type: 'picklist',
      label: 'Changed Field',
      ...readOnly,
      nillable: false,
      picklistValues: [CREATED, ...tracked].map((value) => ({
        value,
        label: value,
        defaultValue: false,
        active: true
      })),
      restrictedPicklist: true
    }),
    field({ name: 'DataType', type: 'string', label: 'Data Type', length: 40, ...readOnly }),
    field({ name: 'OldValue', type: 'string', label: 'Old Value', ...anyType }),
    field({ name: 'NewValue', type: 'string', label: 'New Value', ...anyType }),
    field({ name: 'CreatedDate', type: 'datetime', label: 'Created Date', ...readOnly, nillable: false }),
    auditUserField('CreatedBy', { ...readOnly, nillable: false })
  ];
}

/** The history objects of `objects`, with key prefixes not in `taken`. */
export function historyObjects(objects: readonly ObjectDef[], taken: Set<string>): ObjectDef[] {
  return derivedObjects(objects.filter(hasHistoryObject), taken, {
    name: historyObjectName,
    labelSuffix: 'History',
    fields: historyFields,
    access: { createable: false, updateable: false, deletable: false }
  });
}
