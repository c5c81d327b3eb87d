// Users, roles and their groups, set up the way Setup does it in a real org: a role comes
// with its role groups (Role, RoleAndSubordinates and, for internal roles,
// RoleAndSubordinatesInternal) that sharing entries can name; enabling a partner account
// creates its Partner Executive, Partner Manager and Partner User roles under the account
// owner's role; a partner user is a Contact of the account with a portal role.
// These are setup operations: they write directly, as the administrator would in Setup.
import type { Credentials } from '../auth/credentials.ts';
import type { ObjectDef, RecordValues, Schema } from '../schema/types.ts';
import { profileNamed } from '../security/profiles.ts';
import type { Db } from '../store/db.ts';
import { quoteIdent } from '../store/naming.ts';

export type PortalRole = 'Executive' | 'Manager' | 'Worker';

/** Salesforce's names for the three partner roles: "Acme Partner Executive". */
const PORTAL_ROLE_NAMES: Record<PortalRole, string> = {
  Executive: 'Partner Executive',
  Manager: 'Partner Manager',
  Worker: 'Partner User'
};

export interface NewUser {
  username: string;
  firstName: string;
  lastName: string;
  email?: string;
  alias?: string;
  /** A profile name: System Administrator, Standard User or Partner Community User. */
  profile: string;
  /** Internal users: their role, if any. */
  roleId?: string | null;
  /** Partner users: their Contact (of a partner account) and their portal role (Worker by default). */
  contactId?: string;
  portalRole?: PortalRole;
  password: string;
  timeZoneSidKey?: string;
}

export interface OrgDirectory {
  createRole(name: string, parentRoleId: string | null): Promise<string>;
  /** Enables the account as a partner account: its three portal roles, created once. */
  enablePartnerAccount(accountId: string): Promise<Record<PortalRole, string>>;
  createUser(user: NewUser): Promise<string>;
  /** Assigns a permission set by its API name; fails if force-app has no such permission set. */
  assignPermissionSet(userId: string, permissionSetName: string): Promise<void>;
  setUserRole(userId: string, roleId: string | null): Promise<void>;
  /** The Id of a role's group of the given type (Role, RoleAndSubordinates…), which sharing entries name. */
  roleGroupId(
    roleId: string,
    type: 'Role' | 'RoleAndSubordinates' | 'RoleAndSubordinatesInternal'
  ): Promise<string>;
}

export interface DirectoryDeps {
  db: Db;
  schema: Schema;
  credentials: Credentials;
  newId: (keyPrefix: string) => string;
  clock: () => Date;
  /** The user the setup changes are recorded against (the administrator). */
  actorId: string;
}

export class SetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SetupError';
  }
}

async function one<T>(db: Db, sql: string, params: unknown[]): Promise<T | undefined> {
  return (await db.query<T>(sql, params)).rows[0];
}

export function createDirectory(deps: DirectoryDeps): OrgDirectory {
  const { db, schema, newId } = deps;
  const objectNamed = (name: string): ObjectDef => schema.object(name) as ObjectDef;

  /** Inserts one row with its audit fields; the setup operations have checked the values. */
  async function insert(objectName: string, values: RecordValues): Promise<string> {
    const o = objectNamed(objectName);
    const now = deps.clock().toISOString();
    const id = newId(o.keyPrefix);
    const audit: RecordValues = {
      Id: id,
      IsDeleted: false,
      CreatedDate: now,
      CreatedById: deps.actorId,
      LastModifiedDate: now,
      LastModifiedById: deps.actorId,
      SystemModstamp: now
    };
    const record: RecordValues = { ...audit, ...values };
    Object.assign(record, o.derive?.(record));
    const fields = o.fields.filter((f) => record[f.name] !== undefined);
    await db.query(
      `insert into ${quoteIdent(o.table)} (${fields.map((f) => quoteIdent(f.column)).join(', ')})
       values (${fields.map((_, i) => `$${i + 1}`).join(', ')})`,
      fields.map((f) => record[f.name])
    );
    return id;
  }

  async function createRoleRow(values: RecordValues, internal: boolean): Promise<string> {
    const id = await insert('UserRole', values);
    const types = internal
      ? ['Role', 'RoleAndSubordinates', 'RoleAndSubordinatesInternal']
      : ['Role', 'RoleAndSubordinates'];
    for (const type of types) {
      await insert('Group', {
        Name: String(values.Name).slice(0, 40),
        DeveloperName: String(values.Name).replace(/\W+/g, '_').slice(0, 80),
        Type: type,
        RelatedId: id,
        DoesIncludeBosses: true,
        OwnerId: deps.actorId
      });
    }
    return id;
  }

  async function roleOf(userId: string): Promise<string | null> {
    const row = await one<{ userroleid: string | null }>(db, 'select userroleid from "user" where id = $1', [
      userId
    ]);
    return row?.userroleid ?? null;
  }

  async function enablePartnerAccount(accountId: string): Promise<Record<PortalRole, string>> {
    const account = await one<{ name: string; ownerid: string }>(
      db,
      'select name, ownerid from account where id = $1 and not isdeleted',
      [accountId]
    );
    if (!account) throw new SetupError(`No account ${accountId} to enable as a partner account`);
    const existing = (
      await db.query<{ id: string; portalrole: PortalRole }>(
        `select id, portalrole from userrole where portalaccountid = $1 and not isdeleted`,
        [accountId]
      )
    ).rows;
    if (existing.length === 3) {
      return Object.fromEntries(existing.map((r) => [r.portalrole, r.id])) as Record<PortalRole, string>;
    }
    const ownerRole = await roleOf(account.ownerid);
    if (!ownerRole) {
      throw new SetupError(
        `The owner of ${account.name} has no role: a partner account's roles roll up to its owner's role, so give the owner a role first`
      );
    }
    const roles = {} as Record<PortalRole, string>;
    let parent = ownerRole;
    for (const portalRole of ['Executive', 'Manager', 'Worker'] as const) {
      parent = await createRoleRow(
        {
          Name: `${account.name} ${PORTAL_ROLE_NAMES[portalRole]}`,
          ParentRoleId: parent,
          PortalAccountId: accountId,
          PortalType: 'Partner',
          PortalRole: portalRole
        },
        false
      );
      roles[portalRole] = parent;
    }
    await db.query('update account set ispartner = true where id = $1', [accountId]);
    return roles;
  }

  return {
    createRole: (name, parentRoleId) =>
      createRoleRow({ Name: name, ParentRoleId: parentRoleId, PortalType: 'None' }, true),

    enablePartnerAccount,

    async createUser(user) {
      const profile = profileNamed(user.profile);
      const profileRow = await one<{ id: string }>(db, 'select id from profile where name = $1', [
        user.profile
      ]);
      if (!profile || !profileRow) throw new SetupError(`No profile named ${user.profile}`);
      let accountId: string | null = null;
      let roleId = user.roleId ?? null;
      if (profile.userType === 'PowerPartner') {
        const contact = user.contactId
          ? await one<{ accountid: string | null }>(
              db,
              'select accountid from contact where id = $1 and not isdeleted',
              [user.contactId]
            )
          : undefined;
        if (!contact?.accountid)
          throw new SetupError(`${user.username}: a partner user needs a Contact of a partner account`);
        accountId = contact.accountid;
        const roles = await enablePartnerAccount(accountId);
        roleId = roles[user.portalRole ?? 'Worker'];
      } else if (user.contactId || user.portalRole) {
        throw new SetupError(`${user.username}: only partner users have a contact and a portal role`);
      }
      const id = await insert('User', {
        Username: user.username,
        FirstName: user.firstName,
        LastName: user.lastName,
        Email: user.email ?? user.username,
        Alias: user.alias ?? `${user.firstName.slice(0, 1)}${user.lastName}`.slice(0, 8).toLowerCase(),
        IsActive: true,
        TimeZoneSidKey: user.timeZoneSidKey ?? 'America/Los_Angeles',
        LocaleSidKey: 'en_US',
        LanguageLocaleKey: 'en_US',
        EmailEncodingKey: 'UTF-8',
        ProfileId: profileRow.id,
        UserRoleId: roleId,
        ContactId: user.contactId ?? null,
        AccountId: accountId,
        UserType: profile.userType,
        IsPortalEnabled: profile.userType === 'PowerPartner'
      });
      await deps.credentials.setPassword(id, user.password);
      return id;
    },

    async assignPermissionSet(userId, permissionSetName) {
      const set = await one<{ id: string }>(
        db,
        'select id from permissionset where name = $1 and not isdeleted',
        [permissionSetName]
      );
      if (!set) throw new SetupError(`force-app has no permission set named ${permissionSetName}`);
      const assigned = await one<{ id: string }>(
        db,
        'select id from permissionsetassignment where assigneeid = $1 and permissionsetid = $2 and not isdeleted',
        [userId, set.id]
      );
      if (!assigned)
        await insert('PermissionSetAssignment', {
          AssigneeId: userId,
          PermissionSetId: set.id,
          IsActive: true
        });
    },

    async roleGroupId(roleId, type) {
      const group = await one<{ id: string }>(
        db,
        'select id from "group" where relatedid = $1 and type = $2 and not isdeleted',
        [roleId, type]
      );
      if (!group) throw new SetupError(`Role ${roleId} has no ${type} group`);
      return group.id;
    },

    async setUserRole(userId, roleId) {
      await db.query('update "user" set userroleid = $2, systemmodstamp = $3 where id = $1', [
        userId,
        roleId,
        deps.clock().toISOString()
      ]);
    }
  };
}
