// formulon ships no types; these cover the two calls the validation rule engine makes.
declare module 'formulon' {
  export function extract(formula: string): string[];
  export function parse(formula: string, substitutions?: Record<string, unknown>): unknown;
}
