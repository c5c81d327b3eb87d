// The plan portfolio dashboard (c-plan-portfolio on the Plan_Portfolio app page, the
// "Portfolio" tab) in Chromium, signed in as the channel manager Casey: the GraphQL filters,
// the My plans / All plans toggle, server-side sorting, the summary tiles and the CSV export.
// The Zephyr plans below are the only ones the partner search matches; every expected row,
// order, tile and CSV line is worked out by hand from them.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import type { Connection } from 'jsforce';
import type { Browser, Page } from 'playwright-core';
import { startLocalOrg, type LocalOrg } from '../../localorg/src/index.ts';
import { createRecord, signIn } from '../support/salesforce.ts';
import { launchBrowser, openPage, screenshot } from './browser.ts';

let org: LocalOrg;
let admin: Connection;
let casey: Connection;
let browser: Browser;

/** plan, status, progress, channel manager; all owned by Casey, all for Zephyr Analytics in 2026. */
const PLANS: Array<[name: string, status: string, progress: number, manager: 'casey' | 'jordan']> = [
  ['Zephyr FY2026 Growth', 'In Progress', 62.5, 'casey'],
  ['Zephyr FY2026 Services', 'Draft', 20, 'casey'],
  ['Zephyr FY2026 Alliances', 'Draft', 45, 'jordan']
];

before(async () => {
  [org, browser] = await Promise.all([startLocalOrg({ port: 0, seed: true }), launchBrowser()]);
  admin = await signIn(org);
  casey = await signIn(org, 'casey.morgan@localorg.test');
  const userId = async (username: string): Promise<string> =>
    (await admin.query<{ Id: string }>(`SELECT Id FROM User WHERE Username = '${username}'`)).records[0]
      ?.Id as string;
  const managers = {
    casey: await userId('casey.morgan@localorg.test'),
    jordan: await userId('jordan.reyes@localorg.test')
  };
  const account = await createRecord(admin, 'Account', { Name: 'Zephyr Analytics', IsPartner: true });
  for (const [name, status, progress, manager] of PLANS) {
    await createRecord(admin, 'Business_Plan__c', {
      Name: name,
      Partner_Account__c: account,
      OwnerId: managers.casey,
      Channel_Manager__c: managers[manager],
      Status__c: status,
      Progress__c: progress,
      Start_Date__c: '2026-01-01',
      End_Date__c: '2026-12-31',
      Next_Review_Date__c: name.endsWith('Growth') ? '2026-04-15' : null
    });
  }
});

after(async () => {
  await browser?.close();
  await org?.close();
});

async function portfolioPage(): Promise<{ page: Page; problems: string[] }> {
  const watched = await openPage(browser, { timezoneId: 'America/Los_Angeles', acceptDownloads: true });
  await watched.page.goto(
    `${org.url}/secur/frontdoor.jsp?sid=${encodeURIComponent(casey.accessToken as string)}&retURL=${encodeURIComponent('/lightning/n/Plan_Portfolio')}`
  );
  await watched.page
    .locator('c-plan-portfolio c-portfolio-datatable, c-plan-portfolio .empty-state')
    .first()
    .waitFor();
  return watched;
}

/** The plan names in the table, top to bottom. */
const planNames = (page: Page): Promise<string[]> =>
  page
    .locator('c-plan-portfolio c-portfolio-datatable tbody tr th a')
    .evaluateAll((links) => links.map((a) => (a as HTMLElement).innerText.trim()));

/** Waits until the table shows exactly these plans, in this order (the query runs on the server). */
async function expectPlans(page: Page, expected: string[]): Promise<void> {
  const deadline = Date.now() + 10_000;
  let shown = await planNames(page);
  while (JSON.stringify(shown) !== JSON.stringify(expected) && Date.now() < deadline) {
    await page.waitForTimeout(100);
    shown = await planNames(page);
  }
  assert.deepEqual(shown, expected);
}

const tile = async (page: Page, selector: string): Promise<string> =>
  (await page.locator(`c-plan-portfolio ${selector} .tile-value`).innerText()).trim();

describe('plan portfolio', () => {
  test('a channel manager filters, toggles, sorts and exports their plans', async () => {
    const { page, problems } = await portfolioPage();
    assert.equal(
      await page.locator('.slds-context-bar__item.slds-is-active').innerText(),
      'Portfolio',
      'the app page is the Portfolio tab'
    );

    await page.locator('c-plan-portfolio lightning-input.partner-filter input').fill('Zephyr');
    // My plans: Casey manages Growth and Services; Alliances is Jordan's to manage.
    await expectPlans(page, ['Zephyr FY2026 Growth', 'Zephyr FY2026 Services']);
    assert.equal(await tile(page, '.total-plans'), '2');
    assert.equal(await tile(page, '.average-progress'), '41.3%', '(62.5 + 20) / 2 = 41.25');

    await page
      .locator('c-plan-portfolio lightning-radio-group.scope label', { hasText: 'All plans' })
      .click();
    await expectPlans(page, ['Zephyr FY2026 Alliances', 'Zephyr FY2026 Growth', 'Zephyr FY2026 Services']);

    // Sorting runs in the GraphQL query: progress ascending, then descending.
    const progressHeader = page.locator('c-plan-portfolio th[aria-label="Progress"] .slds-th__action');
    await progressHeader.click();
    await expectPlans(page, ['Zephyr FY2026 Services', 'Zephyr FY2026 Alliances', 'Zephyr FY2026 Growth']);
    await progressHeader.click();
    await expectPlans(page, ['Zephyr FY2026 Growth', 'Zephyr FY2026 Alliances', 'Zephyr FY2026 Services']);

    // Status filter: the combobox's options are the org's picklist values.
    await page
      .locator(
        'c-plan-portfolio lightning-combobox.status-filter button, c-plan-portfolio lightning-combobox.status-filter input'
      )
      .first()
      .click();
    await page.locator('c-plan-portfolio lightning-combobox.status-filter [data-value="Draft"]').click();
    await expectPlans(page, ['Zephyr FY2026 Alliances', 'Zephyr FY2026 Services']);
    const statusTiles = await page
      .locator('c-plan-portfolio .status-tile')
      .evaluateAll((tiles) => tiles.map((t) => (t as HTMLElement).innerText.replace(/\s+/g, ' ').trim()));
    assert.deepEqual(statusTiles, ['Draft Outline 0', 'Draft 2', 'In Progress 0', 'Completed 0']);
    const file = await screenshot(page, 'portfolio-filtered');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('c-plan-portfolio a.export-csv').click()
    ]);
    assert.equal(download.suggestedFilename(), 'plan-portfolio.csv');
    const csv = await readFile((await download.path()) as string, 'utf8');
    assert.equal(
      csv,
      '\ufeffPlan,Partner,Status,Progress (%),Start Date,End Date,Next Review\r\n' +
        'Zephyr FY2026 Alliances,Zephyr Analytics,Draft,45,2026-01-01,2026-12-31,\r\n' +
        'Zephyr FY2026 Services,Zephyr Analytics,Draft,20,2026-01-01,2026-12-31,\r\n'
    );

    // refreshGraphQL runs the query again and shows what changed on the server.
    const services = (
      await admin.query<{ Id: string }>(
        "SELECT Id FROM Business_Plan__c WHERE Name = 'Zephyr FY2026 Services'"
      )
    ).records[0]?.Id as string;
    await admin.sobject('Business_Plan__c').update({ Id: services, Progress__c: 30 });
    await page.locator('c-plan-portfolio lightning-button-icon.refresh button').click();
    const servicesProgress = page.locator('c-plan-portfolio c-portfolio-datatable tbody tr', {
      hasText: 'Zephyr FY2026 Services'
    });
    await servicesProgress
      .locator('lightning-formatted-number', { hasText: '30%' })
      .waitFor({ timeout: 10_000 });
    assert.deepEqual(problems, [], `no page errors (see ${file})`);
  });
});
