import { createElement } from 'lwc';
import ReviewForm from 'c/reviewForm';

// Shaped as reviewPanel builds them from the Business_Review__c object info.
const FIELDS = [
  { name: 'Name', label: 'Review Name', value: '', required: true, maxLength: 80, isText: true },
  { name: 'Review_Date__c', label: 'Review Date', value: '2027-01-29', required: true, isDate: true },
  {
    name: 'Wins__c',
    label: 'Wins',
    value: 'Two new logos',
    required: false,
    maxLength: 32768,
    isTextArea: true
  }
];

// eslint-disable-next-line @lwc/lwc/no-async-operation
const flushPromises = () => new Promise((resolve) => setTimeout(resolve, 0));

async function render(props = {}) {
  const element = createElement('c-review-form', { is: ReviewForm });
  Object.assign(element, { fields: FIELDS, ...props });
  const heading = document.createElement('h3');
  heading.slot = 'heading';
  heading.textContent = 'Schedule a review';
  element.appendChild(heading);
  document.body.appendChild(element);
  await flushPromises();
  return element;
}

const inputs = (element) => [...element.shadowRoot.querySelectorAll('lightning-input, lightning-textarea')];

describe('c-review-form', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  });

  it('shows each field with the input its kind needs', async () => {
    const element = await render();
    const [name, date, wins] = inputs(element);
    expect(name.tagName).toBe('LIGHTNING-INPUT');
    expect([name.label, name.required, name.maxLength, name.type]).toEqual([
      'Review Name',
      true,
      80,
      undefined
    ]);
    expect(date.tagName).toBe('LIGHTNING-INPUT');
    expect([date.type, date.value]).toEqual(['date', '2027-01-29']);
    expect(wins.tagName).toBe('LIGHTNING-TEXTAREA');
    expect([wins.value, wins.required]).toEqual(['Two new logos', false]);
    expect(element.shadowRoot.querySelector('c-error-panel')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('names the field whose value changed', async () => {
    const element = await render();
    const handler = jest.fn();
    element.addEventListener('fieldchange', handler);
    inputs(element)[2].dispatchEvent(new CustomEvent('change', { detail: { value: 'Three new logos' } }));
    expect(handler).toHaveBeenCalledTimes(1);
    expect(handler.mock.calls[0][0].detail).toEqual({ field: 'Wins__c', value: 'Three new logos' });
  });

  it('asks to save only when every input is valid', async () => {
    const element = await render();
    const save = jest.fn();
    element.addEventListener('save', save);
    const [name, date, wins] = inputs(element);
    name.reportValidity = jest.fn(() => false);
    date.reportValidity = jest.fn(() => true);
    wins.reportValidity = jest.fn(() => true);
    element.shadowRoot.querySelector('.form-save').click();
    expect(save).not.toHaveBeenCalled();
    // Every input shows its message, not only the first invalid one.
    expect([name, date, wins].map((input) => input.reportValidity.mock.calls.length)).toEqual([1, 1, 1]);
    name.reportValidity = jest.fn(() => true);
    element.shadowRoot.querySelector('.form-save').click();
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('asks to cancel', async () => {
    const element = await render();
    const cancel = jest.fn();
    element.addEventListener('cancel', cancel);
    element.shadowRoot.querySelector('.form-cancel').click();
    expect(cancel).toHaveBeenCalledTimes(1);
  });

  it('shows why saving failed and blocks a second save while one is under way', async () => {
    const errors = { body: { message: 'This plan is completed.' } };
    const element = await render({ errors, saving: true });
    const panel = element.shadowRoot.querySelector('c-error-panel');
    expect(panel.errors).toEqual(errors);
    expect(panel.friendlyMessage).toBe('c.ReviewPanel_SaveFailed');
    expect(element.shadowRoot.querySelector('.form-save').disabled).toBe(true);
    await expect(element).toBeAccessible();
  });
});
