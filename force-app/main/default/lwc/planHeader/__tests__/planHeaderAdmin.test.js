import { createElement } from '@lwc/engine-dom';
import PlanHeader from 'c/planHeader';
import { getRecord, updateRecord } from 'lightning/uiRecordApi';
import { getObjectInfo, getPicklistValues } from 'lightning/uiObjectInfoApi';
import LightningConfirm from 'lightning/confirm';

// The administrator, who holds Override_Plan_Workflow (Business_Planning_Admin) and manages no plan.
jest.mock('@salesforce/user/Id', () => ({ __esModule: true, default: '005Lo000Vd4nLtJIIU' }), {
  virtual: true
});
jest.mock(
  '@salesforce/customPermission/Override_Plan_Workflow',
  () => ({ __esModule: true, default: true }),
  { virtual: true }
);
jest.mock('lightning/confirm', () => ({ __esModule: true, default: { open: jest.fn() } }));

const mockPlan = require('./data/getRecordPlan.json');
const mockCasey = require('./data/getRecordChannelManager.json');
const mockObjectInfo = require('./data/getObjectInfo.json');
const mockStatusValues = require('./data/getPicklistValuesStatus.json');

// Confirmation, save and re-render settle within a few microtasks.
const flushPromises = () =>
  Array.from({ length: 10 }).reduce((settled) => settled.then(() => undefined), Promise.resolve());
const isUserConfig = (config) => Array.isArray(config.fields) && config.fields[0]?.objectApiName === 'User';
const isPlanConfig = (config) => !isUserConfig(config);

async function render(status) {
  const plan = JSON.parse(JSON.stringify(mockPlan));
  plan.fields.Status__c = { displayValue: status, value: status };
  const admin = { ...JSON.parse(JSON.stringify(mockCasey)), id: '005Lo000Vd4nLtJIIU' };
  const element = createElement('c-plan-header', { is: PlanHeader });
  element.recordId = plan.id;
  document.body.appendChild(element);
  getRecord.emit(plan, isPlanConfig);
  getRecord.emit(admin, isUserConfig);
  getObjectInfo.emit(mockObjectInfo);
  getPicklistValues.emit(mockStatusValues);
  await flushPromises();
  return element;
}

const buttons = (element) =>
  [...element.shadowRoot.querySelectorAll('.step-actions lightning-button')].map((b) => b.label);

describe('c-plan-header for a business planning admin', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
  });

  it('offers to send, complete and step back on plans they do not manage', async () => {
    expect(buttons(await render('Draft Outline'))).toEqual(['c.PlanHeader_Send']);
    expect(buttons(await render('In Progress'))).toEqual(['c.PlanHeader_Complete', 'c.PlanHeader_StepBack']);
  });

  it('never offers to approve for the partner', async () => {
    expect(buttons(await render('Draft'))).toEqual(['c.PlanHeader_StepBack']);
  });

  it('reopens a completed plan one step, after confirmation', async () => {
    LightningConfirm.open.mockResolvedValue(true);
    const element = await render('Completed');
    expect(buttons(element)).toEqual(['c.PlanHeader_StepBack']);

    element.shadowRoot.querySelector('.step-actions lightning-button').click();
    await flushPromises();

    expect(updateRecord).toHaveBeenCalledWith({ fields: { Id: mockPlan.id, Status__c: 'In Progress' } });
    await expect(element).toBeAccessible();
  });
});
