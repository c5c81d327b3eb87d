// Record Ids as Salesforce makes them: a 3-character key prefix, a 12-character
// case-sensitive body, and the 3-character suffix that makes the 18-character form
// case-insensitive-safe.

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** The checksum suffix: for each 5-character chunk, a bit per upper-case letter. */
export function idSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15[chunk * 5 + i] as string;
      if (c >= 'A' && c <= 'Z') bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET[bits];
  }
  return suffix;
}

const ID_PATTERN = /^[a-zA-Z0-9]{15}(?:[A-Z0-5]{3})?$/;

/** The 18-character form of a 15- or 18-character Id, or undefined when it is not an Id. */
export function normalizeId(value: string): string | undefined {
  if (!ID_PATTERN.test(value)) return undefined;
  const id15 = value.slice(0, 15);
  const id18 = id15 + idSuffix(id15);
  return value.length === 18 && value !== id18 ? undefined : id18;
}

/** Makes new Ids for one org: unique, ordered by creation, never reused. */
export function createIdGenerator(seed = Date.now()): (keyPrefix: string) => string {
  let counter = seed;
  return (keyPrefix: string) => {
    counter += 1;
    let body = '';
    for (let n = counter, i = 0; i < 9; i++, n = Math.floor(n / 62)) body = BASE62[n % 62] + body;
    // Pod/instance characters sit between the prefix and the body in real Ids.
    const id15 = `${keyPrefix}Lo0${body}`;
    return id15 + idSuffix(id15);
  };
}
