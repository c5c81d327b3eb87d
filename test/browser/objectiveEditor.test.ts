// The objective editor on a business plan record page in Chromium, as the plan's channel
// manager: a new objective with a measure and criteria built row by row (one value an
// injection attempt), then an edit the page's own checks stop before it reaches the org. The
// saved criteria are checked by the connector's own criteria parser against the org's
// describe, as a sync would check them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { checkCriteria } from '../../connector/src/engine/criteria.ts';
import type { SObjectDescribe } from '../../connector/src/engine/describe.ts';
import { signIn } from '../support/salesforce.ts';
import { openPage, screenshot } from './browser.ts';
import { useOrgAndBrowser } from './org.ts';

const env = useOrgAndBrowser({ seed: true });

const CASEY = 'casey.morgan@localorg.test';

const editor = (page: Page): Locator => page.locator('c-objective-editor');

async function choose(page: Page, field: string, value: string): Promise<void> {
  const combobox = editor(page).locator(`lightning-combobox[data-field="${field}"]`);
  await combobox.locator('button').click();
  await combobox.locator(`lightning-base-combobox-item[data-value="${value}"]`).click();
}

async function fill(page: Page, field: string, value: string): Promise<void> {
  await editor(page).locator(`[data-field="${field}"] input`).fill(value);
}

/** Sets condition row `index` of the criteria builder. */
async function condition(page: Page, index: number, field: string, value: string): Promise<void> {
  const row = editor(page).locator('c-criteria-builder .criteria-row').nth(index);
  await row.locator('lightning-combobox[data-role="field"] button').click();
  await row
    .locator(`lightning-combobox[data-role="field"] lightning-base-combobox-item[data-value="${field}"]`)
    .click();
  await row.locator('lightning-input[data-role="value"] input').fill(value);
}

test('a channel manager creates an objective with criteria and edits it', async () => {
  const plan = await env.admin.query<{ Id: string }>(
    "SELECT Id FROM Business_Plan__c WHERE Name = 'Northwind Solutions FY2026 Business Plan'"
  );
  const planId = (plan.records[0] as { Id: string }).Id;
  const conn = await signIn(env.org, CASEY);
  const { page, problems } = await openPage(env.browser, { timezoneId: 'America/Los_Angeles' });
  await page.goto(
    `${env.org.url}/secur/frontdoor.jsp?sid=${encodeURIComponent(conn.accessToken as string)}&retURL=/lightning/r/Business_Plan__c/${planId}/view`
  );

  await page.locator('c-plan-objectives lightning-button.new-objective button').click();
  await editor(page).locator('[data-field="Name"] input').waitFor();
  await fill(page, 'Name', 'Won partner deals');
  await choose(page, 'Type__c', 'Qualified Deal Registration');
  await choose(page, 'Aggregate_Function__c', 'SUM');
  await choose(page, 'Aggregate_Field__c', 'Amount');
  await editor(page).locator('c-criteria-builder lightning-button.add-row button').click();
  await condition(page, 0, 'StageName', 'Closed Won');
  await editor(page).locator('c-criteria-builder lightning-button.add-row button').click();
  await condition(page, 1, 'Name', "' OR Name != '");
  await fill(page, 'Weight__c', '40');
  await fill(page, 'Target__c', '500000');
  await choose(page, 'Period_Type__c', 'Monthly');

  // The injection attempt stays one escaped string in the preview.
  const expected = "StageName = 'Closed Won' AND Name = '\\' OR Name != \\''";
  assert.equal(await editor(page).locator('.criteria-preview').innerText(), expected);
  await screenshot(page, 'objective-editor-new');
  await editor(page).locator('lightning-button.save button').click();
  await page.locator('c-plan-objectives tr.objective', { hasText: 'Won partner deals' }).waitFor();
  await screenshot(page, 'objective-board-after-create');

  const saved = await env.admin.query<Record<string, unknown>>(
    `SELECT Id, Type__c, Category__c, Aggregate_Function__c, Aggregate_Field__c, Criteria__c, Weight__c, Target__c, Period_Type__c FROM Plan_Objective__c WHERE Business_Plan__c = '${planId}' AND Name = 'Won partner deals'`
  );
  const objective = saved.records[0] as Record<string, unknown>;
  assert.deepEqual(
    { ...objective, attributes: undefined, Id: undefined },
    {
      attributes: undefined,
      Id: undefined,
      Type__c: 'Qualified Deal Registration',
      Category__c: 'Sales',
      Aggregate_Function__c: 'SUM',
      Aggregate_Field__c: 'Amount',
      Criteria__c: expected,
      Weight__c: 40,
      Target__c: 500000,
      Period_Type__c: 'Monthly'
    }
  );
  // The connector reads these criteria as two conditions on Opportunity, recomposed unchanged.
  const describe = (await env.admin.sobject('Opportunity').describe()) as unknown as SObjectDescribe;
  const check = checkCriteria(String(objective.Criteria__c), describe);
  assert.ok(check.ok, JSON.stringify(check));
  assert.equal(check.text, expected);

  // Editing: a weight over 100 is stopped on the page; 55 saves.
  const row = page.locator('c-plan-objectives tr.objective', { hasText: 'Won partner deals' });
  await row.locator('lightning-button-icon.edit-objective button').click();
  await editor(page).locator('c-criteria-builder .criteria-row').nth(1).waitFor();
  await fill(page, 'Weight__c', '150');
  await editor(page).locator('lightning-button.save button').click();
  const weightError = editor(page).locator('[data-field="Weight__c"] .slds-form-element__help');
  await weightError.waitFor();
  await screenshot(page, 'objective-editor-invalid-weight');
  assert.equal(
    (
      await env.admin.query<{ Weight__c: number }>(
        `SELECT Weight__c FROM Plan_Objective__c WHERE Id = '${String(objective.Id)}'`
      )
    ).records[0]?.Weight__c,
    40
  );
  await fill(page, 'Weight__c', '55');
  // Leaving the field clears its error message, which moves the Save button up; click it after.
  await page.keyboard.press('Tab');
  await editor(page)
    .locator('[data-field="Weight__c"] .slds-form-element__help')
    .waitFor({ state: 'hidden' });
  await editor(page).locator('lightning-button.save button').click();
  await editor(page).waitFor({ state: 'detached' });
  await page
    .locator('c-plan-objectives tr.objective', { hasText: 'Won partner deals' })
    .locator('.objective-weight', { hasText: '55' })
    .waitFor();
  const edited = await env.admin.query<{ Weight__c: number; Criteria__c: string }>(
    `SELECT Weight__c, Criteria__c FROM Plan_Objective__c WHERE Id = '${String(objective.Id)}'`
  );
  assert.deepEqual(
    { weight: edited.records[0]?.Weight__c, criteria: edited.records[0]?.Criteria__c },
    { weight: 55, criteria: expected }
  );
  assert.deepEqual(problems, []);
});
