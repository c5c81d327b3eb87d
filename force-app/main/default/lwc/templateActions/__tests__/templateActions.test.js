import { createElement } from '@lwc/engine-dom';
import TemplateActions from 'c/templateActions';
import { createRecord, getRecord } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';
import { getObjectInfo } from 'lightning/uiObjectInfoApi';
// eslint-disable-next-line @lwc/lwc/newer-version-available -- the component uses lightning/uiGraphQLApi, which the local org implements
import { graphql } from 'lightning/uiGraphQLApi';

// UI API responses: the Northwind FY2026 plan (narrative: a summary and an escalation path;
// two objectives) and a template of the same shape; object info as a business planning admin
// (may create templates: Is Template is creatable) and as a channel manager (may not); the
// GraphQL API's partner accounts for a search.
const mockPlan = require('./data/getRecordPlan.json');
const mockTemplate = require('./data/getRecordTemplate.json');
const mockPlanInfoAdmin = require('./data/getObjectInfoPlanAdmin.json');
const mockPlanInfoChannelManager = require('./data/getObjectInfoPlanChannelManager.json');
const mockObjectiveInfo = require('./data/getObjectInfoObjective.json');
const mockJobInfo = require('./data/getObjectInfoJob.json');
const mockObjectives = require('./data/getRelatedListRecordsObjectives.json');
const mockPartnerAccounts = require('./data/graphqlPartnerAccounts.json');

const NEW_TEMPLATE_ID = 'ahbLo000Vd4tNewIIM';
const NEW_JOB_ID = 'a2dLo000Vd4tBBEII2';
const BLUE_HARBOR = '001Lo000Vd4tBhbIIA';
const NORTHWIND = '001Lo000Vd4tNwdIIA';

function createComponent(record) {
  const element = createElement('c-template-actions', { is: TemplateActions });
  element.recordId = record.id;
  document.body.appendChild(element);
  return element;
}

// A macrotask: the confirmation, the saves and the record URLs after it are promise chains.
// eslint-disable-next-line @lwc/lwc/no-async-operation
const flushPromises = () => new Promise((resolve) => setTimeout(resolve, 0));
const textOf = (node) => node.textContent.replace(/\s+/g, ' ').trim();
const forObject = (name) => (config) =>
  (config.objectApiName?.objectApiName ?? config.objectApiName) === name;

async function loaded({ record = mockPlan, planInfo = mockPlanInfoAdmin } = {}) {
  const element = createComponent(record);
  getRecord.emit(record);
  getObjectInfo.emit(planInfo, forObject('Business_Plan__c'));
  await flushPromises();
  getObjectInfo.emit(mockObjectiveInfo, forObject('Plan_Objective__c'));
  getObjectInfo.emit(mockJobInfo, forObject('Plan_Job__c'));
  await flushPromises();
  getRelatedListRecords.emit(mockObjectives);
  await flushPromises();
  return element;
}

const buttons = (element) =>
  [...element.shadowRoot.querySelectorAll('.template-buttons lightning-button')].map((b) => b.label);

describe('c-template-actions', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
  });

  it('uses fixtures shaped like UI API responses', () => {
    expect(mockPlan.apiName).toBe('Business_Plan__c');
    expect(mockPlanInfoAdmin.fields.Is_Template__c.createable).toBe(true);
    expect(mockPlanInfoChannelManager.fields.Is_Template__c.createable).toBe(false);
    expect(mockObjectives.count).toBe(2);
    expect(mockObjectives.listReference.inContextOfRecordId).toBe(mockPlan.id);
  });

  it('shows a spinner while loading', async () => {
    const element = createComponent(mockPlan);
    await flushPromises();
    expect(element.shadowRoot.querySelector('lightning-spinner')).not.toBeNull();
    await expect(element).toBeAccessible();
  });

  it('shows the error panel when the plan cannot be read', async () => {
    const element = createComponent(mockPlan);
    getRecord.error([{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
    await flushPromises();
    expect(element.shadowRoot.querySelector('c-error-panel').friendlyMessage).toBe(
      'c.TemplateActions_LoadError'
    );
    await expect(element).toBeAccessible();
  });

  it('shows nothing to a user who may neither create templates nor apply this plan', async () => {
    const element = await loaded({ planInfo: mockPlanInfoChannelManager });
    // Nor does it ask about objectives or jobs: partner users may not read them at all.
    const asked = getObjectInfo.getLastConfig();
    expect(asked.objectApiName).toBeUndefined();
    expect(element.shadowRoot.querySelector('lightning-card')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('offers a template’s actions, and a plan’s', async () => {
    expect(buttons(await loaded({ record: mockTemplate }))).toEqual([
      'c.TemplateActions_Duplicate',
      'c.TemplateActions_Apply'
    ]);
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    const element = await loaded();
    expect(buttons(element)).toEqual(['c.TemplateActions_SaveAsTemplate']);
    await expect(element).toBeAccessible();
  });

  it('saves a plan as a template with its narrative, dates and objectives, naming an objective that failed', async () => {
    createRecord
      .mockResolvedValueOnce({ id: NEW_TEMPLATE_ID, fields: { Name: { value: 'Nordics template' } } })
      .mockResolvedValueOnce({ id: 'aQ5Lo000Vd4tNewKIM' })
      .mockRejectedValueOnce({
        body: {
          output: {
            errors: [],
            fieldErrors: { Weight__c: [{ message: 'Weight must be between 1 and 100.' }] }
          }
        }
      });
    const element = await loaded();
    element.shadowRoot.querySelector('.save-as-template').click();
    await flushPromises();
    const name = element.shadowRoot.querySelector('lightning-input.template-name');
    expect(name.value).toBe('c.TemplateActions_TemplateNameDefault');
    name.dispatchEvent(new CustomEvent('change', { detail: { value: ' Nordics template ' } }));
    name.reportValidity = jest.fn(() => true);
    await expect(element).toBeAccessible();
    element.shadowRoot.querySelector('.form-create').click();
    await flushPromises();
    await flushPromises();

    expect(createRecord.mock.calls).toEqual([
      [
        {
          apiName: 'Business_Plan__c',
          fields: {
            Start_Date__c: '2026-01-01',
            End_Date__c: '2026-12-31',
            Summary__c: 'Grow partner-sourced pipeline in the Nordics.',
            Joint_Value_Proposition__c: null,
            Go_To_Market_Strategy__c: null,
            Vendor_Investment__c: null,
            Risks_And_Escalation_Path__c: 'Escalate to the regional VP.',
            Name: 'Nordics template',
            Is_Template__c: true
          }
        }
      ],
      [
        {
          apiName: 'Plan_Objective__c',
          fields: {
            Name: 'Partner-sourced pipeline',
            Type__c: 'Deal Registration',
            Category__c: 'Sales',
            Description__c: null,
            Weight__c: 60,
            Target__c: 2000000,
            Period_Type__c: 'Quarterly',
            Aggregate_Function__c: 'SUM',
            Aggregate_Field__c: 'AnnualRevenue',
            Criteria__c: "LeadSource = 'Partner Referral' AND Status != 'Closed - Not Converted'",
            Business_Plan__c: NEW_TEMPLATE_ID
          }
        }
      ],
      [
        {
          apiName: 'Plan_Objective__c',
          fields: {
            Name: 'Registered deals',
            Type__c: 'Deal Registration',
            Category__c: 'Sales',
            Description__c: null,
            Weight__c: 40,
            Target__c: 40,
            Period_Type__c: 'Quarterly',
            Aggregate_Function__c: 'COUNT',
            Aggregate_Field__c: 'Id',
            Criteria__c: null,
            Business_Plan__c: NEW_TEMPLATE_ID
          }
        }
      ]
    ]);
    const result = element.shadowRoot.querySelector('.copy-result');
    expect(result.querySelector('a').getAttribute('href')).toBe('https://www.example.com');
    expect([...result.querySelectorAll('.objectives-not-copied li')].map(textOf)).toEqual([
      'Registered deals: Weight must be between 1 and 100.'
    ]);
    expect(element.shadowRoot.querySelector('.copy-form')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('shows why the template could not be created, and creates no objectives', async () => {
    createRecord.mockRejectedValueOnce({
      body: { message: 'You do not have access to create Business Plans.' }
    });
    const element = await loaded({ record: mockTemplate });
    element.shadowRoot.querySelector('.duplicate').click();
    await flushPromises();
    const name = element.shadowRoot.querySelector('lightning-input.template-name');
    expect(name.value).toBe('c.TemplateActions_CopyNameDefault');
    name.reportValidity = jest.fn(() => true);
    element.shadowRoot.querySelector('.form-create').click();
    await flushPromises();
    expect(createRecord).toHaveBeenCalledTimes(1);
    const panel = element.shadowRoot.querySelector('.copy-form c-error-panel');
    expect(panel.friendlyMessage).toBe('c.TemplateActions_CopyFailed');
    await expect(element).toBeAccessible();
  });

  it('applies a template to the chosen partner accounts for a fiscal year, then follows the job', async () => {
    createRecord.mockResolvedValue({ id: NEW_JOB_ID });
    const element = await loaded({ record: mockTemplate });
    element.shadowRoot.querySelector('.apply').click();
    await flushPromises();
    expect(graphql.getLastConfig().variables).toEqual({ name: '%%', first: 20 });

    const search = element.shadowRoot.querySelector('lightning-input.account-search');
    search.dispatchEvent(new CustomEvent('change', { detail: { value: ' 50%_off ' } }));
    await flushPromises();
    // The typed text is matched literally: % and _ are escaped, not wildcards.
    expect(graphql.getLastConfig().variables).toEqual({ name: '%50\\%\\_off%', first: 20 });
    expect(graphql.getLastConfig().operationName).toBe('partnerAccounts');

    graphql.emit(mockPartnerAccounts);
    await flushPromises();
    const addButtons = () => [...element.shadowRoot.querySelectorAll('.add-account')];
    expect(addButtons().map((b) => b.alternativeText)).toEqual([
      'c.TemplateActions_AddAccount',
      'c.TemplateActions_AddAccount'
    ]);
    addButtons()[1].click();
    await flushPromises();
    addButtons()[0].click();
    await flushPromises();
    expect(addButtons()).toEqual([]);
    expect(element.shadowRoot.querySelector('.selected-accounts').items).toEqual([
      { name: NORTHWIND, label: 'Northwind Solutions' },
      { name: BLUE_HARBOR, label: 'Blue Harbor Systems' }
    ]);
    // Removing a pill gives the account back to the search results.
    element.shadowRoot
      .querySelector('.selected-accounts')
      .dispatchEvent(new CustomEvent('itemremove', { detail: { item: { name: BLUE_HARBOR } } }));
    await flushPromises();
    expect(addButtons().map((b) => b.dataset.id)).toEqual([BLUE_HARBOR]);

    const year = element.shadowRoot.querySelector('lightning-input.fiscal-year');
    year.dispatchEvent(new CustomEvent('change', { detail: { value: '2027' } }));
    year.reportValidity = jest.fn(() => true);
    await expect(element).toBeAccessible();
    element.shadowRoot.querySelector('.form-apply').click();
    await flushPromises();
    expect(createRecord).toHaveBeenCalledWith({
      apiName: 'Plan_Job__c',
      fields: {
        Type__c: 'Apply Template',
        Business_Plan__c: mockTemplate.id,
        Parameters__c: `{"templateId":"${mockTemplate.id}","partnerAccountIds":["${NORTHWIND}"],"fiscalYear":2027}`
      }
    });
    expect(element.shadowRoot.querySelector('c-plan-job-status').jobId).toBe(NEW_JOB_ID);
    expect(element.shadowRoot.querySelector('.apply-form')).toBeNull();
  });

  it('applies from a start date instead of a fiscal year', async () => {
    createRecord.mockResolvedValue({ id: NEW_JOB_ID });
    const element = await loaded({ record: mockTemplate });
    element.shadowRoot.querySelector('.apply').click();
    await flushPromises();
    graphql.emit(mockPartnerAccounts);
    await flushPromises();
    element.shadowRoot.querySelector('.add-account').click();
    element.shadowRoot
      .querySelector('lightning-radio-group.timing')
      .dispatchEvent(new CustomEvent('change', { detail: { value: 'startDate' } }));
    await flushPromises();
    const start = element.shadowRoot.querySelector('lightning-input.start-date');
    start.dispatchEvent(new CustomEvent('change', { detail: { value: '2027-04-01' } }));
    start.reportValidity = jest.fn(() => true);
    element.shadowRoot.querySelector('.form-apply').click();
    await flushPromises();
    expect(JSON.parse(createRecord.mock.calls[0][0].fields.Parameters__c)).toEqual({
      templateId: mockTemplate.id,
      partnerAccountIds: [BLUE_HARBOR],
      startDate: '2027-04-01'
    });
  });

  it('asks for a partner account and a valid fiscal year before requesting anything', async () => {
    const element = await loaded({ record: mockTemplate });
    element.shadowRoot.querySelector('.apply').click();
    await flushPromises();
    graphql.emit(mockPartnerAccounts);
    await flushPromises();
    const year = element.shadowRoot.querySelector('lightning-input.fiscal-year');
    expect(year.min).toBe(1900);
    expect(year.max).toBe(9999);
    year.reportValidity = jest.fn(() => false);
    element.shadowRoot.querySelector('.form-apply').click();
    await flushPromises();
    expect(createRecord).not.toHaveBeenCalled();
    expect(year.reportValidity).toHaveBeenCalled();
    expect(textOf(element.shadowRoot.querySelector('.accounts-error'))).toBe(
      'c.TemplateActions_ChooseAccounts'
    );
    await expect(element).toBeAccessible();
  });

  it('shows the search’s errors', async () => {
    const element = await loaded({ record: mockTemplate });
    element.shadowRoot.querySelector('.apply').click();
    await flushPromises();
    graphql.emitErrors([
      { message: 'Validation error: Field IsPartner is not accessible', locations: [], extensions: {} }
    ]);
    await flushPromises();
    expect(element.shadowRoot.querySelector('.search-results c-error-panel').friendlyMessage).toBe(
      'c.TemplateActions_SearchError'
    );
    await expect(element).toBeAccessible();
  });
});
