import { createElement } from '@lwc/engine-dom';
import PlanPortfolio from 'c/planPortfolio';
// eslint-disable-next-line @lwc/lwc/newer-version-available -- the components use lightning/uiGraphQLApi (refreshGraphQL), which the local org implements
import { graphql, refreshGraphQL } from 'lightning/uiGraphQLApi';
import { getPicklistValues } from 'lightning/uiObjectInfoApi';

// GraphQL API and UI API responses: four plans whose tiles and CSV are worked out by hand below.
const mockPortfolio = require('./data/graphqlPortfolio.json');
const mockEmpty = require('./data/graphqlPortfolioEmpty.json');
const mockTruncated = require('./data/graphqlPortfolioTruncated.json');
const mockStatusValues = require('./data/getPicklistValuesStatus.json');

/** sfdx-lwc-jest's value of @salesforce/user/Id. */
const USER_ID = '005000000000000000';

function createComponent() {
  const element = createElement('c-plan-portfolio', { is: PlanPortfolio });
  document.body.appendChild(element);
  return element;
}

/** Lets wire emissions, re-renders and the generated record URLs (a promise chain) settle. */
const flushPromises = () =>
  [1, 2, 3, 4, 5].reduce((settled) => settled.then(() => Promise.resolve()), Promise.resolve());
const textOf = (node) => node.textContent.replace(/\s+/g, ' ').trim();

async function loaded(mock = mockPortfolio) {
  const element = createComponent();
  getPicklistValues.emit(mockStatusValues);
  graphql.emit(mock.data);
  await flushPromises();
  return element;
}

/** The filter every query carries before the user's own filters. */
const NOT_TEMPLATES = { Is_Template__c: { eq: false } };
const MINE = {
  or: [
    { Channel_Manager__c: { eq: USER_ID } },
    { and: [{ Channel_Manager__c: { eq: null } }, { OwnerId: { eq: USER_ID } }] }
  ]
};
const BY_NAME = { Name: { order: 'ASC', nulls: 'LAST' } };

function readBlob(blob) {
  return new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.readAsText(blob);
  });
}

describe('c-plan-portfolio', () => {
  let createdBlobs;

  beforeEach(() => {
    createdBlobs = [];
    URL.createObjectURL = jest.fn((blob) => {
      createdBlobs.push(blob);
      return `blob:portfolio-${createdBlobs.length}`;
    });
    URL.revokeObjectURL = jest.fn();
  });

  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
    jest.useRealTimers();
  });

  it('uses fixtures shaped like GraphQL API and UI API responses', () => {
    for (const response of [mockPortfolio, mockEmpty, mockTruncated]) {
      expect(Object.keys(response).sort()).toEqual(['data', 'errors']);
      const connection = response.data.uiapi.query.Business_Plan__c;
      expect(Object.keys(connection).sort()).toEqual(['edges', 'pageInfo', 'totalCount']);
      for (const { node } of connection.edges) {
        expect(Object.keys(node).sort()).toEqual([
          'End_Date__c',
          'Id',
          'Name',
          'Next_Review_Date__c',
          'Partner_Account__r',
          'Progress__c',
          'Start_Date__c',
          'Status__c'
        ]);
      }
    }
    expect(Object.keys(mockStatusValues).sort()).toEqual([
      'controllerValues',
      'defaultValue',
      'eTag',
      'url',
      'values'
    ]);
  });

  it('shows a spinner while the plans load', async () => {
    const element = createComponent();
    await flushPromises();
    expect(element.shadowRoot.querySelector('lightning-spinner')).not.toBeNull();
    expect(element.shadowRoot.querySelector('c-portfolio-datatable')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it("asks for the user's own plans, sorted by name, leaving templates out", async () => {
    createComponent();
    await flushPromises();
    expect(graphql.getLastConfig().variables).toEqual({
      where: { and: [NOT_TEMPLATES, MINE] },
      orderBy: BY_NAME,
      first: 2000
    });
    expect(graphql.getLastConfig().operationName).toBe('planPortfolio');
  });

  it('lists the plans with partner, status, progress gauge, dates and next review', async () => {
    const element = await loaded();
    const table = element.shadowRoot.querySelector('c-portfolio-datatable');
    expect(
      table.data.map((r) => [
        r.name,
        r.partnerName,
        r.status,
        r.progress,
        r.startDate,
        r.endDate,
        r.nextReviewDate
      ])
    ).toEqual([
      ['Alpine FY2026', 'Alpine Partners AG', 'In Progress', 62.5, '2026-01-01', '2026-12-31', '2026-04-15'],
      ['Blue Harbor FY2026', 'Blue Harbor Systems', 'Draft', null, '2026-01-01', '2026-12-31', null],
      [
        'Northwind FY2026',
        'Northwind Solutions',
        'In Progress',
        40,
        '2026-01-01',
        '2026-12-31',
        '2026-03-31'
      ],
      ['-Legacy, renewal', 'Smith, Jones & Co', 'Completed', 100, '2025-01-01', '2025-12-31', null]
    ]);
    // The plan column links to the record page that NavigationMixin generated.
    expect(table.data.every((r) => r.url === 'https://www.example.com')).toBe(true);
    expect(table.data[0].progressLabel).toBe('c.PlanPortfolio_ProgressOf'.replace('{0}', 'Alpine FY2026'));
    expect(table.columns.find((c) => c.fieldName === 'progress').type).toBe('progressGauge');
    expect(table.columns.every((c) => c.sortable)).toBe(true);
    await expect(element).toBeAccessible();
  });

  it('sums the plans by status and averages the calculated progress in the tiles', async () => {
    const element = await loaded();
    const tile = (node) => [...node.querySelectorAll('p')].map(textOf);
    expect([...element.shadowRoot.querySelectorAll('.status-tile')].map(tile)).toEqual([
      ['Draft Outline', '0'],
      ['Draft', '1'],
      ['In Progress', '2'],
      ['Completed', '1']
    ]);
    expect(tile(element.shadowRoot.querySelector('.total-plans'))).toEqual([
      'c.PlanPortfolio_TotalPlans',
      '4'
    ]);
    // (62.5 + 40 + 100) / 3: Blue Harbor has no progress calculated yet.
    const average = element.shadowRoot.querySelector('.average-progress lightning-formatted-number');
    expect(average.value).toBe(67.5);
  });

  it('exports the filtered rows as CSV with quoting and the formula guard', async () => {
    const element = await loaded();
    const link = element.shadowRoot.querySelector('a.export-csv');
    expect(link.getAttribute('href')).toBe('blob:portfolio-1');
    expect(link.getAttribute('download')).toBe('c.PlanPortfolio_FileName');
    const blob = createdBlobs[0];
    expect(blob.type).toBe('text/csv;charset=utf-8');
    expect(await readBlob(blob)).toBe(
      'c.PlanPortfolio_ColumnPlan,c.PlanPortfolio_ColumnPartner,c.PlanPortfolio_ColumnStatus,' +
        'c.PlanPortfolio_ColumnProgressPercent,c.PlanPortfolio_ColumnStart,c.PlanPortfolio_ColumnEnd,' +
        'c.PlanPortfolio_ColumnNextReview\r\n' +
        'Alpine FY2026,Alpine Partners AG,In Progress,62.5,2026-01-01,2026-12-31,2026-04-15\r\n' +
        'Blue Harbor FY2026,Blue Harbor Systems,Draft,,2026-01-01,2026-12-31,\r\n' +
        'Northwind FY2026,Northwind Solutions,In Progress,40,2026-01-01,2026-12-31,2026-03-31\r\n' +
        '"\'-Legacy, renewal","Smith, Jones & Co",Completed,100,2025-01-01,2025-12-31,\r\n'
    );
  });

  it('replaces the CSV link when new rows arrive and revokes the old one', async () => {
    const element = await loaded();
    graphql.emit(mockEmpty.data);
    await flushPromises();
    expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:portfolio-1');
    expect(element.shadowRoot.querySelector('a.export-csv')).toBeNull();
  });

  it('says so when no plan matches, without a table or an export', async () => {
    const element = await loaded(mockEmpty);
    expect(textOf(element.shadowRoot.querySelector('.empty-state'))).toBe('c.PlanPortfolio_Empty');
    expect(element.shadowRoot.querySelector('c-portfolio-datatable')).toBeNull();
    expect(element.shadowRoot.querySelector('a.export-csv')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('warns when more plans match than one page holds', async () => {
    const element = await loaded(mockTruncated);
    expect(textOf(element.shadowRoot.querySelector('.truncated'))).toBe(
      'c.PlanPortfolio_Truncated'.replace('{0}', '4').replace('{1}', '2150')
    );
    await expect(element).toBeAccessible();
  });

  it('shows GraphQL errors in the error panel', async () => {
    const element = createComponent();
    getPicklistValues.emit(mockStatusValues);
    graphql.emitErrors([
      {
        message:
          "Validation error of type FieldUndefined: Field 'Progress__c' in type 'Business_Plan__c' is undefined @ 'uiapi/query/Business_Plan__c/edges/node/Progress__c'",
        locations: [{ line: 12, column: 15 }],
        extensions: { classification: 'ValidationError' }
      }
    ]);
    await flushPromises();
    const panel = element.shadowRoot.querySelector('c-error-panel');
    expect(panel.errors).toEqual([
      "Validation error of type FieldUndefined: Field 'Progress__c' in type 'Business_Plan__c' is undefined @ 'uiapi/query/Business_Plan__c/edges/node/Progress__c'"
    ]);
    expect(panel.friendlyMessage).toBe('c.PlanPortfolio_LoadError');
    await expect(element).toBeAccessible();
  });

  it('shows a picklist read error in the error panel', async () => {
    const element = createComponent();
    getPicklistValues.error(
      [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }],
      404,
      'Not Found'
    );
    graphql.emit(mockPortfolio.data);
    await flushPromises();
    expect(element.shadowRoot.querySelector('c-error-panel').errors).toEqual([
      'The requested resource does not exist'
    ]);
    await expect(element).toBeAccessible();
  });

  it('filters by status, scope and fiscal year in the GraphQL where', async () => {
    const element = await loaded();
    const status = element.shadowRoot.querySelector('lightning-combobox.status-filter');
    expect(status.options.map((o) => o.value)).toEqual([
      '',
      'Draft Outline',
      'Draft',
      'In Progress',
      'Completed'
    ]);
    status.dispatchEvent(new CustomEvent('change', { detail: { value: 'In Progress' } }));
    element.shadowRoot
      .querySelector('lightning-radio-group.scope')
      .dispatchEvent(new CustomEvent('change', { detail: { value: 'all' } }));
    element.shadowRoot
      .querySelector('lightning-combobox.period-filter')
      .dispatchEvent(new CustomEvent('change', { detail: { value: 'LAST_FISCAL_YEAR' } }));
    await flushPromises();
    expect(graphql.getLastConfig().variables.where).toEqual({
      and: [
        NOT_TEMPLATES,
        { Status__c: { eq: 'In Progress' } },
        { Start_Date__c: { eq: { literal: 'LAST_FISCAL_YEAR' } } }
      ]
    });
  });

  it('takes the plans overlapping a date range', async () => {
    const element = await loaded();
    element.shadowRoot
      .querySelector('lightning-combobox.period-filter')
      .dispatchEvent(new CustomEvent('change', { detail: { value: 'range' } }));
    await flushPromises();
    element.shadowRoot
      .querySelector('lightning-input.range-from')
      .dispatchEvent(new CustomEvent('change', { detail: { value: '2026-04-01' } }));
    element.shadowRoot
      .querySelector('lightning-input.range-to')
      .dispatchEvent(new CustomEvent('change', { detail: { value: '2026-06-30' } }));
    await flushPromises();
    expect(graphql.getLastConfig().variables.where).toEqual({
      and: [
        NOT_TEMPLATES,
        MINE,
        { Start_Date__c: { lte: { value: '2026-06-30' } } },
        { End_Date__c: { gte: { value: '2026-04-01' } } }
      ]
    });
  });

  it('searches partners by name once the user stops typing', async () => {
    const element = await loaded();
    jest.useFakeTimers();
    const search = element.shadowRoot.querySelector('lightning-input.partner-filter');
    search.dispatchEvent(new CustomEvent('change', { detail: { value: 'North' } }));
    search.dispatchEvent(new CustomEvent('change', { detail: { value: 'Northwind ' } }));
    expect(graphql.getLastConfig().variables.where).toEqual({ and: [NOT_TEMPLATES, MINE] });
    jest.advanceTimersByTime(300);
    jest.useRealTimers();
    await flushPromises();
    expect(graphql.getLastConfig().variables.where).toEqual({
      and: [NOT_TEMPLATES, MINE, { Partner_Account__r: { Name: { like: '%Northwind%' } } }]
    });
  });

  it('sorts on the server by the column the user sorts', async () => {
    const element = await loaded();
    const table = element.shadowRoot.querySelector('c-portfolio-datatable');
    table.dispatchEvent(
      new CustomEvent('sort', { detail: { fieldName: 'partnerName', sortDirection: 'desc' } })
    );
    await flushPromises();
    expect(graphql.getLastConfig().variables.orderBy).toEqual({
      Partner_Account__r: { Name: { order: 'DESC', nulls: 'LAST' } }
    });
    expect(table.sortedBy).toBe('partnerName');
    expect(table.sortedDirection).toBe('desc');
    table.dispatchEvent(
      new CustomEvent('sort', { detail: { fieldName: 'nextReviewDate', sortDirection: 'asc' } })
    );
    await flushPromises();
    expect(graphql.getLastConfig().variables.orderBy).toEqual({
      Next_Review_Date__c: { order: 'ASC', nulls: 'LAST' }
    });
  });

  it('runs the query again on refresh', async () => {
    const element = await loaded();
    element.shadowRoot.querySelector('lightning-button-icon.refresh').click();
    expect(refreshGraphQL).toHaveBeenCalledTimes(1);
    expect(refreshGraphQL.mock.calls[0][0].data).toEqual(mockPortfolio.data);
  });
});
