// Reads force-app's custom objects through source-deploy-retrieve (the library behind
// `sf project deploy`) and turns their metadata into the same definitions describe returns,
// so the local org's schema is exactly what an admin would deploy.
import { createHash } from 'node:crypto';
import { ComponentSet, type SourceComponent } from '@salesforce/source-deploy-retrieve';
import { field, object, ownerField, systemFields } from './build.ts';
import type { FieldDef, FieldType, ObjectDef, PicklistValue, ValidationRule } from './types.ts';
import { list, type Xml } from './xml.ts';

export class MetadataError extends Error {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'MetadataError';
  }
}

const text = (value: unknown): string | undefined => (value === undefined ? undefined : String(value));
const flag = (value: unknown): boolean => String(value) === 'true';
const int = (value: unknown, fallback: number): number => (value === undefined ? fallback : Number(value));

const TYPE_MAP: Record<string, FieldType> = {
  Text: 'string',
  TextArea: 'textarea',
  LongTextArea: 'textarea',
  Html: 'textarea',
  EncryptedText: 'string',
  Picklist: 'picklist',
  MultiselectPicklist: 'multipicklist',
  Checkbox: 'boolean',
  Number: 'double',
  Currency: 'currency',
  Percent: 'percent',
  Date: 'date',
  DateTime: 'datetime',
  Lookup: 'reference',
  MasterDetail: 'reference',
  Email: 'email',
  Phone: 'phone',
  Url: 'url',
  AutoNumber: 'string'
};

function picklistValues(xml: Xml): { values: PicklistValue[]; restricted: boolean } {
  const valueSet = xml.valueSet as Xml | undefined;
  const definition = valueSet?.valueSetDefinition as Xml | undefined;
  const values = list(definition?.value as Xml | Xml[] | undefined).map((v) => ({
    value: String(v.fullName),
    label: text(v.label) ?? String(v.fullName),
    defaultValue: flag(v.default),
    active: v.isActive === undefined ? true : flag(v.isActive)
  }));
  return { values, restricted: flag(valueSet?.restricted) };
}

/** A literal default such as 'Draft Outline', 42 or true; anything else is a formula. */
function parseDefault(source: string | undefined): {
  literal: string | number | boolean | null;
  formula: string | null;
} {
  if (source === undefined) return { literal: null, formula: null };
  const trimmed = source.trim();
  const quoted = /^(['"])(.*)\1$/s.exec(trimmed);
  if (quoted) return { literal: quoted[2] as string, formula: null };
  if (/^(true|false)$/i.test(trimmed)) return { literal: trimmed.toLowerCase() === 'true', formula: null };
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) return { literal: Number(trimmed), formula: null };
  return { literal: null, formula: trimmed };
}

function customField(xml: Xml, file: string): FieldDef {
  const name = String(xml.fullName);
  const metadataType = String(xml.type);
  const type = TYPE_MAP[metadataType];
  if (!type) throw new MetadataError(file, `field type ${metadataType} is not supported by the local org`);
  const isLookup = metadataType === 'Lookup' || metadataType === 'MasterDetail';
  const isMasterDetail = metadataType === 'MasterDetail';
  const { values, restricted } = picklistValues(xml);
  const defaultFromPicklist = values.find((v) => v.defaultValue)?.value ?? null;
  const defaults = parseDefault(text(xml.defaultValue));
  const precision = int(xml.precision, 18);
  const scale = int(xml.scale, 0);
  const base = field({ name, type });
  return field({
    name,
    type,
    label: text(xml.label) ?? name,
    length:
      metadataType === 'LongTextArea' || metadataType === 'Html'
        ? int(xml.length, 32768)
        : int(xml.length, base.length),
    precision: type === 'double' || type === 'currency' || type === 'percent' ? precision : 0,
    scale: type === 'double' || type === 'currency' || type === 'percent' ? scale : 0,
    nillable: !(flag(xml.required) || isMasterDetail) && type !== 'boolean',
    createable: metadataType !== 'AutoNumber',
    updateable: metadataType !== 'AutoNumber' && !(isMasterDetail && !flag(xml.reparentableMasterDetail)),
    // Number fields group only when they have no decimals; Salesforce groups no doubles at all.
    groupable: base.groupable || isLookup,
    externalId: flag(xml.externalId),
    unique: flag(xml.unique),
    referenceTo: isLookup ? [String(xml.referenceTo)] : [],
    relationshipName: isLookup ? `${name.slice(0, -3)}__r` : null,
    childRelationshipName: isLookup && xml.relationshipName ? `${String(xml.relationshipName)}__r` : null,
    cascadeDelete: isMasterDetail,
    relationshipOrder: isMasterDetail ? int(xml.relationshipOrder, 0) : null,
    writeRequiresMasterRead: isMasterDetail && flag(xml.writeRequiresMasterRead),
    picklistValues: values,
    restrictedPicklist: restricted,
    defaultValue: type === 'boolean' ? flag(xml.defaultValue) : (defaults.literal ?? defaultFromPicklist),
    defaultValueFormula: type === 'boolean' ? null : defaults.formula,
    inlineHelpText: text(xml.inlineHelpText) ?? null,
    description: text(xml.description) ?? null,
    trackHistory: flag(xml.trackHistory)
  });
}

function nameFieldOf(xml: Xml): FieldDef {
  const nameXml = (xml.nameField ?? {}) as Xml;
  const autoNumber = nameXml.type === 'AutoNumber';
  return field({
    name: 'Name',
    type: 'string',
    label: text(nameXml.label) ?? 'Name',
    length: 80,
    nameField: true,
    nillable: autoNumber,
    createable: !autoNumber,
    updateable: !autoNumber,
    // The display format (T-{000000}) is kept as the default the store expands.
    defaultValueFormula: autoNumber ? (text(nameXml.displayFormat) ?? '{0}') : null
  });
}

function validationRule(xml: Xml): ValidationRule {
  return {
    name: String(xml.fullName),
    active: flag(xml.active),
    errorConditionFormula: String(xml.errorConditionFormula),
    errorMessage: String(xml.errorMessage),
    errorDisplayField: text(xml.errorDisplayField) ?? null
  };
}

type Sharing = ObjectDef['sharingModel'];

/** A stable three-character prefix per object name, like the a0X prefixes of real orgs. */
export function keyPrefixFor(name: string, taken: Set<string>): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  const digest = createHash('sha256').update(name).digest();
  for (let i = 0; i < digest.length - 1; i++) {
    const prefix = `a${alphabet[(digest[i] as number) % 62]}${alphabet[(digest[i + 1] as number) % 62]}`;
    if (!taken.has(prefix)) return prefix;
  }
  throw new Error(`no free key prefix for ${name}`);
}

async function childMetadata(
  component: SourceComponent
): Promise<{ fields: FieldDef[]; rules: ValidationRule[] }> {
  const fields: FieldDef[] = [];
  const rules: ValidationRule[] = [];
  for (const child of component.getChildren()) {
    const parsed = (await child.parseXml()) as Xml;
    if (child.type.name === 'CustomField')
      fields.push(customField(parsed.CustomField as Xml, child.xml ?? child.fullName));
    if (child.type.name === 'ValidationRule') rules.push(validationRule(parsed.ValidationRule as Xml));
  }
  return { fields, rules };
}

async function customObject(component: SourceComponent, takenPrefixes: Set<string>): Promise<ObjectDef> {
  const file = component.xml ?? component.fullName;
  const xml = ((await component.parseXml()) as Xml).CustomObject as Xml | undefined;
  if (!xml) throw new MetadataError(file, 'is not a CustomObject');
  const children = await childMetadata(component);
  const sharingModel = (text(xml.sharingModel) ?? 'ReadWrite') as Sharing;
  const fields: FieldDef[] = [...systemFields(), nameFieldOf(xml), ...children.fields];
  // Detail objects of a master-detail have no owner: the master's owner stands for them.
  if (sharingModel !== 'ControlledByParent') fields.push(ownerField());
  const keyPrefix = keyPrefixFor(component.fullName, takenPrefixes);
  takenPrefixes.add(keyPrefix);
  return object({
    name: component.fullName,
    keyPrefix,
    label: text(xml.label) ?? component.fullName,
    labelPlural: text(xml.pluralLabel) ?? `${component.fullName}s`,
    sharingModel,
    externalSharingModel: (text(xml.externalSharingModel) ?? sharingModel) as Sharing,
    fields,
    validationRules: children.rules,
    enableHistory: flag(xml.enableHistory)
  });
}

/**
 * Loads every custom object under the SFDX package directory. Folders named after a
 * standard object (objects/Account/fields/...) add their custom fields and validation
 * rules to that object instead.
 */
export async function loadCustomObjects(packageDir: string, standard: ObjectDef[]): Promise<ObjectDef[]> {
  const components = ComponentSet.fromSource(packageDir)
    .getSourceComponents()
    .toArray()
    .filter((c) => c.type.name === 'CustomObject')
    .sort((a, b) => a.fullName.localeCompare(b.fullName));
  const standardByName = new Map(standard.map((o) => [o.name.toLowerCase(), o]));
  const taken = new Set(standard.map((o) => o.keyPrefix));
  const objects: ObjectDef[] = [];
  for (const component of components) {
    const extended = standardByName.get(component.fullName.toLowerCase());
    if (extended) {
      const children = await childMetadata(component);
      extended.fields.push(...children.fields);
      extended.validationRules.push(...children.rules);
    } else {
      objects.push(await customObject(component, taken));
    }
  }
  return objects;
}
