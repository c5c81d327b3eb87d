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
import lwcModule from '@lwc/rollup-plugin';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import replaceModule from '@rollup/plugin-replace';
import { rollup, type Plugin, type RollupLog } from 'rollup';
import { loadSchema } from '../schema/index.ts';
import type { Schema } from '../schema/types.ts';
import {
  filesUnder,
  packageMetadata,
  UiBuildError,
  type PackageMetadata,
  type UiComponent
} from './packageMetadata.ts';
import { checkScopedImports, SCOPED, scopedModule, type ScopedImports } from './scopedImports.ts';

export { UiBuildError } from './packageMetadata.ts';
export type {
  FlexiPage,
  FlexiPageComponent,
  FlexiPageRegion,
  StaticResourceFile,
  UiApplication,
  UiComponent,
  UiPageTab,
  UiTab
} from './packageMetadata.ts';

/** What the pages need from a build: where it is, and the package metadata it was built from. */
export type UiBundle = Omit<PackageMetadata, 'components' | 'labels'> & {
  /** Folder holding entry.js and its chunks. */
  dir: string;
  /** Hash of the inputs; part of asset URLs so browsers never keep an old build. */
  hash: string;
  entry: string;
  components: UiComponent[];
  /** The number in /resource/<timestamp>/<name> URLs. */
  resourceTimestamp: number;
};

export interface BuildUiOptions {
  /** The SFDX package directory (force-app). */
  packageDir: string;
  /** The schema @salesforce/schema imports are checked against; loaded from packageDir when absent. */
  schema?: Schema;
  /** Where builds are kept; localorg/dist/ui by default. */
  outDir?: string;
  log?: (message: string) => void;
}

// For these two plugins TypeScript resolves CommonJS typings, where a default import is the
// whole module; at run time Node's default import is the plugin function itself.
const replace = replaceModule as unknown as typeof replaceModule.default;
const lwc = lwcModule as unknown as typeof lwcModule.default;

const uiDir = import.meta.dirname;
const modulesDir = path.join(uiDir, 'modules');
const repoRoot = path.resolve(uiDir, '..', '..', '..');
const defaultOutDir = path.join(repoRoot, 'localorg', 'dist', 'ui');
const ENTRY_ID = '\0localorg-entry';
const MANIFEST = 'manifest.json';
/** Builds kept besides the current one; older ones go once nothing can still be serving them. */
const KEEP_BUILDS = 3;
const PRUNE_AFTER_MS = 60 * 60 * 1000;

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
  // The builder itself and the platform modules live under ui/: a change to either rebuilds.
  const inputs = [...(await filesUnder(packageDir)), ...(await filesUnder(uiDir))];
  for (const file of inputs) {
    if (file.includes(`${path.sep}__tests__${path.sep}`)) continue;
    hash.update(file).update(await readFile(file));
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * Feature gates lightning-base-components' package opens that cannot work on the local org's
 * pages: lightning-combobox's ElementInternals throws under synthetic shadow, which the pages
 * run in as Lightning Experience does.
 */
const CLOSED_GATES = new Set(['@salesforce/gate/bc.260.enableComboboxElementInternals']);
const CLOSED_GATE_ID = '\0localorg-closed-gate';

/** Resolves the entry and the @salesforce scoped imports that lightning-base-components does not provide. */
function platformImports(ctx: ScopedImports): Plugin {
  return {
    name: 'localorg-platform-imports',
    resolveId(source, importer) {
      if (source === ENTRY_ID) return ENTRY_ID;
      if (CLOSED_GATES.has(source)) return CLOSED_GATE_ID;
      return SCOPED.test(source) ? `\0${source}?from=${importer ?? ''}` : null;
    },
    load(id) {
      if (id === ENTRY_ID) return entrySource(ctx.metadata);
      if (id === CLOSED_GATE_ID) return 'export default { isOpen: () => false };';
      if (!id.startsWith('\0@salesforce/')) return null;
      const [source, importer] = id.slice(1).split('?from=') as [string, string | undefined];
      return scopedModule(ctx, source, importer || undefined);
    }
  };
}

/** The page script: synthetic shadow first (as in Lightning Experience), then every component by tag. */
function entrySource(metadata: PackageMetadata): string {
  // The local org's own page components: standard components' stand-ins, list views, the home page.
  const platform = [
    'recordHighlights',
    'recordDetails',
    'relatedListContainer',
    'recordFeed',
    'listView',
    'recentRecords'
  ].map((name) => ({
    specifier: `localorg/${name}`,
    tag: `localorg-${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`
  }));
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
  // Labels are compiled into the bundle; the pages need none of them.
  const { components, labels: _labels, ...rest } = metadata;
  return {
    ...rest,
    dir,
    hash,
    entry: 'entry.js',
    components: components.map(({ entry: _entry, ...component }) => component),
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
