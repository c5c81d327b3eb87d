// Compiles a validation rule's formula against the schema: formulon parses it, and every
// name is resolved once — fields of the record, relationship paths to parent records,
// $User / $Profile / $UserRole / $Permission — as are the functions formulon lacks and
// Salesforce offers validation rules: ISCHANGED, PRIORVALUE and ISNEW. Whatever cannot be
// resolved is a problem reported with the formula, so a rule never fails silently at save.
import type { FieldDef, ObjectDef, Schema } from '../schema/types.ts';
import { typeCheck } from './evaluate.ts';
import { knowsFunction, syntaxTree, type AstNode } from './formulon.ts';
import { NULL, type Literal } from './literals.ts';

/** The global records a formula reads besides $Permission. */
export type GlobalScope = 'user' | 'profile' | 'userRole';

/** Relationship fields from the record to a parent record, e.g. Business_Plan__r.Owner. */
export interface RelationshipPath {
  /** Relationship names, lowercased and joined with dots: the key of the parent record. */
  key: string;
  steps: Array<{ field: FieldDef; target: ObjectDef }>;
}

export type FormulaNode =
  | { kind: 'literal'; literal: Literal }
  /** A field of the record, of a parent record (path), or the record's prior value. */
  | { kind: 'field'; field: FieldDef; path: RelationshipPath | null; prior: boolean }
  | { kind: 'global'; scope: GlobalScope; field: FieldDef }
  | { kind: 'permission'; name: string }
  | { kind: 'ischanged'; field: FieldDef }
  | { kind: 'isnew' }
  | { kind: 'today' }
  | { kind: 'now' }
  | { kind: 'call'; id: string; args: FormulaNode[] };

export interface CompiledFormula {
  root: FormulaNode;
  /** Parent records to fetch before evaluating, each path once. */
  paths: RelationshipPath[];
  globals: ReadonlySet<GlobalScope>;
  /** Custom permissions named with $Permission, as written. */
  permissions: string[];
}

export type CompileResult = { ok: true; formula: CompiledFormula } | { ok: false; problems: string[] };

const GLOBAL_OBJECTS: Readonly<Record<string, [GlobalScope, string]>> = {
  $user: ['user', 'User'],
  $profile: ['profile', 'Profile'],
  $userrole: ['userRole', 'UserRole']
};

/** The key of the parent record reached through these relationship fields. */
export function pathKey(fields: readonly FieldDef[]): string {
  return fields.map((f) => (f.relationshipName as string).toLowerCase()).join('.');
}

/** Functions evaluated from the save's context; formulon has none of them. */
const CONTEXT_FUNCTIONS: Readonly<Record<string, number>> = {
  ischanged: 1,
  priorvalue: 1,
  isnew: 0,
  today: 0,
  now: 0
};

/** Resolves names and functions against the schema; problems collect what cannot be. */
function compiler(object: ObjectDef, schema: Schema) {
  const problems: string[] = [];
  const paths = new Map<string, RelationshipPath>();
  const globals = new Set<GlobalScope>();
  const permissions = new Set<string>();

  /** A stand-in for a node that cannot be compiled; the problem is recorded. */
  function fail(problem: string): FormulaNode {
    problems.push(problem);
    return { kind: 'literal', literal: NULL };
  }

  function node(ast: AstNode): FormulaNode {
    switch (ast.type) {
      case 'literal':
        return { kind: 'literal', literal: ast };
      case 'identifier':
        return ast.name.startsWith('$') ? global(ast.name) : field(ast.name);
      case 'callExpression':
        return call(ast.id, ast.arguments);
    }
  }

  function call(id: string, args: AstNode[]): FormulaNode {
    const name = id.toUpperCase();
    const arity = CONTEXT_FUNCTIONS[id];
    if (arity === undefined) {
      if (!knowsFunction(id)) return fail(`the function ${name} is not supported by the local org`);
      return { kind: 'call', id, args: args.map(node) };
    }
    if (args.length !== arity) {
      return fail(`${name}() takes ${arity === 0 ? 'no arguments' : 'one field'}, not ${args.length}`);
    }
    if (id === 'isnew' || id === 'today' || id === 'now') return { kind: id };
    const [arg] = args as [AstNode];
    const f = arg.type === 'identifier' ? schema.field(object, arg.name) : undefined;
    if (!f) return fail(`${name}() takes a field of ${object.name}, not ${describe(arg)}`);
    return id === 'ischanged'
      ? { kind: 'ischanged', field: f }
      : { kind: 'field', field: f, path: null, prior: true };
  }

  /** Follows relationship names from the record: the path, or what stops it. */
  function path(relationships: string[]): RelationshipPath | string {
    const steps: RelationshipPath['steps'] = [];
    let from = object;
    for (const relationship of relationships) {
      const f = schema.relationship(from, relationship);
      if (!f) return `${from.name} has no relationship ${relationship}`;
      const [targetName, ...others] = f.referenceTo;
      const target = targetName === undefined ? undefined : schema.object(targetName);
      if (!target || others.length > 0)
        return `${relationship} does not lead to one object the local org knows`;
      steps.push({ field: f, target });
      from = target;
    }
    return { key: pathKey(steps.map((step) => step.field)), steps };
  }

  function field(name: string): FormulaNode {
    const relationships = name.split('.');
    const fieldName = relationships.pop() as string;
    let parent: RelationshipPath | null = null;
    let owner = object;
    if (relationships.length > 0) {
      const resolved = path(relationships);
      if (typeof resolved === 'string') return fail(`${name}: ${resolved}`);
      parent = resolved;
      owner = (resolved.steps.at(-1) as { target: ObjectDef }).target;
    }
    const f = schema.field(owner, fieldName);
    if (!f) return fail(`${name}: ${owner.name} has no field ${fieldName}`);
    if (parent) paths.set(parent.key, parent);
    return { kind: 'field', field: f, path: parent, prior: false };
  }

  function global(name: string): FormulaNode {
    const [scopeName, ...rest] = name.split('.') as [string, ...string[]];
    const [fieldName] = rest;
    if (scopeName.toLowerCase() === '$permission') {
      if (rest.length !== 1 || !fieldName)
        return fail(`${name} is not a custom permission: write $Permission.Name`);
      permissions.add(fieldName);
      return { kind: 'permission', name: fieldName };
    }
    const scope = GLOBAL_OBJECTS[scopeName.toLowerCase()];
    if (!scope) {
      return fail(
        `the global ${scopeName} is not supported by the local org (it knows $User, $Profile, $UserRole and $Permission)`
      );
    }
    const [scopeKey, objectName] = scope;
    const globalObject = schema.object(objectName);
    if (!globalObject) return fail(`${name}: the local org has no ${objectName} object`);
    if (rest.length !== 1 || !fieldName)
      return fail(`${name}: ${scopeName} takes one field, e.g. ${scopeName}.Id`);
    const f = schema.field(globalObject, fieldName);
    if (!f) return fail(`${name}: ${objectName} has no field ${fieldName}`);
    globals.add(scopeKey);
    return { kind: 'global', scope: scopeKey, field: f };
  }

  return { node, problems, paths, globals, permissions };
}

function describe(ast: AstNode): string {
  if (ast.type === 'identifier') return ast.name;
  if (ast.type === 'literal') return `the value ${JSON.stringify(ast.value)}`;
  return `the result of ${ast.id.toUpperCase()}()`;
}

/** What formulon's bare "Syntax error." most likely means for this formula, if a guess is possible. */
function syntaxHint(source: string): string | null {
  if (/\w:\w/.test(source)) {
    return 'Polymorphic owner references (Owner:User.Field) are for objects queues can own; the local org has no queues, so write Owner.Field.';
  }
  if (/(^|[^\w$.'"])(?:true|false|null)\w+(?!\w|\s*\()/i.test(source)) {
    return 'formulon cannot read names that begin with TRUE, FALSE or NULL.';
  }
  return null;
}

/** Compiles a formula evaluated on records of `object`; problems list everything that is wrong. */
export function compileFormula(source: string, object: ObjectDef, schema: Schema): CompileResult {
  const tree = syntaxTree(source);
  if (tree === null) return { ok: false, problems: ['the formula is empty'] };
  if (tree.type === 'error') {
    return { ok: false, problems: [[tree.message, syntaxHint(source)].filter(Boolean).join(' ')] };
  }
  const compiled = compiler(object, schema);
  const root = compiled.node(tree);
  if (compiled.problems.length > 0) return { ok: false, problems: compiled.problems };
  const typeProblem = typeCheck(root);
  if (typeProblem) return { ok: false, problems: [typeProblem] };
  return {
    ok: true,
    formula: {
      root,
      paths: [...compiled.paths.values()],
      globals: compiled.globals,
      permissions: [...compiled.permissions]
    }
  };
}
