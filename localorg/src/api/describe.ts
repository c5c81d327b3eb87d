// describe and describeGlobal in the REST API's shapes, generated from the schema as the
// signed-in user sees it (security/describe.ts leaves out what they cannot read).
import type { FieldDef, FieldType, ObjectDef } from '../schema/types.ts';

const SOAP_TYPES: Record<FieldType, string> = {
  id: 'tns:ID',
  reference: 'tns:ID',
  string: 'xsd:string',
  textarea: 'xsd:string',
  picklist: 'xsd:string',
  multipicklist: 'xsd:string',
  email: 'xsd:string',
  phone: 'xsd:string',
  url: 'xsd:string',
  boolean: 'xsd:boolean',
  int: 'xsd:int',
  double: 'xsd:double',
  currency: 'xsd:double',
  percent: 'xsd:double',
  date: 'xsd:date',
  datetime: 'xsd:dateTime'
};

function describeField(f: FieldDef): Record<string, unknown> {
  const numeric = f.type === 'double' || f.type === 'currency' || f.type === 'percent';
  return {
    aggregatable: f.aggregatable,
    autoNumber: f.nameField && !f.createable && f.defaultValueFormula !== null,
    byteLength: f.length * 3,
    calculated: false,
    caseSensitive: false,
    createable: f.createable,
    custom: f.custom,
    defaultValue: f.defaultValue,
    defaultValueFormula: f.nameField ? null : f.defaultValueFormula,
    defaultedOnCreate: f.defaultValue !== null || f.defaultValueFormula !== null || f.name === 'OwnerId',
    digits: f.type === 'int' ? f.precision : 0,
    externalId: f.externalId,
    filterable: f.filterable,
    groupable: f.groupable,
    htmlFormatted: false,
    idLookup: f.type === 'id' || f.externalId || f.nameField,
    inlineHelpText: f.inlineHelpText,
    label: f.label,
    length: f.type === 'id' || f.type === 'reference' ? 18 : numeric || f.type === 'int' ? 0 : f.length,
    name: f.name,
    nameField: f.nameField,
    nillable: f.nillable,
    picklistValues: f.picklistValues.map((p) => ({
      active: p.active,
      defaultValue: p.defaultValue,
      label: p.label,
      validFor: null,
      value: p.value
    })),
    precision: numeric ? f.precision : 0,
    referenceTo: f.referenceTo,
    relationshipName: f.relationshipName,
    relationshipOrder: f.relationshipOrder,
    restrictedPicklist: f.restrictedPicklist,
    scale: numeric ? f.scale : 0,
    soapType: SOAP_TYPES[f.type],
    sortable: f.sortable,
    type: f.type,
    unique: f.unique,
    updateable: f.updateable
  };
}

function objectUrls(o: ObjectDef, version: string): Record<string, string> {
  const base = `/services/data/v${version}/sobjects/${o.name}`;
  return { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` };
}

/** The summary describeGlobal lists and GET /sobjects/X returns as objectDescribe. */
export function describeSummary(o: ObjectDef, version: string): Record<string, unknown> {
  return {
    name: o.name,
    label: o.label,
    labelPlural: o.labelPlural,
    keyPrefix: o.keyPrefix,
    custom: o.custom,
    customSetting: false,
    createable: o.createable,
    updateable: o.updateable,
    deletable: o.deletable,
    queryable: o.queryable,
    retrieveable: o.queryable,
    searchable: true,
    layoutable: true,
    triggerable: true,
    undeletable: o.deletable,
    feedEnabled: false,
    activateable: false,
    urls: objectUrls(o, version)
  };
}

export function describeObject(o: ObjectDef, version: string): Record<string, unknown> {
  return {
    ...describeSummary(o, version),
    childRelationships: o.childRelationships.map((c) => ({
      cascadeDelete: c.cascadeDelete,
      childSObject: c.childSObject,
      deprecatedAndHidden: false,
      field: c.field,
      relationshipName: c.relationshipName,
      restrictedDelete: false
    })),
    fields: o.fields.map(describeField),
    recordTypeInfos: [
      {
        active: true,
        available: true,
        defaultRecordTypeMapping: true,
        developerName: 'Master',
        master: true,
        name: 'Master',
        recordTypeId: '012000000000000AAA'
      }
    ]
  };
}

/** The objects given are those the user can see, as objectsSeenBy lists them. */
export function describeGlobal(objects: readonly ObjectDef[], version: string): Record<string, unknown> {
  return {
    encoding: 'UTF-8',
    maxBatchSize: 200,
    sobjects: objects.map((o) => describeSummary(o, version))
  };
}
