// The platform modules the local org gives force-app's components, in Chromium, through a
// test package (fixtures/force-app) whose c-widget-summary uses each of them: the
// lightning/ui*Api wire adapters and record writes, @salesforce scoped imports,
// platformResourceLoader, NavigationMixin and ShowToastEvent. Expected values are worked
// out from the records the test creates.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import jsforce, { type Connection } from 'jsforce';
import { createRecord } from '../support/salesforce.ts';
import type { Browser, Page } from 'playwright-core';
import { startLocalOrg, type LocalOrg } from '../../localorg/src/index.ts';
import { launchBrowser, openPage, screenshot } from './browser.ts';

const packageDir = path.join(import.meta.dirname, 'fixtures', 'force-app');

let org: LocalOrg;
let conn: Connection;
let browser: Browser;
let adminId: string;
let accountId: string;
let widgetId: string;
let partId: string;
let page: Page;
let problems: string[];

const create = (type: string, values: Record<string, unknown>): Promise<string> =>
  createRecord(conn, type, values);

const summary = (id: string) => page.locator(`c-widget-summary [data-id="${id}"]`);
const text = async (id: string): Promise<string> => (await summary(id).innerText()).trim();
/** The related list's rows as the datatable shows them: name, quantity, cost. */
const partRows = (): Promise<string[][]> =>
  page
    .locator('c-widget-summary lightning-datatable tbody tr')
    .evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).innerText.split(/\s+/).filter(Boolean)));

before(async () => {
  [org, browser] = await Promise.all([startLocalOrg({ port: 0, seed: false, packageDir }), launchBrowser()]);
  conn = new jsforce.Connection({ loginUrl: org.url, version: '62.0' });
  adminId = (await conn.login(org.adminUsername, org.adminPassword)).id;
  accountId = await create('Account', { Name: 'Acme & Co' });
  widgetId = await create('Widget__c', {
    Name: 'Gizmo',
    Status__c: 'Active',
    Amount__c: 1234.5,
    Score__c: 45.5,
    Launch_Date__c: '2024-07-22',
    Account__c: accountId
  });
  partId = await create('Widget_Part__c', {
    Name: 'Bolt',
    Widget__c: widgetId,
    Quantity__c: 4,
    Cost__c: 0.25
  });
  await create('Widget_Part__c', { Name: 'Axle', Widget__c: widgetId, Quantity__c: 2, Cost__c: 12 });

  ({ page, problems } = await openPage(browser, { timezoneId: 'America/Los_Angeles' }));
  const recordPath = `/lightning/r/Widget__c/${widgetId}/view`;
  await page.goto(
    `${org.url}/secur/frontdoor.jsp?sid=${encodeURIComponent(conn.accessToken as string)}&retURL=${recordPath}`
  );
  await page.locator('c-widget-summary lightning-datatable tbody tr').first().waitFor();
  await summary('greeting').filter({ hasText: 'Hello' }).waitFor();
});

after(async () => {
  await browser?.close();
  await org?.close();
});

test('getRecord, getFieldValue and getFieldDisplayValue show the record with its display values', async () => {
  assert.equal(await text('name'), 'Gizmo');
  assert.equal(await text('status'), 'Live', 'the picklist label, not the API value Active');
  assert.equal(await text('amount'), '$1,234.50');
  assert.equal(await text('account'), 'Acme & Co', 'a field spanned through Account__r');
});

test('getRelatedListRecords feeds lightning-datatable the child records, sorted by name', async () => {
  assert.deepEqual(await partRows(), [
    ['Axle', '2', '$12.00'],
    ['Bolt', '4', '$0.25']
  ]);
});

test('getObjectInfo and getPicklistValues chain on the default record type', async () => {
  assert.equal(await text('object-label'), 'Widgets');
  assert.equal(await text('status-options'), 'Draft, Live, Retired');
});

test('a required field the object lacks reaches the component as a 400 FetchResponse', async () => {
  assert.equal(await text('broken'), '400 INVALID_FIELD');
});

test('scoped imports: labels from CustomLabels, the user Id and static resources loaded by URL', async () => {
  assert.equal(
    (await page.locator('c-widget-summary .slds-card__header-title').innerText()).trim(),
    'Widget Parts & Pieces'
  );
  assert.equal(await text('user-id'), adminId);
  assert.equal(await text('greeting'), 'Hello, local org');
});

test('NavigationMixin generates Lightning record URLs from an Id alone', async () => {
  await summary('account-url').filter({ hasText: '/lightning' }).waitFor();
  assert.equal(await text('account-url'), `/lightning/r/Account/${accountId}/view`);
});

test('CurrentPageReference describes the record page the component is on', async () => {
  assert.equal(await text('page-ref'), `standard__recordPage ${widgetId}`);
});

test('wired data is read-only, as Lightning Data Service freezes it', async () => {
  await summary('mutate').locator('button').click();
  await summary('mutation').filter({ hasText: /\w/ }).waitFor();
  assert.equal(await text('mutation'), 'TypeError');
});

test('notifyRecordUpdateAvailable fetches the record and its related list again', async () => {
  await conn.sobject('Widget__c').update({ Id: widgetId, Name: 'Gizmo Mk II' });
  await conn.sobject('Widget_Part__c').update({ Id: partId, Cost__c: 0.5 });
  await summary('refresh').locator('button').click();
  await summary('name').filter({ hasText: 'Gizmo Mk II' }).waitFor();
  await page.locator('c-widget-summary lightning-datatable tbody tr', { hasText: '$0.50' }).waitFor();
  // The page's own components read the same record and follow the change too.
  await page
    .locator('localorg-record-highlights .slds-page-header__title', { hasText: 'Gizmo Mk II' })
    .waitFor();
});

test('ShowToastEvent shows an SLDS toast with its message data', async () => {
  await summary('toast').locator('button').click();
  const toast = page.locator('[data-toast-container] .slds-notify_toast.slds-theme_success');
  await toast.waitFor();
  assert.equal((await toast.locator('h2').innerText()).trim(), 'Saved');
  assert.equal(
    (await toast.locator('.slds-notify__content p').innerText()).trim(),
    'Widget Gizmo Mk II saved'
  );
  assert.equal(
    await toast.locator('.slds-icon-utility-success svg use').getAttribute('href'),
    '/assets/icons/utility-sprite/svg/symbols.svg#success'
  );
});

test('createRecord saves a part, and the related list under its widget shows it', async () => {
  await summary('add-part').locator('button').click();
  await summary('write-result').filter({ hasText: 'created Cog' }).waitFor();
  // The wires showing the new part's widget have their new data before createRecord resolves.
  assert.deepEqual(await partRows(), [
    ['Axle', '2', '$12.00'],
    ['Bolt', '4', '$0.50'],
    ['Cog', '9', '$3.00']
  ]);
  const saved = await conn.query<{ Quantity__c: number }>(
    `SELECT Quantity__c FROM Widget_Part__c WHERE Name = 'Cog' AND Widget__c = '${widgetId}'`
  );
  assert.deepEqual(
    saved.records.map((r) => r.Quantity__c),
    [9]
  );
});

test('updateRecord saves the widget, and every wire showing it follows', async () => {
  await summary('rename').locator('button').click();
  await summary('write-result').filter({ hasText: 'renamed Gizmo Mk III' }).waitFor();
  assert.equal(await text('name'), 'Gizmo Mk III');
  await page
    .locator('localorg-record-highlights .slds-page-header__title', { hasText: 'Gizmo Mk III' })
    .waitFor();
  assert.equal((await conn.sobject('Widget__c').retrieve(widgetId)).Name, 'Gizmo Mk III');
});

test('a save the org refuses rejects with the UI API error, its message on the field', async () => {
  await summary('bad-save').locator('button').click();
  await summary('write-result').filter({ hasText: '400' }).waitFor();
  assert.equal(await text('write-result'), '400 Status: bad value for restricted picklist field: Unknown');
  await screenshot(page, 'platform-modules-writes');
});

test('deleteRecord removes the part, and the related list lets it go', async () => {
  await summary('remove-part').locator('button').click();
  await summary('write-result').filter({ hasText: 'deleted' }).waitFor();
  assert.deepEqual(await partRows(), [
    ['Axle', '2', '$12.00'],
    ['Bolt', '4', '$0.50']
  ]);
  const left = await conn.query(`SELECT Id FROM Widget_Part__c WHERE Name = 'Cog'`);
  assert.equal(left.totalSize, 0);
});

test('the record page frames the component with the compact layout and the tab icon', async () => {
  const highlights = page.locator('localorg-record-highlights');
  const details = await highlights
    .locator('.slds-page-header__detail-block')
    .evaluateAll((items) => items.map((li) => (li as HTMLElement).innerText.replace(/\s+/g, ' ').trim()));
  assert.deepEqual(details, ['Status Live', 'Amount $1,234.50', 'Account Acme & Co']);
  assert.equal(await highlights.locator('lightning-icon').getAttribute('icon-name'), 'custom:custom67');
  await screenshot(page, 'platform-modules');
  // The failed requests are the component's deliberately broken wire and refused save.
  assert.deepEqual(
    problems.filter((p) => !p.includes('No_Such_Field__c') && !/\/ui-api\/records\)?$/.test(p)),
    []
  );
});
