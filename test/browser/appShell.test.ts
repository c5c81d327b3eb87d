// The local org's Lightning Experience in Chromium, driven by force-app's metadata: the
// business plan record page laid out from its FlexiPage, the navigation bar from the
// Partner_Business_Planning app, object homes with their list views, the home page, and the
// local org's user switcher. Expected orders and counts are worked out from the records below.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Connection } from 'jsforce';
import type { Browser, Page } from 'playwright-core';
import { startLocalOrg, type LocalOrg } from '../../localorg/src/index.ts';
import { createRecord, signIn } from '../support/salesforce.ts';
import { launchBrowser, openPage, screenshot } from './browser.ts';
import { createUser, grantPermissionSet } from './org.ts';

let org: LocalOrg;
let conn: Connection;
let browser: Browser;
let planId: string;
let standardUserId: string;
const accounts: Record<string, string> = {};
const planIds: Record<string, string> = {};

/** Plans and their partners; names and partners sort in different orders. */
const PLANS: Array<[plan: string, partner: string]> = [
  ['Northwind FY2026', 'Northwind Traders'],
  ['Alpine FY2026', 'Zephyr Systems'],
  ['Harbor FY2026', 'Alpine Data Partners']
];

before(async () => {
  [org, browser] = await Promise.all([startLocalOrg({ port: 0, seed: false }), launchBrowser()]);
  conn = await signIn(org);
  for (const [, partner] of PLANS) {
    accounts[partner] = await createRecord(conn, 'Account', { Name: partner, IsPartner: true });
  }
  for (const [plan, partner] of PLANS) {
    const id = await createRecord(conn, 'Business_Plan__c', {
      Name: plan,
      Partner_Account__c: accounts[partner],
      Status__c: 'Draft Outline',
      Start_Date__c: '2026-01-01',
      End_Date__c: '2026-12-31'
    });
    planIds[plan] = id;
  }
  planId = planIds['Northwind FY2026'] as string;
  for (const [name, weight] of [
    ['Certified engineers', 30],
    ['Deal registrations', 70]
  ] as const) {
    await createRecord(conn, 'Plan_Objective__c', {
      Name: name,
      Business_Plan__c: planId,
      Type__c: 'Course Completion',
      Weight__c: weight,
      Target__c: 10
    });
  }
  // A channel manager, who owns the Harbor plan.
  standardUserId = await createUser(conn, {
    firstName: 'Casey',
    lastName: 'Manager',
    username: 'casey.manager@localorg.test',
    alias: 'cmanager',
    profile: 'Standard User'
  });
  await grantPermissionSet(conn, standardUserId, 'Channel_Manager');
  await conn
    .sobject('Business_Plan__c')
    .update({ Id: planIds['Harbor FY2026'] as string, OwnerId: standardUserId });
});

after(async () => {
  await browser?.close();
  await org?.close();
});

/** A signed-in admin's page, opened at a path through frontdoor.jsp. */
async function adminPage(path: string): Promise<{ page: Page; problems: string[] }> {
  const watched = await openPage(browser, { timezoneId: 'America/Los_Angeles' });
  await watched.page.goto(
    `${org.url}/secur/frontdoor.jsp?sid=${encodeURIComponent(conn.accessToken as string)}&retURL=${encodeURIComponent(path)}`
  );
  return watched;
}

const texts = (page: Page, selector: string): Promise<string[]> =>
  page.locator(selector).evaluateAll((els) => els.map((el) => (el as HTMLElement).innerText.trim()));

describe('record page', () => {
  test('the business plan record page is laid out from its FlexiPage, region by region', async () => {
    const { page, problems } = await adminPage(`/lightning/r/Business_Plan__c/${planId}/view`);
    await page.locator('[data-region="sidebar"] localorg-record-feed [data-feed-item]').first().waitFor();
    await page.locator('c-plan-objectives tr.objective').first().waitFor();
    await page.locator('localorg-record-details [data-field="Partner_Account__c"] a').waitFor();
    const file = await screenshot(page, 'app-record-page');

    assert.equal(
      await page.locator('[data-flexipage]').getAttribute('data-flexipage'),
      'Business_Plan_Record_Page'
    );
    const regionComponents = (region: string): Promise<string[]> =>
      page
        .locator(`[data-region="${region}"] > [data-component]`)
        .evaluateAll((els) => els.map((el) => el.getAttribute('data-component') ?? ''));
    assert.deepEqual(await regionComponents('header'), ['force:highlightsPanel']);
    assert.deepEqual(await regionComponents('main'), [
      'c:planHeader',
      'c:planObjectives',
      'c:periodTargets',
      'c:targetAccounts',
      'c:actionItems',
      'c:reviewPanel',
      'flexipage:tabset'
    ]);
    assert.deepEqual(await regionComponents('sidebar'), [
      'c:templateActions',
      'forceChatter:recordFeedContainer'
    ]);
    assert.equal(
      (
        await page
          .locator('[data-region="header"] localorg-record-highlights .slds-page-header__title')
          .innerText()
      ).trim(),
      'Northwind FY2026'
    );

    // The tab set: Details first and active, as the page says; Related behind it.
    assert.deepEqual(await texts(page, '[data-tabset] [role="tab"]'), ['Details', 'Related']);
    assert.equal(
      await page.locator('[data-tabset] [role="tab"][aria-selected="true"]').innerText(),
      'Details'
    );
    const partner = page.locator('localorg-record-details [data-field="Partner_Account__c"] a');
    assert.equal(await partner.innerText(), 'Northwind Traders');

    // The feed stand-in says what it is and shows who created the plan.
    assert.match(
      await page.locator('[data-feed-notice]').innerText(),
      /Chatter is simulated in the local org/
    );
    assert.match(
      (await page.locator('[data-feed-item] .slds-media__body p').first().innerText()).replace(/\s+/g, ' '),
      /^Local Admin created this Business Plan\./
    );

    await page.locator('[data-tabset] [role="tab"]', { hasText: 'Related' }).click();
    const objectives = page.locator('[data-related-list="Plan_Objectives__r"]');
    await objectives.locator('tbody tr').first().waitFor();
    assert.equal(await page.locator('localorg-record-details').isVisible(), false, 'Details is hidden');
    assert.equal(
      (await objectives.locator('[data-related-list-title]').innerText()).trim(),
      'Plan Objectives (2)'
    );
    const links = objectives.locator('tbody tr td:first-child a');
    assert.deepEqual(await links.allInnerTexts(), ['Certified engineers', 'Deal registrations']);
    assert.match(
      String(await links.first().getAttribute('href')),
      /^\/lightning\/r\/Plan_Objective__c\/a\w+\/view$/
    );
    await screenshot(page, 'app-record-page-related');
    assert.deepEqual(problems, [], `the page reported errors; screenshot at ${file}`);
  });

  test('an object with no FlexiPage and no components shows its details, and its related lists beside', async () => {
    const { page, problems } = await adminPage(`/lightning/r/Account/${accounts['Northwind Traders']}/view`);
    await page.locator('localorg-record-details [data-field="Name"]').waitFor();
    assert.equal(await page.locator('[data-flexipage]').getAttribute('data-flexipage'), 'Account_default');
    assert.deepEqual(
      await page
        .locator('[data-region] > [data-component]')
        .evaluateAll((els) => els.map((el) => el.getAttribute('data-component'))),
      ['force:highlightsPanel', 'force:detailPanel', 'force:relatedListContainer']
    );
    // The partner's plan, under the label the lookup gives its related list.
    const plans = page.locator('[data-region="sidebar"] [data-related-list="Business_Plans__r"]');
    await plans.locator('tbody tr').first().waitFor();
    assert.equal((await plans.locator('[data-related-list-title]').innerText()).trim(), 'Business Plans (1)');
    assert.deepEqual(await plans.locator('tbody tr td:first-child a').allInnerTexts(), ['Northwind FY2026']);
    await screenshot(page, 'app-account-default-layout');
    assert.deepEqual(problems, []);
  });
});

describe('app navigation', () => {
  test("the navigation bar is the app's: its label, and its tabs in the app's order", async () => {
    const { page, problems } = await adminPage(`/lightning/r/Business_Plan__c/${planId}/view`);
    assert.equal(await page.locator('[data-app-name]').innerText(), 'Partner Business Planning');
    assert.deepEqual(await texts(page, '[data-app-nav] > li'), [
      'Home',
      'Business Plans',
      'Portfolio',
      'Partner Home',
      'Accounts',
      'Leads',
      'Opportunities'
    ]);
    assert.deepEqual(await texts(page, '[data-app-nav] > li.slds-is-active'), ['Business Plans']);

    await page.locator('[data-app-nav] a', { hasText: 'Accounts' }).click();
    await page.waitForURL(/\/lightning\/o\/Account\/list\?filterName=AllAccounts$/);
    await page.locator('localorg-list-view lightning-datatable tbody tr').first().waitFor();
    assert.deepEqual(await texts(page, '[data-app-nav] > li.slds-is-active'), ['Accounts']);
    assert.deepEqual(problems, []);
  });
});

describe('list views', () => {
  const firstRow = (page: Page) => page.locator('localorg-list-view lightning-datatable tbody tr').first();
  const rowNames = (page: Page): Promise<string[]> =>
    page
      .locator('localorg-list-view lightning-datatable tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => (tr.querySelector('th, td:nth-child(2)') as HTMLElement).innerText.trim())
      );
  const partnerNames = (page: Page): Promise<string[]> =>
    page
      .locator('localorg-list-view lightning-datatable tbody tr')
      .evaluateAll((trs) => trs.map((tr) => (tr.querySelectorAll('td')[1] as HTMLElement).innerText.trim()));

  test('the Business Plans home opens the All list: columns, count, order, and links to records', async () => {
    const { page, problems } = await adminPage('/lightning/o/Business_Plan__c/home');
    await page.waitForURL(/\/lightning\/o\/Business_Plan__c\/list\?filterName=All$/);
    await page.locator('localorg-list-view lightning-datatable tbody tr').first().waitFor();
    assert.equal(await page.locator('[data-list-label]').innerText(), 'All');
    assert.equal(
      await page.locator('[data-list-meta]').innerText(),
      '3 items • Sorted by Plan Name • Filtered by All Business Plans'
    );
    assert.deepEqual(
      await page
        .locator('localorg-list-view lightning-datatable thead th[aria-label]')
        .evaluateAll((ths) => ths.map((th) => th.getAttribute('aria-label')).slice(1)),
      ['Plan Name', 'Partner Account', 'Status', 'Start Date', 'End Date', 'Progress', 'Last Calculated']
    );
    assert.deepEqual(await rowNames(page), ['Alpine FY2026', 'Harbor FY2026', 'Northwind FY2026']);
    await screenshot(page, 'app-list-view');

    // Sorting by a column asks the server: by plan name descending, then by partner.
    await page
      .locator('localorg-list-view lightning-datatable thead th', { hasText: 'Plan Name' })
      .locator('a')
      .first()
      .click();
    await page.locator('[data-list-meta]').filter({ hasText: 'Sorted by Plan Name' }).waitFor();
    await firstRow(page).filter({ hasText: 'Northwind FY2026' }).waitFor();
    assert.deepEqual(await rowNames(page), ['Northwind FY2026', 'Harbor FY2026', 'Alpine FY2026']);

    await page
      .locator('localorg-list-view lightning-datatable thead th', { hasText: 'Partner Account' })
      .locator('a')
      .first()
      .click();
    await page.locator('[data-list-meta]').filter({ hasText: 'Sorted by Partner Account' }).waitFor();
    await firstRow(page).filter({ hasText: 'Alpine Data Partners' }).waitFor();
    assert.deepEqual(await partnerNames(page), [
      'Alpine Data Partners',
      'Northwind Traders',
      'Zephyr Systems'
    ]);
    assert.deepEqual(await rowNames(page), ['Harbor FY2026', 'Northwind FY2026', 'Alpine FY2026']);
    await screenshot(page, 'app-list-view-sorted');

    await page.locator('localorg-list-view a', { hasText: 'Northwind FY2026' }).click();
    await page.waitForURL(new RegExp(`/lightning/r/Business_Plan__c/${planId}/view$`));
    await page
      .locator('[data-region="header"] localorg-record-highlights .slds-page-header__title')
      .waitFor();
    assert.deepEqual(problems, []);
  });

  test('the list view picker lists the object’s list views and opens the one chosen', async () => {
    const { page, problems } = await adminPage('/lightning/o/Account/list?filterName=AllAccounts');
    await page.locator('localorg-list-view lightning-datatable tbody tr').first().waitFor();
    await page.locator('[data-list-picker] button').click();
    const items = page.locator('[data-list-picker] lightning-menu-item');
    await items.first().waitFor();
    assert.deepEqual(
      (await items.allInnerTexts()).map((t) => t.trim()),
      ['All Accounts', 'My Accounts']
    );
    await screenshot(page, 'app-list-view-picker');
    await items.filter({ hasText: 'My Accounts' }).click();
    await page.waitForURL(/filterName=MyAccounts$/);
    await page.locator('[data-list-label]').filter({ hasText: 'My Accounts' }).waitFor();
    await page.locator('[data-list-meta]').filter({ hasText: 'Filtered by My Accounts' }).waitFor();
    assert.deepEqual(problems, []);
  });
});

describe('home and user switcher', () => {
  test('home lists the plans the user can see, the most recently changed first', async () => {
    await conn.sobject('Business_Plan__c').update({ Id: planId, End_Date__c: '2026-12-30' });
    const { page, problems } = await adminPage('/lightning/page/home');
    const rows = page.locator('localorg-recent-records tbody tr');
    await rows.first().waitFor();
    assert.equal(
      (await page.locator('localorg-recent-records .slds-card__header-title').innerText()).trim(),
      'Recent Business Plans'
    );
    const names = await rows.evaluateAll((trs) =>
      trs.map((tr) => (tr.querySelector('td') as HTMLElement).innerText.trim())
    );
    assert.equal(names[0], 'Northwind FY2026');
    assert.deepEqual([...names].sort(), ['Alpine FY2026', 'Harbor FY2026', 'Northwind FY2026']);
    await screenshot(page, 'app-home');
    assert.deepEqual(problems, []);
  });

  test('an administrator switches to another user, and that user has no switcher but can return', async () => {
    const { page } = await adminPage('/lightning/page/home');
    await page.locator('[data-user-menu] button').click();
    const switchTo = page.locator('[data-switch-user]');
    await switchTo.first().waitFor();
    assert.deepEqual(
      (await switchTo.allInnerTexts()).map((t) => t.trim()),
      ['Casey Manager (Standard User)']
    );
    await screenshot(page, 'app-user-switcher');

    await switchTo.first().click();
    await page.waitForURL(/\/lightning\/page\/home$/);
    assert.equal(await page.locator('[data-user-initials]').innerText(), 'CM');
    assert.match(await page.locator('[data-welcome]').innerText(), /Welcome, Casey Manager/);
    // Plans are private: the channel manager sees the one they own.
    const rows = page.locator('localorg-recent-records tbody tr');
    await rows.first().waitFor();
    assert.deepEqual(
      await rows.evaluateAll((trs) =>
        trs.map((tr) => (tr.querySelector('td') as HTMLElement).innerText.trim())
      ),
      ['Harbor FY2026']
    );
    await page.locator('[data-user-menu] button').click();
    assert.equal((await page.locator('[data-user-name]').innerText()).trim(), 'Casey Manager');
    assert.equal(await page.locator('[data-switch-user]').count(), 0, 'a non-admin gets no switcher');
    await screenshot(page, 'app-user-switched');

    // Nor may they switch by posting the form themselves.
    const refused = await page.request.post(`${org.url}/localorg/switch-user`, {
      form: { userId: standardUserId },
      maxRedirects: 0
    });
    assert.equal(refused.status(), 403);

    await page.locator('[data-switch-back]').click();
    await page.waitForURL(/\/lightning\/page\/home$/);
    assert.equal(await page.locator('[data-user-initials]').innerText(), 'LA');
  });
});
