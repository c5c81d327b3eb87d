import { createElement } from '@lwc/engine-dom';
import ActionItems from 'c/actionItems';
import { getRecord, updateRecord } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';
import { getObjectInfo, getPicklistValues } from 'lightning/uiObjectInfoApi';

// A partner planner: no Check Off Action Items custom permission (the import is undefined), and
// no edit access to Completed By and Completed On, as the Partner_Planner permission set grants.
jest.mock(
  '@salesforce/customPermission/Check_Off_Action_Items',
  () => ({ __esModule: true, default: undefined }),
  {
    virtual: true
  }
);

const mockItems = require('./data/getActionItems.json');
const mockObjectInfo = require('./data/getObjectInfo.json');
const mockPartyValues = require('./data/getPartyPicklistValues.json');
const mockStatusValues = require('./data/getStatusPicklistValues.json');
const mockPlan = require('./data/getPlan.json');
const mockCurrentUser = require('./data/getCurrentUser.json');

const PLAN_ID = 'a015g00000PbPlnAAF';
const USER_ID = '005000000000000000';

// eslint-disable-next-line @lwc/lwc/no-async-operation
const flushPromises = () => new Promise((resolve) => setTimeout(resolve, 0));

async function renderWithData(objectInfo = mockObjectInfo) {
  const element = createElement('c-action-items', { is: ActionItems });
  element.recordId = PLAN_ID;
  document.body.appendChild(element);
  await flushPromises();
  getRelatedListRecords.emit(mockItems);
  getObjectInfo.emit(objectInfo);
  getRecord.emit(mockPlan, (config) => config.recordId === PLAN_ID);
  getRecord.emit(mockCurrentUser, (config) => config.recordId === USER_ID);
  await flushPromises();
  getPicklistValues.emit(
    mockPartyValues,
    (config) => config.fieldApiName.fieldApiName === 'Responsible_Party__c'
  );
  getPicklistValues.emit(mockStatusValues, (config) => config.fieldApiName.fieldApiName === 'Status__c');
  await flushPromises();
  return element;
}

describe('c-action-items (a user who may not check items off)', () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
    jest.clearAllMocks();
  });

  it('shows every checkbox disabled, with a tooltip saying who can check items off', async () => {
    const element = await renderWithData();

    const boxes = [...element.shadowRoot.querySelectorAll('lightning-input.check-off')];
    expect(boxes.map((box) => [box.checked, box.disabled])).toEqual([
      [false, true],
      [true, true],
      [false, true],
      [false, true]
    ]);
    const help = [...element.shadowRoot.querySelectorAll('lightning-helptext.check-off-help')];
    expect(help).toHaveLength(4);
    expect(help[0].content).toBe('c.ActionItems_CheckOffNotAllowed');
    expect(updateRecord).not.toHaveBeenCalled();
    await expect(element).toBeAccessible();
  });

  it('still lets them assign items and set due dates', async () => {
    const element = await renderWithData();

    expect(element.shadowRoot.querySelectorAll('.due-date-input')).toHaveLength(4);
    expect(element.shadowRoot.querySelectorAll('.assignee-input')).toHaveLength(4);
    expect(element.shadowRoot.querySelector('.new-item')).not.toBeNull();
  });

  it('shows plain values to a user who may not edit action items at all', async () => {
    const objectInfo = JSON.parse(JSON.stringify(mockObjectInfo));
    Object.assign(objectInfo, { createable: false, updateable: false });
    const element = await renderWithData(objectInfo);

    expect(element.shadowRoot.querySelector('.due-date-input')).toBeNull();
    expect(element.shadowRoot.querySelector('.party-input')).toBeNull();
    expect(element.shadowRoot.querySelector('.new-item')).toBeNull();
    await expect(element).toBeAccessible();
  });
});
