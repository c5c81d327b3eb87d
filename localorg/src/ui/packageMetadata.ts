// Reads what the browser bundle needs from force-app through source-deploy-retrieve:
// components and where they may be placed, custom labels, static resources, tabs and the
// compact layouts that make record highlights.
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

async function componentOf(c: SourceComponent): Promise<UiComponent & { entry: string }> {
  const dir = c.content as string;
  const entry = ['js', 'ts'].map((ext) => path.join(dir, `${c.fullName}.${ext}`)).find((f) => existsSync(f));
  if (!entry) throw new UiBuildError(`${dir}: the component ${c.fullName} has no ${c.fullName}.js`);
  const meta = ((await c.parseXml()) as Xml).LightningComponentBundle as Xml | undefined;
  return {
    specifier: `c/${c.fullName}`,
    tag: `c-${kebab(c.fullName)}`,
    recordPageObjects: meta ? recordPageObjects(meta) : null,
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

/** 'Custom15: People' → custom:custom15, the icon Lightning shows for the tab's object. */
async function tabOf(c: SourceComponent): Promise<UiTab | undefined> {
  const xml = ((await c.parseXml()) as Xml).CustomTab as Xml | undefined;
  if (text(xml?.customObject) !== 'true') return undefined;
  const motif = /^Custom(\d+):/i.exec(text(xml?.motif));
  return { object: c.fullName, iconName: motif ? `custom:custom${motif[1]}` : null };
}

/** The object's assigned compact layout (or its only one): the fields of its record highlights. */
async function compactLayoutsOf(c: SourceComponent): Promise<string[] | undefined> {
  const object = ((await c.parseXml()) as Xml).CustomObject as Xml | undefined;
  const layouts = new Map<string, string[]>();
  for (const child of c.getChildren().filter((k) => k.type.name === 'CompactLayout')) {
    const xml = ((await child.parseXml()) as Xml).CompactLayout as Xml | undefined;
    layouts.set(child.name, list(xml?.fields as string | string[] | undefined).map(text));
  }
  const assigned = text(object?.compactLayoutAssignment);
  return layouts.get(assigned) ?? (layouts.size === 1 ? [...layouts.values()][0] : undefined);
}

export async function packageMetadata(packageDir: string): Promise<PackageMetadata> {
  const metadata: PackageMetadata = {
    components: [],
    labels: new Map(),
    staticResources: [],
    compactLayouts: {},
    tabs: []
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
      case 'CustomTab': {
        const tab = await tabOf(c);
        if (tab) metadata.tabs.push(tab);
        break;
      }
      case 'CustomObject': {
        const fields = await compactLayoutsOf(c);
        if (fields) metadata.compactLayouts[c.fullName] = fields;
        break;
      }
    }
  }
  return metadata;
}
