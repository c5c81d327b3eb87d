// A business plan's Lightning record page in Chromium: the local org serves force-app's
// c-plan-objectives on /lightning/r/Business_Plan__c/<id>/view, reading through the local
// Lightning Data Service, after a channel manager's data arrives through jsforce.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Connection } from 'jsforce';
import { createRecord, signIn } from '../support/salesforce.ts';
import type { Browser } from 'playwright-core';
import { startLocalOrg, type LocalOrg } from '../../localorg/src/index.ts';
import { launchBrowser, openPage, screenshot } from './browser.ts';
import { grantPermissionSet } from './org.ts';

let org: LocalOrg;
let conn: Connection;
let browser: Browser;

before(async () => {
  [org, browser] = await Promise.all([startLocalOrg({ port: 0, seed: false }), launchBrowser()]);
  conn = await signIn(org);
  // A plan already under way is loaded as a business planning admin does, past the plan workflow.
  await grantPermissionSet(conn, (await conn.identity()).user_id, 'Business_Planning_Admin');
});

after(async () => {
  await browser?.close();
  await org?.close();
});

const create = (type: string, values: Record<string, unknown>): Promise<string> =>
  createRecord(conn, type, values);

/** Objectives as a channel manager enters them, with the actuals and progress the connector writes. */
const OBJECTIVES = [
  {
    Name: 'Certified engineers',
    Type__c: 'Course Completion',
    Weight__c: 30,
    Target__c: 12,
    Actual__c: 9,
    Progress__c: 75
  },
  {
    Name: 'Deal registrations',
    Type__c: 'Deal Registration',
    Weight__c: 70,
    Target__c: 1250000,
    Actual__c: 987654.32,
    Progress__c: 79.01
  }
];

test('a business plan record page shows its objectives with target, actual and progress', async () => {
  const accountId = await create('Account', { Name: 'Northwind Traders', IsPartner: true });
  const planId = await create('Business_Plan__c', {
    Name: 'Northwind FY2024',
    Status__c: 'In Progress',
    Partner_Account__c: accountId,
    Start_Date__c: '2024-01-01',
    End_Date__c: '2024-12-31',
    Progress__c: 77.81,
    Last_Calculated__c: '2024-03-01T17:05:00.000Z'
  });
  for (const objective of OBJECTIVES)
    await create('Plan_Objective__c', { ...objective, Business_Plan__c: planId });

  // The admin works in America/Los_Angeles; a real user's browser runs in their own time zone.
  const { page, problems } = await openPage(browser, { timezoneId: 'America/Los_Angeles' });
  const recordPath = `/lightning/r/Business_Plan__c/${planId}/view`;
  await page.goto(
    `${org.url}/secur/frontdoor.jsp?sid=${encodeURIComponent(conn.accessToken as string)}&retURL=${recordPath}`
  );
  assert.equal(new URL(page.url()).pathname, recordPath);

  const rows = page.locator('c-plan-objectives tr.objective');
  await rows.first().waitFor();
  await page.locator('localorg-record-details [data-field="Partner_Account__c"]').waitFor();
  const file = await screenshot(page, 'plan-page');

  assert.equal(await rows.count(), 2);
  const cells = await rows.evaluateAll((trs) =>
    trs.map((tr) =>
      [
        'objective-name',
        'objective-type',
        'objective-weight',
        'objective-target',
        'objective-actual',
        'objective-progress'
      ].map((c) => (tr.querySelector(`.${c}`) as HTMLElement | null)?.innerText.trim())
    )
  );
  // Sorted by name, as the component asks; numbers formatted by lightning-formatted-number.
  assert.deepEqual(cells, [
    ['Certified engineers', 'Course Completion', '30', '12', '9', '75%'],
    ['Deal registrations', 'Deal Registration', '70', '1,250,000', '987,654.32', '79.01%']
  ]);
  const gauges = await page
    .locator('c-plan-objectives tr.objective lightning-progress-ring')
    .evaluateAll((els) => els.map((el) => (el as HTMLElement & { value: number }).value));
  assert.deepEqual(gauges, [75, 79.01]);
  assert.equal((await page.locator('c-plan-objectives .plan-progress').innerText()).trim(), '77.81%');

  // The record page around the component: highlights and details, as Lightning lays them out.
  const highlights = page.locator('localorg-record-highlights');
  assert.equal((await highlights.locator('.slds-page-header__title').innerText()).trim(), 'Northwind FY2024');
  assert.equal(
    (await highlights.locator('[data-field="Status__c"]').innerText()).replace(/\s+/g, ' ').trim(),
    'Status In Progress'
  );
  const partner = page.locator('localorg-record-details [data-field="Partner_Account__c"] a');
  assert.equal((await partner.innerText()).trim(), 'Northwind Traders');
  assert.equal(await partner.getAttribute('href'), `/lightning/r/Account/${accountId}/view`);

  assert.deepEqual(problems, [], `the page reported errors; screenshot at ${file}`);
});

test('a page without a browser session sends the user to sign in and back', async () => {
  const { page } = await openPage(browser);
  const response = await page.request.get(`${org.url}/lightning/r/Business_Plan__c/a00000000000000AAA/view`, {
    maxRedirects: 0
  });
  assert.equal(response.status(), 302);
  assert.equal(
    response.headers().location,
    `/login?startURL=${encodeURIComponent('/lightning/r/Business_Plan__c/a00000000000000AAA/view')}`
  );
});
