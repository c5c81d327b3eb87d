import { createElement } from '@lwc/engine-dom';
import PlanObjectives from 'c/planObjectives';
import { getRecord, refresh } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';
import { getObjectInfo, getPicklistValues } from 'lightning/uiObjectInfoApi';

// UI API responses for a plan with three objectives. The plan's 58.25 % is worked out by hand
// from the objectives: (20 × 60 + 50 × 62.5 + 30 × 50) / (20 + 50 + 30).
const mockPlan = require('./data/getRecord.json');
const mockObjectives = require('./data/getRelatedListRecords.json');
const mockNoObjectives = require('./data/getRelatedListRecordsEmpty.json');
// Plan_Objective__c's object info, and Category__c's values with an admin's labels: Sales is
// called Revenue and Training Enablement.
const mockObjectInfo = require('./data/getObjectInfo.json');
const mockCategories = require('./data/getPicklistValuesCategory.json');

/** Emits the object info and category values every rendered state needs. */
function emitMetadata() {
  getObjectInfo.emit(mockObjectInfo);
  getPicklistValues.emit(mockCategories);
}

const PLAN_ID = mockPlan.id;

// The body of a UI API read error; the wire adapter mock wraps it in a fetch-style response.
const READ_ERROR_BODY = [
  { errorCode: 'INSUFFICIENT_ACCESS', message: 'You do not have access to the Plan Objective object.' }
];

// Top-level keys of the UI API Record and Related List Record Collection representations.
const RECORD_KEYS = [
  'apiName',
  'childRelationships',
  'eTag',
  'fields',
  'id',
  'lastModifiedById',
  'lastModifiedDate',
  'recordTypeId',
  'recordTypeInfo',
  'systemModstamp',
  'weakEtag'
];
const RELATED_LIST_RECORDS_KEYS = [
  'count',
  'currentPageToken',
  'currentPageUrl',
  'fields',
  'listInfoETag',
  'listReference',
  'nextPageToken',
  'nextPageUrl',
  'optionalFields',
  'pageSize',
  'previousPageToken',
  'previousPageUrl',
  'records',
  'sortBy'
];

function createComponent() {
  const element = createElement('c-plan-objectives', { is: PlanObjectives });
  element.recordId = PLAN_ID;
  document.body.appendChild(element);
  return element;
}

// Wire emissions and re-renders settle within a microtask.
const flushPromises = () => Promise.resolve();

const textOf = (element) => element.textContent.replace(/\s+/g, ' ').trim();

describe('c-plan-objectives', () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
    jest.clearAllMocks();
  });

  it('uses fixtures shaped like UI API responses', () => {
    expect(Object.keys(mockPlan).sort()).toEqual(RECORD_KEYS);
    for (const collection of [mockObjectives, mockNoObjectives]) {
      expect(Object.keys(collection).sort()).toEqual(RELATED_LIST_RECORDS_KEYS);
      expect(collection.count).toBe(collection.records.length);
      for (const record of collection.records) {
        expect(Object.keys(record).sort()).toEqual(RECORD_KEYS);
        expect(record.apiName).toBe('Plan_Objective__c');
        expect(record.fields.Business_Plan__c.value).toBe(mockPlan.id);
      }
    }
  });

  describe('while the plan and its objectives load', () => {
    it('shows a spinner with alternative text and no table', async () => {
      const element = createComponent();

      const spinner = element.shadowRoot.querySelector('lightning-spinner');
      expect(spinner).not.toBeNull();
      expect(spinner.alternativeText).toBe('c.PlanObjectives_Loading');
      expect(element.shadowRoot.querySelector('table')).toBeNull();

      await expect(element).toBeAccessible();
    });

    it('keeps the spinner until every wire has data', async () => {
      const element = createComponent();

      getRecord.emit(mockPlan);
      getRelatedListRecords.emit(mockObjectives);
      getObjectInfo.emit(mockObjectInfo);
      await flushPromises();

      expect(element.shadowRoot.querySelector('lightning-spinner')).not.toBeNull();
    });
  });

  describe('with objectives', () => {
    async function renderWithData() {
      const element = createComponent();
      getRecord.emit(mockPlan);
      getRelatedListRecords.emit(mockObjectives);
      emitMetadata();
      await flushPromises();
      return element;
    }

    it('asks the wires for the plan fields and the Plan_Objectives__r related list of this plan', async () => {
      await renderWithData();

      expect(getRecord.getLastConfig()).toEqual({
        recordId: PLAN_ID,
        fields: [
          { objectApiName: 'Business_Plan__c', fieldApiName: 'Progress__c' },
          { objectApiName: 'Business_Plan__c', fieldApiName: 'Last_Calculated__c' }
        ]
      });
      expect(getRelatedListRecords.getLastConfig()).toEqual({
        parentRecordId: PLAN_ID,
        relatedListId: 'Plan_Objectives__r',
        fields: [
          'Plan_Objective__c.Name',
          'Plan_Objective__c.Type__c',
          'Plan_Objective__c.Weight__c',
          'Plan_Objective__c.Target__c',
          'Plan_Objective__c.Actual__c',
          'Plan_Objective__c.Progress__c'
        ],
        optionalFields: [
          'Plan_Objective__c.Category__c',
          'Plan_Objective__c.Calculation_Status__c',
          'Plan_Objective__c.Calculation_Message__c'
        ],
        sortBy: ['Plan_Objective__c.Name']
      });
      expect(getPicklistValues.getLastConfig()).toEqual({
        recordTypeId: '012000000000000AAA',
        fieldApiName: { objectApiName: 'Plan_Objective__c', fieldApiName: 'Category__c' }
      });
    });

    it("shows the plan's weighted progress and when it was calculated", async () => {
      const element = await renderWithData();

      const planProgress = element.shadowRoot.querySelector('lightning-formatted-number.plan-progress');
      expect(planProgress.value).toBe(58.25);
      expect(planProgress.formatStyle).toBe('percent-fixed');
      expect(element.shadowRoot.querySelector('lightning-progress-bar.plan-progress-bar').value).toBe(58.25);

      const calculatedAt = element.shadowRoot.querySelector('.last-calculated lightning-formatted-date-time');
      expect(calculatedAt.value).toBe('2025-03-14T09:30:00.000Z');
      expect(textOf(element.shadowRoot.querySelector('.last-calculated'))).not.toContain(
        'c.PlanObjectives_NotCalculated'
      );
    });

    it('groups objectives by category in picklist order with the admin’s labels, uncategorised last', async () => {
      const element = await renderWithData();

      const sections = [...element.shadowRoot.querySelectorAll('section.category')].map((section) => ({
        label: textOf(section.querySelector('.category-label')),
        names: [...section.querySelectorAll('tr.objective .objective-name')].map(textOf)
      }));
      expect(sections).toEqual([
        { label: 'Revenue', names: ['Partner-sourced deals'] },
        { label: 'Enablement', names: ['Certified consultants'] },
        { label: 'c.PlanObjectives_Uncategorised', names: ['Registered deals'] }
      ]);
    });

    it('shows each objective with its gauge, progress, type, weight, actual and target', async () => {
      const element = await renderWithData();

      const rows = [...element.shadowRoot.querySelectorAll('tr.objective')].map((row) => ({
        name: textOf(row.querySelector('.objective-name')),
        type: textOf(row.querySelector('.objective-type')),
        weight: row.querySelector('.objective-weight').value,
        target: row.querySelector('.objective-target').value,
        actual: row.querySelector('.objective-actual').value,
        progress: row.querySelector('.objective-progress').value,
        progressFormat: row.querySelector('.objective-progress').formatStyle,
        gauge: row.querySelector('lightning-progress-ring.objective-gauge').value,
        gaugeLabel: row.querySelector('lightning-progress-ring.objective-gauge').ariaLabel
      }));
      expect(rows).toEqual([
        {
          name: 'Partner-sourced deals',
          type: 'Number of Deals',
          weight: 50,
          target: 8,
          actual: 5,
          progress: 62.5,
          progressFormat: 'percent-fixed',
          gauge: 62.5,
          gaugeLabel: 'c.PlanObjectives_ObjectiveProgress'
        },
        {
          name: 'Certified consultants',
          type: 'Course Completion',
          weight: 20,
          target: 10,
          actual: 6,
          progress: 60,
          progressFormat: 'percent-fixed',
          gauge: 60,
          gaugeLabel: 'c.PlanObjectives_ObjectiveProgress'
        },
        {
          name: 'Registered deals',
          type: 'Deal Registration',
          weight: 30,
          target: 20,
          actual: 10,
          progress: 50,
          progressFormat: 'percent-fixed',
          gauge: 50,
          gaugeLabel: 'c.PlanObjectives_ObjectiveProgress'
        }
      ]);
    });

    it('shows a calculation error with the connector’s message on that objective only', async () => {
      const element = await renderWithData();

      const errors = [...element.shadowRoot.querySelectorAll('tr.objective')].map((row) => {
        const error = row.querySelector('.calculation-error');
        return error ? textOf(error) : null;
      });
      expect(errors).toEqual([
        null,
        null,
        'Criteria field "Region__c" is not a field of Lead (or the connector\'s user cannot see it).'
      ]);
      const icon = element.shadowRoot.querySelector('.calculation-error lightning-icon');
      expect(icon.alternativeText).toBe('c.PlanObjectives_CalculationError');
    });

    it('fills the gauge at 100 % and turns it green when the target is passed', async () => {
      const element = createComponent();
      const passed = JSON.parse(JSON.stringify(mockObjectives));
      passed.records[0].fields.Progress__c = { displayValue: null, value: 135 };
      getRecord.emit(mockPlan);
      getRelatedListRecords.emit(passed);
      emitMetadata();
      await flushPromises();

      const row = [...element.shadowRoot.querySelectorAll('tr.objective')].find(
        (tr) => textOf(tr.querySelector('.objective-name')) === 'Certified consultants'
      );
      const gauge = row.querySelector('lightning-progress-ring');
      expect(gauge.value).toBe(100);
      expect(gauge.variant).toBe('base-autocomplete');
      expect(row.querySelector('.objective-progress').value).toBe(135);
    });

    it('shows the board to a partner user who cannot read the optional fields, without edit buttons', async () => {
      const element = createComponent();
      // As the UI API answers a partner: optional fields they cannot read are left out of each record.
      const forPartner = JSON.parse(JSON.stringify(mockObjectives));
      for (const record of forPartner.records) {
        delete record.fields.Calculation_Message__c;
        delete record.fields.Calculation_Status__c;
      }
      const readOnly = JSON.parse(JSON.stringify(mockObjectInfo));
      readOnly.createable = false;
      readOnly.updateable = false;
      getRecord.emit(mockPlan);
      getRelatedListRecords.emit(forPartner);
      getObjectInfo.emit(readOnly);
      getPicklistValues.emit(mockCategories);
      await flushPromises();

      expect(element.shadowRoot.querySelectorAll('tr.objective')).toHaveLength(3);
      expect(element.shadowRoot.querySelector('.calculation-error')).toBeNull();
      expect(element.shadowRoot.querySelector('lightning-button.new-objective')).toBeNull();
      expect(element.shadowRoot.querySelector('lightning-button-icon.edit-objective')).toBeNull();
      await expect(element).toBeAccessible();
    });

    it('opens the editor for a new objective and for a row, and closes it on cancel', async () => {
      const element = await renderWithData();

      element.shadowRoot.querySelector('lightning-button.new-objective').click();
      await flushPromises();
      let editor = element.shadowRoot.querySelector('c-objective-editor');
      expect(editor.planId).toBe(PLAN_ID);
      expect(editor.recordId).toBeUndefined();
      // One editor at a time: the buttons hide while it is open.
      expect(element.shadowRoot.querySelector('lightning-button.new-objective')).toBeNull();

      editor.dispatchEvent(new CustomEvent('cancel'));
      await flushPromises();
      expect(element.shadowRoot.querySelector('c-objective-editor')).toBeNull();

      const edit = element.shadowRoot.querySelector('lightning-button-icon.edit-objective');
      const objectiveId = edit.dataset.id;
      edit.click();
      await flushPromises();
      editor = element.shadowRoot.querySelector('c-objective-editor');
      expect(editor.recordId).toBe(objectiveId);
    });

    it('closes the editor and reads the objectives again once one is saved', async () => {
      const element = await renderWithData();
      element.shadowRoot.querySelector('lightning-button.new-objective').click();
      await flushPromises();

      element.shadowRoot
        .querySelector('c-objective-editor')
        .dispatchEvent(new CustomEvent('saved', { detail: 'a025g00000ObJ99AAF' }));
      await flushPromises();

      expect(element.shadowRoot.querySelector('c-objective-editor')).toBeNull();
      expect(refresh).toHaveBeenCalledTimes(1);
    });

    it('labels every column header with a custom label', async () => {
      const element = await renderWithData();

      const headers = [...element.shadowRoot.querySelector('table').querySelectorAll('thead th')].map(textOf);
      expect(headers).toEqual([
        'c.PlanObjectives_ColumnProgress',
        'c.PlanObjectives_ColumnName',
        'c.PlanObjectives_ColumnType',
        'c.PlanObjectives_ColumnWeight',
        'c.PlanObjectives_ColumnActual',
        'c.PlanObjectives_ColumnTarget',
        // The edit buttons' column, for a user who may update objectives.
        'c.PlanObjectives_ColumnActions'
      ]);
    });

    it('shows a plan that was never calculated as "not calculated yet" with an empty bar', async () => {
      const element = createComponent();
      const uncalculated = JSON.parse(JSON.stringify(mockPlan));
      uncalculated.fields.Progress__c = { displayValue: null, value: null };
      uncalculated.fields.Last_Calculated__c = { displayValue: null, value: null };
      getRecord.emit(uncalculated);
      getRelatedListRecords.emit(mockObjectives);
      emitMetadata();
      await flushPromises();

      expect(element.shadowRoot.querySelector('lightning-progress-bar.plan-progress-bar').value).toBe(0);
      expect(element.shadowRoot.querySelector('.last-calculated lightning-formatted-date-time')).toBeNull();
      expect(textOf(element.shadowRoot.querySelector('.last-calculated'))).toContain(
        'c.PlanObjectives_NotCalculated'
      );
    });

    it('is accessible', async () => {
      const element = await renderWithData();

      await expect(element).toBeAccessible();
    });
  });

  describe('without objectives', () => {
    async function renderEmpty() {
      const element = createComponent();
      getRecord.emit(mockPlan);
      getRelatedListRecords.emit(mockNoObjectives);
      emitMetadata();
      await flushPromises();
      return element;
    }

    it('says there are no objectives yet instead of showing an empty table', async () => {
      const element = await renderEmpty();

      expect(element.shadowRoot.querySelector('table')).toBeNull();
      expect(element.shadowRoot.querySelector('section.category')).toBeNull();
      expect(textOf(element.shadowRoot.querySelector('.empty-state'))).toBe('c.PlanObjectives_Empty');
      expect(element.shadowRoot.querySelector('lightning-formatted-number.plan-progress').value).toBe(58.25);
    });

    it('is accessible', async () => {
      const element = await renderEmpty();

      await expect(element).toBeAccessible();
    });
  });

  describe('when a wire fails', () => {
    async function renderWithObjectivesError() {
      const element = createComponent();
      getRecord.emit(mockPlan);
      emitMetadata();
      getRelatedListRecords.error(READ_ERROR_BODY, 403, 'Forbidden');
      await flushPromises();
      return element;
    }

    it('shows the error panel with the friendly message and the reduced error, not the table', async () => {
      const element = await renderWithObjectivesError();

      const panel = element.shadowRoot.querySelector('c-error-panel');
      expect(panel).not.toBeNull();
      expect(panel.friendlyMessage).toBe('c.PlanObjectives_LoadError');
      expect(element.shadowRoot.querySelector('table')).toBeNull();
      expect(element.shadowRoot.querySelector('lightning-spinner')).toBeNull();

      panel.shadowRoot.querySelector('lightning-button').click();
      await flushPromises();
      const details = [...panel.shadowRoot.querySelectorAll('li')].map(textOf);
      expect(details).toEqual(['You do not have access to the Plan Objective object.']);
    });

    it('shows the error panel when the plan itself cannot be read', async () => {
      const element = createComponent();
      getRecord.error();
      await flushPromises();

      expect(element.shadowRoot.querySelector('c-error-panel')).not.toBeNull();
      expect(element.shadowRoot.querySelector('lightning-spinner')).toBeNull();
    });

    it('is accessible', async () => {
      const element = await renderWithObjectivesError();

      await expect(element).toBeAccessible();
    });
  });
});
