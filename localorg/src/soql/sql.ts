// Parameters of the one SQL statement a SOQL query compiles to. Every literal goes in as a
// $n parameter, never into the SQL text.
import type { SqlFragment } from './types.ts';

export class Params {
  readonly values: unknown[] = [];
  // The same scalar gets the same $n, so an expression compiled twice (SELECT and GROUP BY)
  // is the same SQL text and PostgreSQL sees the two as one expression.
  private readonly scalars = new Map<string, number>();

  /** A placeholder for `value`, with an optional cast (`$3::numeric`). */
  add(value: unknown, cast?: string): string {
    const key =
      value === null || typeof value === 'object' ? null : `${typeof value}:${cast ?? ''}:${String(value)}`;
    let index = key === null ? undefined : this.scalars.get(key);
    if (index === undefined) {
      this.values.push(value);
      index = this.values.length;
      if (key !== null) this.scalars.set(key, index);
    }
    return cast ? `$${index}::${cast}` : `$${index}`;
  }

  /** Appends a fragment's own $1…$k after the parameters so far and returns its renumbered SQL. */
  fragment(fragment: SqlFragment): string {
    const base = this.values.length;
    this.values.push(...fragment.params);
    return `(${fragment.sql.replace(/\$(\d+)/g, (_, n: string) => `$${base + Number(n)}`)})`;
  }
}

export const and = (parts: ReadonlyArray<string | null>): string => {
  const present = parts.filter((p): p is string => p !== null && p !== '');
  return present.length === 0 ? 'true' : present.map((p) => `(${p})`).join(' and ');
};
