// What the browser tests of the plan record page's working components share: the seeded demo
// org's Northwind plan (In Progress, owned by the channel manager Casey Morgan, shared with
// Northwind's partner users) and a browser page signed in as one of the demo users.
import type { Connection } from 'jsforce';
import type { Browser } from 'playwright-core';
import type { LocalOrg } from '../../localorg/src/index.ts';
import { signIn } from '../support/salesforce.ts';
import { openPage, type WatchedPage } from './browser.ts';

export const CHANNEL_MANAGER = 'casey.morgan@localorg.test';
export const PARTNER_EXECUTIVE = 'ava.lindqvist@northwind.partner.test';
export const PARTNER_PLANNER = 'noah.patel@northwind.partner.test';

/** The seeded Northwind plan's Id. */
export async function northwindPlanId(admin: Connection): Promise<string> {
  const plans = await admin.query<{ Id: string }>(
    "SELECT Id FROM Business_Plan__c WHERE Partner_Account__r.Name LIKE 'Northwind%' AND Is_Template__c = false AND Status__c = 'In Progress'"
  );
  const id = plans.records[0]?.Id;
  if (!id) throw new Error('The seeded org has no In Progress Northwind plan');
  return id;
}

/** A page signed in as the user (through frontdoor.jsp with their API session), opened on the plan. */
export async function openPlanAs(
  browser: Browser,
  org: LocalOrg,
  username: string,
  planId: string
): Promise<WatchedPage & { conn: Connection }> {
  const conn = await signIn(org, username);
  const watched = await openPage(browser, { timezoneId: 'America/Los_Angeles' });
  const recordPath = `/lightning/r/Business_Plan__c/${planId}/view`;
  await watched.page.goto(
    `${org.url}/secur/frontdoor.jsp?sid=${encodeURIComponent(conn.accessToken as string)}&retURL=${encodeURIComponent(recordPath)}`
  );
  return { ...watched, conn };
}
