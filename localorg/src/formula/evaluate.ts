// Evaluates a compiled formula for one save. Names become literals from the save's context
// (new and old record, parent records, the user's globals); every function is formulon's,
// applied one call at a time. Two things formulon does not do the Salesforce way are done
// here: IF, AND and OR evaluate only what decides their result (so a guard such as
// IF(ISBLANK(t), FALSE, DATEVALUE(t) < TODAY()) keeps DATEVALUE from a blank t), and blank
// arguments give blank results instead of formulon's exceptions or JavaScript comparisons
// with null.
import type { RecordValues } from '../schema/types.ts';
import type { CompiledFormula, FormulaNode } from './compile.ts';
import { callFunction, isError, type FormulaValue } from './formulon.ts';
import {
  checkbox,
  datetime,
  fieldLiteral,
  NULL,
  sameValue,
  sampleLiteral,
  text,
  today,
  type Literal
} from './literals.ts';

export type { FormulaValue } from './formulon.ts';

/** What the running user's $-globals read. */
export interface FormulaGlobals {
  /** The user's User record ($User). */
  user: RecordValues;
  /** The user's Profile record ($Profile); null reads as blank. */
  profile: RecordValues | null;
  /** The user's UserRole record ($UserRole); null when the user has no role. */
  userRole: RecordValues | null;
  /** API names of the custom permissions the user holds ($Permission); case is ignored. */
  permissions: ReadonlySet<string>;
}

export interface FormulaContext {
  /** The record as it will be saved. */
  newRecord: RecordValues;
  /** The stored record on update; null on insert. */
  oldRecord: RecordValues | null;
  /** Parent records by RelationshipPath.key; null (or absent) where a lookup on the way is blank. */
  parents: ReadonlyMap<string, RecordValues | null>;
  globals: FormulaGlobals;
  now: Date;
  /** The user's time zone, in which TODAY() is taken. */
  timeZoneSidKey: string;
}

const ORDERING = new Set(['greaterThan', 'greaterThanOrEqual', 'lessThan', 'lessThanOrEqual']);
const ARITHMETIC = new Set(['add', 'subtract', 'multiply', 'divide', 'exponentiate']);

const isNull = (value: Literal): boolean => value.dataType === 'null';

/** formulon's function `id` on evaluated arguments, with Salesforce's blank handling. */
function apply(id: string, args: FormulaValue[]): FormulaValue {
  const error = args.find(isError);
  if (error) return error;
  const literals = args as Literal[];
  if (literals.some(isNull)) {
    // A blank never orders before or after a value: the comparison is false.
    if (ORDERING.has(id)) return checkbox(false);
    // Blank in arithmetic is blank; in text concatenation (`&` is add) it is ''.
    if (ARITHMETIC.has(id)) {
      const other = literals.find((arg) => arg.dataType === 'text');
      return id === 'add' && other ? other : NULL;
    }
    if (id === 'text') return text('');
  }
  try {
    return callFunction(id, literals);
  } catch (error) {
    // formulon reads .value of a blank argument in several date and text functions.
    if (error instanceof TypeError && literals.some(isNull)) return NULL;
    throw error;
  }
}

function permissionHeld(permissions: ReadonlySet<string>, name: string): boolean {
  const wanted = name.toLowerCase();
  for (const held of permissions) if (held.toLowerCase() === wanted) return true;
  return false;
}

function evaluateNode(node: FormulaNode, context: FormulaContext): FormulaValue {
  switch (node.kind) {
    case 'literal':
      return node.literal;
    case 'field': {
      const { field, path, prior } = node;
      const record = path
        ? (context.parents.get(path.key) ?? null)
        : prior
          ? (context.oldRecord ?? context.newRecord) // PRIORVALUE on insert is the current value
          : context.newRecord;
      return fieldLiteral(field, record?.[field.name]);
    }
    case 'global':
      return fieldLiteral(node.field, context.globals[node.scope]?.[node.field.name]);
    case 'permission':
      return checkbox(permissionHeld(context.globals.permissions, node.name));
    case 'ischanged': {
      // ISCHANGED is FALSE for every field of a new record.
      const { oldRecord, newRecord } = context;
      if (!oldRecord) return checkbox(false);
      const { field } = node;
      return checkbox(
        !sameValue(fieldLiteral(field, oldRecord[field.name]), fieldLiteral(field, newRecord[field.name]))
      );
    }
    case 'isnew':
      return checkbox(context.oldRecord === null);
    case 'today':
      return today(context.now, context.timeZoneSidKey);
    case 'now':
      return datetime(context.now);
    case 'call':
      return evaluateCall(node.id, node.args, context);
  }
}

function evaluateCall(id: string, args: FormulaNode[], context: FormulaContext): FormulaValue {
  if (id === 'if' && args.length === 3) {
    const [condition, whenTrue, whenFalse] = args as [FormulaNode, FormulaNode, FormulaNode];
    const test = evaluateNode(condition, context);
    if (isError(test)) return test;
    return evaluateNode(test.value === true ? whenTrue : whenFalse, context);
  }
  if ((id === 'and' || id === 'or') && args.length > 0) {
    const decisive = id === 'or';
    for (const arg of args) {
      const value = evaluateNode(arg, context);
      if (isError(value)) return value;
      if ((value.value === true) === decisive) return checkbox(decisive);
    }
    return checkbox(!decisive);
  }
  return apply(
    id,
    args.map((arg) => evaluateNode(arg, context))
  );
}

/** The formula's value for one save: a literal, or formulon's error. */
export function evaluateFormula(formula: CompiledFormula, context: FormulaContext): FormulaValue {
  return evaluateNode(formula.root, context);
}

// Errors that depend on the formula, not on the values it reads.
const STATIC_ERROR = /^(Incorrect parameter type|Incorrect number of parameters|Unknown function)/;

function sampleNode(node: FormulaNode): FormulaValue {
  switch (node.kind) {
    case 'literal':
      return node.literal;
    case 'field':
    case 'global':
      return sampleLiteral(node.field);
    case 'ischanged':
    case 'permission':
    case 'isnew':
      return checkbox(true);
    case 'today':
      return today(new Date(0), 'UTC');
    case 'now':
      return datetime(new Date(0));
    case 'call':
      // Every argument, so formulon checks the types of branches a save may skip.
      return apply(node.id, node.args.map(sampleNode));
  }
}

/**
 * Checks the formula's types by evaluating every branch on non-blank sample values: a
 * problem when formulon rejects a call or the result is not TRUE or FALSE, else null.
 */
export function typeCheck(root: FormulaNode): string | null {
  let result: FormulaValue;
  try {
    result = sampleNode(root);
  } catch (error) {
    return `formulon failed on it: ${(error as Error).message}`;
  }
  if (isError(result)) {
    const aboutTheFormula = STATIC_ERROR.test(result.message) || result.errorType === 'NotImplementedError';
    return aboutTheFormula ? result.message : null;
  }
  if (result.dataType !== 'checkbox' && result.dataType !== 'null') {
    return `the formula returns ${result.dataType}; a validation rule's condition must return TRUE or FALSE`;
  }
  return null;
}
