// Reads what the browser pages need from force-app through source-deploy-retrieve:
// components and where they may be placed, custom labels, static resources, tabs, the
// compact layouts that make record highlights, Lightning pages (FlexiPages), Lightning apps
// and which record page each object opens on.
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ComponentSet, type SourceComponent } from '@salesforce/source-deploy-retrieve';
import { list, type Xml } from '../schema/xml.ts';

/** A component from force-app, and where an admin may place it. */
export interface UiComponent {
  /** c/planObjectives */
  specifier: string;
  /** c-plan-objectives */
  tag: string;
  /** Objects whose record pages may hold it: [] for any object, null when it is not a record page component. */
  recordPageObjects: string[] | null;
  /** False for service modules (ldsUtils…), which export functions rather than an element. */
  isElement: boolean;
  /** Types of the properties its js-meta.xml lets an admin set (Integer, Boolean, String…), by name. */
  propertyTypes: Record<string, string>;
}

export interface StaticResourceFile {
  name: string;
  contentType: string;
  /** The file, or the folder an archive resource was expanded into. */
  path: string;
  directory: boolean;
}

/** A custom object tab: the object and the icon of its tab style (motif). */
export interface UiTab {
  object: string;
  /** lightning-icon name, e.g. custom:custom15. */
  iconName: string | null;
}

/** A Lightning page tab (a CustomTab showing an App Page), at /lightning/n/<name>. */
export interface UiPageTab {
  name: string;
  label: string;
  flexiPage: string;
  iconName: string | null;
}

/** A component placed on a Lightning page, with the property values the admin set. */
export interface FlexiPageComponent {
  kind: 'component';
  /** force:highlightsPanel, c:planObjectives, flexipage:tabset… */
  componentName: string;
  identifier: string | null;
  /** Property values as the page stores them: text, or a list for valueList properties. */
  properties: Record<string, string | string[]>;
}

/** A field placed on a Dynamic Forms page (Record.Name). */
export interface FlexiPageField {
  kind: 'field';
  fieldItem: string;
  identifier: string | null;
}

export interface FlexiPageRegion {
  name: string;
  /** Region: a place in the template; Facet: content a component (a tab, a column) shows. */
  type: 'Region' | 'Facet';
  items: Array<FlexiPageComponent | FlexiPageField>;
}

/** A Lightning page from force-app's flexipages/. */
export interface FlexiPage {
  name: string;
  masterLabel: string;
  /** RecordPage, AppPage, HomePage… */
  type: string;
  sobjectType: string | null;
  /** flexipage:recordHomeTemplateDesktop… */
  template: string;
  regions: FlexiPageRegion[];
}

/** A Lightning app from force-app's applications/. */
export interface UiApplication {
  name: string;
  label: string;
  /** Standard or Console. */
  navType: string;
  /** Navigation items in order: standard-home, standard-Account, Business_Plan__c, a page tab… */
  tabs: string[];
  /** The FlexiPage each object's records open on in this app on desktop (View overrides). */
  recordPages: Record<string, string>;
}

export class UiBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UiBuildError';
  }
}

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value)).trim();

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

export async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

export interface PackageMetadata {
  components: Array<UiComponent & { entry: string }>;
  labels: Map<string, string>;
  staticResources: StaticResourceFile[];
  compactLayouts: Record<string, string[]>;
  tabs: UiTab[];
  pageTabs: UiPageTab[];
  flexiPages: FlexiPage[];
  applications: UiApplication[];
  /** Org-wide record pages: the FlexiPage an object's View action opens on desktop, by object. */
  recordPages: Record<string, string>;
  /** The related list label of each custom lookup ("Plan_Objective__c.Business_Plan__c" → "Plan Objectives"). */
  relationshipLabels: Record<string, string>;
  /** API names of the custom permissions, which @salesforce/customPermission imports must name. */
  customPermissions: string[];
}

function recordPageObjects(meta: Xml): string[] | null {
  if (text(meta.isExposed) !== 'true') return null;
  const targets = list((meta.targets as Xml | undefined)?.target as string | string[] | undefined).map(text);
  if (!targets.includes('lightning__RecordPage')) return null;
  const configs = list((meta.targetConfigs as Xml | undefined)?.targetConfig as Xml | Xml[] | undefined);
  const forRecordPage = configs.filter((c) =>
    text(c['@_targets']).split(',').map(text).includes('lightning__RecordPage')
  );
  return forRecordPage.flatMap((c) =>
    list((c.objects as Xml | undefined)?.object as string | string[] | undefined).map(text)
  );
}

/** The types of the properties every target config declares (<property name="…" type="Integer"/>). */
function propertyTypes(meta: Xml): Record<string, string> {
  const configs = list((meta.targetConfigs as Xml | undefined)?.targetConfig as Xml | Xml[] | undefined);
  const properties = configs.flatMap((c) => list(c.property as Xml | Xml[] | undefined));
  return Object.fromEntries(properties.map((p) => [text(p['@_name']), text(p['@_type']) || 'String']));
}

async function componentOf(c: SourceComponent): Promise<UiComponent & { entry: string }> {
  const dir = c.content as string;
  const entry = ['js', 'ts'].map((ext) => path.join(dir, `${c.fullName}.${ext}`)).find((f) => existsSync(f));
  if (!entry) throw new UiBuildError(`${dir}: the component ${c.fullName} has no ${c.fullName}.js`);
  const meta = ((await c.parseXml()) as Xml).LightningComponentBundle as Xml | undefined;
  return {
    specifier: `c/${c.fullName}`,
    tag: `c-${kebab(c.fullName)}`,
    recordPageObjects: meta ? recordPageObjects(meta) : null,
    propertyTypes: meta ? propertyTypes(meta) : {},
    isElement: /\bexport\s+default\b/.test(await readFile(entry, 'utf8')),
    entry
  };
}

async function labelsOf(c: SourceComponent, into: Map<string, string>): Promise<void> {
  const xml = ((await c.parseXml()) as Xml).CustomLabels as Xml | undefined;
  for (const label of list(xml?.labels as Xml | Xml[] | undefined))
    into.set(text(label.fullName), String(label.value ?? ''));
}

async function staticResourceOf(c: SourceComponent): Promise<StaticResourceFile> {
  const xml = ((await c.parseXml()) as Xml).StaticResource as Xml | undefined;
  const content = c.content as string;
  return {
    name: c.fullName,
    contentType: text(xml?.contentType) || 'application/octet-stream',
    path: content,
    directory: (await stat(content)).isDirectory()
  };
}

/** 'Custom15: People' → custom:custom15, the icon Lightning shows for the tab. */
function motifIcon(xml: Xml | undefined): string | null {
  const motif = /^Custom(\d+):/i.exec(text(xml?.motif));
  return motif ? `custom:custom${motif[1]}` : null;
}

async function tabOf(c: SourceComponent, into: PackageMetadata): Promise<void> {
  const xml = ((await c.parseXml()) as Xml).CustomTab as Xml | undefined;
  if (text(xml?.customObject) === 'true') {
    into.tabs.push({ object: c.fullName, iconName: motifIcon(xml) });
  } else if (text(xml?.flexiPage)) {
    into.pageTabs.push({
      name: c.fullName,
      label: text(xml?.label) || c.fullName,
      flexiPage: text(xml?.flexiPage),
      iconName: motifIcon(xml)
    });
  }
}

/** componentInstanceProperties: <value>, or <valueList><valueListItems><value> for lists. */
function instanceProperties(instance: Xml): Record<string, string | string[]> {
  const properties = list(instance.componentInstanceProperties as Xml | Xml[] | undefined);
  return Object.fromEntries(
    properties.map((p) => {
      const items = list((p.valueList as Xml | undefined)?.valueListItems as Xml | Xml[] | undefined);
      return [text(p.name), p.valueList === undefined ? text(p.value) : items.map((i) => text(i.value))];
    })
  );
}

/** Region items: <itemInstances> since API 53.0, bare <componentInstances> before. */
function regionItems(region: Xml): FlexiPageRegion['items'] {
  const items: FlexiPageRegion['items'] = [];
  const instances: Xml[] = [
    ...list(region.itemInstances as Xml | Xml[] | undefined),
    ...list(region.componentInstances as Xml | Xml[] | undefined).map((c) => ({ componentInstance: c }))
  ];
  for (const item of instances) {
    const component = item.componentInstance as Xml | undefined;
    const field = item.fieldInstance as Xml | undefined;
    if (component) {
      items.push({
        kind: 'component',
        componentName: text(component.componentName),
        identifier: text(component.identifier) || null,
        properties: instanceProperties(component)
      });
    } else if (field) {
      items.push({
        kind: 'field',
        fieldItem: text(field.fieldItem),
        identifier: text(field.identifier) || null
      });
    }
  }
  return items;
}

async function flexiPageOf(c: SourceComponent): Promise<FlexiPage> {
  const xml = (((await c.parseXml()) as Xml).FlexiPage ?? {}) as Xml;
  return {
    name: c.fullName,
    masterLabel: text(xml.masterLabel) || c.fullName,
    type: text(xml.type),
    sobjectType: text(xml.sobjectType) || null,
    template: text((xml.template as Xml | undefined)?.name),
    regions: list(xml.flexiPageRegions as Xml | Xml[] | undefined).map((r) => ({
      name: text(r.name),
      type: text(r.type) === 'Facet' ? 'Facet' : 'Region',
      items: regionItems(r)
    }))
  };
}

/** View overrides that open an object's records on a FlexiPage on desktop: object → page. */
function flexiPageViewOverrides(overrides: Xml[], objectOf: (o: Xml) => string): Record<string, string> {
  const pages: Record<string, string> = {};
  for (const o of overrides) {
    const desktop = !text(o.formFactor) || text(o.formFactor) === 'Large';
    if (text(o.actionName) === 'View' && text(o.type) === 'Flexipage' && desktop && text(o.content)) {
      pages[objectOf(o)] = text(o.content);
    }
  }
  return pages;
}

async function applicationOf(c: SourceComponent): Promise<UiApplication> {
  const xml = (((await c.parseXml()) as Xml).CustomApplication ?? {}) as Xml;
  return {
    name: c.fullName,
    label: text(xml.label) || c.fullName,
    navType: text(xml.navType) || 'Standard',
    tabs: list(xml.tabs as string | string[] | undefined).map(text),
    recordPages: flexiPageViewOverrides(list(xml.actionOverrides as Xml | Xml[] | undefined), (o) =>
      text(o.pageOrSobjectType)
    )
  };
}

/**
 * From an object: its assigned compact layout (or its only one), the fields of its record
 * highlights; the FlexiPage its View action opens on (the org default record page); and
 * the labels its lookups give their related lists.
 */
async function customObjectOf(c: SourceComponent, into: PackageMetadata): Promise<void> {
  const object = ((await c.parseXml()) as Xml).CustomObject as Xml | undefined;
  const layouts = new Map<string, string[]>();
  for (const child of c.getChildren().filter((k) => k.type.name === 'CompactLayout')) {
    const xml = ((await child.parseXml()) as Xml).CompactLayout as Xml | undefined;
    layouts.set(child.name, list(xml?.fields as string | string[] | undefined).map(text));
  }
  const assigned = text(object?.compactLayoutAssignment);
  const fields = layouts.get(assigned) ?? (layouts.size === 1 ? [...layouts.values()][0] : undefined);
  if (fields) into.compactLayouts[c.fullName] = fields;
  for (const child of c.getChildren().filter((k) => k.type.name === 'CustomField')) {
    const label = text((((await child.parseXml()) as Xml).CustomField as Xml | undefined)?.relationshipLabel);
    if (label) into.relationshipLabels[`${c.fullName}.${child.name}`] = label;
  }
  Object.assign(
    into.recordPages,
    flexiPageViewOverrides(list(object?.actionOverrides as Xml | Xml[] | undefined), () => c.fullName)
  );
}

export async function packageMetadata(packageDir: string): Promise<PackageMetadata> {
  const metadata: PackageMetadata = {
    components: [],
    labels: new Map(),
    staticResources: [],
    compactLayouts: {},
    tabs: [],
    pageTabs: [],
    flexiPages: [],
    applications: [],
    recordPages: {},
    relationshipLabels: {},
    customPermissions: []
  };
  if (!existsSync(packageDir)) return metadata;
  const components = ComponentSet.fromSource(packageDir).getSourceComponents().toArray();
  for (const c of components.sort((a, b) => a.fullName.localeCompare(b.fullName))) {
    switch (c.type.name) {
      case 'LightningComponentBundle':
        metadata.components.push(await componentOf(c));
        break;
      case 'CustomLabels':
        await labelsOf(c, metadata.labels);
        break;
      case 'StaticResource':
        metadata.staticResources.push(await staticResourceOf(c));
        break;
      case 'CustomTab':
        await tabOf(c, metadata);
        break;
      case 'CustomObject':
        await customObjectOf(c, metadata);
        break;
      case 'FlexiPage':
        metadata.flexiPages.push(await flexiPageOf(c));
        break;
      case 'CustomApplication':
        metadata.applications.push(await applicationOf(c));
        break;
      case 'CustomPermission':
        metadata.customPermissions.push(c.fullName);
        break;
    }
  }
  return metadata;
}
