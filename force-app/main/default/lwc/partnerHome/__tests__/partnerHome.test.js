import { createElement } from '@lwc/engine-dom';
import PartnerHome from 'c/partnerHome';
// eslint-disable-next-line @lwc/lwc/newer-version-available -- the components use lightning/uiGraphQLApi (refreshGraphQL), which the local org implements
import { graphql } from 'lightning/uiGraphQLApi';

// GraphQL API responses: two Northwind plans, the first with three open action items.
const mockPlans = require('./data/graphqlPartnerHome.json');
const mockNoPlans = require('./data/graphqlPartnerHomeEmpty.json');

function createComponent(props = {}) {
  const element = createElement('c-partner-home', { is: PartnerHome });
  Object.assign(element, props);
  document.body.appendChild(element);
  return element;
}

/** Lets wire emissions, re-renders and the generated record URLs (a promise chain) settle. */
const flushPromises = () =>
  [1, 2, 3, 4, 5].reduce((settled) => settled.then(() => Promise.resolve()), Promise.resolve());
const textOf = (node) => node.textContent.replace(/\s+/g, ' ').trim();

describe('c-partner-home', () => {
  beforeEach(() => {
    // 1 February 2026: the MDF budget item (due 15 January) is overdue, the webinar is not.
    jest.useFakeTimers({
      now: new Date(2026, 1, 1, 9, 0),
      doNotFake: ['setTimeout', 'nextTick', 'queueMicrotask']
    });
  });

  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
    jest.useRealTimers();
  });

  it('uses fixtures shaped like GraphQL API responses', () => {
    for (const response of [mockPlans, mockNoPlans]) {
      expect(Object.keys(response).sort()).toEqual(['data', 'errors']);
      expect(Object.keys(response.data.uiapi.query)).toEqual(['Business_Plan__c']);
    }
    for (const { node } of mockPlans.data.uiapi.query.Business_Plan__c.edges) {
      expect(Object.keys(node).sort()).toEqual([
        'Id',
        'Name',
        'Partner_Account__r',
        'Plan_Action_Items__r',
        'Progress__c',
        'Status__c'
      ]);
    }
  });

  it('asks for three open action items per plan unless configured otherwise', async () => {
    createComponent();
    await flushPromises();
    expect(graphql.getLastConfig().variables).toEqual({ first: 50, items: 3 });
    expect(graphql.getLastConfig().operationName).toBe('partnerHome');
    document.body.removeChild(document.body.firstChild);
    createComponent({ actionItemsPerPlan: 5 });
    await flushPromises();
    expect(graphql.getLastConfig().variables).toEqual({ first: 50, items: 5 });
  });

  it('shows a spinner while the plans load', async () => {
    const element = createComponent();
    await flushPromises();
    expect(element.shadowRoot.querySelector('lightning-spinner')).not.toBeNull();
    await expect(element).toBeAccessible();
  });

  it('lists the plans with completion gauge, status and links to the plan', async () => {
    const element = createComponent();
    graphql.emit(mockPlans.data);
    await flushPromises();
    const plans = [...element.shadowRoot.querySelectorAll('li.plan')];
    expect(plans.map((p) => textOf(p.querySelector('.plan-link')))).toEqual([
      'Northwind FY2026',
      'Northwind FY2025'
    ]);
    expect(plans.map((p) => p.querySelector('.plan-link').getAttribute('href'))).toEqual([
      'https://www.example.com',
      'https://www.example.com'
    ]);
    expect(plans.map((p) => textOf(p.querySelector('.status')))).toEqual(['In Progress', 'Completed']);
    expect(plans.map((p) => p.querySelector('lightning-progress-ring').value)).toEqual([45, 100]);
    expect(plans[0].querySelector('lightning-progress-ring').ariaLabel).toBe(
      'c.PartnerHome_CompletionOf'.replace('{0}', 'Northwind FY2026')
    );
    await expect(element).toBeAccessible();
  });

  it('shows each plan’s next open action items, due soonest first, with overdue ones marked', async () => {
    const element = createComponent();
    graphql.emit(mockPlans.data);
    await flushPromises();
    const [first, second] = element.shadowRoot.querySelectorAll('li.plan');
    const items = [...first.querySelectorAll('li.action-item')].map((li) => [
      textOf(li.querySelector('.item-name')),
      li.querySelector('.overdue') && textOf(li.querySelector('.overdue')),
      textOf(li.querySelector('.due-date')),
      li.querySelector('.due').classList.contains('slds-text-color_error')
    ]);
    expect(items).toEqual([
      ['Confirm MDF budget', 'c.PartnerHome_Overdue', '1/15/2026', true],
      ['Run joint webinar', null, '3/1/2026', false],
      ['Publish case study', null, 'c.PartnerHome_NoDueDate', false]
    ]);
    expect(textOf(second.querySelector('.no-actions'))).toBe('c.PartnerHome_NoOpenActions');
  });

  it('says so when no plan is shared with the partner', async () => {
    const element = createComponent();
    graphql.emit(mockNoPlans.data);
    await flushPromises();
    expect(textOf(element.shadowRoot.querySelector('.empty-state'))).toBe('c.PartnerHome_Empty');
    expect(element.shadowRoot.querySelector('li.plan')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('shows GraphQL errors in the error panel', async () => {
    const element = createComponent();
    graphql.emitErrors([
      {
        message: 'Session expired or invalid',
        locations: [],
        extensions: { classification: 'INVALID_SESSION_ID' }
      }
    ]);
    await flushPromises();
    const panel = element.shadowRoot.querySelector('c-error-panel');
    expect(panel.errors).toEqual(['Session expired or invalid']);
    expect(panel.friendlyMessage).toBe('c.PartnerHome_LoadError');
    await expect(element).toBeAccessible();
  });
});
