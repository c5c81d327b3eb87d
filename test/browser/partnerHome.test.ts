// The partner home widget (c-partner-home on the Partner_Home app page, the "Partner Home"
// tab) in Chromium, signed in as Ava, Northwind's partner executive. Her plans come from
// sharing: the Zephyr-free Northwind plans below are shared with Northwind's people as the
// connector's share maintenance would; a Draft Outline plan (even with a mistaken share) and
// Blue Harbor's plans never show. Action items are worked out by hand from the records below.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Connection } from 'jsforce';
import type { Browser, Locator } from 'playwright-core';
import { startLocalOrg, type LocalOrg } from '../../localorg/src/index.ts';
import { createRecord, signIn } from '../support/salesforce.ts';
import { launchBrowser, openPage, screenshot } from './browser.ts';

let org: LocalOrg;
let admin: Connection;
let ava: Connection;
let browser: Browser;
const plans: Record<string, string> = {};

async function only(soql: string): Promise<string> {
  const { records } = await admin.query<{ Id: string }>(soql);
  assert.equal(records.length, 1, soql);
  return (records[0] as { Id: string }).Id;
}

/** A plan shared (Read) with the partner account's executive role and everyone under it. */
async function sharedPlan(name: string, account: string, status: string, group: string): Promise<string> {
  const id = await createRecord(admin, 'Business_Plan__c', {
    Name: name,
    Partner_Account__c: account,
    Status__c: status,
    Progress__c: status === 'Draft Outline' ? null : 35,
    Start_Date__c: '2027-01-01',
    End_Date__c: '2027-12-31'
  });
  await createRecord(admin, 'Business_Plan__Share', {
    ParentId: id,
    UserOrGroupId: group,
    AccessLevel: 'Read',
    RowCause: 'Manual'
  });
  return id;
}

before(async () => {
  [org, browser] = await Promise.all([startLocalOrg({ port: 0, seed: true }), launchBrowser()]);
  admin = await signIn(org);
  ava = await signIn(org, 'ava.lindqvist@northwind.partner.test');
  const account = (name: string) => only(`SELECT Id FROM Account WHERE Name = '${name}'`);
  const executives = (accountId: string) =>
    only(
      `SELECT Id FROM Group WHERE Type = 'RoleAndSubordinates' AND RelatedId IN
         (SELECT Id FROM UserRole WHERE PortalAccountId = '${accountId}' AND PortalRole = 'Executive')`
    );
  const northwind = await account('Northwind Solutions');
  const blueHarbor = await account('Blue Harbor Systems');
  plans.kickoff = await sharedPlan(
    'Northwind FY2027 Kickoff',
    northwind,
    'Draft',
    await executives(northwind)
  );
  plans.outline = await sharedPlan(
    'Northwind FY2027 Outline',
    northwind,
    'Draft Outline',
    await executives(northwind)
  );
  plans.other = await sharedPlan(
    'Blue Harbor FY2027 Kickoff',
    blueHarbor,
    'Draft',
    await executives(blueHarbor)
  );
  // Due soonest first, open only: the completed and cancelled items never show, and only three do.
  for (const [name, due, status] of [
    ['Sign the MDF agreement', '2027-03-01', 'Not Started'],
    ['Agree the joint value proposition', '2027-01-20', 'In Progress'],
    ['Name the partner sponsor', '2027-01-10', 'Cancelled'],
    ['Book the launch webinar', '2027-02-15', 'Not Started'],
    ['Enable two sales engineers', '2027-04-30', 'Not Started']
  ] as const) {
    await createRecord(admin, 'Plan_Action_Item__c', {
      Name: name,
      Business_Plan__c: plans.kickoff,
      Due_Date__c: due,
      Status__c: status
    });
  }
});

after(async () => {
  await browser?.close();
  await org?.close();
});

const text = async (locator: Locator): Promise<string> =>
  (await locator.innerText()).replace(/\s+/g, ' ').trim();

describe('partner home', () => {
  test('a partner sees their shared plans with completion and next action items, and opens one', async () => {
    const { page, problems } = await openPage(browser, { timezoneId: 'Europe/Stockholm' });
    await page.goto(
      `${org.url}/secur/frontdoor.jsp?sid=${encodeURIComponent(ava.accessToken as string)}&retURL=${encodeURIComponent('/lightning/n/Partner_Home')}`
    );
    const card = page.locator('c-partner-home li.plan', { hasText: 'Northwind FY2027 Kickoff' });
    await card.waitFor();
    const file = await screenshot(page, 'partner-home');
    // Tabs follow the permission sets' tab settings: Partner Home is the partner's, Portfolio is not.
    const tabs = await page
      .locator('[data-app-nav] > li')
      .evaluateAll((lis) => lis.map((li) => (li as HTMLElement).innerText.trim()));
    assert.ok(tabs.includes('Partner Home'), tabs.join(', '));
    assert.ok(!tabs.includes('Portfolio'), tabs.join(', '));

    const names = await page
      .locator('c-partner-home .plan-link')
      .evaluateAll((links) => links.map((a) => (a as HTMLElement).innerText.trim()));
    assert.ok(names.includes('Northwind FY2027 Kickoff'));
    assert.ok(!names.includes('Northwind FY2027 Outline'), 'a Draft Outline plan never shows');
    assert.ok(!names.includes('Blue Harbor FY2027 Kickoff'), "another partner's plan never shows");

    assert.equal(await text(card.locator('.status')), 'Draft');
    assert.equal(await text(card.locator('.progress')), '35%');
    assert.equal(
      await card.locator('lightning-progress-ring [role="progressbar"]').getAttribute('aria-valuenow'),
      '35'
    );
    const items = await card
      .locator('li.action-item')
      .evaluateAll((lis) => lis.map((li) => (li as HTMLElement).innerText.replace(/\s+/g, ' ').trim()));
    assert.deepEqual(items, [
      'Agree the joint value proposition 1/20/2027',
      'Book the launch webinar 2/15/2027',
      'Sign the MDF agreement 3/1/2027'
    ]);

    await card.locator('.plan-link').click();
    await page.waitForURL(`**/lightning/r/Business_Plan__c/${plans.kickoff}/view`);
    assert.deepEqual(problems, [], `no page errors (see ${file})`);
  });
});
