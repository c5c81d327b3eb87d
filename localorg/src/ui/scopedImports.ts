// The @salesforce scoped imports of force-app's components (schema, labels, static
// resources, the current user…), resolved from the package's metadata as a deploy would:
// a reference that does not exist fails the build, all of them reported at once.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ObjectDef, Schema } from '../schema/types.ts';
import { filesUnder, UiBuildError, type PackageMetadata } from './packageMetadata.ts';

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

export interface ScopedImports {
  schema: Schema;
  metadata: PackageMetadata;
  resourceTimestamp: number;
  log: (message: string) => void;
}

/** The module a @salesforce scoped import stands for, or an error naming the reference a deploy would reject. */
export function scopedModule(ctx: ScopedImports, source: string, importer: string | undefined): string {
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
    case 'customPermission':
      // Whether the signed-in user holds it, from their permission sets (set by the page shell).
      if (!ctx.metadata.customPermissions.includes(reference)) {
        throw invalidReference(reference, 'customPermission', importer);
      }
      return `export default ((globalThis.__LOCAL_ORG__ || {}).customPermissions || []).includes(${JSON.stringify(reference)});`;
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
export const SCOPED =
  /^@salesforce\/(schema|label\/c\.|resourceUrl|user|customPermission|apex|community)|^@salesforce\/i18n\/timeZone$/;

/** Checks every scoped import of every component before compiling, reporting them all at once as a deploy does. */
export async function checkScopedImports(ctx: ScopedImports): Promise<void> {
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
