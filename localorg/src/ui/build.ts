// Compiles force-app's Lightning Web Components, lightning-base-components and the local
// org's platform modules (lightning/uiRecordApi…) into one browser bundle with rollup and
// @lwc/rollup-plugin. Scoped imports (@salesforce/schema, @salesforce/label/c.*,
// @salesforce/resourceUrl…) are resolved from force-app's metadata as a deploy would,
// failing the build on a reference that does not exist. The output under localorg/dist/ui
// is keyed by a hash of every input, so a server start only rebuilds after a change.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ComponentSet, type SourceComponent } from '@salesforce/source-deploy-retrieve';
import lwc from '@lwc/rollup-plugin';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import replaceModule from '@rollup/plugin-replace';
import { rollup, type Plugin, type RollupLog } from 'rollup';
import { loadSchema } from '../schema/index.ts';
import type { ObjectDef, Schema } from '../schema/types.ts';

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

export interface UiBundle {
  /** Folder holding entry.js and its chunks. */
  dir: string;
  /** Hash of the inputs; part of asset URLs so browsers never keep an old build. */
  hash: string;
  entry: string;
  components: UiComponent[];
  staticResources: StaticResourceFile[];
  /** Fields of each object's compact layout (the record highlights), from force-app. */
  compactLayouts: Record<string, string[]>;
  /** Custom object tabs, in name order. */
  tabs: UiTab[];
  /** The number in /resource/<timestamp>/<name> URLs. */
  resourceTimestamp: number;
}

export interface BuildUiOptions {
  /** The SFDX package directory (force-app). */
  packageDir: string;
  /** The schema @salesforce/schema imports are checked against; loaded from packageDir when absent. */
  schema?: Schema;
  /** Where builds are kept; localorg/dist/ui by default. */
  outDir?: string;
  log?: (message: string) => void;
}

export class UiBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UiBuildError';
  }
}

// The package's types describe its CommonJS build; Node loads its ES build, whose default export is the plugin.
const replace = replaceModule as unknown as typeof replaceModule.default;

const uiDir = import.meta.dirname;
const modulesDir = path.join(uiDir, 'modules');
const repoRoot = path.resolve(uiDir, '..', '..', '..');
const defaultOutDir = path.join(repoRoot, 'localorg', 'dist', 'ui');
const ENTRY_ID = '\0localorg-entry';
const MANIFEST = 'manifest.json';
/** Builds kept besides the current one; older ones go once nothing can still be serving them. */
const KEEP_BUILDS = 3;
const PRUNE_AFTER_MS = 60 * 60 * 1000;

type Xml = Record<string, unknown>;

function list<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value)).trim();

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** Hash of everything the bundle depends on: force-app, the platform modules, this builder and the compiler versions. */
async function inputHash(packageDir: string): Promise<string> {
  const hash = createHash('sha256');
  const versions = ['lwc', '@lwc/rollup-plugin', 'lightning-base-components', 'rollup'].map((name) => {
    const manifest = path.join(repoRoot, 'node_modules', name, 'package.json');
    return existsSync(manifest)
      ? `${name}@${(JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version}`
      : name;
  });
  hash.update(JSON.stringify([packageDir, versions]));
  const inputs = [...(await filesUnder(packageDir)), ...(await filesUnder(modulesDir)), import.meta.filename];
  for (const file of inputs) {
    if (file.includes(`${path.sep}__tests__${path.sep}`)) continue;
    hash.update(file).update(await readFile(file));
  }
  return hash.digest('hex').slice(0, 16);
}

interface PackageMetadata {
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

async function packageMetadata(packageDir: string): Promise<PackageMetadata> {
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

function invalidReference(reference: string, kind: string, importer: string | undefined): UiBuildError {
  return new UiBuildError(
    `Invalid reference ${reference} of type ${kind} in file ${importer ? path.basename(importer.split('?')[0] as string) : 'unknown'}`
  );
}

/** @salesforce/schema/Obj.Rel__r.Field → checked against the schema like a deploy does. */
function schemaModule(schema: Schema, reference: string, importer: string | undefined): string {
  const [objectName, ...path] = reference.split('.');
  const o = schema.object(objectName ?? '');
  if (!o) throw invalidReference(reference, 'sobject', importer);
  if (path.length === 0) return `export default ${JSON.stringify({ objectApiName: o.name })};`;
  let current: ObjectDef = o;
  const names: string[] = [];
  for (const [i, part] of path.entries()) {
    const last = i === path.length - 1;
    const f = last ? schema.field(current, part) : schema.relationship(current, part);
    const target = !last && f ? schema.object(f.referenceTo[0] ?? '') : undefined;
    if (!f || (!last && !target)) throw invalidReference(reference, 'sobjectField', importer);
    names.push(last ? f.name : (f.relationshipName as string));
    if (target) current = target;
  }
  return `export default ${JSON.stringify({ objectApiName: o.name, fieldApiName: names.join('.') })};`;
}

const APEX_UNAVAILABLE =
  "const unavailable = () => Promise.reject({ status: 501, statusText: 'Not Implemented', ok: false, headers: {}, body: { message: 'Apex is not available in the local org.' } });";

interface ScopedImports {
  schema: Schema;
  metadata: PackageMetadata;
  resourceTimestamp: number;
  log: (message: string) => void;
}

/** The module a @salesforce scoped import stands for, or an error naming the reference a deploy would reject. */
function scopedModule(ctx: ScopedImports, source: string, importer: string | undefined): string {
  const rest = source.slice('@salesforce/'.length);
  const [kind, ...tail] = rest.split('/');
  const reference = tail.join('/');
  switch (kind) {
    case 'schema':
      return schemaModule(ctx.schema, reference, importer);
    case 'label': {
      const name = reference.slice('c.'.length);
      if (!ctx.metadata.labels.has(name)) throw invalidReference(reference, 'label', importer);
      return `export default ${JSON.stringify(ctx.metadata.labels.get(name))};`;
    }
    case 'resourceUrl':
      if (!ctx.metadata.staticResources.some((r) => r.name === reference)) {
        throw invalidReference(reference, 'resourceUrl', importer);
      }
      return `export default ${JSON.stringify(`/resource/${ctx.resourceTimestamp}/${reference}`)};`;
    case 'user':
      if (reference === 'Id') return 'export default (globalThis.__LOCAL_ORG__ || {}).userId;';
      if (reference === 'isGuest') return 'export default false;';
      throw invalidReference(reference, 'user', importer);
    case 'community':
      return 'export default undefined;';
    case 'i18n':
      // The signed-in user's time zone, which lightning-input and the date pickers work in.
      return "export default (globalThis.__LOCAL_ORG__ || {}).timeZone || 'America/Los_Angeles';";
    case 'apex':
      ctx.log(
        `${importer ? path.basename(importer) : 'A component'} imports ${source}: Apex calls reject in the local org.`
      );
      return reference === ''
        ? `${APEX_UNAVAILABLE}\nexport const refreshApex = () => Promise.resolve();\nexport const getSObjectValue = (record, field) => record[typeof field === 'string' ? field : field.fieldApiName];`
        : `${APEX_UNAVAILABLE}\nexport default unavailable;`;
    default:
      throw invalidReference(rest, kind ?? 'import', importer);
  }
}

/** Scoped imports this plugin answers; the rest (@salesforce/i18n, labels of base components) come from lightning-base-components. */
const SCOPED =
  /^@salesforce\/(schema|label\/c\.|resourceUrl|user|apex|community)|^@salesforce\/i18n\/timeZone$/;

/** Resolves the entry and the @salesforce scoped imports that lightning-base-components does not provide. */
function platformImports(ctx: ScopedImports): Plugin {
  return {
    name: 'localorg-platform-imports',
    resolveId(source, importer) {
      if (source === ENTRY_ID) return ENTRY_ID;
      return SCOPED.test(source) ? `\0${source}?from=${importer ?? ''}` : null;
    },
    load(id) {
      if (id === ENTRY_ID) return entrySource(ctx.metadata);
      if (!id.startsWith('\0@salesforce/')) return null;
      const [source, importer] = id.slice(1).split('?from=') as [string, string | undefined];
      return scopedModule(ctx, source, importer || undefined);
    }
  };
}

/** Checks every scoped import of every component before compiling, reporting them all at once as a deploy does. */
async function checkScopedImports(ctx: ScopedImports): Promise<void> {
  const problems: string[] = [];
  const pattern = /\bimport\s+(?:[^'";]*?\sfrom\s+)?['"](@salesforce\/[^'"]+)['"]/g;
  for (const component of ctx.metadata.components) {
    const files = (await filesUnder(path.dirname(component.entry))).filter(
      (f) => f.endsWith('.js') && !f.includes(`${path.sep}__tests__${path.sep}`)
    );
    for (const file of files) {
      for (const [, source] of (await readFile(file, 'utf8')).matchAll(pattern)) {
        if (!source || !SCOPED.test(source) || source.startsWith('@salesforce/apex')) continue;
        try {
          scopedModule(ctx, source, file);
        } catch (error) {
          if (!(error instanceof UiBuildError)) throw error;
          problems.push(error.message);
        }
      }
    }
  }
  if (problems.length > 0) throw new UiBuildError(problems.join('\n'));
}

/** The page script: synthetic shadow first (as in Lightning Experience), then every component by tag. */
function entrySource(metadata: PackageMetadata): string {
  const platform = [
    { specifier: 'localorg/recordHighlights', tag: 'localorg-record-highlights' },
    { specifier: 'localorg/recordDetails', tag: 'localorg-record-details' }
  ];
  const all = [...platform, ...metadata.components.filter((c) => c.isElement)];
  const imports = all.map((c, i) => `import C${i} from '${c.specifier}';`);
  const registry = all.map((c, i) => `  '${c.tag}': C${i}`).join(',\n');
  return [
    "import '@lwc/synthetic-shadow';",
    "import { mountComponents } from 'localorg/app';",
    ...imports,
    `mountComponents({\n${registry}\n});`
  ].join('\n');
}

/** Rollup's errors carry every watched file; keep what a person needs to fix the source. */
function buildError(error: unknown): Error {
  if (!(error instanceof Error) || error instanceof UiBuildError) return error as Error;
  const { id, loc } = error as { id?: string; loc?: { line: number; column: number } };
  const where = id
    ? ` (${path.relative(repoRoot, id.split('?')[0] as string)}${loc ? `:${loc.line}:${loc.column}` : ''})`
    : '';
  return new UiBuildError(`${error.message}${where}`);
}

async function compile(
  packageDir: string,
  schema: Schema,
  metadata: PackageMetadata,
  resourceTimestamp: number,
  outDir: string,
  log: (message: string) => void
): Promise<void> {
  const problems: string[] = [];
  const bundle = await rollup({
    input: ENTRY_ID,
    plugins: [
      platformImports({ schema, metadata, resourceTimestamp, log }),
      replace({
        preventAssignment: true,
        values: { 'process.env.NODE_ENV': JSON.stringify('production'), 'import.meta.env.SSR': 'false' }
      }),
      lwc({
        rootDir: modulesDir,
        // lightning-datatable's sorting dialog renders with lwc:is, as the platform allows.
        enableDynamicComponents: true,
        modules: [
          { dir: modulesDir },
          ...metadata.components.map((c) => ({ name: c.specifier, path: c.entry })),
          { npm: 'lightning-base-components' }
        ]
      }),
      nodeResolve({ browser: true })
    ],
    onwarn(warning: RollupLog) {
      // lightning-base-components' own templates draw compiler warnings (LWC1149, LWC1057…); harmless.
      if ((warning.id ?? '').includes(`${path.sep}lightning-base-components${path.sep}`)) return;
      if (warning.code === 'CIRCULAR_DEPENDENCY' || warning.code === 'THIS_IS_UNDEFINED') return;
      problems.push(warning.message);
    }
  });
  try {
    await bundle.write({
      dir: outDir,
      format: 'esm',
      entryFileNames: 'entry.js',
      chunkFileNames: 'chunks/[name]-[hash].js'
    });
  } finally {
    await bundle.close();
  }
  const unresolved = problems.filter((p) => /could not be resolved|is not exported/.test(p));
  if (unresolved.length > 0)
    throw new UiBuildError(`${path.relative(repoRoot, packageDir)}: ${unresolved.join('\n')}`);
  for (const p of problems) log(p);
}

async function pruneOldBuilds(outDir: string, keep: string): Promise<void> {
  const entries = await readdir(outDir, { withFileTypes: true });
  const builds = await Promise.all(
    entries
      .filter((e) => e.isDirectory() && e.name !== keep && !e.name.includes('.tmp-'))
      .map(async (e) => ({
        dir: path.join(outDir, e.name),
        mtime: (await stat(path.join(outDir, e.name))).mtimeMs
      }))
  );
  builds.sort((a, b) => b.mtime - a.mtime);
  const cutoff = Date.now() - PRUNE_AFTER_MS;
  for (const old of builds.slice(KEEP_BUILDS).filter((b) => b.mtime < cutoff)) {
    await rm(old.dir, { recursive: true, force: true });
  }
}

const inProgress = new Map<string, Promise<UiBundle>>();

async function build(
  options: BuildUiOptions,
  packageDir: string,
  outDir: string,
  hash: string
): Promise<UiBundle> {
  const log = options.log ?? ((message: string) => console.warn(`[localorg ui] ${message}`));
  const dir = path.join(outDir, hash);
  const metadata = await packageMetadata(packageDir);
  const manifestPath = path.join(dir, MANIFEST);
  if (existsSync(manifestPath)) {
    // Marks the build as in use, so that pruning keeps it.
    const now = new Date();
    await utimes(dir, now, now).catch(() => undefined);
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { resourceTimestamp: number };
    return bundleOf(dir, hash, metadata, manifest.resourceTimestamp);
  }
  const schema = options.schema ?? (await loadSchema(packageDir));
  const resourceTimestamp = Date.now();
  // Build beside the final folder and rename, so a concurrent start never sees half a build.
  const temporary = `${dir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  await mkdir(temporary, { recursive: true });
  try {
    await checkScopedImports({ schema, metadata, resourceTimestamp, log });
    await compile(packageDir, schema, metadata, resourceTimestamp, temporary, log).catch((error: unknown) => {
      throw buildError(error);
    });
    await writeFile(path.join(temporary, MANIFEST), JSON.stringify({ hash, resourceTimestamp }));
    // Another process may have finished the same build first; its copy is as good as ours.
    await rename(temporary, dir).catch(async (error: unknown) => {
      if (!existsSync(path.join(dir, MANIFEST))) throw error;
      await rm(temporary, { recursive: true, force: true });
    });
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
  await pruneOldBuilds(outDir, hash);
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { resourceTimestamp: number };
  return bundleOf(dir, hash, metadata, manifest.resourceTimestamp);
}

function bundleOf(dir: string, hash: string, metadata: PackageMetadata, resourceTimestamp: number): UiBundle {
  return {
    dir,
    hash,
    entry: 'entry.js',
    components: metadata.components.map(({ specifier, tag, recordPageObjects: objects, isElement }) => ({
      specifier,
      tag,
      recordPageObjects: objects,
      isElement
    })),
    staticResources: metadata.staticResources,
    compactLayouts: metadata.compactLayouts,
    tabs: metadata.tabs,
    resourceTimestamp
  };
}

/** The LWC module resolver reads its settings from the nearest package.json (or lwc.config.json) above a component. */
function assertInsideNpmProject(packageDir: string): void {
  for (let dir = packageDir; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) || existsSync(path.join(dir, 'lwc.config.json'))) return;
    if (path.dirname(dir) === dir) break;
  }
  throw new UiBuildError(
    `${packageDir} is not inside an npm project: the LWC compiler needs a package.json in the SFDX project or above it.`
  );
}

/** Builds the browser bundle for a package directory, or reuses the build of identical inputs. */
export async function buildUiBundle(options: BuildUiOptions): Promise<UiBundle> {
  const packageDir = path.resolve(options.packageDir);
  assertInsideNpmProject(packageDir);
  const outDir = path.resolve(options.outDir ?? defaultOutDir);
  await mkdir(outDir, { recursive: true });
  const hash = await inputHash(packageDir);
  const key = path.join(outDir, hash);
  let pending = inProgress.get(key);
  if (!pending) {
    pending = build(options, packageDir, outDir, hash).finally(() => inProgress.delete(key));
    inProgress.set(key, pending);
  }
  return pending;
}
