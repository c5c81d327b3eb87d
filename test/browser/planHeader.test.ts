// The plan status path (c-plan-header) on a business plan record page in Chromium, signed in as
// the plan's channel manager and then as the partner's primary contact: the channel manager's
// send is refused by the org's validation rule until the plan names its primary contact, then
// goes through; the partner user is offered only the approval, which stamps who and when.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { createRecord, signIn } from '../support/salesforce.ts';
import { openPage, screenshot } from './browser.ts';
import { useOrgAndBrowser } from './org.ts';

const env = useOrgAndBrowser({ seed: true });

const CASEY = 'casey.morgan@localorg.test';
const AVA = 'ava.lindqvist@northwind.partner.test';

/** A browser signed in as `username`, on the plan's record page once its status path has loaded. */
async function planPageAs(
  username: string,
  planId: string
): Promise<{ page: Page; problems: string[]; failures: string[] }> {
  const conn = await signIn(env.org, username);
  const watched = await openPage(env.browser, { timezoneId: 'America/Los_Angeles' });
  // Failed requests with what was asked and what the org answered.
  const failures: string[] = [];
  watched.page.on('response', (response) => {
    if (response.status() < 400) return;
    void response.text().then(
      (body) =>
        failures.push(
          `${response.request().method()} ${response.url()} ${response.request().postData() ?? ''} → ${body}`
        ),
      () => undefined
    );
  });
  const recordPath = `/lightning/r/Business_Plan__c/${planId}/view`;
  await watched.page.goto(
    `${env.org.url}/secur/frontdoor.jsp?sid=${encodeURIComponent(conn.accessToken as string)}&retURL=${recordPath}`
  );
  try {
    await watched.page.locator('c-plan-header lightning-progress-indicator').waitFor();
  } catch (error) {
    // What the user saw instead, and why, for whoever reads the failure.
    await screenshot(watched.page, `plan-header-failed-${username.split('@')[0]}`);
    throw new Error(`The status path did not load for ${username}: ${watched.problems.join('; ')}`, {
      cause: error
    });
  }
  return { ...watched, failures };
}

/** Failed requests of the status path (its plan, object info and save) and of the objective board. */
const ownFailures = (failures: string[]): string[] =>
  failures.filter(
    (f) =>
      f.startsWith('PATCH') ||
      f.includes('Business_Plan__c.Channel_Manager__c') ||
      f.includes('Plan_Objective__c.Progress__c') ||
      /object-info\/(Business_Plan__c|Plan_Objective__c)\b/.test(f)
  );

const stepButtons = (page: Page): Promise<string[]> =>
  page
    .locator('c-plan-header .step-actions button')
    .evaluateAll((buttons) => buttons.map((b) => (b as HTMLElement).innerText.trim()));

/** The title of the path's current stage (its assistive text says "Current Stage"). */
const currentStep = async (page: Page): Promise<string> =>
  (await page.locator('c-plan-header .slds-path__item.slds-is-current .slds-path__title').innerText()).trim();

/** Clicks a step button and the confirmation dialog's OK. */
async function takeStep(page: Page, label: string): Promise<void> {
  await page.locator('c-plan-header .step-actions button', { hasText: label }).click();
  const dialog = page.locator('[role="dialog"], [role="alertdialog"]').filter({ hasText: label }).last();
  await dialog.waitFor();
  await dialog.locator('button', { hasText: 'OK' }).click();
}

async function planFields(planId: string): Promise<Record<string, unknown>> {
  const result = await env.admin.query<Record<string, unknown>>(
    `SELECT Status__c, Partner_Approved_By__c, Partner_Approved_On__c FROM Business_Plan__c WHERE Id = '${planId}'`
  );
  return result.records[0] as Record<string, unknown>;
}

test('the channel manager sends the plan to the partner, who approves it', async () => {
  const ids = await env.admin.query<{ Id: string; ContactId: string; Contact: { AccountId: string } }>(
    `SELECT Id, ContactId, Contact.AccountId FROM User WHERE Username IN ('${CASEY}', '${AVA}') ORDER BY Username`
  );
  const [ava, casey] = ids.records as [
    { Id: string; ContactId: string; Contact: { AccountId: string } },
    { Id: string }
  ];
  const caseyConn = await signIn(env.org, CASEY);
  const planId = await createRecord(caseyConn, 'Business_Plan__c', {
    Name: 'Northwind FY2027 Business Plan',
    Status__c: 'Draft Outline',
    Partner_Account__c: ava.Contact.AccountId,
    Channel_Manager__c: casey.Id,
    Start_Date__c: '2027-01-01',
    End_Date__c: '2027-12-31'
  });

  // The channel manager: only "Send to partner for review" on a draft outline.
  const manager = await planPageAs(CASEY, planId);
  assert.deepEqual(await stepButtons(manager.page), ['Send to partner for review']);
  assert.equal(await currentStep(manager.page), 'Draft Outline');

  // Without a primary partner contact the org refuses the step; the page shows the rule's message.
  await takeStep(manager.page, 'Send to partner for review');
  const error = manager.page.locator('c-plan-header c-error-panel');
  await error.waitFor();
  assert.match(
    await error.innerText(),
    /Before the plan goes to the partner, fill in Partner Account, Primary Partner Contact, Start Date and End Date\./
  );
  await screenshot(manager.page, 'plan-header-refused');
  assert.equal((await planFields(planId)).Status__c, 'Draft Outline');

  await caseyConn
    .sobject('Business_Plan__c')
    .update({ Id: planId, Primary_Partner_Contact__c: ava.ContactId });
  await manager.page.reload();
  await manager.page.locator('c-plan-header lightning-progress-indicator').waitFor();
  await takeStep(manager.page, 'Send to partner for review');
  await manager.page.locator('c-plan-header .step-actions button', { hasText: 'Approve plan' }).waitFor();
  assert.deepEqual(await stepButtons(manager.page), ['Approve plan', 'Step back to Draft Outline']);
  assert.equal(await currentStep(manager.page), 'Draft');
  assert.equal((await planFields(planId)).Status__c, 'Draft');
  await screenshot(manager.page, 'plan-header-channel-manager');
  // The refused save (PATCH /ui-api/records/<id>, no query string) answered 400; all else loaded cleanly.
  const refusedSave = `/ui-api/records/${planId}`;
  assert.deepEqual(
    manager.problems.filter((p) => !p.endsWith(refusedSave) && !p.endsWith(`${refusedSave})`)),
    []
  );

  // The connector's share maintenance gives the partner's people Edit access to a plan in Draft:
  // a Manual share to the RoleAndSubordinates group of the partner account's executive role.
  const role = await env.admin.query<{ Id: string }>(
    `SELECT Id FROM UserRole WHERE PortalAccountId = '${ava.Contact.AccountId}' AND PortalRole = 'Executive'`
  );
  const group = await env.admin.query<{ Id: string }>(
    `SELECT Id FROM Group WHERE Type = 'RoleAndSubordinates' AND RelatedId = '${role.records[0]?.Id}'`
  );
  await createRecord(env.admin, 'Business_Plan__Share', {
    ParentId: planId,
    UserOrGroupId: group.records[0]?.Id,
    AccessLevel: 'Edit',
    RowCause: 'Manual'
  });

  // The primary partner contact's user: only the approval, which stamps them and the moment.
  const partner = await planPageAs(AVA, planId);
  assert.deepEqual(await stepButtons(partner.page), ['Approve plan']);
  const before = Date.now();
  await takeStep(partner.page, 'Approve plan');
  await partner.page.locator('c-plan-header .no-step').waitFor();
  assert.equal(await currentStep(partner.page), 'In Progress');
  await screenshot(partner.page, 'plan-header-partner-approved');
  const approved = await planFields(planId);
  assert.equal(approved.Status__c, 'In Progress');
  assert.equal(approved.Partner_Approved_By__c, ava.Id);
  const approvedOn = Date.parse(String(approved.Partner_Approved_On__c));
  assert.ok(
    approvedOn >= before - 1000 && approvedOn <= Date.now() + 1000,
    String(approved.Partner_Approved_On__c)
  );
  // No script errors, and every request of the status path and the objective board succeeded.
  // (Other components and the page's standard stand-ins report their own failures; see their tests.)
  assert.deepEqual(
    partner.problems.filter((p) => p.startsWith('pageerror')),
    []
  );
  assert.deepEqual(ownFailures(partner.failures), []);
});
