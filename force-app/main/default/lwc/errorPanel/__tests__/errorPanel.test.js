import { createElement } from '@lwc/engine-dom';
import ErrorPanel from 'c/errorPanel';

const ERRORS = [
  { body: [{ errorCode: 'INSUFFICIENT_ACCESS', message: 'No access to Plan Objective' }] },
  new Error('Network down')
];

function createPanel(properties) {
  const element = createElement('c-error-panel', { is: ErrorPanel });
  Object.assign(element, properties);
  document.body.appendChild(element);
  return element;
}

const flushPromises = () => Promise.resolve();

const detailTexts = (element) => [...element.shadowRoot.querySelectorAll('li')].map((li) => li.textContent);

describe('c-error-panel', () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
    jest.clearAllMocks();
  });

  it('shows the default friendly message when none is given', () => {
    const element = createPanel({ errors: ERRORS });

    expect(element.shadowRoot.querySelector('p').textContent).toBe('c.ErrorPanel_DefaultMessage');
  });

  it('shows the given friendly message and hides the details until asked', async () => {
    const element = createPanel({ errors: ERRORS, friendlyMessage: 'Objectives could not be loaded' });

    expect(element.shadowRoot.querySelector('p').textContent).toBe('Objectives could not be loaded');
    expect(detailTexts(element)).toEqual([]);

    const toggle = element.shadowRoot.querySelector('lightning-button');
    expect(toggle.label).toBe('c.ErrorPanel_ShowDetails');
    toggle.click();
    await flushPromises();

    expect(detailTexts(element)).toEqual(['No access to Plan Objective', 'Network down']);
    expect(toggle.label).toBe('c.ErrorPanel_HideDetails');
  });

  it('offers no details toggle when the errors carry no message', () => {
    const element = createPanel({ errors: [undefined, {}] });

    expect(element.shadowRoot.querySelector('lightning-button')).toBeNull();
  });

  it('is accessible with its details shown', async () => {
    const element = createPanel({ errors: ERRORS });
    element.shadowRoot.querySelector('lightning-button').click();
    await flushPromises();

    await expect(element).toBeAccessible();
  });
});
