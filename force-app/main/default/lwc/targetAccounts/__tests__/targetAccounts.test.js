import { createElement } from '@lwc/engine-dom';
import TargetAccounts from 'c/targetAccounts';
import { createRecord, deleteRecord, refresh, updateRecord } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';
import { getObjectInfo, getPicklistValues } from 'lightning/uiObjectInfoApi';
import { getListRecordsByName } from 'lightning/uiListsApi';
import LightningConfirm from 'lightning/confirm';
import { flushPromises, removeComponents } from '../../../../../test/jest-utils/lwcTestUtils';

jest.mock('lightning/confirm', () => ({ __esModule: true, default: { open: jest.fn() } }));

// Two target accounts: Contoso Retail (Engaged, 250,000, with notes) and Fabrikam Logistics
// (Identified, no potential value or notes). The account search finds Coho Winery and Contoso.
const mockTargetAccounts = require('./data/getTargetAccounts.json');
const mockNoTargetAccounts = require('./data/getTargetAccountsEmpty.json');
const mockObjectInfo = require('./data/getObjectInfo.json');
const mockStatusValues = require('./data/getStatusPicklistValues.json');
const mockSearch = require('./data/getListRecordsByName.json');
const mockSearchEmpty = require('./data/getListRecordsByNameEmpty.json');

const PLAN_ID = 'a015g00000PbPlnAAF';
const CONTOSO_ROW = 'a045g00000TaA01AAF';
const FABRIKAM_ROW = 'a045g00000TaA02AAF';
const COHO_ID = '0015g00000AcC03AAF';

const READ_ERROR_BODY = [
  { errorCode: 'INSUFFICIENT_ACCESS', message: 'You do not have access to the Target Account object.' }
];

/** A UI API save refused because the row's unique key exists already. */
function saveError(errorCode, message, field = null) {
  const entry = {
    constituentField: null,
    duplicateRecordError: null,
    errorCode,
    field,
    fieldLabel: null,
    message
  };
  return {
    body: {
      enhancedErrorType: 'RecordError',
      message: 'An error occurred while trying to update the record. Please try again.',
      output: field ? { errors: [], fieldErrors: { [field]: [entry] } } : { errors: [entry], fieldErrors: {} }
    },
    ok: false,
    status: 400,
    statusText: 'Bad Request'
  };
}

// The search waits 300 ms after the last keystroke.
// eslint-disable-next-line @lwc/lwc/no-async-operation
const waitForSearch = () => new Promise((resolve) => setTimeout(resolve, 350));
const textOf = (element) => element.textContent.replace(/\s+/g, ' ').trim();
const clone = (value) => JSON.parse(JSON.stringify(value));
const format = (label, ...values) => values.reduce((text, value, i) => text.replace(`{${i}}`, value), label);

function createComponent() {
  const element = createElement('c-target-accounts', { is: TargetAccounts });
  element.recordId = PLAN_ID;
  document.body.appendChild(element);
  return element;
}

async function renderWithData({ list = mockTargetAccounts, objectInfo = mockObjectInfo } = {}) {
  const element = createComponent();
  getRelatedListRecords.emit(list);
  getObjectInfo.emit(objectInfo);
  await flushPromises();
  getPicklistValues.emit(mockStatusValues);
  await flushPromises();
  return element;
}

const row = (element, id) => element.shadowRoot.querySelector(`tr[data-id="${id}"]`);

async function search(element, term) {
  const input = element.shadowRoot.querySelector('lightning-input.search-input');
  input.value = term;
  input.dispatchEvent(new CustomEvent('change', { detail: { value: term } }));
  await waitForSearch();
}

async function searchAndShow(element, results = mockSearch) {
  await search(element, 'co');
  getListRecordsByName.emit(results);
  await flushPromises();
}

const addButton = (element, name) =>
  [...element.shadowRoot.querySelectorAll('lightning-button.add-account')].find(
    (b) => b.dataset.name === name
  );

describe('c-target-accounts', () => {
  afterEach(() => {
    removeComponents();
    jest.clearAllMocks();
  });

  describe('while loading', () => {
    it('shows a spinner with alternative text', async () => {
      const element = createComponent();

      expect(element.shadowRoot.querySelector('lightning-spinner').alternativeText).toBe(
        'c.TargetAccounts_Loading'
      );
      await expect(element).toBeAccessible();
    });
  });

  describe('with target accounts', () => {
    it("asks for the plan's target accounts and the status values of the object's default record type", async () => {
      await renderWithData();

      expect(getRelatedListRecords.getLastConfig()).toEqual({
        parentRecordId: PLAN_ID,
        relatedListId: 'Plan_Target_Accounts__r',
        fields: [
          'Plan_Target_Account__c.Account__c',
          'Plan_Target_Account__c.Account__r.Name',
          'Plan_Target_Account__c.Status__c',
          'Plan_Target_Account__c.Potential_Value__c',
          'Plan_Target_Account__c.Notes__c'
        ],
        sortBy: ['Plan_Target_Account__c.Name']
      });
      expect(getPicklistValues.getLastConfig()).toEqual({
        recordTypeId: '012000000000000AAA',
        fieldApiName: { objectApiName: 'Plan_Target_Account__c', fieldApiName: 'Status__c' }
      });
    });

    it('lists each account with editable status, potential value and notes', async () => {
      const element = await renderWithData();

      const rows = [...element.shadowRoot.querySelectorAll('tbody tr.target-account')].map((tr) => ({
        account: textOf(tr.querySelector('.account-name')),
        href: tr.querySelector('.account-name').getAttribute('href'),
        status: tr.querySelector('.status-input').value,
        potential: tr.querySelector('.potential-input').value,
        notes: tr.querySelector('.notes-input').value,
        remove: tr.querySelector('.remove').alternativeText
      }));
      expect(rows).toEqual([
        {
          account: 'Contoso Retail',
          href: '/lightning/r/Account/0015g00000AcC01AAF/view',
          status: 'Engaged',
          potential: 250000,
          notes: 'Expanding to three new stores.',
          remove: format('c.TargetAccounts_Remove', 'Contoso Retail')
        },
        {
          account: 'Fabrikam Logistics',
          href: '/lightning/r/Account/0015g00000AcC02AAF/view',
          status: 'Identified',
          potential: null,
          notes: '',
          remove: format('c.TargetAccounts_Remove', 'Fabrikam Logistics')
        }
      ]);
      expect(element.shadowRoot.querySelector('.status-input').options.map((o) => o.value)).toEqual([
        'Identified',
        'Engaged',
        'Opportunity',
        'Won',
        'Lost'
      ]);
    });

    it('is accessible', async () => {
      const element = await renderWithData();

      await expect(element).toBeAccessible();
    });
  });

  describe('searching accounts', () => {
    it('searches the All Accounts list view by name once two letters are typed', async () => {
      const element = await renderWithData();

      await search(element, 'c');
      expect(getListRecordsByName.getLastConfig().objectApiName).toBeUndefined();

      await search(element, 'co');
      expect(getListRecordsByName.getLastConfig()).toEqual({
        objectApiName: 'Account',
        listViewApiName: 'AllAccounts',
        fields: ['Account.Name'],
        where: '{ Name: { like: "%co%" } }',
        sortBy: ['Account.Name'],
        pageSize: 10
      });
      expect(textOf(element.shadowRoot.querySelector('.searching'))).toBe('c.TargetAccounts_Searching');
    });

    it('quotes the search term so it stays one string in the filter', async () => {
      const element = await renderWithData();

      await search(element, 'O"Brien } }');

      expect(getListRecordsByName.getLastConfig().where).toBe('{ Name: { like: "%O\\"Brien } }%" } }');
    });

    it('offers to add the accounts found, except those already on the plan', async () => {
      const element = await renderWithData();
      await searchAndShow(element);

      const matches = [...element.shadowRoot.querySelectorAll('li.match')].map((li) => ({
        name: textOf(li.querySelector('.match-name')),
        button: li.querySelector('lightning-button').label,
        disabled: li.querySelector('lightning-button').disabled
      }));
      expect(matches).toEqual([
        {
          name: 'Coho Winery',
          button: format('c.TargetAccounts_AddAccount', 'Coho Winery'),
          disabled: false
        },
        { name: 'Contoso Retail', button: 'c.TargetAccounts_AlreadyAdded', disabled: true }
      ]);
      await expect(element).toBeAccessible();
    });

    it('says when nothing matches', async () => {
      const element = await renderWithData();
      await searchAndShow(element, mockSearchEmpty);

      expect(textOf(element.shadowRoot.querySelector('.no-matches'))).toBe('c.TargetAccounts_NoMatches');
    });

    it('shows the search error', async () => {
      const element = await renderWithData();
      await search(element, 'co');
      getListRecordsByName.error([
        { errorCode: 'INVALID_INPUT', message: 'Invalid where: unexpected input at 3' }
      ]);
      await flushPromises();

      const panel = element.shadowRoot.querySelector('.account-search c-error-panel');
      expect(panel.friendlyMessage).toBe('c.TargetAccounts_SearchError');
      await expect(element).toBeAccessible();
    });
  });

  describe('adding an account', () => {
    it('creates the target account with the unique key of plan and account, then refreshes the list', async () => {
      createRecord.mockResolvedValue({ id: 'a045g00000TaA03AAF' });
      const element = await renderWithData();
      const toasts = [];
      element.addEventListener('lightning__showtoast', (event) => toasts.push(event.detail));
      await searchAndShow(element);

      addButton(element, 'Coho Winery').click();
      await flushPromises();

      expect(createRecord).toHaveBeenCalledWith({
        apiName: 'Plan_Target_Account__c',
        fields: {
          Business_Plan__c: PLAN_ID,
          Account__c: COHO_ID,
          // The first 15 characters of the plan Id, then of the account Id.
          Unique_Key__c: 'a015g00000PbPln0015g00000AcC03',
          Status__c: 'Identified'
        }
      });
      expect(refresh).toHaveBeenCalledTimes(1);
      expect(refresh.mock.calls[0][0].data).toEqual(mockTargetAccounts);
      expect(toasts).toEqual([
        { title: format('c.TargetAccounts_Added', 'Coho Winery'), message: '', variant: 'success' }
      ]);
      expect(element.shadowRoot.querySelector('.add-error')).toBeNull();
    });

    it('says the account is already on the plan when the unique key refuses a second row', async () => {
      createRecord.mockRejectedValue(
        saveError(
          'DUPLICATE_VALUE',
          'duplicate value found: Unique_Key__c duplicates value on record with id: a045g00000TaA09AAF',
          'Unique_Key__c'
        )
      );
      const element = await renderWithData();
      await searchAndShow(element);

      addButton(element, 'Coho Winery').click();
      await flushPromises();

      expect(textOf(element.shadowRoot.querySelector('.add-error'))).toBe(
        format('c.TargetAccounts_Duplicate', 'Coho Winery')
      );
      expect(refresh).not.toHaveBeenCalled();
      await expect(element).toBeAccessible();
    });

    it('shows why any other add failed', async () => {
      createRecord.mockRejectedValue(
        saveError(
          'FIELD_CUSTOM_VALIDATION_EXCEPTION',
          'This plan is completed: its records can no longer be added or changed. A business planning admin can reopen the plan.'
        )
      );
      const element = await renderWithData();
      await searchAndShow(element);

      addButton(element, 'Coho Winery').click();
      await flushPromises();

      expect(textOf(element.shadowRoot.querySelector('.add-error'))).toBe(
        `${format('c.TargetAccounts_AddFailed', 'Coho Winery')} This plan is completed: its records can no longer be added or changed. A business planning admin can reopen the plan.`
      );
    });
  });

  describe('editing inline', () => {
    it('saves a new status at once', async () => {
      const element = await renderWithData();

      const status = row(element, FABRIKAM_ROW).querySelector('.status-input');
      status.dispatchEvent(new CustomEvent('change', { detail: { value: 'Won' } }));
      await flushPromises();

      expect(updateRecord).toHaveBeenCalledWith({ fields: { Id: FABRIKAM_ROW, Status__c: 'Won' } });
    });

    it('saves the potential value when it is committed, and not when it is unchanged', async () => {
      const element = await renderWithData();
      const input = row(element, CONTOSO_ROW).querySelector('.potential-input');
      input.reportValidity = jest.fn(() => true);

      input.value = '250000';
      input.dispatchEvent(new CustomEvent('commit'));
      await flushPromises();
      expect(updateRecord).not.toHaveBeenCalled();

      input.value = '312500.5';
      input.dispatchEvent(new CustomEvent('commit'));
      await flushPromises();
      expect(updateRecord).toHaveBeenCalledWith({
        fields: { Id: CONTOSO_ROW, Potential_Value__c: 312500.5 }
      });
    });

    it('saves notes when the user leaves the field, clearing them with null', async () => {
      const element = await renderWithData();
      const notes = row(element, CONTOSO_ROW).querySelector('.notes-input');

      notes.value = '';
      notes.dispatchEvent(new CustomEvent('blur'));
      await flushPromises();

      expect(updateRecord).toHaveBeenCalledWith({ fields: { Id: CONTOSO_ROW, Notes__c: null } });
    });

    it('shows a refused save on its row', async () => {
      updateRecord.mockRejectedValue(
        saveError('INSUFFICIENT_ACCESS_OR_READONLY', 'insufficient access rights on object id')
      );
      const element = await renderWithData();

      row(element, FABRIKAM_ROW)
        .querySelector('.status-input')
        .dispatchEvent(new CustomEvent('change', { detail: { value: 'Lost' } }));
      await flushPromises();

      expect(textOf(row(element, FABRIKAM_ROW).querySelector('.row-error'))).toBe(
        'c.TargetAccounts_SaveFailed insufficient access rights on object id'
      );
      expect(row(element, CONTOSO_ROW).querySelector('.row-error')).toBeNull();
      await expect(element).toBeAccessible();
    });
  });

  describe('removing an account', () => {
    it('deletes the target account after the user confirms, then refreshes the list', async () => {
      LightningConfirm.open.mockResolvedValue(true);
      const element = await renderWithData();

      row(element, CONTOSO_ROW).querySelector('.remove').click();
      await flushPromises();

      expect(LightningConfirm.open).toHaveBeenCalledWith({
        label: 'c.TargetAccounts_RemoveConfirmTitle',
        message: format('c.TargetAccounts_RemoveConfirm', 'Contoso Retail'),
        variant: 'header',
        theme: 'warning'
      });
      expect(deleteRecord).toHaveBeenCalledWith(CONTOSO_ROW);
      expect(refresh).toHaveBeenCalledTimes(1);
    });

    it('keeps the account when the user cancels', async () => {
      LightningConfirm.open.mockResolvedValue(false);
      const element = await renderWithData();

      row(element, CONTOSO_ROW).querySelector('.remove').click();
      await flushPromises();

      expect(deleteRecord).not.toHaveBeenCalled();
    });
  });

  describe('for a user who may only read target accounts', () => {
    it('shows the values without search, inputs or remove buttons', async () => {
      const objectInfo = clone(mockObjectInfo);
      Object.assign(objectInfo, { createable: false, updateable: false, deletable: false });
      const element = await renderWithData({ objectInfo });

      expect(element.shadowRoot.querySelector('.account-search')).toBeNull();
      expect(element.shadowRoot.querySelector('.status-input')).toBeNull();
      expect(element.shadowRoot.querySelector('.remove')).toBeNull();
      expect(textOf(row(element, CONTOSO_ROW).querySelector('.status'))).toBe('Engaged');
      expect(row(element, CONTOSO_ROW).querySelector('.potential').value).toBe(250000);
      await expect(element).toBeAccessible();
    });
  });

  describe('without target accounts', () => {
    it('says there are none yet and still offers the search', async () => {
      const element = await renderWithData({ list: mockNoTargetAccounts });

      expect(textOf(element.shadowRoot.querySelector('.empty-state'))).toBe('c.TargetAccounts_Empty');
      expect(element.shadowRoot.querySelector('table')).toBeNull();
      expect(element.shadowRoot.querySelector('lightning-input.search-input')).not.toBeNull();
      await expect(element).toBeAccessible();
    });
  });

  describe('when a wire fails', () => {
    it('shows the error panel with the reduced error', async () => {
      const element = createComponent();
      getRelatedListRecords.error(READ_ERROR_BODY, 403, 'Forbidden');
      await flushPromises();

      const panel = element.shadowRoot.querySelector('c-error-panel');
      expect(panel.friendlyMessage).toBe('c.TargetAccounts_LoadError');
      expect(element.shadowRoot.querySelector('lightning-spinner')).toBeNull();
      panel.shadowRoot.querySelector('lightning-button').click();
      await flushPromises();
      expect([...panel.shadowRoot.querySelectorAll('li')].map(textOf)).toEqual([
        'You do not have access to the Target Account object.'
      ]);
      await expect(element).toBeAccessible();
    });
  });
});
