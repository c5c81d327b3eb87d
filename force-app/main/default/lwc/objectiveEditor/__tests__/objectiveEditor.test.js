import { createElement } from '@lwc/engine-dom';
import ObjectiveEditor from 'c/objectiveEditor';
import { getRecord, createRecord, updateRecord } from 'lightning/uiRecordApi';
import { getObjectInfo, getObjectInfos, getPicklistValuesByRecordType } from 'lightning/uiObjectInfoApi';

// UI API responses from the local org, signed in as a channel manager: Plan_Objective__c's
// object info and picklist values (default record type), the batch object info of the source
// objects (Lead, Opportunity, Course_Assignment__c), and one saved objective.
const mockObjectInfo = require('./data/getObjectInfo.json');
const mockPicklists = require('./data/getPicklistValuesByRecordType.json');
const mockSources = require('./data/getObjectInfos.json');
const mockObjective = require('./data/getRecord.json');

// The plan the saved objective belongs to.
const PLAN_ID = 'ahbLo000Vd4wLEKII2';

const flushPromises = () =>
  Array.from({ length: 5 }).reduce((settled) => settled.then(() => undefined), Promise.resolve());

function emitMetadata(sources = mockSources) {
  getObjectInfo.emit(mockObjectInfo);
  getPicklistValuesByRecordType.emit(mockPicklists);
  getObjectInfos.emit(sources);
}

async function createEditor({ recordId } = {}) {
  const element = createElement('c-objective-editor', { is: ObjectiveEditor });
  element.planId = PLAN_ID;
  if (recordId) element.recordId = recordId;
  document.body.appendChild(element);
  emitMetadata();
  if (recordId) getRecord.emit(mockObjective);
  await flushPromises();
  return element;
}

const input = (element, field) => element.shadowRoot.querySelector(`[data-field="${field}"]`);

/** Inputs' own checks pass in these tests unless one says otherwise (the stubs do not validate). */
function validInputs(element) {
  for (const el of element.shadowRoot.querySelectorAll('[data-field]')) {
    el.reportValidity = jest.fn(() => true);
    el.setCustomValidity = jest.fn();
  }
}

async function type(element, field, value) {
  input(element, field).dispatchEvent(new CustomEvent('change', { detail: { value } }));
  await flushPromises();
}

describe('c-objective-editor', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
  });

  it('shows a spinner until the object info, picklists and source objects have loaded', async () => {
    const element = createElement('c-objective-editor', { is: ObjectiveEditor });
    element.planId = PLAN_ID;
    document.body.appendChild(element);
    getObjectInfo.emit(mockObjectInfo);
    await flushPromises();

    expect(element.shadowRoot.querySelector('lightning-spinner').alternativeText).toBe(
      'c.ObjectiveEditor_Loading'
    );
    expect(input(element, 'Name')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('shows the error panel when the object info cannot be read', async () => {
    const element = createElement('c-objective-editor', { is: ObjectiveEditor });
    element.planId = PLAN_ID;
    document.body.appendChild(element);
    getObjectInfo.error(
      [{ errorCode: 'INVALID_TYPE', message: 'sObject type Plan_Objective__c is not supported.' }],
      400
    );
    await flushPromises();

    expect(element.shadowRoot.querySelector('c-error-panel').friendlyMessage).toBe(
      'c.ObjectiveEditor_LoadError'
    );
    await expect(element).toBeAccessible();
  });

  it('starts a new objective from the picklist defaults, with field labels from object info', async () => {
    const element = await createEditor();

    expect(element.shadowRoot.querySelector('h3').textContent).toBe('c.ObjectiveEditor_NewTitle');
    // The Name field's label as the object's metadata names it.
    expect(input(element, 'Name').label).toBe('Objective Name');
    expect(input(element, 'Weight__c').value).toBe(1);
    expect(input(element, 'Period_Type__c').value).toBe('Quarterly');
    expect(input(element, 'Category__c').value).toBe('Sales');
    expect(input(element, 'Type__c').options.map((o) => o.value)).toEqual([
      'Course Completion',
      'Deal Registration',
      'Qualified Deal Registration',
      'Number of Deals',
      'Number of Qualified Deals',
      'Custom'
    ]);
    // No type yet: no measure and no criteria.
    expect(input(element, 'Aggregate_Function__c')).toBeNull();
    expect(element.shadowRoot.querySelector('c-criteria-builder')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('offers only number and currency fields of the source object for SUM', async () => {
    const element = await createEditor();
    await type(element, 'Type__c', 'Qualified Deal Registration');
    await type(element, 'Aggregate_Function__c', 'SUM');

    // Opportunity's numeric fields, by label: Amount (Currency) and Probability (%) (Percent).
    expect(input(element, 'Aggregate_Field__c').options).toEqual([
      { label: 'Amount', value: 'Amount' },
      { label: 'Probability (%)', value: 'Probability' }
    ]);
    expect(element.shadowRoot.querySelector('c-criteria-builder').objectInfo.apiName).toBe('Opportunity');
  });

  it('needs no aggregate field for COUNT, and no measure at all for counting types', async () => {
    const element = await createEditor();
    await type(element, 'Type__c', 'Deal Registration');
    await type(element, 'Aggregate_Function__c', 'COUNT');
    expect(input(element, 'Aggregate_Field__c')).toBeNull();

    await type(element, 'Type__c', 'Course Completion');
    expect(input(element, 'Aggregate_Function__c')).toBeNull();
    expect(element.shadowRoot.querySelector('.measure-note').textContent.trim()).toBe(
      'c.ObjectiveEditor_Counts'
    );
    expect(element.shadowRoot.querySelector('c-criteria-builder').objectInfo.apiName).toBe(
      'Course_Assignment__c'
    );

    await type(element, 'Type__c', 'Custom');
    expect(element.shadowRoot.querySelector('c-criteria-builder')).toBeNull();
    expect(element.shadowRoot.querySelector('.measure-note').textContent.trim()).toBe(
      'c.ObjectiveEditor_Manual'
    );
  });

  it('says so when the user cannot read the type’s source object', async () => {
    const sources = JSON.parse(JSON.stringify(mockSources));
    const course = sources.results.find((r) => r.result.apiName === 'Course_Assignment__c');
    course.statusCode = 403;
    course.result = [
      { errorCode: 'INSUFFICIENT_ACCESS', message: 'You do not have access to Course Assignment.' }
    ];
    const element = createElement('c-objective-editor', { is: ObjectiveEditor });
    element.planId = PLAN_ID;
    document.body.appendChild(element);
    emitMetadata(sources);
    await flushPromises();
    await type(element, 'Type__c', 'Course Completion');

    expect(element.shadowRoot.querySelector('.source-unavailable').textContent).toBe(
      'c.ObjectiveEditor_SourceUnavailable'
    );
    await expect(element).toBeAccessible();
  });

  it('creates the objective on the plan with the measure and the built criteria', async () => {
    createRecord.mockResolvedValue({ id: 'a0CLo000Vd4nNewIIU' });
    const element = await createEditor();
    const saved = jest.fn();
    element.addEventListener('saved', saved);
    await type(element, 'Name', 'Partner pipeline');
    await type(element, 'Type__c', 'Qualified Deal Registration');
    await type(element, 'Aggregate_Function__c', 'SUM');
    await type(element, 'Aggregate_Field__c', 'Amount');
    await type(element, 'Weight__c', '40');
    await type(element, 'Target__c', '800000');
    await type(element, 'Period_Type__c', 'Monthly');
    const builder = element.shadowRoot.querySelector('c-criteria-builder');
    builder.shadowRoot.querySelector('lightning-button.add-row').click();
    await flushPromises();
    builder.shadowRoot
      .querySelector('[data-role="field"]')
      .dispatchEvent(new CustomEvent('change', { detail: { value: 'StageName' } }));
    await flushPromises();
    builder.shadowRoot
      .querySelector('[data-role="value"]')
      .dispatchEvent(new CustomEvent('change', { detail: { value: 'Closed Won' } }));
    await flushPromises();
    validInputs(element);

    element.shadowRoot.querySelector('lightning-button.save').click();
    await flushPromises();

    expect(createRecord).toHaveBeenCalledWith({
      apiName: 'Plan_Objective__c',
      fields: {
        Name: 'Partner pipeline',
        Type__c: 'Qualified Deal Registration',
        Category__c: 'Sales',
        Description__c: null,
        Aggregate_Function__c: 'SUM',
        Aggregate_Field__c: 'Amount',
        Criteria__c: "StageName = 'Closed Won'",
        Weight__c: 40,
        Target__c: 800000,
        Period_Type__c: 'Monthly',
        Business_Plan__c: PLAN_ID
      }
    });
    expect(saved.mock.calls[0][0].detail).toBe('a0CLo000Vd4nNewIIU');
  });

  it('does not save while a check fails: a weight outside 1 to 100', async () => {
    const element = await createEditor();
    await type(element, 'Name', 'Too heavy');
    await type(element, 'Type__c', 'Custom');
    await type(element, 'Weight__c', '150');
    await type(element, 'Target__c', '10');
    validInputs(element);
    const weight = input(element, 'Weight__c');
    weight.reportValidity = jest.fn(() => false);

    element.shadowRoot.querySelector('lightning-button.save').click();
    await flushPromises();

    expect(weight.setCustomValidity).toHaveBeenCalledWith('c.ObjectiveEditor_WeightRange');
    expect(createRecord).not.toHaveBeenCalled();
  });

  it('edits a saved objective and shows the org’s field errors next to the fields', async () => {
    updateRecord.mockRejectedValue({
      status: 400,
      body: {
        message: 'An error occurred while trying to update the record. Please try again.',
        output: {
          errors: [],
          fieldErrors: {
            Weight__c: [
              {
                errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
                field: 'Weight__c',
                message:
                  "Enter a weight from 1 to 100. The weight sets how much this objective counts in the plan's progress."
              }
            ]
          }
        }
      }
    });
    const element = await createEditor({ recordId: mockObjective.id });
    expect(element.shadowRoot.querySelector('h3').textContent).toBe('c.ObjectiveEditor_EditTitle');
    expect(input(element, 'Name').value).toBe(mockObjective.fields.Name.value);
    const builder = element.shadowRoot.querySelector('c-criteria-builder');
    expect(builder.value).toBe(mockObjective.fields.Criteria__c.value);
    validInputs(element);

    element.shadowRoot.querySelector('lightning-button.save').click();
    await flushPromises();

    expect(updateRecord).toHaveBeenCalledWith({
      fields: expect.objectContaining({
        Id: mockObjective.id,
        Criteria__c: mockObjective.fields.Criteria__c.value
      })
    });
    expect(input(element, 'Weight__c').setCustomValidity).toHaveBeenLastCalledWith(
      "Enter a weight from 1 to 100. The weight sets how much this objective counts in the plan's progress."
    );
    expect(element.shadowRoot.querySelector('c-error-panel.save-error').friendlyMessage).toBe(
      "Enter a weight from 1 to 100. The weight sets how much this objective counts in the plan's progress."
    );
    await expect(element).toBeAccessible();
  });

  it('fires cancel', async () => {
    const element = await createEditor();
    const cancelled = jest.fn();
    element.addEventListener('cancel', cancelled);

    element.shadowRoot.querySelector('lightning-button.cancel').click();

    expect(cancelled).toHaveBeenCalled();
  });
});
