// Values a new record gets for fields the caller left out: the owner, literal defaults,
// AutoNumber names and the few default formulas metadata uses (TODAY(), NOW()).
import { DateTime } from 'luxon';
import type { FieldDef, ObjectDef } from '../schema/types.ts';
import type { SessionUser } from '../session.ts';
import type { Db } from './db.ts';
import { quoteIdent } from './naming.ts';

export interface DefaultContext {
  user: SessionUser;
  /** ISO instant of the save. */
  now: string;
}

const SUPPORTED_FORMULAS = /^(TODAY|NOW)\(\)$/i;

/** Fails at start-up on a default the local org cannot compute, rather than saving a wrong value. */
export function assertDefaultsSupported(objects: readonly ObjectDef[]): void {
  for (const o of objects) {
    for (const f of o.fields) {
      if (f.defaultValueFormula && !f.nameField && !SUPPORTED_FORMULAS.test(f.defaultValueFormula)) {
        throw new Error(
          `${o.name}.${f.name}: the local org cannot evaluate the default value formula ${f.defaultValueFormula}`
        );
      }
    }
  }
}

/** The next AutoNumber in a display format such as T-{000000} or {YYYY}-{0000}. */
async function autoNumber(db: Db, o: ObjectDef, format: string, now: string): Promise<string> {
  const sequence = quoteIdent(`${o.table}_autonumber`);
  await db.query(`create sequence if not exists ${sequence}`);
  const { rows } = await db.query<{ n: string }>(
    `select nextval('${sequence.replaceAll("'", "''")}')::text as n`
  );
  const n = Number(rows[0]?.n);
  const date = DateTime.fromISO(now, { zone: 'UTC' });
  return format.replace(/\{(0+|YYYY|YY|MM|DD)\}/g, (_, token: string) => {
    if (token === 'YYYY') return date.toFormat('yyyy');
    if (token === 'YY') return date.toFormat('yy');
    if (token === 'MM') return date.toFormat('MM');
    if (token === 'DD') return date.toFormat('dd');
    return String(n).padStart(token.length, '0');
  });
}

export async function defaultValue(
  db: Db,
  o: ObjectDef,
  f: FieldDef,
  { user, now }: DefaultContext
): Promise<unknown> {
  if (f.name === 'OwnerId') return user.id;
  if (f.nameField && f.defaultValueFormula) return autoNumber(db, o, f.defaultValueFormula, now);
  if (f.defaultValueFormula) {
    const today = DateTime.fromISO(now).setZone(user.timeZoneSidKey);
    return /^TODAY/i.test(f.defaultValueFormula) ? today.toISODate() : now;
  }
  return f.defaultValue ?? undefined;
}
