// The one module that talks to formulon (npm `formulon`, a Salesforce formula engine). Its
// public API parses a formula to a syntax tree and evaluates formula text with identifiers
// replaced by literals; its tree walker is internal. So the evaluator walks the tree itself
// and hands formulon one call at a time, printed as formula text over placeholder
// identifiers: `ispickval(_0, _1)` with _0 and _1 bound to the evaluated arguments. Every
// function's semantics and argument checks stay formulon's.
import { ast, parse, type AstNode, type ErrorNode, type LiteralNode } from 'formulon';

export type { AstNode, CallNode, ErrorNode, IdentifierNode, LiteralNode } from 'formulon';

/** What evaluating a node gives: a typed value or formulon's error. */
export type FormulaValue = LiteralNode | ErrorNode;

// formulon's grammar names operators after functions: `+` and `&` are add, `=` is equal,
// `<>` unequal, `&&` and, `||` or, `!` not. Function names in formula text are letters only,
// lowercased, so most operator ids can be called by name, e.g. `exponentiate(_0, _1)`. The
// comparison ids are camelCase, which a name cannot spell; they print as their operator.
const INFIX: Readonly<Record<string, string>> = {
  greaterThan: '>',
  greaterThanOrEqual: '>=',
  lessThan: '<',
  lessThanOrEqual: '<='
};

const placeholder = (index: number): string => `_${index}`;

/** Formula text that applies formulon's function (or operator) `id` to arity placeholders. */
export function callText(id: string, arity: number): string {
  const args = Array.from({ length: arity }, (_, i) => placeholder(i));
  const operator = INFIX[id];
  if (operator !== undefined) {
    if (arity !== 2) throw new Error(`The ${operator} operator takes two operands, not ${arity}`);
    return `${args[0]} ${operator} ${args[1]}`;
  }
  if (!/^[a-z]+$/.test(id)) throw new Error(`formulon has no function named ${id}`);
  return `${id}(${args.join(', ')})`;
}

const texts = new Map<string, string>();

/**
 * Applies formulon's function `id` to evaluated arguments. formulon answers its own errors
 * (wrong types, unknown functions) as error values; a JavaScript exception means formulon
 * could not handle the input, typically a blank argument, and propagates to the caller.
 */
export function callFunction(id: string, args: readonly LiteralNode[]): FormulaValue {
  const key = `${id}/${args.length}`;
  let text = texts.get(key);
  if (text === undefined) {
    text = callText(id, args.length);
    texts.set(key, text);
  }
  const substitutions: Record<string, LiteralNode> = {};
  args.forEach((arg, i) => (substitutions[placeholder(i)] = arg));
  return parse(text, substitutions);
}

const known = new Map<string, boolean>();

/** Whether formulon implements function `id` (as the grammar names it: lowercase, or an operator id). */
export function knowsFunction(id: string): boolean {
  if (id in INFIX) return true;
  if (!/^[a-z]+$/.test(id)) return false;
  let answer = known.get(id);
  if (answer === undefined) {
    // With no arguments a known function fails its argument checks or runs; only an
    // unknown one answers NoFunctionError.
    const result = parse(`${id}()`);
    answer = !(result.type === 'error' && result.errorType === 'NoFunctionError');
    known.set(id, answer);
  }
  return answer;
}

/** formulon's syntax tree for a formula, or its syntax error; null for an empty formula. */
export function syntaxTree(formula: string): AstNode | ErrorNode | null {
  const tree = ast(formula);
  return 'type' in tree ? (tree as AstNode | ErrorNode) : null;
}

export const isError = (value: FormulaValue): value is ErrorNode => value.type === 'error';
