// Builders that fill in describe's many flags from a field's type, the way Salesforce
// derives them, so object definitions (standard or from metadata) state only what differs.
import { columnName, tableName } from '../store/naming.ts';
import type { ChildRelationship, FieldDef, FieldType, ObjectDef, Schema } from './types.ts';

export type FieldSpec = Partial<FieldDef> & { name: string; type: FieldType };

const TEXT_LENGTH: Partial<Record<FieldType, number>> = {
  id: 18,
  reference: 18,
  string: 255,
  picklist: 255,
  multipicklist: 4099,
  email: 80,
  phone: 40,
  url: 255,
  textarea: 255
};

const NUMERIC: ReadonlySet<FieldType> = new Set(['int', 'double', 'currency', 'percent']);

export function isNumericType(type: FieldType): boolean {
  return NUMERIC.has(type);
}

export function field(spec: FieldSpec): FieldDef {
  const { type } = spec;
  const custom = spec.name.endsWith('__c');
  // Long text areas and multi-select picklists can be neither filtered, grouped nor sorted.
  const longText = type === 'textarea' && (spec.length ?? 255) > 255;
  const filterable = !longText;
  const groupable = !longText && type !== 'multipicklist' && !isNumericType(type) && type !== 'datetime';
  const readOnlyType = type === 'id';
  return {
    label: spec.label ?? spec.name,
    column: columnName(spec.name),
    custom,
    length: TEXT_LENGTH[type] ?? 0,
    precision: isNumericType(type) ? 18 : 0,
    scale: isNumericType(type) && type !== 'int' ? 2 : 0,
    nillable: type !== 'id' && type !== 'boolean',
    createable: !readOnlyType,
    updateable: !readOnlyType,
    filterable,
    groupable,
    sortable: filterable && type !== 'multipicklist',
    aggregatable: filterable,
    externalId: false,
    unique: false,
    nameField: false,
    referenceTo: [],
    relationshipName: null,
    childRelationshipName: null,
    cascadeDelete: false,
    relationshipOrder: null,
    writeRequiresMasterRead: false,
    picklistValues: [],
    restrictedPicklist: false,
    defaultValue: type === 'boolean' ? false : null,
    defaultValueFormula: null,
    inlineHelpText: null,
    description: null,
    ...spec
  };
}

const AUDIT_USER_LABELS = { CreatedBy: 'Created By ID', LastModifiedBy: 'Last Modified By ID' } as const;

/** CreatedById or LastModifiedById: the user the store records; `flags` say who may set it. */
export function auditUserField(
  relationship: keyof typeof AUDIT_USER_LABELS,
  flags: Partial<Pick<FieldDef, 'createable' | 'updateable' | 'nillable'>>
): FieldDef {
  return field({
    name: `${relationship}Id`,
    type: 'reference',
    label: AUDIT_USER_LABELS[relationship],
    referenceTo: ['User'],
    relationshipName: relationship,
    ...flags
  });
}

/** Audit fields every object has; the store maintains them. */
export function systemFields(): FieldDef[] {
  const readOnly = { createable: false, updateable: false, nillable: false };
  return [
    field({ name: 'Id', type: 'id', label: 'Record ID', ...readOnly }),
    field({ name: 'IsDeleted', type: 'boolean', label: 'Deleted', ...readOnly }),
    // Admins with "Set Audit Fields upon Record Creation" may set CreatedDate on insert.
    field({ name: 'CreatedDate', type: 'datetime', label: 'Created Date', ...readOnly, createable: true }),
    auditUserField('CreatedBy', readOnly),
    field({ name: 'LastModifiedDate', type: 'datetime', label: 'Last Modified Date', ...readOnly }),
    auditUserField('LastModifiedBy', readOnly),
    field({ name: 'SystemModstamp', type: 'datetime', label: 'System Modstamp', ...readOnly })
  ];
}

export function ownerField(): FieldDef {
  return field({
    name: 'OwnerId',
    type: 'reference',
    label: 'Owner ID',
    referenceTo: ['User'],
    relationshipName: 'Owner',
    nillable: false,
    groupable: true
  });
}

export type ObjectSpec = Partial<Omit<ObjectDef, 'fields' | 'childRelationships'>> & {
  name: string;
  keyPrefix: string;
  fields: FieldDef[];
};

export function object(spec: ObjectSpec): ObjectDef {
  return {
    label: spec.name,
    labelPlural: `${spec.label ?? spec.name}s`,
    custom: spec.name.endsWith('__c'),
    table: tableName(spec.name),
    createable: true,
    updateable: true,
    deletable: true,
    queryable: true,
    sharingModel: 'ReadWrite',
    externalSharingModel: 'Private',
    validationRules: [],
    derive: null,
    ...spec,
    childRelationships: []
  };
}

/** Indexes objects and derives each object's child relationships from the lookups pointing at it. */
export function createSchema(objects: ObjectDef[]): Schema {
  const byName = new Map(objects.map((o) => [o.name.toLowerCase(), o]));
  const byPrefix = new Map(objects.map((o) => [o.keyPrefix, o]));
  const fieldIndex = new Map<ObjectDef, Map<string, FieldDef>>();
  const relationshipIndex = new Map<ObjectDef, Map<string, FieldDef>>();
  for (const o of objects) {
    fieldIndex.set(o, new Map(o.fields.map((f) => [f.name.toLowerCase(), f])));
    relationshipIndex.set(
      o,
      new Map(
        o.fields
          .filter((f) => f.relationshipName)
          .map((f) => [(f.relationshipName as string).toLowerCase(), f])
      )
    );
  }
  for (const child of objects) {
    for (const f of child.fields) {
      if (f.type !== 'reference') continue;
      for (const target of f.referenceTo) {
        const parent = byName.get(target.toLowerCase());
        if (!parent) continue;
        const relationship: ChildRelationship = {
          childSObject: child.name,
          field: f.name,
          relationshipName: f.childRelationshipName,
          cascadeDelete: f.cascadeDelete
        };
        parent.childRelationships.push(relationship);
      }
    }
  }
  return {
    objects,
    object: (name) => byName.get(name.toLowerCase()),
    field: (o, name) => fieldIndex.get(o)?.get(name.toLowerCase()),
    relationship: (o, name) => relationshipIndex.get(o)?.get(name.toLowerCase()),
    objectForId: (id) => byPrefix.get(id.slice(0, 3))
  };
}
