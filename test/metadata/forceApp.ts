// Reads the force-app package the way `sf project deploy` does: through source-deploy-retrieve,
// offline. Shared by the metadata tests.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ComponentSet, ForceIgnore, type SourceComponent } from '@salesforce/source-deploy-retrieve';

export const root = path.resolve(import.meta.dirname, '..', '..');
export const packageDir = path.join(root, 'force-app');

type Xml = Record<string, unknown>;

/** The sourceApiVersion every -meta.xml has to match. */
export async function sourceApiVersion(): Promise<string> {
  const project = JSON.parse(await readFile(path.join(root, 'sfdx-project.json'), 'utf8')) as {
    sourceApiVersion?: string;
  };
  if (!project.sourceApiVersion) throw new Error('sfdx-project.json has no sourceApiVersion');
  return project.sourceApiVersion;
}

/**
 * The package as a component set. The API version is set from sfdx-project.json, as the CLI
 * does: without it, source-deploy-retrieve asks the network for the current version.
 */
export async function loadPackage(): Promise<ComponentSet> {
  const set = ComponentSet.fromSource(packageDir);
  set.sourceApiVersion = await sourceApiVersion();
  return set;
}

/** Every component with its children (fields, validation rules, list views, labels). */
export function withChildren(set: ComponentSet): SourceComponent[] {
  return set
    .getSourceComponents()
    .toArray()
    .flatMap((component) => [component, ...component.getChildren()]);
}

/** Every file under force-app that .forceignore lets through to a deploy. */
export async function deployableFiles(): Promise<string[]> {
  const forceIgnore = ForceIgnore.findAndCreate(packageDir);
  const entries = await readdir(packageDir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => forceIgnore.accepts(file))
    .sort();
}

/** The component's own XML, parsed, under its root element (CustomField, ValidationRule, ...). */
export async function metadataOf(component: SourceComponent): Promise<Xml> {
  const parsed = (await component.parseXml()) as Xml;
  const body = parsed[component.type.name];
  if (!body || typeof body !== 'object') {
    throw new Error(`${component.xml ?? component.fullName} has no <${component.type.name}> root`);
  }
  return body as Xml;
}

/** fast-xml-parser gives a lone child as an object and repeated children as an array. */
export function list<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The raw text of an element as written in the file, before any XML parser trims it. */
export function rawText(xml: string, element: string): string | undefined {
  const match = new RegExp(`<${element}\\s*>([\\s\\S]*?)</${element}>`).exec(xml);
  return match?.[1];
}

export const relative = (file: string): string => path.relative(root, file);

/** API names of the custom permissions force-app defines. */
export async function customPermissionNames(): Promise<string[]> {
  return (await loadPackage())
    .getSourceComponents()
    .toArray()
    .filter((component) => component.type.name === 'CustomPermission')
    .map((component) => component.fullName)
    .sort();
}
