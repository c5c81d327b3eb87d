import { createElement } from '@lwc/engine-dom';
import CriteriaBuilder from 'c/criteriaBuilder';

// Object Info for Lead as the UI API returns it (GET /ui-api/object-info/Lead), shared with c/criteriaSoql.
const mockLead = require('../../criteriaSoql/__tests__/data/getObjectInfoLead.json');

const flushPromises = () => Promise.resolve();

function createBuilder(value) {
  const element = createElement('c-criteria-builder', { is: CriteriaBuilder });
  element.objectInfo = mockLead;
  element.value = value;
  document.body.appendChild(element);
  return element;
}

const rowsOf = (element) =>
  [...element.shadowRoot.querySelectorAll('.criteria-row')].map((row) => ({
    field: row.querySelector('[data-role="field"]').value,
    operator: row.querySelector('[data-role="operator"]').value,
    value: row.querySelector('[data-role="value"]')?.value
  }));

const preview = (element) => element.shadowRoot.querySelector('.criteria-preview').textContent;

function change(input, value) {
  input.dispatchEvent(new CustomEvent('change', { detail: { value } }));
}

describe('c-criteria-builder', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
  });

  it('shows saved criteria as rows with their preview', async () => {
    const element = createBuilder("LeadSource = 'Partner' AND AnnualRevenue >= 250000");
    await flushPromises();

    expect(rowsOf(element)).toEqual([
      { field: 'LeadSource', operator: 'eq', value: 'Partner' },
      { field: 'AnnualRevenue', operator: 'ge', value: '250000' }
    ]);
    expect(element.shadowRoot.querySelector('lightning-radio-group.logic').value).toBe('AND');
    expect(preview(element)).toBe("LeadSource = 'Partner' AND AnnualRevenue >= 250000");
    expect(element.criteria).toBe("LeadSource = 'Partner' AND AnnualRevenue >= 250000");
    await expect(element).toBeAccessible();
  });

  it('offers the filterable fields and the operators of the chosen field', async () => {
    const element = createBuilder('IsConverted = false');
    await flushPromises();

    const row = element.shadowRoot.querySelector('.criteria-row');
    const fields = row.querySelector('[data-role="field"]').options.map((o) => o.value);
    expect(fields).toContain('LeadSource');
    expect(fields).toHaveLength(Object.keys(mockLead.fields).length);
    expect(row.querySelector('[data-role="operator"]').options.map((o) => o.value)).toEqual(['eq', 'ne']);
    // A checkbox field takes True or False from a picklist.
    expect(row.querySelector('lightning-combobox[data-role="value"]').options.map((o) => o.value)).toEqual([
      'true',
      'false'
    ]);
  });

  it('starts empty with no criteria, and builds a condition row by row', async () => {
    const element = createBuilder('');
    await flushPromises();
    expect(rowsOf(element)).toEqual([]);
    expect(preview(element)).toBe('c.CriteriaBuilder_NoCriteria');
    expect(element.criteria).toBe('');
    await expect(element).toBeAccessible();

    const changes = jest.fn();
    element.addEventListener('change', changes);
    element.shadowRoot.querySelector('lightning-button.add-row').click();
    await flushPromises();
    change(element.shadowRoot.querySelector('[data-role="field"]'), 'Company');
    await flushPromises();
    change(element.shadowRoot.querySelector('[data-role="value"]'), "' OR Name != '");
    await flushPromises();

    // The injection attempt stays one quoted, escaped value.
    expect(preview(element)).toBe("Company = '\\' OR Name != \\''");
    expect(element.criteria).toBe("Company = '\\' OR Name != \\''");
    expect(changes).toHaveBeenCalledTimes(3);
  });

  it('switches to the field’s first operator when the old one does not apply, and joins rows with OR', async () => {
    const element = createBuilder("Company LIKE 'North%' AND Status = 'Open'");
    await flushPromises();

    change(element.shadowRoot.querySelector('[data-role="field"][data-index="0"]'), 'AnnualRevenue');
    await flushPromises();
    expect(rowsOf(element)[0]).toEqual({ field: 'AnnualRevenue', operator: 'eq', value: '' });

    change(element.shadowRoot.querySelector('[data-role="value"][data-index="0"]'), '5000');
    change(element.shadowRoot.querySelector('lightning-radio-group.logic'), 'OR');
    await flushPromises();
    expect(element.criteria).toBe("AnnualRevenue = 5000 OR Status = 'Open'");
  });

  it('takes list values one per line and needs none for "is blank"', async () => {
    const element = createBuilder('');
    await flushPromises();
    element.shadowRoot.querySelector('lightning-button.add-row').click();
    await flushPromises();
    change(element.shadowRoot.querySelector('[data-role="field"]'), 'Status');
    await flushPromises();
    change(element.shadowRoot.querySelector('[data-role="operator"]'), 'in');
    await flushPromises();
    const values = element.shadowRoot.querySelector('lightning-textarea[data-role="value"]');
    expect(values.fieldLevelHelp).toBe('c.CriteriaBuilder_ValuesHelp');
    change(values, 'Open\nWorking');
    await flushPromises();
    expect(element.criteria).toBe("Status IN ('Open', 'Working')");

    change(element.shadowRoot.querySelector('[data-role="operator"]'), 'isBlank');
    await flushPromises();
    expect(element.shadowRoot.querySelector('[data-role="value"]')).toBeNull();
    expect(element.criteria).toBe('Status = null');
  });

  it('removes a row', async () => {
    const element = createBuilder("LeadSource = 'Partner' OR LeadSource = 'Web'");
    await flushPromises();

    element.shadowRoot.querySelector('lightning-button-icon.remove-row[data-index="0"]').click();
    await flushPromises();

    expect(element.criteria).toBe("LeadSource = 'Web'");
  });

  it('reports an invalid row on its value input and gives no criteria', async () => {
    const element = createBuilder('');
    await flushPromises();
    element.shadowRoot.querySelector('lightning-button.add-row').click();
    await flushPromises();
    change(element.shadowRoot.querySelector('[data-role="field"]'), 'AnnualRevenue');
    await flushPromises();
    const value = element.shadowRoot.querySelector('[data-role="value"]');
    value.setCustomValidity = jest.fn();
    value.reportValidity = jest.fn();
    change(value, 'lots');
    await flushPromises();

    expect(element.reportValidity()).toBe(false);
    expect(value.setCustomValidity).toHaveBeenLastCalledWith('c.CriteriaBuilder_InvalidNumber');
    expect(value.reportValidity).toHaveBeenCalled();
    expect(element.criteria).toBeUndefined();
    expect(preview(element)).toBe('');
    await expect(element).toBeAccessible();
  });

  it('keeps hand-written criteria as they are until the user replaces them', async () => {
    const handWritten = "LeadSource = 'Partner' AND (Status = 'Open' OR Status = 'Working')";
    const element = createBuilder(handWritten);
    await flushPromises();

    expect(element.shadowRoot.querySelector('.hand-written')).not.toBeNull();
    expect(preview(element)).toBe(handWritten);
    expect(element.criteria).toBe(handWritten);
    expect(element.reportValidity()).toBe(true);
    await expect(element).toBeAccessible();

    element.shadowRoot.querySelector('lightning-button.replace').click();
    await flushPromises();
    expect(element.shadowRoot.querySelector('.hand-written')).toBeNull();
    expect(rowsOf(element)).toEqual([{ field: '', operator: 'eq', value: undefined }]);
  });
});
