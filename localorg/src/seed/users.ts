// The demo's people, one per persona, all with the password `localorg`:
//   admin@localorg.test                  System Administrator (role CEO)
//   casey.morgan@localorg.test           channel manager: Standard User + Channel_Manager, role Channel Manager
//   jordan.reyes@localorg.test           channel manager, likewise
//   connector@localorg.test              the connector's API user: Standard User + Connector_Integration
//   <first>.<last>@<partner>.partner.test partner users: Partner Community User + Partner_Planner, a Contact
//                                        of their partner account, in its Partner Executive (+ Partner_Executive)
//                                        or Partner User role
// Each partner account is owned by its channel manager, so its portal roles sit under theirs.
import type { OrgDirectory, PortalRole } from '../org/users.ts';
import { PARTNER_PROFILE, STANDARD_PROFILE } from '../security/profiles.ts';
import type { SessionUser } from '../session.ts';
import type { RecordStore } from '../store/records.ts';

export const DEMO_PASSWORD = 'localorg';

export interface DemoPerson {
  username: string;
  firstName: string;
  lastName: string;
  permissionSets: string[];
}

export interface DemoPartnerPerson extends DemoPerson {
  portalRole: PortalRole;
  title: string;
}

export const CHANNEL_MANAGERS: readonly DemoPerson[] = [
  {
    username: 'casey.morgan@localorg.test',
    firstName: 'Casey',
    lastName: 'Morgan',
    permissionSets: ['Channel_Manager']
  },
  {
    username: 'jordan.reyes@localorg.test',
    firstName: 'Jordan',
    lastName: 'Reyes',
    permissionSets: ['Channel_Manager']
  }
];

export const CONNECTOR_USER: DemoPerson = {
  username: 'connector@localorg.test',
  firstName: 'Planning',
  lastName: 'Connector',
  permissionSets: ['Connector_Integration']
};

/** A partner's executive and planner; `slug` makes their usernames: ava.lindqvist@northwind.partner.test. */
export function partnerPeople(
  slug: string,
  names: { executive: [string, string]; planner: [string, string] }
): DemoPartnerPerson[] {
  const person = (
    [firstName, lastName]: [string, string],
    portalRole: PortalRole,
    title: string,
    permissionSets: string[]
  ): DemoPartnerPerson => ({
    username: `${firstName}.${lastName}@${slug}.partner.test`.toLowerCase(),
    firstName,
    lastName,
    portalRole,
    title,
    permissionSets
  });
  return [
    person(names.executive, 'Executive', 'Alliance Director', ['Partner_Planner', 'Partner_Executive']),
    person(names.planner, 'Worker', 'Partner Sales Manager', ['Partner_Planner'])
  ];
}

export interface SeedUsersDeps {
  records: RecordStore;
  directory: OrgDirectory;
  admin: SessionUser;
  /** The permission sets force-app has: the ones it lacks are skipped with a warning. */
  permissionSets: readonly string[];
  warn?: (message: string) => void;
}

export interface DemoUsers {
  channelManagerIds: string[];
  connectorId: string;
  /** Assigns the persona's permission sets (those force-app has). */
  assign(userId: string, person: DemoPerson): Promise<void>;
  /** Creates a partner account's people: a Contact and a partner user each, in the order given. */
  createPartnerUsers(
    accountId: string,
    ownerId: string,
    people: readonly DemoPartnerPerson[]
  ): Promise<Array<{ userId: string; contactId: string }>>;
  /** Warns, once, about the permission sets the seed wanted but force-app lacks. */
  reportMissing(): void;
}

export async function seedUsers({
  records,
  directory,
  admin,
  permissionSets,
  warn = console.warn
}: SeedUsersDeps): Promise<DemoUsers> {
  const available = new Set(permissionSets);
  const missing = new Set<string>();
  const assign = async (userId: string, person: { permissionSets: string[] }): Promise<void> => {
    for (const name of person.permissionSets) {
      if (available.has(name)) await directory.assignPermissionSet(userId, name);
      else missing.add(name);
    }
  };

  const ceo = await directory.createRole('CEO', null);
  const channel = await directory.createRole('Channel Manager', ceo);
  await directory.setUserRole(admin.id, ceo);

  const channelManagerIds: string[] = [];
  for (const person of CHANNEL_MANAGERS) {
    const id = await directory.createUser({
      ...person,
      profile: STANDARD_PROFILE,
      roleId: channel,
      password: DEMO_PASSWORD
    });
    await assign(id, person);
    channelManagerIds.push(id);
  }
  const connectorId = await directory.createUser({
    ...CONNECTOR_USER,
    profile: STANDARD_PROFILE,
    password: DEMO_PASSWORD
  });
  await assign(connectorId, CONNECTOR_USER);

  return {
    channelManagerIds,
    connectorId,
    assign,
    async createPartnerUsers(accountId, ownerId, people) {
      const created: Array<{ userId: string; contactId: string }> = [];
      for (const person of people) {
        const contactId = await records.create(
          'Contact',
          {
            FirstName: person.firstName,
            LastName: person.lastName,
            Email: person.username,
            Title: person.title,
            AccountId: accountId,
            OwnerId: ownerId
          },
          admin
        );
        const id = await directory.createUser({
          ...person,
          profile: PARTNER_PROFILE,
          contactId,
          portalRole: person.portalRole,
          password: DEMO_PASSWORD
        });
        await assign(id, person);
        created.push({ userId: id, contactId });
      }
      return created;
    },
    reportMissing() {
      if (missing.size > 0) {
        warn(
          `Demo users: force-app has no permission set ${[...missing].sort().join(', ')}; those assignments were skipped.`
        );
      }
    }
  };
}
