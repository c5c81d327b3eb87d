// The security tests' world: the seeded demo org (its people, roles and partner accounts)
// plus plans made for the tests, each with one child of every kind, so every expectation can
// be worked out by hand from this file and force-app's permission sets:
//
//   plan  partner      owner   status         shared with the partner's people (their
//                                             Partner Executive role and below)
//   A0    Northwind    Casey   Draft Outline  Edit  (a mistaken share: the restriction rule hides it)
//   A1    Northwind    Casey   Draft          Edit
//   A2    Northwind    Casey   In Progress    Read
//   C     Northwind    Casey   Draft          -
//   B1    Blue Harbor  Jordan  In Progress    Edit
//
// Casey and Jordan share the Channel Manager role; each partner's roles sit under its owner's
// role, so sharing with a partner's people reaches both channel managers (sharing rolls up the
// role hierarchy), while a plan nobody shared stays with its owner (C is Casey's alone).
import jsforce, { type Connection } from 'jsforce';
import { startLocalOrg, type LocalOrg } from '../src/index.ts';
import { DEMO_PASSWORD } from '../src/seed/users.ts';

export const USERS = {
  admin: 'admin@localorg.test',
  casey: 'casey.morgan@localorg.test',
  jordan: 'jordan.reyes@localorg.test',
  connector: 'connector@localorg.test',
  /** Northwind Solutions: executive and planner. */
  ava: 'ava.lindqvist@northwind.partner.test',
  noah: 'noah.patel@northwind.partner.test',
  /** Blue Harbor Systems: executive and planner. */
  mei: 'mei.tanaka@blueharbor.partner.test',
  liam: 'liam.okafor@blueharbor.partner.test'
} as const;

export type Persona = keyof typeof USERS;

export interface PlanFamily {
  plan: string;
  objective: string;
  target: string;
  actionItem: string;
  targetAccount: string;
  review: string;
}

export interface SecurityWorld {
  org: LocalOrg;
  as: Record<Persona, Connection>;
  userIds: Record<Persona, string>;
  accounts: { northwind: string; blueHarbor: string; customer: string };
  /** The RoleAndSubordinates group of each partner's Partner Executive role. */
  partnerGroups: { northwind: string; blueHarbor: string };
  plans: { A0: PlanFamily; A1: PlanFamily; A2: PlanFamily; C: PlanFamily; B1: PlanFamily };
  close(): Promise<void>;
}

export async function signInAs(org: LocalOrg, username: string): Promise<Connection> {
  const conn = new jsforce.Connection({ loginUrl: org.url, version: '62.0' });
  await conn.login(username, DEMO_PASSWORD);
  return conn;
}

async function create(conn: Connection, type: string, values: Record<string, unknown>): Promise<string> {
  const result = await conn.sobject(type).create(values);
  if (!result.success) throw new Error(`${type}: ${JSON.stringify(result)}`);
  return result.id as string;
}

async function only<T extends Record<string, unknown>>(conn: Connection, soql: string): Promise<T> {
  const { records } = await conn.query<T>(soql);
  if (records.length !== 1) throw new Error(`${soql} found ${records.length} records`);
  return records[0] as T;
}

export async function startSecurityWorld(): Promise<SecurityWorld> {
  const org = await startLocalOrg({ port: 0, seed: true, ui: false });
  const entries = await Promise.all(
    Object.entries(USERS).map(
      async ([persona, username]) => [persona, await signInAs(org, username)] as const
    )
  );
  const as = Object.fromEntries(entries) as Record<Persona, Connection>;
  const admin = as.admin;
  const userIds = Object.fromEntries(
    await Promise.all(
      Object.entries(USERS).map(
        async ([persona, username]) =>
          [
            persona,
            (await only<{ Id: string }>(admin, `SELECT Id FROM User WHERE Username = '${username}'`)).Id
          ] as const
      )
    )
  ) as Record<Persona, string>;
  const accountId = async (name: string) =>
    (await only<{ Id: string }>(admin, `SELECT Id FROM Account WHERE Name = '${name}'`)).Id;
  const accounts = {
    northwind: await accountId('Northwind Solutions'),
    blueHarbor: await accountId('Blue Harbor Systems'),
    customer: await accountId('Contoso Retail')
  };
  const executiveGroup = async (accountId: string) =>
    (
      await only<{ Id: string }>(
        admin,
        `SELECT Id FROM Group WHERE Type = 'RoleAndSubordinates' AND RelatedId IN
           (SELECT Id FROM UserRole WHERE PortalAccountId = '${accountId}' AND PortalRole = 'Executive')`
      )
    ).Id;
  const partnerGroups = {
    northwind: await executiveGroup(accounts.northwind),
    blueHarbor: await executiveGroup(accounts.blueHarbor)
  };

  const family = async (
    name: string,
    account: string,
    owner: string,
    status: string,
    share: { group: string; level: 'Read' | 'Edit' } | null
  ): Promise<PlanFamily> => {
    const plan = await create(admin, 'Business_Plan__c', {
      Name: name,
      Partner_Account__c: account,
      OwnerId: owner,
      Channel_Manager__c: owner,
      Status__c: status,
      Start_Date__c: '2026-01-01',
      End_Date__c: '2026-12-31',
      Summary__c: `${name} summary`
    });
    const objective = await create(admin, 'Plan_Objective__c', {
      Name: `${name} pipeline`,
      Business_Plan__c: plan,
      Type__c: 'Deal Registration',
      Aggregate_Function__c: 'COUNT',
      Aggregate_Field__c: 'Id',
      Target__c: 40,
      Weight__c: 100
    });
    const target = await create(admin, 'Objective_Target__c', {
      Plan_Objective__c: objective,
      Period_Key__c: `${objective}-2026-Q1`,
      Period_Start__c: '2026-01-01',
      Period_End__c: '2026-03-31',
      Target__c: 10
    });
    const actionItem = await create(admin, 'Plan_Action_Item__c', {
      Name: `${name} kickoff`,
      Business_Plan__c: plan,
      Due_Date__c: '2026-02-01'
    });
    const targetAccount = await create(admin, 'Plan_Target_Account__c', {
      Business_Plan__c: plan,
      Account__c: accounts.customer,
      Unique_Key__c: `${plan.slice(0, 15)}${accounts.customer.slice(0, 15)}`
    });
    const review = await create(admin, 'Business_Review__c', {
      Name: `${name} Q1 review`,
      Business_Plan__c: plan,
      Review_Date__c: '2026-04-10'
    });
    if (share) {
      await create(admin, 'Business_Plan__Share', {
        ParentId: plan,
        UserOrGroupId: share.group,
        AccessLevel: share.level,
        RowCause: 'Manual'
      });
    }
    return { plan, objective, target, actionItem, targetAccount, review };
  };
  const nw = partnerGroups.northwind;
  const plans = {
    A0: await family('Test A0', accounts.northwind, userIds.casey, 'Draft Outline', {
      group: nw,
      level: 'Edit'
    }),
    A1: await family('Test A1', accounts.northwind, userIds.casey, 'Draft', { group: nw, level: 'Edit' }),
    A2: await family('Test A2', accounts.northwind, userIds.casey, 'In Progress', {
      group: nw,
      level: 'Read'
    }),
    C: await family('Test C', accounts.northwind, userIds.casey, 'Draft', null),
    B1: await family('Test B1', accounts.blueHarbor, userIds.jordan, 'In Progress', {
      group: partnerGroups.blueHarbor,
      level: 'Edit'
    })
  };
  return { org, as, userIds, accounts, partnerGroups, plans, close: () => org.close() };
}

/** The errorCode of a jsforce call that must fail. */
export async function errorCodeOf(call: PromiseLike<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    return (error as { errorCode?: string }).errorCode ?? String(error);
  }
  throw new Error('expected the call to fail');
}

/** A save result's first error code, or 'ok'. */
export function outcome(result: { success: boolean; errors?: unknown[] }): string {
  if (result.success) return 'ok';
  const [first] = (result.errors ?? []) as Array<{ statusCode?: string; errorCode?: string }>;
  return first?.statusCode ?? first?.errorCode ?? 'failed';
}

/** Tries a save, answering 'ok' or the error code Salesforce gives. */
export async function attempt(call: PromiseLike<{ success: boolean; errors?: unknown[] }>): Promise<string> {
  try {
    return outcome(await call);
  } catch (error) {
    return (error as { errorCode?: string }).errorCode ?? String(error);
  }
}
