// The period targets grid on a business plan's record page in Chromium: a channel manager
// splits an objective's target evenly over its quarters and saves, the org holds the split, and
// Chart.js (a static resource loaded with platformResourceLoader) draws the year; a partner
// executive sees the same targets read-only.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRecord } from '../support/salesforce.ts';
import { screenshot } from './browser.ts';
import { CHANNEL_MANAGER, PARTNER_EXECUTIVE, northwindPlanId, openPlanAs } from './planWorkspace.ts';
import { useOrgAndBrowser } from './org.ts';

const env = useOrgAndBrowser({ seed: true });

const QUARTERS = [
  ['Q1', '01-01', '03-31', 400000, 310000],
  ['Q2', '04-01', '06-30', 600000, null],
  ['Q3', '07-01', '09-30', 500000, null],
  ['Q4', '10-01', '12-31', 500000, null]
] as const;

test('a channel manager splits an objective target evenly over its quarters and saves it', async () => {
  const planId = await northwindPlanId(env.admin);
  const objectives = await env.admin.query<{ Id: string }>(
    `SELECT Id FROM Plan_Objective__c WHERE Business_Plan__c = '${planId}' AND Name = 'Partner-sourced pipeline'`
  );
  const objectiveId = objectives.records[0]?.Id as string;
  // 2,000,000.03 over four quarters is 200,000,003 cents: 50,000,000 each and 3 cents left over
  // for the first three quarters.
  await env.admin.sobject('Plan_Objective__c').update({ Id: objectiveId, Target__c: 2000000.03 });
  for (const [quarter, start, end, target, actual] of QUARTERS) {
    await createRecord(env.admin, 'Objective_Target__c', {
      Plan_Objective__c: objectiveId,
      Period_Key__c: `${objectiveId}-Q-2026-${quarter}`,
      Period_Label__c: `FY2026 ${quarter}`,
      Period_Start__c: `2026-${start}`,
      Period_End__c: `2026-${end}`,
      Target__c: target,
      Actual__c: actual
    });
  }

  const manager = await openPlanAs(env.browser, env.org, CHANNEL_MANAGER, planId);
  const grid = manager.page.locator('c-period-targets');
  await grid.locator('tr.period').first().waitFor();
  // Chart.js came from /resource/…/chartjs and drew into the canvas.
  await grid.locator('div.chart canvas[role="img"]').waitFor();
  assert.equal(await manager.page.evaluate(() => typeof (window as { Chart?: unknown }).Chart), 'function');
  assert.deepEqual(await grid.locator('tr.period .period-label').allInnerTexts(), [
    'FY2026 Q1',
    'FY2026 Q2',
    'FY2026 Q3',
    'FY2026 Q4'
  ]);

  await grid.getByRole('button', { name: 'Split evenly' }).click();
  assert.deepEqual(
    await grid
      .locator('lightning-input.target-input input')
      .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value)),
    // lightning-input shows numbers grouped in the user's locale.
    ['500,000.01', '500,000.01', '500,000.01', '500,000.00']
  );
  // Q4 already holds 500,000.00: only the three changed quarters are saved.
  await grid.getByRole('button', { name: 'Save' }).click();
  await manager.page.locator('text=3 period targets saved').waitFor();
  await screenshot(manager.page, 'period-targets-channel-manager');

  const saved = await env.admin.query<{ Period_Label__c: string; Target__c: number }>(
    `SELECT Period_Label__c, Target__c FROM Objective_Target__c WHERE Plan_Objective__c = '${objectiveId}' ORDER BY Period_Start__c`
  );
  assert.deepEqual(
    saved.records.map((r) => [r.Period_Label__c, r.Target__c]),
    [
      ['FY2026 Q1', 500000.01],
      ['FY2026 Q2', 500000.01],
      ['FY2026 Q3', 500000.01],
      ['FY2026 Q4', 500000]
    ]
  );
  assert.deepEqual(manager.problems, []);

  // The partner executive reads the targets (field-level security: read only) and edits nothing.
  const partner = await openPlanAs(env.browser, env.org, PARTNER_EXECUTIVE, planId);
  const partnerGrid = partner.page.locator('c-period-targets');
  await partnerGrid.locator('tr.period').first().waitFor();
  await partnerGrid.locator('div.chart canvas').waitFor();
  assert.equal(await partnerGrid.locator('lightning-input.target-input').count(), 0);
  assert.equal(await partnerGrid.getByRole('button', { name: 'Save' }).count(), 0);
  assert.equal(
    (await partnerGrid.locator('.read-only').innerText()).trim(),
    'You can view these targets but not change them.'
  );
  assert.deepEqual(
    (await partnerGrid.locator('.period-target').allInnerTexts()).map((t) => t.trim()),
    ['500,000.01', '500,000.01', '500,000.01', '500,000']
  );
  await screenshot(partner.page, 'period-targets-partner');
  assert.deepEqual(partner.problems, []);
});
