// formulon ships no types; these cover its public API (lib/formulon.js exports ast, extract,
// parse and toString) as the formula evaluator in src/formula/ uses it.
declare module 'formulon' {
  export type DataType =
    | 'text'
    | 'number'
    | 'checkbox'
    | 'date'
    | 'datetime'
    | 'time'
    | 'picklist'
    | 'multipicklist'
    | 'geolocation'
    | 'null';

  /** A typed value. Numbers need options.length and options.scale, text options.length. */
  export interface LiteralNode {
    type: 'literal';
    dataType: DataType;
    value: unknown;
    options?: Record<string, unknown>;
  }

  export interface IdentifierNode {
    type: 'identifier';
    name: string;
  }

  /** Functions and operators alike: `a > b` is { id: 'greaterThan', arguments: [a, b] }. */
  export interface CallNode {
    type: 'callExpression';
    id: string;
    arguments: AstNode[];
  }

  export type AstNode = LiteralNode | IdentifierNode | CallNode;

  /** A syntax error (from ast) or an evaluation error (from parse); extra keys describe it. */
  export interface ErrorNode {
    type: 'error';
    errorType: string;
    message: string;
    [detail: string]: unknown;
  }

  /** The syntax tree; an empty object for an empty formula. */
  export function ast(formula: string): AstNode | ErrorNode | Record<string, never>;
  /** The identifiers a formula names, each once. */
  export function extract(formula: string): string[];
  /** Evaluates a formula, replacing identifiers with the given literals. */
  export function parse(
    formula: string,
    substitutions?: Record<string, LiteralNode>
  ): LiteralNode | ErrorNode;
  export function toString(literal: LiteralNode): string;
}
