import { createElement } from '@lwc/engine-dom';
import PeriodTargets from 'c/periodTargets';
import { getRecord, updateRecord } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';
import { getObjectInfo } from 'lightning/uiObjectInfoApi';
import { loadScript } from 'lightning/platformResourceLoader';

// A plan with two objectives; the first, "Partner-sourced pipeline" (target 100,000), has four
// quarters with targets 25,000 + 25,000 + 20,000 + 30,000 = 100,000 and actuals for Q1 and Q2.
const mockObjectives = require('./data/getObjectives.json');
const mockNoObjectives = require('./data/getObjectivesEmpty.json');
const mockObjective = require('./data/getObjective.json');
const mockTargets = require('./data/getTargets.json');
const mockNoTargets = require('./data/getTargetsEmpty.json');
const mockObjectInfo = require('./data/getObjectInfo.json');

const PLAN_ID = 'a015g00000PbPlnAAF';
const FIRST_OBJECTIVE_ID = 'a025g00000ObJ01AAF';
const SECOND_OBJECTIVE_ID = 'a025g00000ObJ02AAF';
const [Q1, Q2, Q3, Q4] = mockTargets.records.map((record) => record.id);

const READ_ERROR_BODY = [
  { errorCode: 'INSUFFICIENT_ACCESS', message: 'You do not have access to the Objective Target object.' }
];

// A UI API save refused by validation rule Completed_Plan_Targets_Are_Closed.
const COMPLETED_PLAN_ERROR = {
  body: {
    enhancedErrorType: 'RecordError',
    message: 'An error occurred while trying to update the record. Please try again.',
    output: {
      errors: [
        {
          constituentField: null,
          duplicateRecordError: null,
          errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
          field: null,
          fieldLabel: null,
          message:
            'This plan is completed: its records can no longer be added or changed. A business planning admin can reopen the plan.'
        }
      ],
      fieldErrors: {}
    }
  },
  ok: false,
  status: 400,
  statusText: 'Bad Request'
};

// eslint-disable-next-line @lwc/lwc/no-async-operation
const flushPromises = () => new Promise((resolve) => setTimeout(resolve, 0));
const textOf = (element) => element.textContent.replace(/\s+/g, ' ').trim();
const clone = (value) => JSON.parse(JSON.stringify(value));

function createComponent() {
  const element = createElement('c-period-targets', { is: PeriodTargets });
  element.recordId = PLAN_ID;
  document.body.appendChild(element);
  return element;
}

async function renderWithData({ objective = mockObjective, objectInfo = mockObjectInfo } = {}) {
  const element = createComponent();
  // Wire configs settle after connection; the filters below read them.
  await flushPromises();
  getRelatedListRecords.emit(mockObjectives, (config) => config.relatedListId === 'Plan_Objectives__r');
  await flushPromises();
  getRelatedListRecords.emit(mockTargets, (config) => config.relatedListId === 'Objective_Targets__r');
  getObjectInfo.emit(objectInfo);
  getRecord.emit(objective);
  await flushPromises();
  return element;
}

const inputs = (element) => [...element.shadowRoot.querySelectorAll('lightning-input.target-input')];

/** Real lightning-input answers reportValidity with a boolean; the stub answers undefined. */
function validInputs(element, valid = true) {
  for (const input of inputs(element)) input.reportValidity = jest.fn(() => valid);
}

function typeTarget(element, periodId, value) {
  const input = element.shadowRoot.querySelector(`lightning-input.target-input[data-id="${periodId}"]`);
  input.value = value;
  input.dispatchEvent(new CustomEvent('change', { detail: { value } }));
}

/** The configs of every live wire of an adapter (a filter that records them and emits nothing). */
function configsOf(adapter) {
  const configs = [];
  adapter.emit(undefined, (config) => {
    configs.push(config);
    return false;
  });
  return configs;
}

const click = (element, selector) => element.shadowRoot.querySelector(selector).click();

describe('c-period-targets', () => {
  beforeEach(() => {
    // Chart.js is the static resource's global; its constructor is all the component uses.
    window.Chart = jest.fn(() => ({ destroy: jest.fn() }));
  });

  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
    delete window.Chart;
    jest.clearAllMocks();
  });

  describe('while loading', () => {
    it('shows a spinner with alternative text', async () => {
      const element = createComponent();

      const spinner = element.shadowRoot.querySelector('lightning-spinner');
      expect(spinner.alternativeText).toBe('c.PeriodTargets_Loading');
      expect(element.shadowRoot.querySelector('table')).toBeNull();
      await expect(element).toBeAccessible();
    });

    it('keeps the spinner until the chosen objective and its periods have loaded', async () => {
      const element = createComponent();
      await flushPromises();
      getRelatedListRecords.emit(mockObjectives, (config) => config.relatedListId === 'Plan_Objectives__r');
      await flushPromises();

      expect(element.shadowRoot.querySelector('lightning-spinner')).not.toBeNull();
    });
  });

  describe('with periods', () => {
    it("asks for the plan's objectives, then the first objective's periods in date order", async () => {
      await renderWithData();

      const configs = configsOf(getRelatedListRecords);
      expect(configs).toContainEqual({
        parentRecordId: PLAN_ID,
        relatedListId: 'Plan_Objectives__r',
        fields: ['Plan_Objective__c.Name', 'Plan_Objective__c.Target__c'],
        sortBy: ['Plan_Objective__c.Name']
      });
      expect(configs).toContainEqual({
        parentRecordId: FIRST_OBJECTIVE_ID,
        relatedListId: 'Objective_Targets__r',
        fields: [
          'Objective_Target__c.Period_Label__c',
          'Objective_Target__c.Period_Start__c',
          'Objective_Target__c.Period_End__c',
          'Objective_Target__c.Target__c',
          'Objective_Target__c.Actual__c',
          'Objective_Target__c.Progress__c'
        ],
        sortBy: ['Objective_Target__c.Period_Start__c'],
        pageSize: 60
      });
      expect(getRecord.getLastConfig().recordId).toBe(FIRST_OBJECTIVE_ID);
    });

    it('shows each period with its target input, actual and progress, and the totals', async () => {
      const element = await renderWithData();

      const rows = [...element.shadowRoot.querySelectorAll('tbody tr.period')].map((row) => ({
        period: textOf(row.querySelector('.period-label')),
        start: row.querySelector('.period-start').value,
        end: row.querySelector('.period-end').value,
        target: row.querySelector('lightning-input.target-input').value,
        actual: row.querySelector('.period-actual').value,
        progress: row.querySelector('.period-progress').value
      }));
      expect(rows).toEqual([
        {
          period: 'FY2025 Q1',
          start: '2025-01-01',
          end: '2025-03-31',
          target: '25000',
          actual: 27500,
          progress: 110
        },
        {
          period: 'FY2025 Q2',
          start: '2025-04-01',
          end: '2025-06-30',
          target: '25000',
          actual: 12000,
          progress: 48
        },
        {
          period: 'FY2025 Q3',
          start: '2025-07-01',
          end: '2025-09-30',
          target: '20000',
          actual: null,
          progress: null
        },
        {
          period: 'FY2025 Q4',
          start: '2025-10-01',
          end: '2025-12-31',
          target: '30000',
          actual: null,
          progress: null
        }
      ]);
      expect(element.shadowRoot.querySelector('.target-sum').value).toBe(100000);
      expect(element.shadowRoot.querySelector('.actual-sum').value).toBe(39500);
      expect(element.shadowRoot.querySelector('.objective-target').value).toBe(100000);
      expect(element.shadowRoot.querySelector('.sum-warning')).toBeNull();
      expect(inputs(element).map((input) => input.label)).toEqual([
        'c.PeriodTargets_TargetInput'.replace('{0}', 'FY2025 Q1'),
        'c.PeriodTargets_TargetInput'.replace('{0}', 'FY2025 Q2'),
        'c.PeriodTargets_TargetInput'.replace('{0}', 'FY2025 Q3'),
        'c.PeriodTargets_TargetInput'.replace('{0}', 'FY2025 Q4')
      ]);
      // Two decimal places, from the field's scale in the object info.
      expect(inputs(element)[0].step).toBe('0.01');
    });

    it('draws the saved targets against the actuals with Chart.js loaded from the static resource', async () => {
      await renderWithData();
      await flushPromises();

      expect(loadScript).toHaveBeenCalledTimes(1);
      expect(loadScript.mock.calls[0][1]).toBe('chartjs');
      expect(window.Chart).toHaveBeenCalledTimes(1);
      const [canvas, config] = window.Chart.mock.calls[0];
      expect(canvas.tagName).toBe('CANVAS');
      expect(canvas.getAttribute('role')).toBe('img');
      expect(canvas.getAttribute('aria-label')).toBe('c.PeriodTargets_ChartAlternative');
      expect(config.type).toBe('bar');
      expect(config.data.labels).toEqual(['FY2025 Q1', 'FY2025 Q2', 'FY2025 Q3', 'FY2025 Q4']);
      expect(config.data.datasets.map((d) => [d.label, d.data])).toEqual([
        ['c.PeriodTargets_ColumnTarget', [25000, 25000, 20000, 30000]],
        ['c.PeriodTargets_ColumnActual', [27500, 12000, null, null]]
      ]);
    });

    it('shows an error instead of the chart when Chart.js cannot load, and keeps the table', async () => {
      loadScript.mockRejectedValueOnce(new Error('Could not load /resource/chartjs'));
      const element = await renderWithData();
      await flushPromises();

      const panel = element.shadowRoot.querySelector('c-error-panel');
      expect(panel.friendlyMessage).toBe('c.PeriodTargets_ChartError');
      expect(element.shadowRoot.querySelector('div.chart')).toBeNull();
      expect(element.shadowRoot.querySelectorAll('tbody tr.period')).toHaveLength(4);
      await expect(element).toBeAccessible();
    });

    it('shows the periods of the objective the user picks', async () => {
      const element = await renderWithData();

      const picker = element.shadowRoot.querySelector('lightning-combobox.objective-picker');
      expect(picker.options).toEqual([
        { label: 'Partner-sourced pipeline', value: FIRST_OBJECTIVE_ID },
        { label: 'Registered deals', value: SECOND_OBJECTIVE_ID }
      ]);
      picker.dispatchEvent(new CustomEvent('change', { detail: { value: SECOND_OBJECTIVE_ID } }));
      await flushPromises();

      expect(getRelatedListRecords.getLastConfig().parentRecordId).toBe(SECOND_OBJECTIVE_ID);
      expect(getRecord.getLastConfig().recordId).toBe(SECOND_OBJECTIVE_ID);
    });

    it('is accessible', async () => {
      const element = await renderWithData();
      await flushPromises();

      await expect(element).toBeAccessible();
    });
  });

  describe('editing targets', () => {
    it('saves only the changed rows, in parallel, with the numbers typed', async () => {
      const element = await renderWithData();
      const saveButton = element.shadowRoot.querySelector('lightning-button.save');
      expect(saveButton.disabled).toBe(true);

      typeTarget(element, Q2, '22500.5');
      typeTarget(element, Q3, '');
      typeTarget(element, Q4, '30000'); // the saved value: no change
      await flushPromises();
      expect(saveButton.disabled).toBe(false);
      validInputs(element);
      saveButton.click();
      await flushPromises();

      expect(updateRecord).toHaveBeenCalledTimes(2);
      expect(updateRecord.mock.calls.map(([input]) => input)).toEqual([
        { fields: { Id: Q2, Target__c: 22500.5 } },
        { fields: { Id: Q3, Target__c: null } }
      ]);
      expect(element.shadowRoot.querySelector('.form-error')).toBeNull();
    });

    it('says the sum differs from the objective target while edits do not add up', async () => {
      const element = await renderWithData();

      typeTarget(element, Q1, '30000');
      await flushPromises();

      expect(element.shadowRoot.querySelector('.target-sum').value).toBe(105000);
      expect(textOf(element.shadowRoot.querySelector('.sum-warning'))).toBe(
        'c.PeriodTargets_SumDiffers'.replace('{0}', '105000').replace('{1}', '100000')
      );
    });

    it("reports each row's own error and keeps its edit when some saves fail", async () => {
      updateRecord.mockImplementation(({ fields }) => {
        return fields.Id === Q1 ? Promise.reject(COMPLETED_PLAN_ERROR) : Promise.resolve({ id: fields.Id });
      });
      const element = await renderWithData();
      const toasts = [];
      element.addEventListener('lightning__showtoast', (event) => toasts.push(event.detail));

      typeTarget(element, Q1, '26000');
      typeTarget(element, Q2, '24000');
      await flushPromises();
      validInputs(element);
      element.shadowRoot.querySelector('lightning-button.save').click();
      await flushPromises();

      const failedRow = element.shadowRoot.querySelector(`tr[data-id="${Q1}"]`);
      expect(textOf(failedRow.querySelector('.row-error'))).toBe(
        'This plan is completed: its records can no longer be added or changed. A business planning admin can reopen the plan.'
      );
      expect(failedRow.classList.contains('slds-has-error')).toBe(true);
      expect(failedRow.querySelector('lightning-input').value).toBe('26000');
      expect(element.shadowRoot.querySelector(`tr[data-id="${Q2}"] .row-error`)).toBeNull();
      expect(textOf(element.shadowRoot.querySelector('.form-error'))).toBe(
        'c.PeriodTargets_SaveFailed'.replace('{0}', '1')
      );
      expect(toasts).toEqual([
        { title: 'c.PeriodTargets_Saved'.replace('{0}', '1'), message: '', variant: 'success' }
      ]);
      await expect(element).toBeAccessible();
    });

    it('does not save while an input is invalid', async () => {
      const element = await renderWithData();

      typeTarget(element, Q1, '-5');
      await flushPromises();
      validInputs(element, false);
      element.shadowRoot.querySelector('lightning-button.save').click();
      await flushPromises();

      expect(updateRecord).not.toHaveBeenCalled();
      expect(textOf(element.shadowRoot.querySelector('.form-error'))).toBe('c.PeriodTargets_InvalidInput');
    });

    it('discards the edits on cancel', async () => {
      const element = await renderWithData();

      typeTarget(element, Q1, '1');
      await flushPromises();
      element.shadowRoot.querySelector('lightning-button.cancel').click();
      await flushPromises();

      expect(inputs(element)[0].value).toBe('25000');
      expect(element.shadowRoot.querySelector('lightning-button.save').disabled).toBe(true);
    });
  });

  describe('split evenly', () => {
    it('spreads the target in cents so the periods add up to it exactly', async () => {
      // 100,000.10 over four quarters is 10,000,010 cents: 2,500,002 each and 2 cents left over,
      // which go to the first two quarters: 25,000.03 + 25,000.03 + 25,000.02 + 25,000.02.
      const objective = clone(mockObjective);
      objective.fields.Target__c.value = 100000.1;
      const element = await renderWithData({ objective });

      click(element, 'lightning-button.split-evenly');
      await flushPromises();

      expect(inputs(element).map((input) => input.value)).toEqual([
        '25000.03',
        '25000.03',
        '25000.02',
        '25000.02'
      ]);
      expect(element.shadowRoot.querySelector('.target-sum').value).toBe(100000.1);
      expect(element.shadowRoot.querySelector('.sum-warning')).toBeNull();

      validInputs(element);
      click(element, 'lightning-button.save');
      await flushPromises();
      expect(updateRecord.mock.calls.map(([input]) => input)).toEqual([
        { fields: { Id: Q1, Target__c: 25000.03 } },
        { fields: { Id: Q2, Target__c: 25000.03 } },
        { fields: { Id: Q3, Target__c: 25000.02 } },
        { fields: { Id: Q4, Target__c: 25000.02 } }
      ]);
    });

    it('is unavailable, saying why, when the objective has no target', async () => {
      const objective = clone(mockObjective);
      objective.fields.Target__c.value = null;
      const element = await renderWithData({ objective });

      expect(element.shadowRoot.querySelector('lightning-button.split-evenly').disabled).toBe(true);
      expect(textOf(element.shadowRoot.querySelector('.split-help'))).toBe('c.PeriodTargets_SplitNoTarget');
    });
  });

  describe('for a user who cannot edit targets', () => {
    it('shows the targets as numbers, with no inputs or buttons', async () => {
      const objectInfo = clone(mockObjectInfo);
      objectInfo.fields.Target__c.updateable = false;
      const element = await renderWithData({ objectInfo });

      expect(inputs(element)).toHaveLength(0);
      expect([...element.shadowRoot.querySelectorAll('.period-target')].map((n) => n.value)).toEqual([
        25000, 25000, 20000, 30000
      ]);
      expect(element.shadowRoot.querySelector('lightning-button.save')).toBeNull();
      expect(element.shadowRoot.querySelector('lightning-button.split-evenly')).toBeNull();
      expect(textOf(element.shadowRoot.querySelector('.read-only'))).toBe('c.PeriodTargets_ReadOnly');
      await flushPromises();
      await expect(element).toBeAccessible();
    });
  });

  describe('empty states', () => {
    it('says the plan has no objectives', async () => {
      const element = createComponent();
      getRelatedListRecords.emit(mockNoObjectives);
      await flushPromises();

      expect(textOf(element.shadowRoot.querySelector('.empty-state'))).toBe('c.PeriodTargets_NoObjectives');
      expect(element.shadowRoot.querySelector('lightning-spinner')).toBeNull();
      await expect(element).toBeAccessible();
    });

    it('says the objective has no periods yet, without a chart', async () => {
      const element = createComponent();
      await flushPromises();
      getRelatedListRecords.emit(mockObjectives, (config) => config.relatedListId === 'Plan_Objectives__r');
      await flushPromises();
      getRelatedListRecords.emit(mockNoTargets, (config) => config.relatedListId === 'Objective_Targets__r');
      getObjectInfo.emit(mockObjectInfo);
      getRecord.emit(mockObjective);
      await flushPromises();

      expect(textOf(element.shadowRoot.querySelector('.no-periods'))).toBe('c.PeriodTargets_NoPeriods');
      expect(element.shadowRoot.querySelector('table')).toBeNull();
      expect(loadScript).not.toHaveBeenCalled();
      await expect(element).toBeAccessible();
    });
  });

  describe('when a wire fails', () => {
    it('shows the error panel with the reduced error', async () => {
      const element = createComponent();
      await flushPromises();
      getRelatedListRecords.emit(mockObjectives, (config) => config.relatedListId === 'Plan_Objectives__r');
      await flushPromises();
      getRelatedListRecords.emitError(
        { body: READ_ERROR_BODY, status: 403, statusText: 'Forbidden' },
        (config) => config.relatedListId === 'Objective_Targets__r'
      );
      await flushPromises();

      const panel = element.shadowRoot.querySelector('c-error-panel');
      expect(panel.friendlyMessage).toBe('c.PeriodTargets_LoadError');
      expect(element.shadowRoot.querySelector('lightning-spinner')).toBeNull();
      panel.shadowRoot.querySelector('lightning-button').click();
      await flushPromises();
      expect([...panel.shadowRoot.querySelectorAll('li')].map(textOf)).toEqual([
        'You do not have access to the Objective Target object.'
      ]);
      await expect(element).toBeAccessible();
    });
  });
});
