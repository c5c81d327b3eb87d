import { createElement } from '@lwc/engine-dom';
import PlanHeader from 'c/planHeader';
import { getRecord, updateRecord } from 'lightning/uiRecordApi';
import { getObjectInfo, getPicklistValues } from 'lightning/uiObjectInfoApi';
import LightningConfirm from 'lightning/confirm';

// The signed-in user is Casey (the transformer reads scoped imports once, at module load), who
// holds no Override_Plan_Workflow; planHeaderAdmin.test.js covers a holder. Other personas are
// set up through the data: a plan Casey does not manage, a User record with a partner contact.
jest.mock('@salesforce/user/Id', () => ({ __esModule: true, default: '005Lo000Vd4nLtcIIE' }), {
  virtual: true
});
jest.mock(
  '@salesforce/customPermission/Override_Plan_Workflow',
  () => ({ __esModule: true, default: false }),
  { virtual: true }
);
jest.mock('lightning/confirm', () => ({ __esModule: true, default: { open: jest.fn() } }));

// UI API responses from the local org: a Draft plan Casey manages, whose primary partner
// contact is Ava's contact; Casey's and Ava's User records (ContactId); Business_Plan__c's
// object info and Status__c picklist values.
const mockPlan = require('./data/getRecordPlan.json');
const mockCasey = require('./data/getRecordChannelManager.json');
const mockAva = require('./data/getRecordPartnerUser.json');
const mockObjectInfo = require('./data/getObjectInfo.json');
const mockStatusValues = require('./data/getPicklistValuesStatus.json');

const PLAN_ID = mockPlan.id;
const CASEY_ID = mockCasey.id;
const JORDAN_ID = '005Lo000Vd4nLteIIE';

/** The signed-in user as a partner user: Ava's User record (her ContactId) under Casey's Id. */
const asPartnerUser = () => ({ ...JSON.parse(JSON.stringify(mockAva)), id: CASEY_ID });
/** A plan Jordan manages, so the signed-in user is not its channel manager. */
const managedByJordan = (plan) => {
  const copy = JSON.parse(JSON.stringify(plan));
  copy.fields.Channel_Manager__c = { displayValue: null, value: JORDAN_ID };
  return copy;
};

// Confirmation, save and re-render settle within a few microtasks.
const flushPromises = () =>
  Array.from({ length: 10 }).reduce((settled) => settled.then(() => undefined), Promise.resolve());
const textOf = (element) => element.textContent.replace(/\s+/g, ' ').trim();
// The adapter mock reports the user wire's static config; the plan wire's ('$recordId') reads as {}.
const isUserConfig = (config) => Array.isArray(config.fields) && config.fields[0]?.objectApiName === 'User';
const isPlanConfig = (config) => !isUserConfig(config);

function withStatus(status, changes = {}) {
  const plan = JSON.parse(JSON.stringify(mockPlan));
  plan.fields.Status__c = { displayValue: status, value: status };
  Object.assign(plan.fields, changes);
  return plan;
}

function createComponent() {
  const element = createElement('c-plan-header', { is: PlanHeader });
  element.recordId = PLAN_ID;
  document.body.appendChild(element);
  return element;
}

async function render({ plan = mockPlan, user = mockCasey, objectInfo = mockObjectInfo } = {}) {
  const element = createComponent();
  getRecord.emit(plan, isPlanConfig);
  getRecord.emit(user, isUserConfig);
  getObjectInfo.emit(objectInfo);
  getPicklistValues.emit(mockStatusValues);
  await flushPromises();
  return element;
}

const buttons = (element) =>
  [...element.shadowRoot.querySelectorAll('.step-actions lightning-button')].map((b) => b.label);

describe('c-plan-header', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
  });

  describe('while loading', () => {
    it('shows a spinner and no path until every wire has data', async () => {
      const element = createComponent();
      getRecord.emit(mockPlan, isPlanConfig);
      await flushPromises();

      expect(element.shadowRoot.querySelector('lightning-spinner').alternativeText).toBe(
        'c.PlanHeader_Loading'
      );
      expect(element.shadowRoot.querySelector('lightning-progress-indicator')).toBeNull();
      await expect(element).toBeAccessible();
    });
  });

  describe('with the plan', () => {
    it('asks for the plan, the user’s contact and the Status__c values of the default record type', async () => {
      await render();

      expect(getPicklistValues.getLastConfig()).toEqual({
        recordTypeId: '012000000000000AAA',
        fieldApiName: { objectApiName: 'Business_Plan__c', fieldApiName: 'Status__c' }
      });
      expect(getObjectInfo.getLastConfig()).toEqual({ objectApiName: { objectApiName: 'Business_Plan__c' } });
    });

    it('shows the path in picklist order with the admin’s labels, at the current status', async () => {
      const values = JSON.parse(JSON.stringify(mockStatusValues));
      values.values[1].label = 'Partner Review';
      const element = createComponent();
      getRecord.emit(mockPlan, isPlanConfig);
      getRecord.emit(mockCasey, isUserConfig);
      getObjectInfo.emit(mockObjectInfo);
      getPicklistValues.emit(values);
      await flushPromises();

      const path = element.shadowRoot.querySelector('lightning-progress-indicator');
      expect(path.type).toBe('path');
      expect(path.currentStep).toBe('Draft');
      const steps = [...path.querySelectorAll('lightning-progress-step')].map((s) => [s.value, s.label]);
      expect(steps).toEqual([
        ['Draft Outline', 'Draft Outline'],
        ['Draft', 'Partner Review'],
        ['In Progress', 'In Progress'],
        ['Completed', 'Completed']
      ]);
      expect(buttons(element)).toEqual(['c.PlanHeader_Approve', 'c.PlanHeader_StepBack']);
    });

    it('offers the channel manager the approval and a step back on a draft', async () => {
      const element = await render();

      expect(buttons(element)).toEqual(['c.PlanHeader_Approve', 'c.PlanHeader_StepBack']);
      await expect(element).toBeAccessible();
    });

    it('offers the primary partner user only the approval', async () => {
      const element = await render({ user: asPartnerUser(), plan: managedByJordan(mockPlan) });

      expect(buttons(element)).toEqual(['c.PlanHeader_Approve']);
    });

    it('offers a partner user nothing on an approved plan, and says so', async () => {
      const element = await render({
        user: asPartnerUser(),
        plan: managedByJordan(withStatus('In Progress'))
      });

      expect(buttons(element)).toEqual([]);
      expect(textOf(element.shadowRoot.querySelector('.no-step'))).toBe('c.PlanHeader_NoStep');
      await expect(element).toBeAccessible();
    });

    it('says a template stays in Draft Outline instead of offering steps', async () => {
      const element = await render({
        plan: withStatus('Draft Outline', { Is_Template__c: { displayValue: null, value: true } })
      });

      expect(buttons(element)).toEqual([]);
      expect(textOf(element.shadowRoot.querySelector('.no-step'))).toBe('c.PlanHeader_Template');
    });

    it('offers nothing when field-level security makes Status__c read-only', async () => {
      const readOnly = JSON.parse(JSON.stringify(mockObjectInfo));
      readOnly.fields.Status__c.updateable = false;
      const element = await render({ objectInfo: readOnly });

      expect(buttons(element)).toEqual([]);
    });
  });

  describe('taking a step', () => {
    const click = async (element, label) => {
      const button = [...element.shadowRoot.querySelectorAll('.step-actions lightning-button')].find(
        (b) => b.label === label
      );
      button.click();
      await flushPromises();
    };

    it('approves after confirmation, stamping who approved and when, and toasts', async () => {
      jest.useFakeTimers({
        doNotFake: ['setTimeout', 'setImmediate', 'nextTick'],
        now: new Date('2026-03-02T10:15:00.000Z')
      });
      LightningConfirm.open.mockResolvedValue(true);
      updateRecord.mockResolvedValue({});
      const element = await render({ user: asPartnerUser(), plan: managedByJordan(mockPlan) });
      const toasts = [];
      element.addEventListener('lightning__showtoast', (e) => toasts.push(e.detail));

      await click(element, 'c.PlanHeader_Approve');

      expect(LightningConfirm.open).toHaveBeenCalledWith({
        message: 'c.PlanHeader_ApproveConfirm',
        label: 'c.PlanHeader_Approve',
        variant: 'header',
        theme: 'default'
      });
      expect(updateRecord).toHaveBeenCalledWith({
        fields: {
          Id: PLAN_ID,
          Status__c: 'In Progress',
          Partner_Approved_By__c: CASEY_ID,
          Partner_Approved_On__c: '2026-03-02T10:15:00.000Z'
        }
      });
      expect(toasts).toEqual([{ title: 'c.PlanHeader_Approved', message: '', variant: 'success' }]);
      jest.useRealTimers();
    });

    it('moves the status only, without stamps, when stepping back', async () => {
      LightningConfirm.open.mockResolvedValue(true);
      const element = await render({ plan: withStatus('In Progress') });

      await click(element, 'c.PlanHeader_StepBack');

      expect(LightningConfirm.open.mock.calls[0][0].theme).toBe('warning');
      expect(updateRecord).toHaveBeenCalledWith({ fields: { Id: PLAN_ID, Status__c: 'Draft' } });
    });

    it('sends a draft outline to the partner', async () => {
      LightningConfirm.open.mockResolvedValue(true);
      const element = await render({ plan: withStatus('Draft Outline') });

      await click(element, 'c.PlanHeader_Send');

      expect(updateRecord).toHaveBeenCalledWith({ fields: { Id: PLAN_ID, Status__c: 'Draft' } });
    });

    it('saves nothing when the user cancels the confirmation', async () => {
      LightningConfirm.open.mockResolvedValue(false);
      const element = await render({ plan: withStatus('In Progress') });

      await click(element, 'c.PlanHeader_Complete');

      expect(updateRecord).not.toHaveBeenCalled();
    });

    it('shows the validation rule’s message when the org refuses the step', async () => {
      LightningConfirm.open.mockResolvedValue(true);
      // A UI API DML error: the rule's message in output.errors, as the records resource returns it.
      updateRecord.mockRejectedValue({
        status: 400,
        body: {
          message: 'An error occurred while trying to update the record. Please try again.',
          output: {
            errors: [
              {
                errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
                message:
                  'Before the plan goes to the partner, fill in Partner Account, Primary Partner Contact, Start Date and End Date.'
              }
            ],
            fieldErrors: {}
          }
        }
      });
      const element = await render({ plan: withStatus('Draft Outline') });

      await click(element, 'c.PlanHeader_Send');

      const panel = element.shadowRoot.querySelector('c-error-panel.save-error');
      expect(panel.friendlyMessage).toBe(
        'Before the plan goes to the partner, fill in Partner Account, Primary Partner Contact, Start Date and End Date.'
      );
      expect(buttons(element)).toEqual(['c.PlanHeader_Send']);
      await expect(element).toBeAccessible();
    });
  });

  describe('when a wire fails', () => {
    it('shows the error panel instead of the path', async () => {
      const element = createComponent();
      getRecord.emitError(
        { body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }], status: 404 },
        isPlanConfig
      );
      await flushPromises();

      const panel = element.shadowRoot.querySelector('c-error-panel');
      expect(panel.friendlyMessage).toBe('c.PlanHeader_LoadError');
      expect(element.shadowRoot.querySelector('lightning-progress-indicator')).toBeNull();
      await expect(element).toBeAccessible();
    });
  });
});
