/**
 * Renders c-action-items on a plan with the fixtures both of its suites use (kept here, outside
 * __tests__, so Jest does not take it for a suite); each suite mocks the Check Off Action Items custom permission its way before importing this.
 */
import { createElement } from '@lwc/engine-dom';
import ActionItems from 'c/actionItems';
import { getRecord } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';
import { getObjectInfo, getPicklistValues } from 'lightning/uiObjectInfoApi';
import { flushPromises } from './lwcTestUtils';

// The fixtures live beside the suites that describe them.
const DATA = '../../main/default/lwc/actionItems/__tests__/data';
const mockItems = require(`${DATA}/getActionItems.json`);
const mockObjectInfo = require(`${DATA}/getObjectInfo.json`);
const mockPartyValues = require(`${DATA}/getPartyPicklistValues.json`);
const mockStatusValues = require(`${DATA}/getStatusPicklistValues.json`);
const mockPlan = require(`${DATA}/getPlan.json`);
const mockCurrentUser = require(`${DATA}/getCurrentUser.json`);

export const PLAN_ID = 'a015g00000PbPlnAAF';
// sfdx-lwc-jest's user Id.
export const USER_ID = '005000000000000000';

/** The component on the plan, before any wire has answered. */
export function createComponent() {
  const element = createElement('c-action-items', { is: ActionItems });
  element.recordId = PLAN_ID;
  document.body.appendChild(element);
  return element;
}

/** The component once every wire has answered: the picklists wait for the object info's record type. */
export async function renderWithData({ list = mockItems, objectInfo = mockObjectInfo } = {}) {
  const element = createComponent();
  await flushPromises();
  getRelatedListRecords.emit(list);
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
