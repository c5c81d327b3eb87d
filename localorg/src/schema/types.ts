// The local org's in-memory picture of an org's data model: what describe returns,
// what the SOQL compiler resolves names against and what the store builds tables from.
// Field and object names keep their API casing; lookups go through Schema.object(),
// which, like Salesforce, ignores case.

/** Salesforce's describe `type` values for the fields the local org supports. */
export type FieldType =
  | 'id'
  | 'string'
  | 'textarea'
  | 'picklist'
  | 'multipicklist'
  | 'boolean'
  | 'int'
  | 'double'
  | 'currency'
  | 'percent'
  | 'date'
  | 'datetime'
  | 'reference'
  | 'email'
  | 'phone'
  | 'url';

export interface PicklistValue {
  value: string;
  label: string;
  defaultValue: boolean;
  active: boolean;
}

export interface FieldDef {
  name: string;
  label: string;
  type: FieldType;
  /** SQL column holding the value; quoted identifier without quotes. */
  column: string;
  custom: boolean;
  /** Characters for text types (255 for Text, 32768 for long text areas). */
  length: number;
  /** Total digits and digits after the point, for number, currency and percent. */
  precision: number;
  scale: number;
  nillable: boolean;
  createable: boolean;
  updateable: boolean;
  filterable: boolean;
  groupable: boolean;
  sortable: boolean;
  aggregatable: boolean;
  externalId: boolean;
  unique: boolean;
  /** Name field of the object (Name, or the custom object's Name). */
  nameField: boolean;
  /** Objects a reference field may point to. */
  referenceTo: string[];
  /** Name used in SOQL to traverse a reference, e.g. Partner_Account__r or Owner. */
  relationshipName: string | null;
  /** Name of the relationship seen from the parent, e.g. Business_Plans__r or Contacts. */
  childRelationshipName: string | null;
  /** Master-detail: deleting the master deletes the detail. */
  cascadeDelete: boolean;
  /** 0 for the first master of a detail object, 1 for the second; null otherwise. */
  relationshipOrder: number | null;
  /**
   * Master-detail sharing setting: true when Read access to the master is enough to create,
   * edit or delete details ("Read Only"); false when it takes Read/Write access ("Read/Write").
   */
  writeRequiresMasterRead: boolean;
  picklistValues: PicklistValue[];
  restrictedPicklist: boolean;
  /** Literal default applied on insert when the field is not given. */
  defaultValue: string | number | boolean | null;
  /** Formula source for metadata-declared defaults such as TODAY(); evaluated on insert. */
  defaultValueFormula: string | null;
  inlineHelpText: string | null;
  description: string | null;
  /** Field history tracking: changes are recorded in the object's <Object>__History. */
  trackHistory?: boolean;
}

export interface ChildRelationship {
  childSObject: string;
  field: string;
  relationshipName: string | null;
  cascadeDelete: boolean;
}

export interface ValidationRule {
  name: string;
  active: boolean;
  /** Formula that, when true, blocks the save. */
  errorConditionFormula: string;
  errorMessage: string;
  /** Field the message is shown against; null shows it at the top of the page. */
  errorDisplayField: string | null;
}

/** Values of one record by field API name, as the API exchanges them. */
export type RecordValues = Record<string, unknown>;

export interface ObjectDef {
  name: string;
  label: string;
  labelPlural: string;
  /** Three-character Id prefix, as in real orgs (001 Account, 00Q Lead, a0X custom). */
  keyPrefix: string;
  custom: boolean;
  /** SQL table; quoted identifier without quotes. */
  table: string;
  fields: FieldDef[];
  childRelationships: ChildRelationship[];
  validationRules: ValidationRule[];
  /**
   * Fields Salesforce computes from others (Lead.Name, Opportunity.IsWon): given the whole
   * record after a write, returns the derived values to store with it.
   */
  derive: ((record: RecordValues) => RecordValues) | null;
  createable: boolean;
  updateable: boolean;
  deletable: boolean;
  queryable: boolean;
  /** Organization-wide defaults, from the object's sharingModel. */
  sharingModel: 'Private' | 'Read' | 'ReadWrite' | 'ControlledByParent' | 'FullAccess';
  externalSharingModel: 'Private' | 'Read' | 'ReadWrite' | 'ControlledByParent' | 'FullAccess';
  /** Field history tracking is on (enableHistory): the org has an <Object>__History object for it. */
  enableHistory?: boolean;
}

export interface Schema {
  /** Every object, in a stable order. */
  readonly objects: readonly ObjectDef[];
  /** Case-insensitive lookup by API name; undefined when the org has no such object. */
  object(name: string): ObjectDef | undefined;
  /** Case-insensitive lookup of a field on an object. */
  field(object: ObjectDef, name: string): FieldDef | undefined;
  /** Case-insensitive lookup of a reference field by relationship name (Owner, Partner_Account__r). */
  relationship(object: ObjectDef, relationshipName: string): FieldDef | undefined;
  /** Object owning an Id, from its key prefix. */
  objectForId(id: string): ObjectDef | undefined;
}
