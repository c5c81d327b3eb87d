// The product end to end, as one story in Chromium against the seeded local org, with the
// connector running in this process as its own API user (connector@localorg.test) and
// triggered by the test where a scheduled run would come:
//   1. Casey Morgan, channel manager, applies a template for Alpine Data Partners, edits an
//      objective and its period targets, and sends the plan to the partner for review; the
//      connector's next run shares it with Alpine and emails Lea Meier, its primary contact.
//   2. Lea signs in, sees that plan and no other (not Alpine's Draft Outline plan, not another
//      partner's), and approves it.
//   3. Leads and opportunities come in; the connector syncs, and both see the progress.
//   4. Casey schedules a quarterly review, records what was said, and holds it; the
//      connector records its snapshot. A later review's snapshot is compared with it.
//
// Every expected figure is worked by hand below from the records this file creates. The plan
// runs through fiscal year 2026 (the org's calendar: January to December, America/Los_Angeles).
// The demo's own leads never have a Rating and its opportunities are all "New Customer", so
// only the records created here match the objectives' criteria.
//
//   Hot partner leads (Deal Registration, COUNT of Lead, Quarterly), after Casey's edit:
//     Rating = 'Hot' AND Status != 'Closed - Not Converted'; target 12, weight 40;
//     period targets split evenly (3 each), then Q1 2 and Q4 4: 2 / 3 / 3 / 4.
//     Alpine's hot leads: 10 Feb (Q1), 31 Mar 23:30 Los Angeles = 1 Apr UTC (Q1, by the org's
//     zone), 5 May (Q2); not counted: 6 May (Closed - Not Converted), 20 Aug (no Rating),
//     20 Dec 2025 (before the plan), Northwind's hot lead (another partner).
//     Actual 2 + 1 = 3 of 12: 25 %. Periods: Q1 2/2 = 100 %, Q2 1/3 = 33.33 %, Q3 0/3, Q4 0/4.
//   Upgrade bookings (Qualified Deal Registration, SUM of Opportunity.Amount by CloseDate,
//     Quarterly): Type = 'Existing Customer - Upgrade'; target 100,000, weight 60, 25,000 a
//     quarter from the template. Alpine's upgrades: 15 Mar 30,000 (Q1), 30 Jun 12,500 (Q2),
//     1 Jul 20,000 (Q3); not counted: a New Customer deal, one closing in January 2027.
//     Actual 62,500: 62.5 %. Periods: Q1 120 %, Q2 50 %, Q3 80 %, Q4 0 %.
//   Plan: (40 × 25 + 60 × 62.5) / (40 + 60) = 47.5 %.
//   Before the second review, a 37,500 upgrade closes on 10 Sep (Q3): 100,000, 100 %; the
//   plan (40 × 25 + 60 × 100) / 100 = 70 %: up 22.5 points, upgrades up 37.5, leads unchanged.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Connection } from 'jsforce';
import type { Browser, Locator } from 'playwright-core';
import { startLocalOrg, type LocalOrg } from '../../localorg/src/index.ts';
import { DEMO_PASSWORD } from '../../localorg/src/seed/users.ts';
import { createRecords } from '../support/planFixtures.ts';
import { createRecord, signIn } from '../support/salesforce.ts';
import { launchBrowser, openPage, screenshot, signInThroughLoginPage, type WatchedPage } from './browser.ts';
import { startConnector, type InProcessConnector } from './connector.ts';
import {
  boardRows,
  choose,
  currentStep,
  periodRows,
  planUrl,
  retype,
  showObjective,
  tableRows,
  takeStep,
  textOf,
  texts
} from './planComponents.ts';

const CASEY = 'casey.morgan@localorg.test';
const LEA = 'lea.meier@alpine.partner.test';
const TEMPLATE = 'Channel Growth Template';
const PLAN = `Alpine Data Partners FY2026 – ${TEMPLATE}`;
const LEADS = 'Hot partner leads';
const UPGRADES = 'Upgrade bookings';
const QUARTERS = [
  ['Q1', '2026-01-01', '2026-03-31'],
  ['Q2', '2026-04-01', '2026-06-30'],
  ['Q3', '2026-07-01', '2026-09-30'],
  ['Q4', '2026-10-01', '2026-12-31']
] as const;

let org: LocalOrg;
let browser: Browser;
let admin: Connection;
let connector: InProcessConnector;
/** Record Ids the story finds or makes. */
const ids = {
  casey: '',
  lea: '',
  leaContact: '',
  alpine: '',
  northwind: '',
  /** The demo's plans the partner must never reach: Alpine's own Draft Outline plan, and Northwind's. */
  alpineOutline: '',
  northwindPlan: '',
  template: '',
  plan: '',
  leads: '',
  upgrades: ''
};
/** The browser pages of the two people, kept across the steps as they would keep their tabs. */
let manager: WatchedPage;
let partner: WatchedPage;
/** How many steps of the story have passed: each step starts where the one before left off. */
let stepsDone = 0;

function afterStep(step: number): void {
  assert.equal(stepsDone, step - 1, `step ${step} needs the steps before it, and one failed`);
}

async function one<T extends Record<string, unknown>>(soql: string): Promise<T> {
  const { records } = await admin.query<T>(soql);
  assert.equal(records.length, 1, soql);
  return records[0] as T;
}

const idOf = async (soql: string): Promise<string> => (await one<{ Id: string }>(soql)).Id;

/**
 * The user's time zone, for their browser. Salesforce formats dates and times in the user's
 * zone; the local org's base components format them in the browser's.
 */
const timeZoneOf = async (username: string): Promise<string> =>
  (await one<{ TimeZoneSidKey: string }>(`SELECT TimeZoneSidKey FROM User WHERE Username = '${username}'`))
    .TimeZoneSidKey;

/** The template an admin prepared: two objectives with quarterly targets, owned by Casey. */
async function createTemplate(): Promise<void> {
  ids.template = await createRecord(admin, 'Business_Plan__c', {
    Name: TEMPLATE,
    Is_Template__c: true,
    OwnerId: ids.casey,
    Channel_Manager__c: ids.casey,
    Start_Date__c: '2026-01-01',
    End_Date__c: '2026-12-31',
    Summary__c: 'Grow partner-sourced pipeline and upgrades with the installed base.'
  });
  const [leads, upgrades] = await createRecords(admin, 'Plan_Objective__c', [
    {
      Name: LEADS,
      Business_Plan__c: ids.template,
      Type__c: 'Deal Registration',
      Category__c: 'Marketing',
      Aggregate_Function__c: 'COUNT',
      Aggregate_Field__c: 'Id',
      Criteria__c: "Rating = 'Hot'",
      Period_Type__c: 'Quarterly',
      Target__c: 8,
      Weight__c: 50
    },
    {
      Name: UPGRADES,
      Business_Plan__c: ids.template,
      Type__c: 'Qualified Deal Registration',
      Category__c: 'Sales',
      Aggregate_Function__c: 'SUM',
      Aggregate_Field__c: 'Amount',
      Criteria__c: "Type = 'Existing Customer - Upgrade'",
      Period_Type__c: 'Quarterly',
      Target__c: 100000,
      Weight__c: 60
    }
  ]);
  await createRecords(
    admin,
    'Objective_Target__c',
    [
      [leads, 2],
      [upgrades, 25000]
    ].flatMap(([objectiveId, target]) =>
      QUARTERS.map(([quarter, start, end]) => ({
        Plan_Objective__c: objectiveId,
        Period_Key__c: `${objectiveId}-Q-${start.slice(0, 7)}`,
        Period_Label__c: `FY2026 ${quarter}`,
        Period_Start__c: start,
        Period_End__c: end,
        Target__c: target
      }))
    )
  );
}

before(async () => {
  [org, browser] = await Promise.all([startLocalOrg({ port: 0, seed: true }), launchBrowser()]);
  admin = await signIn(org);
  ids.casey = await idOf(`SELECT Id FROM User WHERE Username = '${CASEY}'`);
  const lea = await one<{ Id: string; ContactId: string; Contact: { AccountId: string } }>(
    `SELECT Id, ContactId, Contact.AccountId FROM User WHERE Username = '${LEA}'`
  );
  ids.lea = lea.Id;
  ids.leaContact = lea.ContactId;
  ids.alpine = lea.Contact.AccountId;
  ids.northwind = await idOf("SELECT Id FROM Account WHERE Name = 'Northwind Solutions'");
  ids.alpineOutline = await idOf(
    `SELECT Id FROM Business_Plan__c WHERE Partner_Account__c = '${ids.alpine}' AND Status__c = 'Draft Outline'`
  );
  ids.northwindPlan = await idOf(
    `SELECT Id FROM Business_Plan__c WHERE Partner_Account__c = '${ids.northwind}' AND Status__c = 'In Progress'`
  );
  await createTemplate();
  connector = await startConnector(org);
});

after(async () => {
  await connector?.stop();
  await browser?.close();
  await org?.close();
});

describe('a business plan from template to quarterly review', () => {
  test('1. a channel manager applies a template for a partner, edits an objective and its period targets, and sends the plan for review', async () => {
    afterStep(1);
    manager = await openPage(browser, { timezoneId: await timeZoneOf(CASEY) });
    const { page } = manager;
    await signInThroughLoginPage(page, org.url, CASEY, DEMO_PASSWORD, planUrl(ids.template));

    // Apply the template to Alpine for FY2026: the page asks the connector for a job.
    const actions = page.locator('c-template-actions');
    await actions.locator('lightning-button.apply button').click();
    await actions.locator('lightning-input.account-search input').fill('Alpine');
    await actions
      .locator('.search-results li', { hasText: 'Alpine Data Partners' })
      .locator('lightning-button-icon.add-account button')
      .click();
    await actions.locator('lightning-input.fiscal-year input').fill('2026');
    await actions.locator('lightning-button.form-apply button').click();
    const jobStatus = actions.locator('c-plan-job-status');
    await jobStatus.locator('.job-working').waitFor();
    const job = await one<{ Id: string; Type__c: string; Status__c: string; Parameters__c: string }>(
      `SELECT Id, Type__c, Status__c, Parameters__c FROM Plan_Job__c WHERE Business_Plan__c = '${ids.template}'`
    );
    assert.deepEqual(
      { type: job.Type__c, status: job.Status__c, parameters: JSON.parse(job.Parameters__c) as unknown },
      {
        type: 'Apply Template',
        status: 'Queued',
        parameters: { templateId: ids.template, partnerAccountIds: [ids.alpine], fiscalYear: 2026 }
      }
    );

    // The connector's next run takes the job; the page follows it to Done and links the new plan.
    const applied = await connector.run();
    assert.equal(applied.jobs?.done, 1);
    // A template has no partner: the connector's runs leave its objectives as they were made.
    const templateObjectives = await admin.query<{
      Calculation_Status__c: string;
      Calculation_Message__c: string | null;
    }>(
      `SELECT Calculation_Status__c, Calculation_Message__c FROM Plan_Objective__c WHERE Business_Plan__c = '${ids.template}'`
    );
    assert.deepEqual(
      templateObjectives.records.map((o) => [o.Calculation_Status__c, o.Calculation_Message__c]),
      [
        ['Not Calculated', null],
        ['Not Calculated', null]
      ]
    );
    const created = jobStatus.locator('.created-plans a', { hasText: 'Alpine Data Partners' });
    await created.waitFor();
    assert.equal(
      (await jobStatus.locator('.slds-path__item.slds-is-current .slds-path__title').innerText()).trim(),
      'Done'
    );
    await screenshot(page, 'scenario-1-template-applied');

    const plan = await one<Record<string, unknown>>(
      `SELECT Id, Name, Status__c, Partner_Account__c, OwnerId, Channel_Manager__c, Start_Date__c, End_Date__c, Summary__c FROM Business_Plan__c WHERE Template__c = '${ids.template}'`
    );
    ids.plan = plan.Id as string;
    assert.deepEqual(
      { ...plan, attributes: undefined, Id: undefined },
      {
        attributes: undefined,
        Id: undefined,
        Name: PLAN,
        Status__c: 'Draft Outline',
        Partner_Account__c: ids.alpine,
        OwnerId: ids.casey,
        Channel_Manager__c: ids.casey,
        Start_Date__c: '2026-01-01',
        End_Date__c: '2026-12-31',
        Summary__c: 'Grow partner-sourced pipeline and upgrades with the installed base.'
      }
    );
    const objectives = await admin.query<{ Id: string; Name: string; Target__c: number; Weight__c: number }>(
      `SELECT Id, Name, Target__c, Weight__c, (SELECT Period_Label__c, Target__c FROM Objective_Targets__r ORDER BY Period_Start__c) FROM Plan_Objective__c WHERE Business_Plan__c = '${ids.plan}' ORDER BY Name`
    );
    assert.deepEqual(
      objectives.records.map((o) => [
        o.Name,
        o.Target__c,
        o.Weight__c,
        (
          o as unknown as {
            Objective_Targets__r: { records: { Period_Label__c: string; Target__c: number }[] };
          }
        ).Objective_Targets__r.records.map((t) => `${t.Period_Label__c}: ${t.Target__c}`)
      ]),
      [
        [LEADS, 8, 50, ['FY2026 Q1: 2', 'FY2026 Q2: 2', 'FY2026 Q3: 2', 'FY2026 Q4: 2']],
        [
          UPGRADES,
          100000,
          60,
          ['FY2026 Q1: 25000', 'FY2026 Q2: 25000', 'FY2026 Q3: 25000', 'FY2026 Q4: 25000']
        ]
      ]
    );
    ids.leads = objectives.records[0]?.Id as string;
    ids.upgrades = objectives.records[1]?.Id as string;

    // Casey names Lea as the partner's primary contact. A record page's standard Edit action is
    // not part of the local org, so this one field is saved through the API, as Casey.
    const casey = await signIn(org, CASEY, DEMO_PASSWORD);
    await casey
      .sobject('Business_Plan__c')
      .update({ Id: ids.plan, Primary_Partner_Contact__c: ids.leaContact });

    await created.click();
    await page.waitForURL(`**${planUrl(ids.plan)}`);

    // The objective editor: a higher target, a lower weight, and one more condition.
    const row = page.locator('c-plan-objectives tr.objective', { hasText: LEADS });
    await row.locator('lightning-button-icon.edit-objective button').click();
    const editor = page.locator('c-objective-editor');
    await editor.locator('c-criteria-builder .criteria-row').first().waitFor();
    await retype(editor.locator('[data-field="Target__c"] input'), '12');
    await retype(editor.locator('[data-field="Weight__c"] input'), '40');
    await editor.locator('c-criteria-builder lightning-button.add-row button').click();
    const condition = editor.locator('c-criteria-builder .criteria-row').nth(1);
    await choose(condition.locator('lightning-combobox[data-role="field"]'), 'Status');
    await choose(condition.locator('lightning-combobox[data-role="operator"]'), 'ne');
    await condition.locator('lightning-input[data-role="value"] input').fill('Closed - Not Converted');
    const criteria = "Rating = 'Hot' AND Status != 'Closed - Not Converted'";
    assert.equal((await editor.locator('.criteria-preview').innerText()).trim(), criteria);
    await screenshot(page, 'scenario-1-objective-editor');
    await editor.locator('lightning-button.save button').click();
    await editor.waitFor({ state: 'detached' });
    await row.locator('.objective-target', { hasText: /^12$/ }).waitFor();
    const edited = await one<Record<string, unknown>>(
      `SELECT Target__c, Weight__c, Criteria__c, Type__c, Aggregate_Function__c, Period_Type__c FROM Plan_Objective__c WHERE Id = '${ids.leads}'`
    );
    assert.deepEqual(
      { ...edited, attributes: undefined },
      {
        attributes: undefined,
        Target__c: 12,
        Weight__c: 40,
        Criteria__c: criteria,
        Type__c: 'Deal Registration',
        Aggregate_Function__c: 'COUNT',
        Period_Type__c: 'Quarterly'
      }
    );

    // The period targets grid: split the new target evenly, then move one lead from Q1 to Q4.
    const grid = page.locator('c-period-targets');
    await showObjective(page, ids.leads);
    await grid.locator('.objective-target', { hasText: /^12$/ }).waitFor();
    await grid.getByRole('button', { name: 'Split evenly' }).click();
    assert.deepEqual(
      (await periodRows(page)).map((r) => r[1]),
      // lightning-input shows the field's two decimals.
      ['3.00', '3.00', '3.00', '3.00']
    );
    const inputs = grid.locator('lightning-input.target-input input');
    await retype(inputs.nth(0), '2');
    await retype(inputs.nth(3), '4');
    await grid.getByRole('button', { name: 'Save' }).click();
    // Q1 holds 2 already: three rows change.
    await page.locator('text=3 period targets saved').waitFor();
    await grid.locator('div.chart canvas').waitFor();
    await screenshot(page, 'scenario-1-period-targets');
    const targets = await admin.query<{ Period_Label__c: string; Target__c: number }>(
      `SELECT Period_Label__c, Target__c FROM Objective_Target__c WHERE Plan_Objective__c = '${ids.leads}' ORDER BY Period_Start__c`
    );
    assert.deepEqual(
      targets.records.map((t) => [t.Period_Label__c, t.Target__c]),
      [
        ['FY2026 Q1', 2],
        ['FY2026 Q2', 3],
        ['FY2026 Q3', 3],
        ['FY2026 Q4', 4]
      ]
    );

    // Send it to the partner for review.
    assert.equal(await currentStep(page), 'Draft Outline');
    await takeStep(page, 'Send to partner for review');
    await page.locator('c-plan-header .slds-path__item.slds-is-current', { hasText: 'Draft' }).waitFor();
    assert.equal(await currentStep(page), 'Draft');
    await screenshot(page, 'scenario-1-sent-for-review');
    assert.equal(
      (await one<{ Status__c: string }>(`SELECT Status__c FROM Business_Plan__c WHERE Id = '${ids.plan}'`))
        .Status__c,
      'Draft'
    );
    assert.deepEqual(manager.problems, []);

    // The connector's next run shares the plan with Alpine's people and tells Lea.
    const before = org.outbox.sent().length;
    const shared = await connector.run();
    assert.equal(shared.partnerShares?.granted, 1, JSON.stringify(shared.partnerShares));
    assert.equal(shared.notifications?.sent, 1, JSON.stringify(shared.notifications));
    const emails = org.outbox.sent().slice(before);
    assert.deepEqual(
      emails.map((e) => ({ to: e.to, subject: e.subject })),
      [{ to: [LEA], subject: `Business plan ready for your review: ${PLAN}` }]
    );
    assert.match(emails[0]?.body ?? '', /^Hello Lea,\n\nCasey Morgan has shared the business plan/);
    const share = await one<{ AccessLevel: string }>(
      `SELECT AccessLevel FROM Business_Plan__Share WHERE ParentId = '${ids.plan}' AND RowCause = 'Manual'`
    );
    assert.equal(share.AccessLevel, 'Edit');
    stepsDone = 1;
  });

  test('2. the partner user sees that plan and no other, and approves it', async () => {
    afterStep(2);
    partner = await openPage(browser, { timezoneId: await timeZoneOf(LEA) });
    const { page } = partner;
    await signInThroughLoginPage(page, org.url, LEA, DEMO_PASSWORD, '/lightning/n/Partner_Home');

    // Partner home: only this plan, in Draft.
    const card = page.locator('c-partner-home li.plan');
    await card.first().waitFor();
    assert.deepEqual(await texts(page.locator('c-partner-home .plan-link')), [PLAN]);
    assert.equal((await card.locator('.status').innerText()).trim(), 'Draft');
    await screenshot(page, 'scenario-2-partner-home');

    // The Business Plans list: only this plan.
    await page.goto(`${org.url}/lightning/o/Business_Plan__c/home`);
    const listRows = page.locator('localorg-list-view lightning-datatable tbody tr');
    await listRows.first().waitFor();
    assert.deepEqual(
      (await tableRows(listRows)).map((cells) => cells[1]),
      [PLAN]
    );
    await screenshot(page, 'scenario-2-partner-list-view');

    // Typing the address of Alpine's Draft Outline plan, or of Northwind's plan, gets the
    // access error a Salesforce record page shows.
    for (const [name, planId] of [
      ['draft-outline', ids.alpineOutline],
      ['other-partner', ids.northwindPlan]
    ] as const) {
      const response = await page.goto(`${org.url}${planUrl(planId)}`);
      assert.equal(response?.status(), 403);
      await page.locator('h2', { hasText: 'Insufficient Privileges' }).waitFor();
      assert.equal(await page.locator('c-plan-header').count(), 0);
      await screenshot(page, `scenario-2-insufficient-privileges-${name}`);
    }
    const denied = partner.problems.filter((p) => /(http 403|status of 403)/.test(p));
    assert.equal(denied.length, 4, partner.problems.join('\n'));
    partner.problems.length = 0;

    // The record page: Lea is offered only the approval, which stamps her and the moment.
    await page.goto(`${org.url}${planUrl(ids.plan)}`);
    await page.locator('c-plan-header lightning-progress-indicator').waitFor();
    assert.equal(await currentStep(page), 'Draft');
    assert.deepEqual(await texts(page.locator('c-plan-header .step-actions button')), ['Approve plan']);
    const started = Date.now();
    await takeStep(page, 'Approve plan');
    await page.locator('c-plan-header .no-step').waitFor();
    assert.equal(await currentStep(page), 'In Progress');
    await screenshot(page, 'scenario-2-partner-approved');
    const approved = await one<{
      Status__c: string;
      Partner_Approved_By__c: string;
      Partner_Approved_On__c: string;
    }>(
      `SELECT Status__c, Partner_Approved_By__c, Partner_Approved_On__c FROM Business_Plan__c WHERE Id = '${ids.plan}'`
    );
    assert.equal(approved.Status__c, 'In Progress');
    assert.equal(approved.Partner_Approved_By__c, ids.lea);
    const approvedOn = Date.parse(approved.Partner_Approved_On__c);
    assert.ok(
      approvedOn >= started - 1000 && approvedOn <= Date.now() + 1000,
      approved.Partner_Approved_On__c
    );
    assert.deepEqual(partner.problems, []);
    stepsDone = 2;
  });

  test('3. the connector syncs and both users see the computed progress', async () => {
    afterStep(3);
    const lead = (partnerId: string, rating: string | null, status: string, created: string) => ({
      LastName: 'Buyer',
      Company: `Prospect ${created}`,
      LeadSource: 'Partner Referral',
      Rating: rating,
      Status: status,
      PartnerAccountId: partnerId,
      CreatedDate: created
    });
    await createRecords(admin, 'Lead', [
      lead(ids.alpine, 'Hot', 'Open - Not Contacted', '2026-02-10T10:00:00-08:00'),
      lead(ids.alpine, 'Hot', 'Working - Contacted', '2026-03-31T23:30:00-07:00'),
      lead(ids.alpine, 'Hot', 'Closed - Converted', '2026-05-05T09:00:00-07:00'),
      lead(ids.alpine, 'Hot', 'Closed - Not Converted', '2026-05-06T09:00:00-07:00'),
      lead(ids.alpine, null, 'Open - Not Contacted', '2026-08-20T09:00:00-07:00'),
      lead(ids.alpine, 'Hot', 'Open - Not Contacted', '2025-12-20T09:00:00-08:00'),
      lead(ids.northwind, 'Hot', 'Open - Not Contacted', '2026-02-11T09:00:00-08:00')
    ]);
    const deal = (name: string, type: string, close: string, amount: number) => ({
      Name: name,
      StageName: 'Closed Won',
      Type: type,
      CloseDate: close,
      Amount: amount,
      PartnerAccountId: ids.alpine
    });
    await createRecords(admin, 'Opportunity', [
      deal('Upgrade Q1', 'Existing Customer - Upgrade', '2026-03-15', 30000),
      deal('Upgrade Q2', 'Existing Customer - Upgrade', '2026-06-30', 12500),
      deal('Upgrade Q3', 'Existing Customer - Upgrade', '2026-07-01', 20000),
      deal('New logo', 'New Customer', '2026-04-10', 50000),
      deal('Upgrade next year', 'Existing Customer - Upgrade', '2027-01-05', 99000)
    ]);
    await connector.run();
    const computed = await admin.query<{
      Name: string;
      Actual__c: number;
      Progress__c: number;
      Calculation_Status__c: string;
      Objective_Targets__r: {
        records: { Period_Label__c: string; Actual__c: number; Progress__c: number }[];
      };
    }>(
      `SELECT Name, Actual__c, Progress__c, Calculation_Status__c, (SELECT Period_Label__c, Actual__c, Progress__c FROM Objective_Targets__r ORDER BY Period_Start__c) FROM Plan_Objective__c WHERE Business_Plan__c = '${ids.plan}' ORDER BY Name`
    );
    assert.deepEqual(
      computed.records.map((o) => [
        o.Name,
        o.Actual__c,
        o.Progress__c,
        o.Calculation_Status__c,
        o.Objective_Targets__r.records.map((t) => `${t.Period_Label__c}: ${t.Actual__c}, ${t.Progress__c}%`)
      ]),
      [
        [
          LEADS,
          3,
          25,
          'Calculated',
          ['FY2026 Q1: 2, 100%', 'FY2026 Q2: 1, 33.33%', 'FY2026 Q3: 0, 0%', 'FY2026 Q4: 0, 0%']
        ],
        [
          UPGRADES,
          62500,
          62.5,
          'Calculated',
          ['FY2026 Q1: 30000, 120%', 'FY2026 Q2: 12500, 50%', 'FY2026 Q3: 20000, 80%', 'FY2026 Q4: 0, 0%']
        ]
      ]
    );

    // Grouped by category in the picklist's order: Sales, then Marketing.
    const expectedBoard = [
      ['Sales', UPGRADES, '60', '62,500', '100,000', '62.5%'],
      ['Marketing', LEADS, '40', '3', '12', '25%']
    ];
    // Periods as [period, target, actual, progress]. The channel manager edits targets in inputs,
    // which show the field's two decimals; the partner reads them as numbers.
    const leadPeriods = (targets: readonly string[]): string[][] =>
      [
        ['FY2026 Q1', '2', '100%'],
        ['FY2026 Q2', '1', '33.33%'],
        ['FY2026 Q3', '0', '0%'],
        ['FY2026 Q4', '0', '0%']
      ].map(([period, actual, progress], index) => [period, targets[index], actual, progress] as string[]);
    const upgradePeriods = (target: string): string[][] =>
      [
        ['FY2026 Q1', '30,000', '120%'],
        ['FY2026 Q2', '12,500', '50%'],
        ['FY2026 Q3', '20,000', '80%'],
        ['FY2026 Q4', '0', '0%']
      ].map(([period, actual, progress]) => [period, target, actual, progress] as string[]);
    for (const { who, watched, leadTargets, upgradeTarget } of [
      {
        who: 'channel-manager',
        watched: manager,
        leadTargets: ['2.00', '3.00', '3.00', '4.00'],
        upgradeTarget: '25,000.00'
      },
      { who: 'partner', watched: partner, leadTargets: ['2', '3', '3', '4'], upgradeTarget: '25,000' }
    ]) {
      const { page } = watched;
      await page.goto(`${org.url}${planUrl(ids.plan)}`);
      await page.locator('c-plan-objectives .plan-progress', { hasText: '47.5%' }).waitFor();
      assert.deepEqual(await boardRows(page), expectedBoard);
      await showObjective(page, ids.leads);
      await page.locator('c-period-targets .period-actual').first().filter({ hasText: /^2$/ }).waitFor();
      assert.deepEqual(await periodRows(page), leadPeriods(leadTargets));
      await screenshot(page, `scenario-3-progress-${who}`);
      await showObjective(page, ids.upgrades);
      await page.locator('c-period-targets .period-actual', { hasText: '30,000' }).waitFor();
      assert.deepEqual(await periodRows(page), upgradePeriods(upgradeTarget));
      await screenshot(page, `scenario-3-upgrade-periods-${who}`);
      assert.deepEqual(watched.problems, []);
    }
    // The channel manager's portfolio lists the plan with its progress.
    await manager.page.goto(`${org.url}/lightning/n/Plan_Portfolio`);
    const portfolioRow = manager.page.locator('c-plan-portfolio c-portfolio-datatable tbody tr', {
      hasText: PLAN
    });
    await portfolioRow.locator('lightning-formatted-number', { hasText: '47.5%' }).waitFor();
    await screenshot(manager.page, 'scenario-3-portfolio');
    assert.deepEqual(manager.problems, []);
    const stored = await one<{ Progress__c: number }>(
      `SELECT Progress__c FROM Business_Plan__c WHERE Id = '${ids.plan}'`
    );
    assert.equal(stored.Progress__c, 47.5);
    stepsDone = 3;
  });

  test('4. quarterly reviews are held, and their snapshots are shown and compared', async () => {
    afterStep(4);
    const { page } = manager;
    await page.goto(`${org.url}${planUrl(ids.plan)}`);
    const panel = page.locator('c-review-panel');
    await panel.locator('lightning-card').waitFor();

    /** Schedules a review, holds it, lets the connector record its snapshot and waits for it. */
    /** What was said at a review, recorded through its Edit notes form. */
    const NOTES = {
      Wins: 'Two Q1 upgrades closed; hot leads on plan in Q1.',
      Obstacles: 'Q2 leads behind target.',
      Next_Steps: 'Joint webinar for the installed base in Q3.',
      Escalations: 'None.'
    };
    const holdReview = async (
      name: string,
      date: string,
      period: string,
      notes: Record<string, string> = {}
    ): Promise<Locator> => {
      await panel.locator('.schedule-button button').click();
      const form = panel.locator('.schedule-form');
      await form.getByLabel('Review Name').fill(name);
      await form.getByLabel('Review Date').fill(date);
      await form.getByLabel('Fiscal Period').fill(period);
      await form.getByLabel('Attendees').fill('Casey Morgan, Lea Meier');
      await form.locator('.form-save button').click();
      const item = panel
        .locator('li.review')
        .filter({ has: page.locator('.review-name', { hasText: name }) });
      await item.locator('lightning-badge', { hasText: 'Scheduled' }).waitFor();
      if (Object.keys(notes).length > 0) {
        await item.locator('.edit-notes button').click();
        const edit = item.locator('.edit-form');
        for (const [field, text] of Object.entries(notes))
          await edit.locator(`lightning-textarea[data-field="${field}__c"] textarea`).fill(text);
        await edit.locator('.form-save button').click();
        await edit.waitFor({ state: 'detached' });
        await item.locator('.review-notes', { hasText: notes.Wins }).waitFor();
      }
      await item.locator('.hold button').click();
      const dialog = page.locator('[role="dialog"], [role="alertdialog"]').filter({ hasText: 'Hold' }).last();
      await dialog.waitFor();
      await dialog.locator('button', { hasText: 'OK' }).click();
      await item.locator('c-plan-job-status .job-working').waitFor();
      const report = await connector.run();
      assert.equal(report.jobs?.done, 1, JSON.stringify(report.jobs));
      await item.locator('c-review-snapshot .snapshot-plan-progress').waitFor();
      return item;
    };

    const q2 = await holdReview('FY2026 Q2 review', 'Jul 15, 2026', 'FY2026 Q2', NOTES);
    await screenshot(page, 'scenario-4-snapshot');
    assert.equal((await q2.locator('c-review-snapshot .snapshot-plan-progress').innerText()).trim(), '47.5%');
    assert.deepEqual(await tableRows(q2.locator('c-review-snapshot tr.objective-row')), [
      [LEADS, '12', '3', '25%'],
      [UPGRADES, '100,000', '62,500', '62.5%']
    ]);

    // A bigger upgrade closes in Q3; the connector's next run counts it before the Q3 review.
    await createRecord(admin, 'Opportunity', {
      Name: 'Upgrade Q3 expansion',
      StageName: 'Closed Won',
      Type: 'Existing Customer - Upgrade',
      CloseDate: '2026-09-10',
      Amount: 37500,
      PartnerAccountId: ids.alpine
    });
    await connector.run();
    await page.reload();
    await panel.locator('lightning-card').waitFor();
    const q3 = await holdReview('FY2026 Q3 review', 'Oct 15, 2026', 'FY2026 Q3');
    assert.equal((await q3.locator('c-review-snapshot .snapshot-plan-progress').innerText()).trim(), '70%');
    await q3.locator('.toggle-comparison button').click();
    const comparison = q3.locator('c-review-snapshot table.comparison');
    await comparison.waitFor();
    await screenshot(page, 'scenario-4-comparison');
    const rows = await tableRows(comparison.locator('tbody tr'));
    // A change reads as its arrow's words, the size and the unit, each its own element.
    const changes: string[] = [];
    for (const cell of await comparison.locator('tbody td.change').all()) {
      const parts = await texts(
        cell.locator(':scope > lightning-icon, :scope > lightning-formatted-number, :scope > span')
      );
      changes.push(parts.length > 0 ? parts.join(' ') : await textOf(cell));
    }
    assert.deepEqual(
      rows.map((cells, index) => [...cells.slice(0, 3), changes[index]]),
      [
        ['Plan progress', '47.5%', '70%', 'Up 22.5 points'],
        [LEADS, '25%', '25%', 'No change'],
        [UPGRADES, '62.5%', '100%', 'Up 37.5 points']
      ]
    );
    const reviews = await admin.query<Record<string, unknown>>(
      `SELECT Name, Status__c, Plan_Progress__c, Wins__c, Obstacles__c, Next_Steps__c, Escalations__c FROM Business_Review__c WHERE Business_Plan__c = '${ids.plan}' ORDER BY Review_Date__c`
    );
    assert.deepEqual(
      reviews.records.map((r) => [
        r.Name,
        r.Status__c,
        r.Plan_Progress__c,
        r.Wins__c,
        r.Obstacles__c,
        r.Next_Steps__c,
        r.Escalations__c
      ]),
      [
        ['FY2026 Q2 review', 'Held', 47.5, NOTES.Wins, NOTES.Obstacles, NOTES.Next_Steps, NOTES.Escalations],
        ['FY2026 Q3 review', 'Held', 70, null, null, null, null]
      ]
    );
    assert.deepEqual(manager.problems, []);
  });
});
