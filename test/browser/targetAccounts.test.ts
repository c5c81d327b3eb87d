// The target accounts manager on a business plan's record page in Chromium: a channel manager
// finds an account by name, adds it (the org stores the plan-and-account unique key), sets its
// potential value inline, sees it offered no more, and removes it after confirming.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { screenshot } from './browser.ts';
import { CHANNEL_MANAGER, northwindPlanId, openPlanAs } from './planWorkspace.ts';
import { useOrgAndBrowser } from './org.ts';

const env = useOrgAndBrowser({ seed: true });

interface TargetAccountRow {
  Account__c: string;
  Unique_Key__c: string;
  Status__c: string;
  Potential_Value__c: number | null;
}

const targetAccountsOf = async (planId: string): Promise<TargetAccountRow[]> =>
  (
    await env.admin.query<TargetAccountRow>(
      `SELECT Account__c, Unique_Key__c, Status__c, Potential_Value__c FROM Plan_Target_Account__c WHERE Business_Plan__c = '${planId}'`
    )
  ).records.map(({ Account__c, Unique_Key__c, Status__c, Potential_Value__c }) => ({
    Account__c,
    Unique_Key__c,
    Status__c,
    Potential_Value__c
  }));

test('a channel manager adds a target account found by name, sets its potential value and removes it', async () => {
  const planId = await northwindPlanId(env.admin);
  const accounts = await env.admin.query<{ Id: string }>(
    "SELECT Id FROM Account WHERE Name = 'Contoso Retail'"
  );
  const contosoId = accounts.records[0]?.Id as string;
  const { page, problems } = await openPlanAs(env.browser, env.org, CHANNEL_MANAGER, planId);
  const manager = page.locator('c-target-accounts');
  await manager.locator('.empty-state').waitFor();

  await manager.getByRole('searchbox', { name: 'Add an account' }).fill('contoso');
  const match = manager.locator('li.match', { hasText: 'Contoso Retail' });
  await match.waitFor();
  await match.getByRole('button', { name: 'Add Contoso Retail' }).click();
  const row = manager.locator('tr.target-account', { hasText: 'Contoso Retail' });
  await row.waitFor();
  assert.deepEqual(await targetAccountsOf(planId), [
    {
      Account__c: contosoId,
      Unique_Key__c: `${planId.slice(0, 15)}${contosoId.slice(0, 15)}`,
      Status__c: 'Identified',
      Potential_Value__c: null
    }
  ]);

  // The potential value saves when the user commits it.
  const potential = row.getByRole('spinbutton', { name: 'Potential value of Contoso Retail' });
  await potential.fill('150000');
  await potential.press('Enter');
  await waitUntil(async () => (await targetAccountsOf(planId))[0]?.Potential_Value__c === 150000);

  // Found again, the account is offered no more.
  await manager.getByRole('searchbox', { name: 'Add an account' }).fill('contos');
  await manager.getByRole('button', { name: 'Already added' }).waitFor();
  assert.equal(await manager.getByRole('button', { name: 'Already added' }).isDisabled(), true);
  await screenshot(page, 'target-accounts-channel-manager');

  await row.getByRole('button', { name: 'Remove Contoso Retail' }).click();
  // lightning/confirm opens an SLDS alert dialog (its host element has no box of its own).
  const ok = page.getByRole('button', { name: 'OK' });
  await ok.waitFor();
  assert.match(
    (await page.locator('lightning-interactive-dialog-base').textContent()) ?? '',
    /Remove Contoso Retail from this plan's target accounts\?/
  );
  await ok.click();
  await manager.locator('.empty-state').waitFor();
  assert.deepEqual(await targetAccountsOf(planId), []);
  assert.deepEqual(problems, []);
});

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('The org did not reach the expected state in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
