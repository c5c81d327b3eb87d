// Loads a signed-in user with everything the access checks need: the profile and assigned
// permission sets folded into one set of permissions, and the sharing facts (who is below
// the user in the role hierarchy, which groups reach them, which restriction rules apply).
// It runs for every API request, so a change to roles, groups or assignments shows at once.
import type { ObjectDef, RecordValues, Schema } from '../schema/types.ts';
import type { SessionUser } from '../session.ts';
import type { Db } from '../store/db.ts';
import { fromSql } from '../store/values.ts';
import type { SecurityMetadata } from './metadata.ts';
import { combinePermissions } from './permissions.ts';
import { profileNamed } from './profiles.ts';
import type { UserFacts } from './restrictionRules.ts';
import type { RestrictionFilter, SharingFacts } from './types.ts';

interface RoleRow {
  id: string;
  parentroleid: string | null;
  name: string;
  portaltype: string | null;
  portalaccountid: string | null;
  portalrole: string | null;
}

interface GroupRow {
  id: string;
  type: string;
  relatedid: string | null;
}

export type UserLoader = (userId: string) => Promise<SessionUser | undefined>;

function record(o: ObjectDef, row: Record<string, unknown>): RecordValues {
  return Object.fromEntries(o.fields.map((f) => [f.name, fromSql(f, row[f.column])]));
}

/** The roles strictly below `roleId`. */
function descendants(roles: readonly RoleRow[], roleId: string | null): Set<string> {
  const below = new Set<string>();
  if (!roleId) return below;
  const children = new Map<string, string[]>();
  for (const r of roles)
    if (r.parentroleid) children.set(r.parentroleid, [...(children.get(r.parentroleid) ?? []), r.id]);
  const pending = [...(children.get(roleId) ?? [])];
  while (pending.length > 0) {
    const next = pending.pop() as string;
    if (below.has(next)) continue;
    below.add(next);
    pending.push(...(children.get(next) ?? []));
  }
  return below;
}

/**
 * The groups whose sharing reaches the user: groups the user belongs to, and groups holding
 * someone below the user in the role hierarchy (sharing rolls up, as with Grant Access Using
 * Hierarchies). Public groups count their members, nested groups included.
 */
function reachingGroups(
  groups: readonly GroupRow[],
  members: ReadonlyArray<{ groupid: string; userorgroupid: string }>,
  roles: readonly RoleRow[],
  user: { id: string; roleId: string | null; internal: boolean },
  below: ReadonlySet<string>,
  subordinates: ReadonlySet<string>
): Set<string> {
  const reaching = new Set<string>();
  const own = user.roleId;
  const subtreeOf = (roleId: string) => new Set([roleId, ...descendants(roles, roleId)]);
  for (const g of groups) {
    const related = g.relatedid;
    const reaches =
      g.type === 'Organization'
        ? user.internal
        : !related
          ? false
          : g.type === 'Role'
            ? related === own || below.has(related)
            : g.type === 'RoleAndSubordinates'
              ? (own !== null && subtreeOf(related).has(own)) || below.has(related)
              : g.type === 'RoleAndSubordinatesInternal'
                ? (user.internal && own !== null && subtreeOf(related).has(own)) || below.has(related)
                : false;
    if (reaches) reaching.add(g.id);
  }
  // Public groups: a member who is the user, someone below them, or a group that reaches them.
  let changed = true;
  while (changed) {
    changed = false;
    for (const m of members) {
      if (reaching.has(m.groupid)) continue;
      const member = m.userorgroupid;
      if (member === user.id || subordinates.has(member) || reaching.has(member)) {
        reaching.add(m.groupid);
        changed = true;
      }
    }
  }
  return reaching;
}

export function createUserLoader(
  db: Db,
  schema: Schema,
  metadata: SecurityMetadata,
  clock: () => Date
): UserLoader {
  const userObject = schema.object('User') as ObjectDef;
  const setsByName = new Map(metadata.permissionSets.map((s) => [s.name, s]));

  return async (userId) => {
    const { rows } = await db.query<Record<string, unknown> & { profile: string | null }>(
      `select u.*, p.name as profile from "user" u left join profile p on p.id = u.profileid
       where u.id = $1 and u.isactive and not u.isdeleted`,
      [userId]
    );
    const row = rows[0];
    if (!row) return undefined;
    const userRecord = record(userObject, row);
    const profileName = row.profile ?? '';
    const profile = profileNamed(profileName);
    const assigned = (
      await db.query<{ name: string }>(
        `select ps.name from permissionsetassignment a join permissionset ps on ps.id = a.permissionsetid
         where a.assigneeid = $1 and not a.isdeleted and a.isactive and not ps.isdeleted
           and (a.expirationdate is null or a.expirationdate > $2)
         order by ps.name`,
        [userId, clock().toISOString()]
      )
    ).rows.map((r) => r.name);
    const sets = assigned.flatMap((name) => setsByName.get(name) ?? []);
    const permissions = combinePermissions(
      profile ?? { name: profileName, userType: 'Standard', administrator: false, objects: new Map() },
      sets
    );

    const roles = (
      await db.query<RoleRow>(
        'select id, parentroleid, name, portaltype, portalaccountid, portalrole from userrole where not isdeleted'
      )
    ).rows;
    const roleId = (userRecord.UserRoleId as string | null) ?? null;
    const below = descendants(roles, roleId);
    const subordinates =
      below.size === 0
        ? []
        : (
            await db.query<{ id: string }>(
              'select id from "user" where userroleid = any($1::text[]) and not isdeleted',
              [[...below]]
            )
          ).rows.map((r) => r.id);
    const groups = (await db.query<GroupRow>('select id, type, relatedid from "group" where not isdeleted'))
      .rows;
    const members = (
      await db.query<{ groupid: string; userorgroupid: string }>(
        'select groupid, userorgroupid from groupmember where not isdeleted'
      )
    ).rows;
    const isPortalUser = userRecord.UserType === 'PowerPartner';
    const reaching = reachingGroups(
      groups,
      members,
      roles,
      { id: userId, roleId, internal: !isPortalUser },
      below,
      new Set(subordinates)
    );
    const accountId = (userRecord.AccountId as string | null) ?? null;
    const owner = accountId
      ? (await db.query<{ ownerid: string }>('select ownerid from account where id = $1', [accountId]))
          .rows[0]
      : undefined;

    const role = roles.find((r) => r.id === roleId);
    const facts: UserFacts = {
      user: userRecord,
      profile: { Id: userRecord.ProfileId, Name: profileName },
      userRole: role
        ? {
            Id: role.id,
            Name: role.name,
            ParentRoleId: role.parentroleid,
            PortalType: role.portaltype,
            PortalRole: role.portalrole
          }
        : null,
      customPermissions: permissions.customPermissions
    };
    const restrictions = new Map<string, RestrictionFilter[]>();
    for (const rule of metadata.restrictionRules) {
      if (!rule.appliesTo(facts)) continue;
      const key = rule.object.name.toLowerCase();
      restrictions.set(key, [...(restrictions.get(key) ?? []), rule.filterFor(facts)]);
    }
    const sharing: SharingFacts = {
      roleId,
      subordinateIds: subordinates,
      recipientIds: [userId, ...subordinates, ...reaching],
      portalAccountOwnerId: owner?.ownerid ?? null,
      restrictions
    };
    return {
      id: userId,
      username: String(userRecord.Username),
      name: String(userRecord.Name ?? ''),
      profileName,
      isPortalUser,
      accountId,
      timeZoneSidKey: (userRecord.TimeZoneSidKey as string | null) ?? 'America/Los_Angeles',
      isAdmin: profile?.administrator ?? false,
      access: { permissions, sharing, permissionSets: assigned }
    };
  };
}
