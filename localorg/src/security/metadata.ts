// force-app's security metadata, read through source-deploy-retrieve like the schema:
// permission sets (object permissions, field permissions, custom and user permissions),
// custom permissions and restriction rules. Anything naming an object or field the org does
// not have stops the org at start-up, as a deploy would fail.
import { ComponentSet, type SourceComponent } from '@salesforce/source-deploy-retrieve';
import { MetadataError } from '../schema/metadataLoader.ts';
import type { Schema } from '../schema/types.ts';
import { list, type Xml } from '../schema/xml.ts';
import { compileRestrictionRule, type RestrictionRule } from './restrictionRules.ts';
import type { FieldAccess, ObjectAccess } from './types.ts';

export interface PermissionSetDef {
  name: string;
  label: string;
  description: string | null;
  hasActivationRequired: boolean;
  /** By object API name as written. */
  objects: Map<string, ObjectAccess>;
  /** By `Object.Field` as written. */
  fields: Map<string, FieldAccess>;
  customPermissions: string[];
  /** System permissions such as ViewAllData and ModifyAllData. */
  userPermissions: string[];
  /** Tabs the set makes Visible or Available: the others stay out of the user's navigation. */
  visibleTabs: string[];
}

export interface SecurityMetadata {
  permissionSets: PermissionSetDef[];
  /** API names of the org's custom permissions. */
  customPermissions: string[];
  restrictionRules: RestrictionRule[];
}

const flag = (value: unknown): boolean => String(value) === 'true';
const text = (value: unknown): string | undefined => (value === undefined ? undefined : String(value));

function objectAccess(xml: Xml): ObjectAccess {
  // Each permission implies the ones it needs, as Setup enforces when you tick it.
  const modifyAll = flag(xml.modifyAllRecords);
  const remove = modifyAll || flag(xml.allowDelete);
  const edit = remove || flag(xml.allowEdit);
  const viewAll = modifyAll || flag(xml.viewAllRecords);
  const create = modifyAll || flag(xml.allowCreate);
  return {
    read: edit || create || viewAll || flag(xml.allowRead),
    create,
    edit,
    delete: remove,
    viewAll,
    modifyAll
  };
}

async function parsed(component: SourceComponent, type: string): Promise<Xml> {
  const xml = ((await component.parseXml()) as Xml)[type] as Xml | undefined;
  if (!xml) throw new MetadataError(component.xml ?? component.fullName, `is not a ${type}`);
  return xml;
}

function permissionSet(name: string, xml: Xml, file: string, schema: Schema): PermissionSetDef {
  const objects = new Map<string, ObjectAccess>();
  for (const entry of list(xml.objectPermissions as Xml | Xml[] | undefined)) {
    const objectName = String(entry.object);
    if (!schema.object(objectName))
      throw new MetadataError(file, `objectPermissions name ${objectName}, which the org does not have`);
    objects.set(objectName, objectAccess(entry));
  }
  const fields = new Map<string, FieldAccess>();
  for (const entry of list(xml.fieldPermissions as Xml | Xml[] | undefined)) {
    const fieldName = String(entry.field);
    const [objectName = '', field = ''] = fieldName.split('.');
    const o = schema.object(objectName);
    if (!o || !schema.field(o, field)) {
      throw new MetadataError(file, `fieldPermissions name ${fieldName}, which the org does not have`);
    }
    const edit = flag(entry.editable);
    fields.set(fieldName, { read: edit || flag(entry.readable), edit });
  }
  const enabled = (entries: unknown): string[] =>
    list(entries as Xml | Xml[] | undefined)
      .filter((entry) => flag(entry.enabled))
      .map((entry) => String(entry.name));
  return {
    name,
    label: text(xml.label) ?? name,
    description: text(xml.description) ?? null,
    hasActivationRequired: flag(xml.hasActivationRequired),
    objects,
    fields,
    customPermissions: enabled(xml.customPermissions),
    userPermissions: enabled(xml.userPermissions),
    visibleTabs: list(xml.tabSettings as Xml | Xml[] | undefined)
      .filter((entry) => ['Visible', 'Available'].includes(String(entry.visibility)))
      .map((entry) => String(entry.tab))
  };
}

/** Reads the package's permission sets, custom permissions and restriction rules. */
export async function loadSecurityMetadata(packageDir: string, schema: Schema): Promise<SecurityMetadata> {
  const components = ComponentSet.fromSource(packageDir)
    .getSourceComponents()
    .toArray()
    .sort((a, b) => a.fullName.localeCompare(b.fullName));
  const ofType = (type: string) => components.filter((c) => c.type.name === type);
  const customPermissions = ofType('CustomPermission').map((c) => c.fullName);
  const known = new Set(customPermissions.map((name) => name.toLowerCase()));

  const permissionSets: PermissionSetDef[] = [];
  for (const component of ofType('PermissionSet')) {
    const file = component.xml ?? component.fullName;
    const set = permissionSet(component.fullName, await parsed(component, 'PermissionSet'), file, schema);
    const unknown = set.customPermissions.find((name) => !known.has(name.toLowerCase()));
    if (unknown)
      throw new MetadataError(file, `enables custom permission ${unknown}, which force-app does not define`);
    permissionSets.push(set);
  }

  const restrictionRules: RestrictionRule[] = [];
  for (const component of ofType('RestrictionRule')) {
    const xml = await parsed(component, 'RestrictionRule');
    const file = component.xml ?? component.fullName;
    if (!flag(xml.active)) continue;
    const enforcement = text(xml.enforcementType);
    // Scoping rules only set what users see by default; they never restrict access.
    if (enforcement === 'Scoping') continue;
    if (enforcement !== 'Restrict')
      throw new MetadataError(file, `enforcementType ${enforcement} is not supported`);
    restrictionRules.push(
      compileRestrictionRule(
        {
          name: component.fullName,
          targetEntity: String(xml.targetEntity),
          recordFilter: String(xml.recordFilter),
          userCriteria: String(xml.userCriteria)
        },
        schema,
        file
      )
    );
  }
  return { permissionSets, customPermissions, restrictionRules };
}
