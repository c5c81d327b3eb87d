// The part of Salesforce's describe result the engine reads. The shapes are the REST API's own
// (GET /sobjects/{object}/describe), so a describe from a real org, the local org or a JSON
// fixture fits them unchanged.

export interface FieldDescribe {
  name: string;
  /** Salesforce's field type: string, picklist, currency, reference, datetime, … */
  type: string;
  filterable: boolean;
  aggregatable: boolean;
  groupable: boolean;
  createable: boolean;
  updateable: boolean;
  externalId: boolean;
  precision: number;
  scale: number;
  /** Characters a text field holds. */
  length: number;
  referenceTo?: string[] | null;
}

export interface SObjectDescribe {
  name: string;
  queryable: boolean;
  fields: FieldDescribe[];
}

/** Field names are case-insensitive in Salesforce. Relationship paths (Owner.Name) are not fields. */
export function findField(describe: SObjectDescribe, name: string): FieldDescribe | undefined {
  const wanted = name.toLowerCase();
  return describe.fields.find((field) => field.name.toLowerCase() === wanted);
}

export const NUMERIC_TYPES: ReadonlySet<string> = new Set(['int', 'long', 'double', 'currency', 'percent']);
export const TEXT_TYPES: ReadonlySet<string> = new Set([
  'string',
  'textarea',
  'picklist',
  'multipicklist',
  'combobox',
  'email',
  'phone',
  'url',
  'encryptedstring'
]);
export const ID_TYPES: ReadonlySet<string> = new Set(['id', 'reference']);
