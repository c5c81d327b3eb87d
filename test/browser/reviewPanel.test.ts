// The QBR panel (c-review-panel) in Chromium on a seeded plan: the channel manager schedules a
// review, holds it, and the page follows the Snapshot Review job while the connector, signed in
// as its own API user, runs it; the recorded progress then shows on the review. The partner's
// planner sees the review and its progress but no action. The plan's progress is the one the
// test writes (62.5 %), so the snapshot must show exactly that.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { systemClock } from '../../connector/src/clock.ts';
import { loadConfig } from '../../connector/src/config.ts';
import { runJobs } from '../../connector/src/jobs/runJobs.ts';
import { silentLogger } from '../../connector/src/logger.ts';
import { SalesforceClient } from '../../connector/src/salesforce/client.ts';
import type { SyncReport } from '../../connector/src/sync/report.ts';
import { DEMO_PASSWORD } from '../../localorg/src/seed/users.ts';
import { signIn } from '../support/salesforce.ts';
import { openPage, screenshot, type WatchedPage } from './browser.ts';
import { useOrgAndBrowser } from './org.ts';

const env = useOrgAndBrowser({ seed: true });

const CASEY = 'casey.morgan@localorg.test';
const NOAH = 'noah.patel@northwind.partner.test';
const PLAN = 'Northwind Solutions FY2026 Business Plan';

async function planPageAs(username: string, planId: string): Promise<WatchedPage> {
  const conn = await signIn(env.org, username, DEMO_PASSWORD);
  const watched = await openPage(env.browser, { timezoneId: 'America/Los_Angeles' });
  await watched.page.goto(
    `${env.org.url}/secur/frontdoor.jsp?sid=${encodeURIComponent(conn.accessToken as string)}&retURL=/lightning/r/Business_Plan__c/${planId}/view`
  );
  await watched.page.locator('c-review-panel lightning-card').waitFor();
  return watched;
}

/** One pass of the connector's job runner, as the connector's API user. */
async function connectorRunsJobs(): Promise<void> {
  const config = loadConfig({
    SF_LOGIN_URL: env.org.url,
    SF_USERNAME: 'connector@localorg.test',
    SF_PASSWORD: DEMO_PASSWORD,
    LOG_LEVEL: 'silent'
  });
  const client = new SalesforceClient({ ...config.salesforce, logger: silentLogger() });
  try {
    const summary = await runJobs({
      salesforce: client,
      clock: systemClock,
      logger: silentLogger(),
      // A snapshot job never recalculates.
      recalculate: () => Promise.reject(new Error('not expected')) as Promise<SyncReport>
    });
    assert.equal(summary.done, 1, JSON.stringify(summary));
  } finally {
    await client.close();
  }
}

const review = (page: Page, name: string) =>
  page.locator('c-review-panel li.review').filter({ hasText: name });

test('a channel manager schedules and holds a review; its snapshot shows once the connector records it', async () => {
  const { records } = await env.admin.query<{ Id: string }>(
    `SELECT Id FROM Business_Plan__c WHERE Name = '${PLAN}'`
  );
  const planId = (records[0] as { Id: string }).Id;
  // The figures the snapshot freezes, as a sync would have left them.
  await env.admin.sobject('Business_Plan__c').update({ Id: planId, Progress__c: 62.5 });

  const { page, problems } = await planPageAs(CASEY, planId);
  await page.locator('c-review-panel .schedule-button button').click();
  const form = page.locator('c-review-panel .schedule-form');
  await form.getByLabel('Review Name').fill('FY2026 Q3 review');
  // A past date: the org accepts Held only on or after the review date.
  await form.getByLabel('Review Date').fill('Oct 30, 2026');
  await form.getByLabel('Fiscal Period').fill('FY2026 Q3');
  await form.getByLabel('Attendees').fill('Casey Morgan, Ava Lindqvist');
  await screenshot(page, 'review-panel-schedule');
  await form.locator('.form-save button').click();

  const item = review(page, 'FY2026 Q3 review');
  await item.waitFor();
  assert.equal(await item.locator('lightning-badge').innerText(), 'Scheduled');

  await item.locator('.hold button').click();
  const dialog = page.locator('[role="dialog"], [role="alertdialog"]').filter({ hasText: 'Hold' }).last();
  await dialog.waitFor();
  await dialog.locator('button', { hasText: 'OK' }).click();
  await item.locator('c-plan-job-status .job-working').waitFor();
  assert.equal(await item.locator('lightning-badge').innerText(), 'Held');
  await screenshot(page, 'review-panel-job-queued');

  const jobs = await env.admin.query<{ Type__c: string; Parameters__c: string; Status__c: string }>(
    `SELECT Type__c, Parameters__c, Status__c FROM Plan_Job__c WHERE Business_Plan__c = '${planId}'`
  );
  assert.equal(jobs.records.length, 1);
  const job = jobs.records[0] as { Type__c: string; Parameters__c: string; Status__c: string };
  assert.equal(job.Type__c, 'Snapshot Review');
  assert.equal(job.Status__c, 'Queued');
  const reviewId = (JSON.parse(job.Parameters__c) as { reviewId: string }).reviewId;

  await connectorRunsJobs();
  // The page checks the job every few seconds; when it ends the snapshot opens on the review.
  await item.locator('c-review-snapshot .snapshot-plan-progress').waitFor({ timeout: 15000 });
  assert.equal(await item.locator('c-review-snapshot .snapshot-plan-progress').innerText(), '62.5%');
  assert.equal(await item.locator('.review-progress').innerText(), '62.5%');
  const stored = await env.admin.query<{ Plan_Progress__c: number }>(
    `SELECT Plan_Progress__c FROM Business_Review__c WHERE Id = '${reviewId}'`
  );
  assert.equal(stored.records[0]?.Plan_Progress__c, 62.5);
  await screenshot(page, 'review-panel-snapshot');
  assert.deepEqual(problems, []);

  // The partner's planner reads the review and its progress, and is offered no change.
  const partner = await planPageAs(NOAH, planId);
  const seen = review(partner.page, 'FY2026 Q3 review');
  await seen.waitFor();
  assert.equal(await partner.page.locator('c-review-panel .schedule-button').count(), 0);
  assert.deepEqual(await seen.locator('.review-actions button').allInnerTexts(), ['Show progress']);
  await seen.locator('.toggle-snapshot button').click();
  assert.equal(await seen.locator('c-review-snapshot .snapshot-plan-progress').innerText(), '62.5%');
  await screenshot(partner.page, 'review-panel-partner');
  // Other parts of the page (the related lists stand-in, which asks about every child
  // relationship, jobs included) meet what partner users may not read; nothing of the review
  // panel or the template actions fails for them.
  assert.deepEqual(
    partner.problems.filter(
      (p) => p.startsWith('pageerror') || /Business_Review|Is_Template__c|graphql/.test(p)
    ),
    []
  );
});
