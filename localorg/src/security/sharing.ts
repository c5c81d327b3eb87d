// Record sharing as SQL: for a user, an object and an access level (Read, Edit, All), one
// predicate over a row that is true when the user has at least that access to the record.
// It follows Salesforce's sharing architecture:
//   - View All Data / Modify All Data and the object's View All / Modify All;
//   - the organization-wide default (internal or external, by the kind of user);
//   - ownership, and the role hierarchy (the records of users in roles below);
//   - sharing entries (<Object>__Share) naming the user, someone below them, or a group
//     that reaches them (role groups, public groups);
//   - implicit sharing: a partner user reads their own account;
//   - master-detail: a detail is as accessible as all of its masters (Controlled by Parent);
//   - restriction rules, which narrow what a matching user sees of an object.
// The query engine filters every object a query touches with the Read predicate; the record
// store checks Edit before an update and All (Edit on the master for details) before a delete.
import type { FieldDef, ObjectDef, Schema } from '../schema/types.ts';
import type { SessionUser } from '../session.ts';
import { quoteIdent } from '../store/naming.ts';
import { hasShareObject, shareObjectName } from '../schema/shareObjects.ts';
import { historyParent, objectAccess, shareParent } from './permissions.ts';
import type { AccessLevel } from './types.ts';

/** Builds one SQL text with its positional parameters. */
export class SqlBuilder {
  readonly params: unknown[] = [];

  param(value: unknown, cast?: string): string {
    this.params.push(value);
    return cast ? `$${this.params.length}::${cast}` : `$${this.params.length}`;
  }

  /** Embeds a fragment numbered from $1, renumbering its parameters after the ones so far. */
  embed(fragment: { sql: string; params: unknown[] }): string {
    const base = this.params.length;
    this.params.push(...fragment.params);
    return fragment.sql.replace(/\$(\d+)/g, (_, n: string) => `$${base + Number(n)}`);
  }

  /**
   * The statement with only the parameters it still names, renumbered from $1: parts of a
   * predicate that a shorter answer made moot (an OR already true) leave theirs behind.
   */
  finish(sql: string): { sql: string; params: unknown[] } {
    const kept = new Map<number, number>();
    const params: unknown[] = [];
    const text = sql.replace(/\$(\d+)/g, (_, n: string) => {
      const index = Number(n);
      let renumbered = kept.get(index);
      if (renumbered === undefined) {
        params.push(this.params[index - 1]);
        renumbered = params.length;
        kept.set(index, renumbered);
      }
      return `$${renumbered}`;
    });
    return { sql: text, params };
  }
}

const TRUE = 'true';
const FALSE = 'false';

const column = (alias: string, name: string): string => `${alias}.${quoteIdent(name)}`;

/** Access levels a share row must carry to give `level`. */
const SHARE_LEVELS: Record<AccessLevel, string[]> = {
  Read: ['Read', 'Edit', 'All'],
  Edit: ['Edit', 'All'],
  All: ['All']
};

/** Which levels an organization-wide default gives everyone. */
function defaultGives(model: ObjectDef['sharingModel'], level: AccessLevel): boolean {
  switch (model) {
    case 'Read':
      return level === 'Read';
    case 'ReadWrite':
      return level !== 'All';
    case 'FullAccess':
      return true;
    default:
      return false;
  }
}

/** The master-detail fields of a detail object; Contact's account stands in for a master. */
function masterFields(o: ObjectDef): FieldDef[] {
  const masters = o.fields.filter((f) => f.relationshipOrder !== null);
  if (masters.length > 0) return masters;
  return o.fields.filter((f) => o.name === 'Contact' && f.name === 'AccountId');
}

export interface SharingContext {
  schema: Schema;
  user: SessionUser;
}

function or(parts: string[]): string {
  const present = parts.filter((p) => p !== FALSE);
  if (present.includes(TRUE)) return TRUE;
  return present.length === 0 ? FALSE : `(${present.join(' or ')})`;
}

function and(parts: string[]): string {
  const present = parts.filter((p) => p !== TRUE);
  if (present.includes(FALSE)) return FALSE;
  return present.length === 0 ? TRUE : `(${present.join(' and ')})`;
}

function ownedAccess(
  ctx: SharingContext,
  sql: SqlBuilder,
  o: ObjectDef,
  alias: string,
  level: AccessLevel
): string {
  const { user } = ctx;
  const { sharing } = user.access;
  const model = user.isPortalUser ? o.externalSharingModel : o.sharingModel;
  const parts = [
    `${column(alias, 'ownerid')} = any(${sql.param([user.id, ...sharing.subordinateIds], 'text[]')})`
  ];
  if (defaultGives(model, level)) parts.push(TRUE);
  if (hasShareObject(o)) {
    const share = ctx.schema.object(shareObjectName(o)) as ObjectDef;
    const s = `${alias}_s`;
    parts.push(
      `exists (select 1 from ${quoteIdent(share.table)} ${s} where ${column(s, 'parentid')} = ${column(alias, 'id')}` +
        ` and not ${column(s, 'isdeleted')}` +
        ` and ${column(s, 'userorgroupid')} = any(${sql.param([...sharing.recipientIds], 'text[]')})` +
        ` and ${column(s, 'accesslevel')} = any(${sql.param(SHARE_LEVELS[level], 'text[]')}))`
    );
  }
  // Implicit sharing: a partner user reads the partner account they belong to.
  if (o.name === 'Account' && user.isPortalUser && user.accountId && level === 'Read') {
    parts.push(`${column(alias, 'id')} = ${sql.param(user.accountId)}`);
  }
  return or(parts);
}

/** Users: internal users read every user; partner users themselves, their account's users and its owner. */
function userAccess(ctx: SharingContext, sql: SqlBuilder, alias: string, level: AccessLevel): string {
  const { user } = ctx;
  if (level !== 'Read') return FALSE;
  if (!user.isPortalUser) return TRUE;
  const ids = [user.id, user.access.sharing.portalAccountOwnerId].filter((id): id is string => id !== null);
  const parts = [`${column(alias, 'id')} = any(${sql.param(ids, 'text[]')})`];
  if (user.accountId) parts.push(`${column(alias, 'accountid')} = ${sql.param(user.accountId)}`);
  return or(parts);
}

/**
 * The predicate over `alias` (a row of `o`) that holds when the user has `level` access.
 * `restricted` applies the object's restriction rules; masters of a detail are checked
 * without theirs, as restriction rules do not reach child records.
 */
export function accessPredicate(
  ctx: SharingContext,
  sql: SqlBuilder,
  o: ObjectDef,
  alias: string,
  level: AccessLevel,
  restricted = true
): string {
  const { schema, user } = ctx;
  if (user.isAdmin) return TRUE;
  const permissions = objectAccess(schema, user.access.permissions, o);
  if (!permissions.read) return FALSE;
  if (permissions.modifyAll) return TRUE;
  if (permissions.viewAll && level === 'Read') return TRUE;

  let base: string;
  const parent = shareParent(schema, o) ?? historyParent(schema, o);
  if (parent) {
    // Sharing entries and history rows are visible with their record; sharing entries are
    // managed by those with full access to it.
    const p = `${alias}_p`;
    const parentLevel = level === 'Read' ? 'Read' : 'All';
    base = `exists (select 1 from ${quoteIdent(parent.table)} ${p} where ${column(p, 'id')} = ${column(alias, 'parentid')} and not ${column(p, 'isdeleted')} and ${accessPredicate(ctx, sql, parent, p, parentLevel)})`;
  } else if ((user.isPortalUser ? o.externalSharingModel : o.sharingModel) === 'ControlledByParent') {
    const masters = masterFields(o);
    base = and(
      masters.map((f, i) => {
        const master = schema.object(f.referenceTo[0] as string) as ObjectDef;
        const m = `${alias}_m${i}`;
        const need: AccessLevel = level === 'Read' || f.writeRequiresMasterRead ? 'Read' : 'Edit';
        const through = `exists (select 1 from ${quoteIdent(master.table)} ${m} where ${column(m, 'id')} = ${column(alias, f.column)} and not ${column(m, 'isdeleted')} and ${accessPredicate(ctx, sql, master, m, need, false)})`;
        // A contact without an account is private to its owner and those above them.
        if (f.relationshipOrder === null && o.fields.some((x) => x.name === 'OwnerId')) {
          return or([
            `(${column(alias, f.column)} is not null and ${through})`,
            `(${column(alias, f.column)} is null and ${column(alias, 'ownerid')} = any(${sql.param([user.id, ...user.access.sharing.subordinateIds], 'text[]')}))`
          ]);
        }
        return through;
      })
    );
  } else if (o.name === 'User') {
    base = userAccess(ctx, sql, alias, level);
  } else if (o.fields.some((f) => f.name === 'OwnerId')) {
    base = ownedAccess(ctx, sql, o, alias, level);
  } else {
    // Setup objects without owners: readable with the object; changed only by administrators.
    base = level === 'Read' ? TRUE : FALSE;
  }

  const rules =
    restricted && !permissions.viewAll
      ? (user.access.sharing.restrictions.get(o.name.toLowerCase()) ?? [])
      : [];
  return and([base, ...rules.map((rule) => `(${sql.embed(rule.sql(alias))})`)]);
}

/** The Read predicate as a fragment for the query engine; null when every row is visible. */
export function readFilter(
  ctx: SharingContext,
  o: ObjectDef,
  alias: string
): { sql: string; params: unknown[] } | null {
  const sql = new SqlBuilder();
  const predicate = accessPredicate(ctx, sql, o, alias, 'Read');
  return predicate === TRUE ? null : sql.finish(predicate);
}
