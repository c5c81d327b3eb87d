// The action items checklist on a business plan's record page in Chromium: an overdue item is
// flagged; a partner planner (no Check Off Action Items permission) sees its checkbox locked
// with the reason; the partner executive checks it off and the org records who and when; the
// channel manager adds an item.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRecord } from '../support/salesforce.ts';
import { screenshot } from './browser.ts';
import {
  CHANNEL_MANAGER,
  PARTNER_EXECUTIVE,
  PARTNER_PLANNER,
  northwindPlanId,
  openPlanAs
} from './planWorkspace.ts';
import { useOrgAndBrowser } from './org.ts';

const env = useOrgAndBrowser({ seed: true });

interface ItemRow {
  Name: string;
  Status__c: string;
  Completed_By__c: string | null;
  Completed_On__c: string | null;
  Responsible_Party__c: string;
  Due_Date__c: string | null;
}

const itemsOf = async (planId: string): Promise<ItemRow[]> =>
  (
    await env.admin.query<ItemRow>(
      `SELECT Name, Status__c, Completed_By__c, Completed_On__c, Responsible_Party__c, Due_Date__c FROM Plan_Action_Item__c WHERE Business_Plan__c = '${planId}' ORDER BY Name`
    )
  ).records;

test('only a partner executive can check off an overdue action item, and the org records who and when', async () => {
  const planId = await northwindPlanId(env.admin);
  await createRecord(env.admin, 'Plan_Action_Item__c', {
    Business_Plan__c: planId,
    Name: 'Register the first joint deal',
    Due_Date__c: '2020-01-15',
    Status__c: 'In Progress',
    Responsible_Party__c: 'Partner'
  });

  // The planner sees the item flagged overdue and its checkbox locked, with the reason.
  const planner = await openPlanAs(env.browser, env.org, PARTNER_PLANNER, planId);
  const plannerItem = planner.page.locator('c-action-items tr.action-item', {
    hasText: 'Register the first joint deal'
  });
  await plannerItem.waitFor();
  assert.equal((await plannerItem.locator('.overdue-flag').innerText()).trim(), 'Overdue');
  assert.equal(await plannerItem.getByRole('checkbox').isDisabled(), true);
  await plannerItem.locator('lightning-helptext.check-off-help').waitFor();
  await screenshot(planner.page, 'action-items-partner-planner');
  assert.deepEqual(planner.problems, []);

  // The executive checks it off.
  const executive = await openPlanAs(env.browser, env.org, PARTNER_EXECUTIVE, planId);
  const executiveId = (await executive.conn.identity()).user_id;
  const item = executive.page.locator('c-action-items tr.action-item', {
    hasText: 'Register the first joint deal'
  });
  await item.waitFor();
  const before = Date.now();
  // The SLDS checkbox is drawn by its label's faux box, which takes the click.
  await item.locator('lightning-input.check-off .slds-checkbox_faux').click();
  await item.locator('.completed-by').waitFor();
  const [saved] = await itemsOf(planId);
  assert.equal(saved?.Status__c, 'Completed');
  assert.equal(saved?.Completed_By__c, executiveId);
  const completedOn = Date.parse(saved?.Completed_On__c ?? '');
  assert.ok(
    completedOn >= before - 1000 && completedOn <= Date.now(),
    `Completed On ${saved?.Completed_On__c}`
  );
  // Completed, it is no longer overdue.
  assert.equal(await item.locator('.overdue-flag').count(), 0);
  await screenshot(executive.page, 'action-items-partner-executive');
  assert.deepEqual(executive.problems, []);
});

test('a channel manager adds an action item with its responsible party and due date', async () => {
  const planId = await northwindPlanId(env.admin);
  const { page, problems } = await openPlanAs(env.browser, env.org, CHANNEL_MANAGER, planId);
  const items = page.locator('c-action-items');
  await items.locator('.new-item').waitFor();

  await items.getByRole('textbox', { name: 'Action item' }).fill('Plan the Q3 webinar');
  // The date input takes the user's medium date format (en_US).
  await items.locator('.new-item lightning-input.new-due-date input').fill('Jul 1, 2099');
  await items.getByRole('button', { name: 'Add' }).click();
  await items.locator('tr.action-item', { hasText: 'Plan the Q3 webinar' }).waitFor();

  const added = (await itemsOf(planId)).find((i) => i.Name === 'Plan the Q3 webinar');
  assert.deepEqual(
    added && {
      Status__c: added.Status__c,
      Responsible_Party__c: added.Responsible_Party__c,
      Due_Date__c: added.Due_Date__c
    },
    { Status__c: 'Not Started', Responsible_Party__c: 'Joint', Due_Date__c: '2099-07-01' }
  );
  await screenshot(page, 'action-items-channel-manager');
  assert.deepEqual(problems, []);
});
