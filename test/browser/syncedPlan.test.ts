// End to end: leads registered by a partner, one connector sync, and the plan's record page
// in Chromium showing the deal-registration actuals the connector computed. The expected
// figures are worked by hand from the leads below.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Connection } from 'jsforce';
import { createRecord, signIn } from '../support/salesforce.ts';
import type { Browser } from 'playwright-core';
import { systemClock } from '../../connector/src/clock.ts';
import { loadConfig } from '../../connector/src/config.ts';
import { silentLogger } from '../../connector/src/logger.ts';
import { SalesforceClient } from '../../connector/src/salesforce/client.ts';
import { runSync } from '../../connector/src/sync/runSync.ts';
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

test('after a sync, the plan page shows the computed deal-registration actuals', async () => {
  const partner = await create('Account', { Name: 'Harbor Networks', IsPartner: true });
  const otherPartner = await create('Account', { Name: 'Elsewhere Ltd', IsPartner: true });
  // Created dates are in the org's zone (America/Los_Angeles, UTC-8 in winter, UTC-7 in summer).
  const leads: Array<[string, string, number, string]> = [
    // [partner, LeadSource, AnnualRevenue, CreatedDate]
    [partner, 'Partner Referral', 100000, '2026-02-10T10:00:00-08:00'], // Q1, counts
    [partner, 'Partner Referral', 250000, '2026-05-03T09:00:00-07:00'], // Q2, counts
    [partner, 'Web', 900000, '2026-05-04T09:00:00-07:00'], // wrong source
    [partner, 'Partner Referral', 50000, '2026-06-30T23:30:00-07:00'], // last evening of Q2, counts in Q2
    [partner, 'Partner Referral', 700000, '2025-12-31T23:00:00-08:00'], // before the plan
    [otherPartner, 'Partner Referral', 800000, '2026-03-01T09:00:00-08:00'] // another partner
  ];
  for (const [partnerId, source, revenue, created] of leads) {
    await create('Lead', {
      LastName: 'Buyer',
      Company: 'Prospect',
      LeadSource: source,
      AnnualRevenue: revenue,
      PartnerAccountId: partnerId,
      CreatedDate: created
    });
  }
  const planId = await create('Business_Plan__c', {
    Name: 'Harbor Networks FY2026',
    Partner_Account__c: partner,
    Status__c: 'In Progress',
    Start_Date__c: '2026-01-01',
    End_Date__c: '2026-12-31'
  });
  await create('Plan_Objective__c', {
    Name: 'Partner-sourced pipeline',
    Business_Plan__c: planId,
    Type__c: 'Deal Registration',
    Aggregate_Function__c: 'SUM',
    Aggregate_Field__c: 'AnnualRevenue',
    Criteria__c: "LeadSource = 'Partner Referral'",
    Period_Type__c: 'Quarterly',
    Target__c: 800000,
    Weight__c: 100
  });

  const config = loadConfig({
    SF_LOGIN_URL: org.url,
    SF_USERNAME: org.adminUsername,
    SF_PASSWORD: org.adminPassword,
    LOG_LEVEL: 'silent'
  });
  const client = new SalesforceClient({ ...config.salesforce, logger: silentLogger() });
  const report = await runSync({
    salesforce: client,
    clock: systemClock,
    logger: silentLogger(),
    sources: config.sources
  });
  await client.close();
  assert.equal(report.outcome, 'completed', JSON.stringify(report.errors));

  // 100,000 + 250,000 + 50,000 = 400,000 of 800,000: 50%, and the plan's only objective.
  const { page, problems } = await openPage(browser, { timezoneId: 'America/Los_Angeles' });
  await page.goto(
    `${org.url}/secur/frontdoor.jsp?sid=${encodeURIComponent(conn.accessToken as string)}&retURL=${encodeURIComponent(`/lightning/r/Business_Plan__c/${planId}/view`)}`
  );
  const row = page.locator('c-plan-objectives tr.objective');
  await row.first().waitFor();
  assert.equal(await row.locator('.objective-name').innerText(), 'Partner-sourced pipeline');
  assert.equal(await row.locator('.objective-target').innerText(), '800,000');
  assert.equal(await row.locator('.objective-actual').innerText(), '400,000');
  assert.equal(await row.locator('.objective-progress').innerText(), '50%');
  assert.equal(await page.locator('c-plan-objectives .plan-progress').innerText(), '50%');
  await screenshot(page, 'synced-plan');
  assert.deepEqual(problems, []);
});
