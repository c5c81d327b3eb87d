// Metadata XML as fast-xml-parser (inside source-deploy-retrieve) hands it over.

export type Xml = Record<string, unknown>;

/** A lone child element comes as an object and repeated ones as an array; this always gives an array. */
export function list<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
