import { createRecord, refresh, updateRecord } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';
import {
  createComponent,
  PLAN_ID,
  renderWithData,
  USER_ID
} from '../../../../../test/jest-utils/renderActionItems';
import { flushPromises, removeComponents } from '../../../../../test/jest-utils/lwcTestUtils';

// The signed-in user holds Check Off Action Items (a channel manager, admin or partner executive).
jest.mock(
  '@salesforce/customPermission/Check_Off_Action_Items',
  () => ({ __esModule: true, default: true }),
  {
    virtual: true
  }
);

// renderWithData shows four items of a plan whose channel manager and owner is Casey Morgan, in the
// related list's order (by due date, undated first); the user is Jordan Reyes (USER_ID):
//   4 Book the Q2 business review        no due date     Not Started  Joint    unassigned
//   3 Agree on the FY2025 targets        due 2025-02-14  Completed    Joint    Ava Lindqvist (by Ava)
//   1 Send the joint marketing plan      due 2025-03-07  In Progress  Vendor   Casey Morgan
//   2 Certify two pre-sales engineers    due 2025-06-30  Not Started  Partner  Ava Lindqvist
const mockNoItems = require('./data/getActionItemsEmpty.json');

const MANAGER_ID = '0055g00000BcMgrAAF';
const PARTNER_ID = '0055g00000BcPtnAAF';
const MARKETING = 'a055g00000AiI01AAF';
const CERTIFY = 'a055g00000AiI02AAF';
const TARGETS = 'a055g00000AiI03AAF';
const REVIEW = 'a055g00000AiI04AAF';
// 15:00 UTC on 10 March 2025 is 08:00 that day in Los Angeles (sfdx-lwc-jest's user time zone).
const NOW = new Date('2025-03-10T15:00:00.000Z');

const READ_ERROR_BODY = [
  { errorCode: 'INSUFFICIENT_ACCESS', message: 'You do not have access to the Action Item object.' }
];

function saveError(message) {
  return {
    body: {
      enhancedErrorType: 'RecordError',
      message: 'An error occurred while trying to update the record. Please try again.',
      output: {
        errors: [],
        fieldErrors: {
          Completed_By__c: [
            {
              constituentField: null,
              duplicateRecordError: null,
              errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
              field: 'Completed_By__c',
              fieldLabel: 'Completed By',
              message
            }
          ]
        }
      }
    },
    ok: false,
    status: 400,
    statusText: 'Bad Request'
  };
}

const textOf = (element) => element.textContent.replace(/\s+/g, ' ').trim();
const format = (label, ...values) => values.reduce((text, value, i) => text.replace(`{${i}}`, value), label);

const row = (element, id) => element.shadowRoot.querySelector(`tr[data-id="${id}"]`);

function change(element, value) {
  element.value = value;
  element.dispatchEvent(new CustomEvent('change', { detail: { value } }));
}

function check(element, checked) {
  element.checked = checked;
  element.dispatchEvent(new CustomEvent('change', { detail: { checked } }));
}

describe('c-action-items (a user who may check items off)', () => {
  beforeEach(() => {
    // Only the clock is fake: timers run as usual.
    jest.useFakeTimers({
      now: NOW,
      doNotFake: [
        'setTimeout',
        'clearTimeout',
        'setInterval',
        'clearInterval',
        'setImmediate',
        'queueMicrotask',
        'nextTick'
      ]
    });
  });

  afterEach(() => {
    removeComponents();
    jest.useRealTimers();
    jest.clearAllMocks();
  });

  describe('while loading', () => {
    it('shows a spinner with alternative text', async () => {
      const element = createComponent();

      expect(element.shadowRoot.querySelector('lightning-spinner').alternativeText).toBe(
        'c.ActionItems_Loading'
      );
      await expect(element).toBeAccessible();
    });
  });

  describe('with action items', () => {
    it("asks for the plan's action items by due date and the plan's people", async () => {
      await renderWithData();

      expect(getRelatedListRecords.getLastConfig()).toEqual({
        parentRecordId: PLAN_ID,
        relatedListId: 'Plan_Action_Items__r',
        fields: [
          'Plan_Action_Item__c.Name',
          'Plan_Action_Item__c.Due_Date__c',
          'Plan_Action_Item__c.Status__c',
          'Plan_Action_Item__c.Responsible_Party__c',
          'Plan_Action_Item__c.Assignee__c',
          'Plan_Action_Item__c.Assignee__r.Name',
          'Plan_Action_Item__c.Completed_By__c',
          'Plan_Action_Item__c.Completed_By__r.Name',
          'Plan_Action_Item__c.Completed_On__c'
        ],
        sortBy: ['Plan_Action_Item__c.Due_Date__c']
      });
    });

    it('shows each item with its checkbox, due date, party, assignee and status', async () => {
      const element = await renderWithData();

      const rows = [...element.shadowRoot.querySelectorAll('tbody tr.action-item')].map((tr) => ({
        name: textOf(tr.querySelector('.item-name')),
        checked: tr.querySelector('.check-off').checked,
        disabled: tr.querySelector('.check-off').disabled,
        due: tr.querySelector('.due-date-input').value,
        party: tr.querySelector('.party-input').value,
        assignee: tr.querySelector('.assignee-input').value,
        status: textOf(tr.querySelector('.status'))
      }));
      expect(rows).toEqual([
        {
          name: 'Book the Q2 business review',
          checked: false,
          disabled: false,
          due: null,
          party: 'Joint',
          assignee: '',
          status: 'Not Started'
        },
        {
          name: 'Agree on the FY2025 targets',
          checked: true,
          disabled: false,
          due: '2025-02-14',
          party: 'Joint',
          assignee: PARTNER_ID,
          status: 'Completed'
        },
        {
          name: 'Send the joint marketing plan',
          checked: false,
          disabled: false,
          due: '2025-03-07',
          party: 'Vendor',
          assignee: MANAGER_ID,
          status: 'In Progress'
        },
        {
          name: 'Certify two pre-sales engineers',
          checked: false,
          disabled: false,
          due: '2025-06-30',
          party: 'Partner',
          assignee: PARTNER_ID,
          status: 'Not Started'
        }
      ]);
      const completed = row(element, TARGETS).querySelector('.completed-by');
      expect(textOf(completed)).toBe(format('c.ActionItems_CompletedBy', 'Ava Lindqvist'));
      expect(completed.querySelector('lightning-formatted-date-time').value).toBe('2025-02-12T16:20:00.000Z');
      expect(element.shadowRoot.querySelectorAll('.completed-by')).toHaveLength(1);
      expect(element.shadowRoot.querySelector('.check-off-help')).toBeNull();
      expect(row(element, MARKETING).querySelector('.check-off').label).toBe(
        format('c.ActionItems_CheckOff', 'Send the joint marketing plan')
      );
    });

    it('offers the user, the channel manager, the owner and current assignees, once each', async () => {
      const element = await renderWithData();

      expect(element.shadowRoot.querySelector('.new-assignee').options).toEqual([
        { label: 'c.ActionItems_Unassigned', value: '' },
        { label: format('c.ActionItems_Me', 'Jordan Reyes'), value: USER_ID },
        { label: 'Casey Morgan', value: MANAGER_ID },
        { label: 'Ava Lindqvist', value: PARTNER_ID }
      ]);
    });

    it('marks only open items past their due date as overdue, with an icon and text', async () => {
      const element = await renderWithData();

      const overdue = [...element.shadowRoot.querySelectorAll('tr.overdue')].map((tr) => tr.dataset.id);
      expect(overdue).toEqual([MARKETING]);
      const cell = row(element, MARKETING).querySelector('.due-date');
      expect(cell.classList.contains('slds-text-color_error')).toBe(true);
      expect(textOf(cell.querySelector('.overdue-flag'))).toBe('c.ActionItems_Overdue');
      expect(cell.querySelector('.overdue-flag lightning-icon').iconName).toBe('utility:warning');
      // Completed before its due date passed, so not overdue; nor are items due later or undated.
      for (const id of [CERTIFY, TARGETS, REVIEW]) {
        expect(row(element, id).querySelector('.overdue-flag')).toBeNull();
      }
    });

    it("counts a due date as today's until the day ends in the user's time zone", async () => {
      // 07:30 UTC on 8 March is still 7 March (23:30) in Los Angeles: the item is due today.
      jest.setSystemTime(new Date('2025-03-08T07:30:00.000Z'));
      const element = await renderWithData();

      expect(element.shadowRoot.querySelector('tr.overdue')).toBeNull();
    });

    it('is accessible', async () => {
      const element = await renderWithData();

      await expect(element).toBeAccessible();
    });
  });

  describe('checking items off', () => {
    it('stamps Completed By with the user and Completed On with now, in the same save', async () => {
      const element = await renderWithData();

      check(row(element, MARKETING).querySelector('.check-off'), true);
      await flushPromises();

      expect(updateRecord).toHaveBeenCalledWith({
        fields: {
          Id: MARKETING,
          Status__c: 'Completed',
          Completed_By__c: USER_ID,
          Completed_On__c: '2025-03-10T15:00:00.000Z'
        }
      });
    });

    it('reopens a completed item to In Progress, clearing who and when', async () => {
      const element = await renderWithData();

      check(row(element, TARGETS).querySelector('.check-off'), false);
      await flushPromises();

      expect(updateRecord).toHaveBeenCalledWith({
        fields: { Id: TARGETS, Status__c: 'In Progress', Completed_By__c: null, Completed_On__c: null }
      });
    });

    it('puts the box back and shows the reason when the save is refused', async () => {
      updateRecord.mockRejectedValue(
        saveError('Completed By must be you: you are the one checking off this action item.')
      );
      const element = await renderWithData();
      const box = row(element, MARKETING).querySelector('.check-off');

      check(box, true);
      await flushPromises();

      expect(box.checked).toBe(false);
      expect(textOf(row(element, MARKETING).querySelector('.row-error'))).toBe(
        'c.ActionItems_SaveFailed Completed By must be you: you are the one checking off this action item.'
      );
      await expect(element).toBeAccessible();
    });
  });

  describe('editing items', () => {
    it('saves a new due date, party and assignee as they change', async () => {
      const element = await renderWithData();

      change(row(element, REVIEW).querySelector('.due-date-input'), '2025-04-04');
      change(row(element, REVIEW).querySelector('.party-input'), 'Vendor');
      change(row(element, CERTIFY).querySelector('.assignee-input'), '');
      await flushPromises();

      expect(updateRecord.mock.calls.map(([input]) => input)).toEqual([
        { fields: { Id: REVIEW, Due_Date__c: '2025-04-04' } },
        { fields: { Id: REVIEW, Responsible_Party__c: 'Vendor' } },
        { fields: { Id: CERTIFY, Assignee__c: null } }
      ]);
    });
  });

  describe('adding an item', () => {
    function fillIn(element, { name, due, party, assignee }) {
      change(element.shadowRoot.querySelector('.new-name'), name);
      if (due !== undefined) change(element.shadowRoot.querySelector('.new-due-date'), due);
      if (party !== undefined) change(element.shadowRoot.querySelector('.new-party'), party);
      if (assignee !== undefined) change(element.shadowRoot.querySelector('.new-assignee'), assignee);
      for (const input of element.shadowRoot.querySelectorAll(
        '.new-item lightning-input, .new-item lightning-combobox'
      )) {
        input.reportValidity = jest.fn(() => input.value !== '' || !input.required);
      }
    }

    it('creates it on the plan with the status default, then refreshes the list and clears the form', async () => {
      createRecord.mockResolvedValue({ id: 'a055g00000AiI05AAF' });
      const element = await renderWithData();
      const toasts = [];
      element.addEventListener('lightning__showtoast', (event) => toasts.push(event.detail));

      fillIn(element, {
        name: '  Share the Q2 pipeline review ',
        due: '2025-04-15',
        party: 'Partner',
        assignee: MANAGER_ID
      });
      await flushPromises();
      element.shadowRoot.querySelector('lightning-button.add-item').click();
      await flushPromises();

      expect(createRecord).toHaveBeenCalledWith({
        apiName: 'Plan_Action_Item__c',
        fields: {
          Business_Plan__c: PLAN_ID,
          Name: 'Share the Q2 pipeline review',
          Due_Date__c: '2025-04-15',
          Responsible_Party__c: 'Partner',
          Assignee__c: MANAGER_ID,
          Status__c: 'Not Started'
        }
      });
      expect(refresh).toHaveBeenCalledTimes(1);
      expect(toasts).toEqual([
        {
          title: format('c.ActionItems_Added', 'Share the Q2 pipeline review'),
          message: '',
          variant: 'success'
        }
      ]);
      expect(element.shadowRoot.querySelector('.new-name').value).toBe('');
    });

    it('uses the responsible party default and no assignee or due date when left alone', async () => {
      const element = await renderWithData();

      fillIn(element, { name: 'Draft the joint press release' });
      element.shadowRoot.querySelector('lightning-button.add-item').click();
      await flushPromises();

      expect(createRecord.mock.calls[0][0].fields).toEqual({
        Business_Plan__c: PLAN_ID,
        Name: 'Draft the joint press release',
        Due_Date__c: null,
        Responsible_Party__c: 'Joint',
        Assignee__c: null,
        Status__c: 'Not Started'
      });
    });

    it('does not save without a name', async () => {
      const element = await renderWithData();

      fillIn(element, { name: '' });
      element.shadowRoot.querySelector('lightning-button.add-item').click();
      await flushPromises();

      expect(createRecord).not.toHaveBeenCalled();
    });

    it('shows why the add failed', async () => {
      createRecord.mockRejectedValue(
        saveError(
          'This plan is completed: its records can no longer be added or changed. A business planning admin can reopen the plan.'
        )
      );
      const element = await renderWithData();

      fillIn(element, { name: 'Late item' });
      element.shadowRoot.querySelector('lightning-button.add-item').click();
      await flushPromises();

      expect(textOf(element.shadowRoot.querySelector('.add-error'))).toBe(
        'c.ActionItems_AddFailed This plan is completed: its records can no longer be added or changed. A business planning admin can reopen the plan.'
      );
      await expect(element).toBeAccessible();
    });
  });

  describe('without action items', () => {
    it('says there are none yet and offers the form', async () => {
      const element = await renderWithData({ list: mockNoItems });

      expect(textOf(element.shadowRoot.querySelector('.empty-state'))).toBe('c.ActionItems_Empty');
      expect(element.shadowRoot.querySelector('table')).toBeNull();
      expect(element.shadowRoot.querySelector('.new-item')).not.toBeNull();
      await expect(element).toBeAccessible();
    });
  });

  describe('when a wire fails', () => {
    it('shows the error panel with the reduced error', async () => {
      const element = createComponent();
      getRelatedListRecords.error(READ_ERROR_BODY, 403, 'Forbidden');
      await flushPromises();

      const panel = element.shadowRoot.querySelector('c-error-panel');
      expect(panel.friendlyMessage).toBe('c.ActionItems_LoadError');
      expect(element.shadowRoot.querySelector('lightning-spinner')).toBeNull();
      panel.shadowRoot.querySelector('lightning-button').click();
      await flushPromises();
      expect([...panel.shadowRoot.querySelectorAll('li')].map(textOf)).toEqual([
        'You do not have access to the Action Item object.'
      ]);
      await expect(element).toBeAccessible();
    });
  });
});
