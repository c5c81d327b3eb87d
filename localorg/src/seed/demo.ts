// Demo data: two channel managers, three partner accounts (each with a partner executive
// and a partner planner) with a year of registered leads and opportunities, and a business
// plan for each in a different status. Generated from a fixed seed, so every demo and every
// screenshot shows the same numbers. The people are in seed/users.ts.
import { DateTime } from 'luxon';
import type { OrgDirectory } from '../org/users.ts';
import type { SessionUser } from '../session.ts';
import type { RecordStore } from '../store/records.ts';
import { partnerPeople, seedUsers } from './users.ts';

export interface SeedDeps {
  records: RecordStore;
  directory: OrgDirectory;
  /** API names of force-app's permission sets. */
  permissionSets: readonly string[];
  adminId: string;
  /** Loads a user with their permissions, as a session would. */
  loadUser: (userId: string) => Promise<SessionUser | undefined>;
  clock: () => Date;
}

/** mulberry32: a tiny deterministic generator; the demo needs repeatability, not quality. */
function randomFrom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Each partner, the channel manager who owns it (index into CHANNEL_MANAGERS) and its people. */
export const PARTNERS = [
  {
    account: {
      Name: 'Northwind Solutions',
      BillingCity: 'Seattle',
      BillingCountry: 'United States',
      Industry: 'Technology'
    },
    channelManager: 0,
    people: partnerPeople('northwind', { executive: ['Ava', 'Lindqvist'], planner: ['Noah', 'Patel'] })
  },
  {
    account: {
      Name: 'Blue Harbor Systems',
      BillingCity: 'Toronto',
      BillingCountry: 'Canada',
      Industry: 'Consulting'
    },
    channelManager: 1,
    people: partnerPeople('blueharbor', { executive: ['Mei', 'Tanaka'], planner: ['Liam', 'Okafor'] })
  },
  {
    account: {
      Name: 'Alpine Data Partners',
      BillingCity: 'Zurich',
      BillingCountry: 'Switzerland',
      Industry: 'Technology'
    },
    channelManager: 0,
    people: partnerPeople('alpine', { executive: ['Lea', 'Meier'], planner: ['Jonas', 'Keller'] })
  }
];

const LEAD_SOURCES = ['Partner Referral', 'Partner Referral', 'Web', 'Phone Inquiry', 'Other'];
const LEAD_STATUSES = [
  'Open - Not Contacted',
  'Working - Contacted',
  'Closed - Converted',
  'Closed - Not Converted'
];
const COMPANIES = [
  'Contoso',
  'Fabrikam',
  'Tailspin',
  'Litware',
  'Proseware',
  'Wingtip',
  'Adatum',
  'Coho Winery'
];
const LAST_NAMES = [
  'Garcia',
  'Chen',
  'Okafor',
  'Novak',
  'Silva',
  'Khan',
  'Müller',
  'Rossi',
  'Tanaka',
  'Dubois'
];
const STAGES = [
  'Prospecting',
  'Qualification',
  'Proposal/Price Quote',
  'Negotiation/Review',
  'Closed Won',
  'Closed Lost'
];

const PLAN_STATUSES = ['In Progress', 'Draft', 'Draft Outline'] as const;

async function userOrThrow(loadUser: SeedDeps['loadUser'], userId: string): Promise<SessionUser> {
  const user = await loadUser(userId);
  if (!user) throw new Error(`The demo user ${userId} is missing or inactive`);
  return user;
}

export async function seedDemo({
  records,
  directory,
  permissionSets,
  adminId,
  loadUser,
  clock
}: SeedDeps): Promise<void> {
  const random = randomFrom(20260101);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const now = DateTime.fromJSDate(clock(), { zone: 'UTC' });
  const year = now.year;
  const yearStart = DateTime.utc(year, 1, 1);
  // Records spread from the start of the year to now, plus some from last year that no plan counts.
  const span = Math.max(1, now.diff(yearStart.minus({ months: 3 }), 'days').days);

  const users = await seedUsers({
    records,
    directory,
    admin: await userOrThrow(loadUser, adminId),
    permissionSets
  });
  // The administrator saves the demo with the permission sets seedUsers gave them (Override_Plan_Workflow).
  const admin = await userOrThrow(loadUser, adminId);
  const partnerIds: string[] = [];
  /** Each partner's executive's Contact: the primary partner contact of its plans. */
  const primaryContacts: string[] = [];
  const ownerOf = (index: number): string =>
    users.channelManagerIds[PARTNERS[index]?.channelManager ?? 0] as string;
  for (const [index, partner] of PARTNERS.entries()) {
    const accountId = await records.create(
      'Account',
      { ...partner.account, Type: 'Channel Partner / Reseller', IsPartner: true, OwnerId: ownerOf(index) },
      admin
    );
    partnerIds.push(accountId);
    const [executive] = await users.createPartnerUsers(accountId, ownerOf(index), partner.people);
    if (!executive) throw new Error(`${partner.account.Name} has no people to create`);
    primaryContacts.push(executive.contactId);
  }
  users.reportMissing();
  for (const [name, city] of [
    ['Contoso Retail', 'Chicago'],
    ['Fabrikam Health', 'Boston']
  ]) {
    await records.create('Account', { Name: name, BillingCity: city, Type: 'Customer - Channel' }, admin);
  }

  for (const partnerId of partnerIds) {
    for (let i = 0; i < 40; i++) {
      const created = yearStart
        .minus({ months: 3 })
        .plus({ days: random() * span, minutes: random() * 1440 });
      await records.create(
        'Lead',
        {
          FirstName: pick(['Ana', 'Ben', 'Chloé', 'Dev', 'Eli', 'Fatima', 'Gus', 'Hana']),
          LastName: pick(LAST_NAMES),
          Company: `${pick(COMPANIES)} ${i + 1}`,
          Status: pick(LEAD_STATUSES),
          LeadSource: pick(LEAD_SOURCES),
          AnnualRevenue: Math.round(random() * 40 + 5) * 10000,
          NumberOfEmployees: Math.round(random() * 500 + 10),
          PartnerAccountId: partnerId,
          CreatedDate: created.toISO()
        },
        admin
      );
    }
    for (let i = 0; i < 15; i++) {
      const close = yearStart.plus({ days: random() * 364 });
      await records.create(
        'Opportunity',
        {
          Name: `${pick(COMPANIES)} expansion ${i + 1}`,
          StageName: pick(STAGES),
          CloseDate: close.toISODate(),
          Amount: Math.round(random() * 90 + 10) * 1000,
          PartnerAccountId: partnerId,
          LeadSource: 'Partner Referral',
          Type: 'New Customer'
        },
        admin
      );
    }
  }

  // Exactly what the connector's share maintenance (connector/src/sync/partnerShares.ts)
  // grants, so its first run on the demo changes nothing: a Manual share to the RoleAndSubordinates
  // group of the partner's Partner Executive role, Edit while Draft or In Progress, Read once
  // Completed, none in Draft Outline.
  const shareWithPartner = async (planId: string, accountId: string, status: string): Promise<void> => {
    if (status === 'Draft Outline') return;
    const roles = await directory.enablePartnerAccount(accountId);
    await records.create(
      'Business_Plan__Share',
      {
        ParentId: planId,
        UserOrGroupId: await directory.roleGroupId(roles.Executive, 'RoleAndSubordinates'),
        AccessLevel: status === 'Completed' ? 'Read' : 'Edit',
        RowCause: 'Manual'
      },
      admin
    );
  };

  for (const [index, partnerId] of partnerIds.entries()) {
    const status = PLAN_STATUSES[index] as string;
    const planId = await records.create(
      'Business_Plan__c',
      {
        Name: `${PARTNERS[index]?.account.Name} FY${year} Business Plan`,
        Partner_Account__c: partnerId,
        Primary_Partner_Contact__c: primaryContacts[index],
        OwnerId: ownerOf(index),
        Channel_Manager__c: ownerOf(index),
        Status__c: status,
        Start_Date__c: `${year}-01-01`,
        End_Date__c: `${year}-12-31`
      },
      admin
    );
    const objectives = [
      {
        Name: 'Partner-sourced pipeline',
        Type__c: 'Deal Registration',
        Aggregate_Function__c: 'SUM',
        Aggregate_Field__c: 'AnnualRevenue',
        Criteria__c: "LeadSource = 'Partner Referral' AND Status != 'Closed - Not Converted'",
        Target__c: 2_000_000,
        Weight__c: 60
      },
      {
        Name: 'Registered deals',
        Type__c: 'Deal Registration',
        Aggregate_Function__c: 'COUNT',
        Aggregate_Field__c: 'Id',
        Criteria__c: '',
        Target__c: 40,
        Weight__c: 40
      }
    ];
    for (const objective of objectives) {
      await records.create(
        'Plan_Objective__c',
        { ...objective, Business_Plan__c: planId, Period_Type__c: 'Quarterly' },
        admin
      );
    }
    await shareWithPartner(planId, partnerId, status);
  }
  const lastYear = await records.create(
    'Business_Plan__c',
    {
      Name: `${PARTNERS[0]?.account.Name} FY${year - 1} Business Plan`,
      Partner_Account__c: partnerIds[0],
      Primary_Partner_Contact__c: primaryContacts[0],
      OwnerId: ownerOf(0),
      Channel_Manager__c: ownerOf(0),
      Status__c: 'Completed',
      Start_Date__c: `${year - 1}-01-01`,
      End_Date__c: `${year - 1}-12-31`
    },
    admin
  );
  await shareWithPartner(lastYear, partnerIds[0] as string, 'Completed');
}
