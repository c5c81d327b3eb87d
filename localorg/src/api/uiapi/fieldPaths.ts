// Field names as the UI API takes them (Obj.Field, Obj.Relationship__r.Field), checked
// against the schema before any of them reaches SOQL: a name that resolves is rewritten
// from the schema's own spelling, so no request text is ever pasted into a query.
import type { FieldDef, ObjectDef, Schema } from '../../schema/types.ts';
import type { SessionUser } from '../../session.ts';
import type { AccessPolicy } from '../../soql/types.ts';
import { ApiError } from '../errors.ts';

/** A field reached from a record: the relationships walked, then the field itself. */
export interface FieldPath {
  /** Reference fields whose relationships lead to the field's object, outermost first. */
  relationships: FieldDef[];
  field: FieldDef;
  /** The field's object. */
  object: ObjectDef;
}

/** Salesforce follows at most five relationships from the record a UI API call starts at. */
const MAX_DEPTH = 5;
const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;

export interface Resolver {
  schema: Schema;
  access: AccessPolicy | undefined;
  user: SessionUser;
}

/** Splits comma-separated query values (`fields=A.B,A.C&fields=A.D`) and JSON arrays into names. */
export function nameList(raw: unknown): string[] {
  const values = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
  return values
    .flatMap((v) =>
      typeof v === 'string' ? v.split(',') : typeof v === 'object' && v ? [fieldIdName(v)] : [String(v)]
    )
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** LDS sends FieldIds ({ objectApiName, fieldApiName }) as well as strings. */
function fieldIdName(value: object): string {
  const { objectApiName, fieldApiName } = value as { objectApiName?: unknown; fieldApiName?: unknown };
  return typeof objectApiName === 'string' && typeof fieldApiName === 'string'
    ? `${objectApiName}.${fieldApiName}`
    : String(value);
}

export const illegalParameter = (message: string): ApiError =>
  new ApiError(400, 'ILLEGAL_QUERY_PARAMETER_VALUE', message);

/** Splits `Obj.Field` into object and path, as the UI API requires every name to be qualified. */
export function qualified(name: string): { objectName: string; path: string[] } {
  const parts = name.split('.');
  if (parts.length < 2 || parts.some((p) => !NAME_PATTERN.test(p))) {
    throw illegalParameter(`Expected '.' in all qualified names: ${name} is invalid`);
  }
  return { objectName: parts[0] as string, path: parts.slice(1) };
}

function readable(r: Resolver, o: ObjectDef, f?: FieldDef): boolean {
  if (!r.access || r.user.isAdmin) return true;
  return r.access.objectReadable(o, r.user) && (f === undefined || r.access.fieldReadable(o, f, r.user));
}

/**
 * Resolves a path below `root` (['Partner_Account__r', 'Name']), or undefined when a part
 * names nothing the user can read. Polymorphic references follow their first target.
 */
export function resolvePath(r: Resolver, root: ObjectDef, path: string[]): FieldPath | undefined {
  if (path.length === 0 || path.length > MAX_DEPTH + 1) return undefined;
  const relationships: FieldDef[] = [];
  let current = root;
  for (const part of path.slice(0, -1)) {
    const reference = r.schema.relationship(current, part);
    const target = reference ? r.schema.object(reference.referenceTo[0] ?? '') : undefined;
    if (!reference || !target || !readable(r, current, reference) || !readable(r, target)) return undefined;
    relationships.push(reference);
    current = target;
  }
  const field = r.schema.field(current, path[path.length - 1] as string);
  if (!field || !readable(r, current, field)) return undefined;
  return { relationships, field, object: current };
}

/** The SOQL spelling of a path, from the schema's names: Partner_Account__r.Name. */
export function soqlName(path: FieldPath): string {
  return [...path.relationships.map((f) => f.relationshipName as string), path.field.name].join('.');
}

/** What Salesforce answers when a required field does not exist or the user cannot see it. */
export function noSuchColumn(object: ObjectDef, name: string, soql: string): ApiError {
  const column = soql.indexOf(name) + 1;
  return new ApiError(
    400,
    'INVALID_FIELD',
    `INVALID_FIELD: \n${soql}\n${' '.repeat(Math.max(column - 1, 0))}^\nERROR at Row:1:Column:${column}\n` +
      `No such column '${name}' on entity '${object.name}'. If you are attempting to use a custom field, be sure to ` +
      `append the '__c' after the custom field name. Please reference your WSDL or the describe call for the ` +
      `appropriate names.`
  );
}

export interface FieldSelection {
  /** Resolved paths in request order, without duplicates. */
  paths: FieldPath[];
  /** Names the request gave for the record's object that do not resolve (only `fields` ones fail). */
  missing: string[];
}

/**
 * Picks the names that apply to `object` (others name another object and are skipped, as
 * in a batch of mixed records) and resolves them. Unresolved optional names are dropped.
 */
export function selectFields(
  r: Resolver,
  object: ObjectDef,
  fields: string[],
  optionalFields: string[]
): FieldSelection {
  const paths = new Map<string, FieldPath>();
  const missing: string[] = [];
  const visit = (names: string[], optional: boolean): void => {
    for (const name of names) {
      const { objectName, path } = qualified(name);
      if (objectName.toLowerCase() !== object.name.toLowerCase()) continue;
      const resolved = resolvePath(r, object, path);
      if (resolved) paths.set(soqlName(resolved).toLowerCase(), resolved);
      else if (!optional) missing.push(path.join('.'));
    }
  };
  visit(fields, false);
  visit(optionalFields, true);
  return { paths: [...paths.values()], missing };
}
