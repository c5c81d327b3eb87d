// Object Info and picklist values in the UI API's shapes, generated from the schema: the
// metadata lightning-record-form, lightning-datatable column labels and getPicklistValues read.
import { createHash } from 'node:crypto';
import type { FieldDef, FieldType, ObjectDef, PicklistValue, Schema } from '../../schema/types.ts';
import { ApiError, notFound } from '../errors.ts';
import { MASTER_RECORD_TYPE_ID, nameFieldOf, supportsRecordTypes } from './records.ts';

/** The UI API's dataType for each describe type. */
const DATA_TYPES: Record<FieldType, string> = {
  id: 'String',
  string: 'String',
  textarea: 'TextArea',
  picklist: 'Picklist',
  multipicklist: 'MultiPicklist',
  boolean: 'Boolean',
  int: 'Int',
  double: 'Double',
  currency: 'Currency',
  percent: 'Percent',
  date: 'Date',
  datetime: 'DateTime',
  reference: 'Reference',
  email: 'Email',
  phone: 'Phone',
  url: 'Url'
};

const WITH_LENGTH: ReadonlySet<FieldType> = new Set([
  'id',
  'string',
  'textarea',
  'picklist',
  'multipicklist',
  'reference',
  'email',
  'phone',
  'url'
]);
const DECIMAL: ReadonlySet<FieldType> = new Set(['double', 'currency', 'percent']);

function etag(value: unknown): string {
  return createHash('md5').update(JSON.stringify(value)).digest('hex');
}

function referenceToInfos(schema: Schema, f: FieldDef): Array<{ apiName: string; nameFields: string[] }> {
  return f.referenceTo.flatMap((name) => {
    const target = schema.object(name);
    if (!target) return [];
    // Person names are compound: lookups to them list the parts and the whole.
    const nameFields = target.fields.some((t) => t.name === 'FirstName')
      ? ['FirstName', 'LastName', 'Name']
      : [nameFieldOf(target)?.name ?? 'Name'];
    return [{ apiName: target.name, nameFields }];
  });
}

function fieldInfo(schema: Schema, o: ObjectDef, f: FieldDef): Record<string, unknown> {
  const longText = f.type === 'textarea' && f.length > 255;
  return {
    apiName: f.name,
    calculated: false,
    compound: false,
    compoundComponentName: null,
    compoundFieldName: null,
    controllerName: null,
    controllingFields: [],
    createable: f.createable,
    custom: f.custom,
    dataType: DATA_TYPES[f.type],
    extraTypeInfo: f.type === 'textarea' ? 'PlainTextArea' : null,
    filterable: f.filterable,
    filteredLookupInfo: null,
    highScaleNumber: false,
    htmlFormatted: false,
    inlineHelpText: f.inlineHelpText,
    label: f.label,
    length: f.type === 'id' || f.type === 'reference' ? 18 : WITH_LENGTH.has(f.type) ? f.length : 0,
    nameField: f.nameField,
    polymorphicForeignKey: f.referenceTo.length > 1,
    precision: DECIMAL.has(f.type) ? f.precision : 0,
    reference: f.type === 'reference',
    referenceTargetField: null,
    referenceToInfos: f.type === 'reference' ? referenceToInfos(schema, f) : [],
    relationshipName: f.relationshipName,
    // A custom object's Name may be left blank (the record Id stands in), so it is never required.
    required: !f.nillable && !(o.custom && f.nameField),
    scale: DECIMAL.has(f.type) ? f.scale : 0,
    searchPrefilterable: false,
    sortable: f.sortable && !longText,
    unique: f.unique,
    updateable: f.updateable
  };
}

/** Standard objects' icon colours and SLDS icons; custom objects share the custom icon. */
const THEMES: Record<string, { color: string; icon: string }> = {
  Account: { color: '7F8DE1', icon: 'standard/account' },
  Contact: { color: 'A094ED', icon: 'standard/contact' },
  Lead: { color: 'F88962', icon: 'standard/lead' },
  Opportunity: { color: 'FCB95B', icon: 'standard/opportunity' },
  User: { color: '65CAE4', icon: 'standard/user' }
};

export function themeOf(o: ObjectDef): { color: string; icon: string } {
  return THEMES[o.name] ?? { color: '4BC076', icon: 'standard/custom' };
}

export function objectOrThrow(schema: Schema, name: string): ObjectDef {
  const o = schema.object(name);
  if (!o) throw notFound();
  return o;
}

export function objectInfo(schema: Schema, o: ObjectDef): Record<string, unknown> {
  const fields = Object.fromEntries(
    [...o.fields].sort((a, b) => (a.name < b.name ? -1 : 1)).map((f) => [f.name, fieldInfo(schema, o, f)])
  );
  const theme = themeOf(o);
  const recordTypes = supportsRecordTypes(o);
  const body = {
    apiName: o.name,
    childRelationships: o.childRelationships
      .filter((c) => c.relationshipName)
      .map((c) => ({
        childObjectApiName: c.childSObject,
        fieldName: c.field,
        junctionIdListNames: [],
        junctionReferenceTo: [],
        relationshipName: c.relationshipName
      })),
    createable: o.createable,
    custom: o.custom,
    defaultRecordTypeId: recordTypes ? MASTER_RECORD_TYPE_ID : null,
    deletable: o.deletable,
    dependentFields: {},
    feedEnabled: false,
    fields,
    keyPrefix: o.keyPrefix,
    label: o.label,
    labelPlural: o.labelPlural,
    layoutable: true,
    mruEnabled: true,
    nameFields: nameFieldOf(o) ? [(nameFieldOf(o) as FieldDef).name] : [],
    queryable: o.queryable,
    recordTypeInfos: recordTypes
      ? {
          [MASTER_RECORD_TYPE_ID]: {
            available: true,
            defaultRecordTypeMapping: true,
            master: true,
            name: 'Master',
            recordTypeId: MASTER_RECORD_TYPE_ID
          }
        }
      : {},
    searchable: true,
    themeInfo: { color: theme.color, iconUrl: `/assets/icons/${theme.icon}_120.png` },
    updateable: o.updateable
  };
  return { ...body, eTag: etag(body) };
}

/** Record type Ids arrive as 15 or 18 characters; only the master record type exists here. */
function recordTypeOrThrow(o: ObjectDef, recordTypeId: string): void {
  if (
    !supportsRecordTypes(o) ||
    !MASTER_RECORD_TYPE_ID.startsWith(recordTypeId) ||
    recordTypeId.length < 15
  ) {
    throw notFound();
  }
}

function picklistValue(p: PicklistValue): Record<string, unknown> {
  return { attributes: null, label: p.label, validFor: [], value: p.value };
}

function picklistValues(
  o: ObjectDef,
  f: FieldDef,
  version: string,
  recordTypeId: string
): Record<string, unknown> {
  const active = f.picklistValues.filter((p) => p.active);
  const defaultValue = active.find((p) => p.defaultValue);
  const body = {
    controllerValues: {},
    defaultValue: defaultValue ? picklistValue(defaultValue) : null,
    url: `/services/data/v${version}/ui-api/object-info/${o.name}/picklist-values/${recordTypeId}/${f.name}`,
    values: active.map(picklistValue)
  };
  return { ...body, eTag: etag(body) };
}

const isPicklist = (f: FieldDef): boolean => f.type === 'picklist' || f.type === 'multipicklist';

export function fieldPicklistValues(
  schema: Schema,
  objectName: string,
  recordTypeId: string,
  fieldName: string,
  version: string
): Record<string, unknown> {
  const o = objectOrThrow(schema, objectName);
  recordTypeOrThrow(o, recordTypeId);
  const f = schema.field(o, fieldName);
  if (!f) throw notFound();
  if (!isPicklist(f)) {
    throw new ApiError(400, 'INVALID_TYPE', `Field ${f.name} on ${o.name} is not a picklist.`);
  }
  return picklistValues(o, f, version, MASTER_RECORD_TYPE_ID);
}

/** GET picklist-values/{recordTypeId}: every picklist of the object at once. */
export function recordTypePicklistValues(
  schema: Schema,
  objectName: string,
  recordTypeId: string,
  version: string
): Record<string, unknown> {
  const o = objectOrThrow(schema, objectName);
  recordTypeOrThrow(o, recordTypeId);
  const picklistFieldValues = Object.fromEntries(
    o.fields.filter(isPicklist).map((f) => [f.name, picklistValues(o, f, version, MASTER_RECORD_TYPE_ID)])
  );
  const body = { picklistFieldValues };
  return { eTag: etag(body), ...body };
}
