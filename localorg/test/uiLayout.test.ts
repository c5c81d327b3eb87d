// Lightning pages from metadata: force-app's FlexiPage and Lightning app as
// source-deploy-retrieve reads them, and the HTML a FlexiPage lays out (regions, tab sets,
// force-app components with typed properties, standard components' stand-ins, and a plain
// notice for what the local org does not have).
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { loadSchema } from '../src/schema/index.ts';
import type { ObjectDef, Schema } from '../src/schema/types.ts';
import type { FlexiPage, UiBundle } from '../src/ui/build.ts';
import { assignedRecordPage, defaultRecordPage, renderFlexiPage } from '../src/ui/layout.ts';
import { packageMetadata, type PackageMetadata } from '../src/ui/packageMetadata.ts';

const forceApp = path.resolve(import.meta.dirname, '..', '..', 'force-app');

let metadata: PackageMetadata;
let schema: Schema;
let plan: ObjectDef;

before(async () => {
  [metadata, schema] = await Promise.all([packageMetadata(forceApp), loadSchema(forceApp)]);
  plan = schema.object('Business_Plan__c') as ObjectDef;
});

function bundleWith(overrides: Partial<UiBundle> = {}): UiBundle {
  return {
    dir: '',
    hash: 'test',
    entry: 'entry.js',
    components: [],
    staticResources: [],
    compactLayouts: {},
    tabs: [],
    pageTabs: [],
    flexiPages: [],
    applications: [],
    recordPages: {},
    relationshipLabels: {},
    customPermissions: [],
    resourceTimestamp: 0,
    ...overrides
  };
}

/** The placeholders in a page's HTML, in order: [tag, props]. */
function placeholders(html: string): Array<[string, Record<string, unknown>]> {
  const decode = (s: string): string =>
    s
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  return [...html.matchAll(/data-lwc-component="([^"]+)" data-lwc-props="([^"]*)"/g)].map((m) => [
    m[1] as string,
    JSON.parse(decode(m[2] as string)) as Record<string, unknown>
  ]);
}

describe("force-app's Lightning pages and app", () => {
  test('the business plan record page: template, regions and the components in each, in order', () => {
    const page = metadata.flexiPages.find((p) => p.name === 'Business_Plan_Record_Page');
    assert.ok(page);
    assert.equal(page.type, 'RecordPage');
    assert.equal(page.sobjectType, 'Business_Plan__c');
    assert.equal(page.template, 'flexipage:recordHomeTemplateDesktop');
    const regions = Object.fromEntries(
      page.regions.map((r) => [
        `${r.type}:${r.name}`,
        r.items.map((i) => (i.kind === 'component' ? i.componentName : i.fieldItem))
      ])
    );
    assert.deepEqual(regions, {
      'Region:header': ['force:highlightsPanel'],
      'Facet:detailTabContent': ['force:detailPanel'],
      'Facet:relatedTabContent': ['force:relatedListContainer'],
      'Facet:maintabs': ['flexipage:tab', 'flexipage:tab'],
      'Region:main': [
        'c:planHeader',
        'c:planObjectives',
        'c:periodTargets',
        'c:targetAccounts',
        'c:actionItems',
        'c:reviewPanel',
        'flexipage:tabset'
      ],
      'Region:sidebar': ['c:templateActions', 'forceChatter:recordFeedContainer']
    });
  });

  test('the Partner Business Planning app: its tabs in order, and the plan record page assigned to plans', () => {
    const app = metadata.applications.find((a) => a.name === 'Partner_Business_Planning');
    assert.ok(app);
    assert.equal(app.label, 'Partner Business Planning');
    assert.equal(app.navType, 'Standard');
    assert.deepEqual(app.tabs.slice(0, 7), [
      'standard-home',
      'Business_Plan__c',
      'Plan_Portfolio',
      'Partner_Home',
      'standard-Account',
      'standard-Lead',
      'standard-Opportunity'
    ]);
    assert.deepEqual(app.recordPages, { Business_Plan__c: 'Business_Plan_Record_Page' });
    const bundle = bundleWith({ flexiPages: metadata.flexiPages });
    assert.equal(assignedRecordPage(bundle, app.recordPages, plan)?.name, 'Business_Plan_Record_Page');
    assert.equal(assignedRecordPage(bundle, {}, plan), undefined, 'an unassigned page is not used');
  });
});

describe('laying out a FlexiPage', () => {
  const page: FlexiPage = {
    name: 'Test_Page',
    masterLabel: 'Test Page',
    type: 'RecordPage',
    sobjectType: 'Business_Plan__c',
    template: 'flexipage:recordHomeTemplateDesktop',
    regions: [
      {
        name: 'sidebar',
        type: 'Region',
        items: [
          {
            kind: 'component',
            componentName: 'runtime_sales_activities:activityPanel',
            identifier: null,
            properties: {}
          }
        ]
      },
      {
        name: 'tabs',
        type: 'Facet',
        items: [
          {
            kind: 'component',
            componentName: 'flexipage:tab',
            identifier: 'a',
            properties: { title: 'Standard.Tab.relatedLists', body: 'related' }
          },
          {
            kind: 'component',
            componentName: 'flexipage:tab',
            identifier: 'b',
            properties: { title: 'Standard.Tab.detail', body: 'details', active: 'true' }
          }
        ]
      },
      {
        name: 'related',
        type: 'Facet',
        items: [
          { kind: 'component', componentName: 'force:relatedListContainer', identifier: null, properties: {} }
        ]
      },
      {
        name: 'details',
        type: 'Facet',
        items: [{ kind: 'component', componentName: 'force:detailPanel', identifier: null, properties: {} }]
      },
      {
        name: 'main',
        type: 'Region',
        items: [
          {
            kind: 'component',
            componentName: 'planObjectives',
            identifier: null,
            properties: { rows: '5', compact: 'true', title: 'Goals', modes: ['a', 'b'] }
          },
          {
            kind: 'component',
            componentName: 'flexipage:tabset',
            identifier: null,
            properties: { tabs: 'tabs' }
          }
        ]
      },
      {
        name: 'header',
        type: 'Region',
        items: [
          { kind: 'component', componentName: 'force:highlightsPanel', identifier: null, properties: {} }
        ]
      }
    ]
  };
  const bundle = (): UiBundle =>
    bundleWith({
      components: [
        {
          specifier: 'c/planObjectives',
          tag: 'c-plan-objectives',
          recordPageObjects: ['Business_Plan__c'],
          isElement: true,
          propertyTypes: { rows: 'Integer', compact: 'Boolean', title: 'String' }
        }
      ]
    });
  const render = (): string =>
    renderFlexiPage(page, {
      bundle: bundle(),
      record: {
        schema,
        bundle: bundle(),
        listViews: [],
        object: plan,
        recordId: 'a01000000000001AAA',
        visible: { object: () => true, field: () => true }
      }
    });

  test('regions follow the template (header, then main beside sidebar), whatever order the file has them in', () => {
    const html = render();
    const order = [...html.matchAll(/data-region="(\w+)"/g)].map((m) => m[1]);
    assert.deepEqual(order, ['header', 'main', 'sidebar']);
    // Main takes two thirds of a wide screen and the sidebar one third.
    assert.match(html, /class="slds-col slds-size_1-of-1 slds-large-size_8-of-12" data-region="main"/);
    assert.match(html, /class="slds-col slds-size_1-of-1 slds-large-size_4-of-12" data-region="sidebar"/);
  });

  test('force-app components get the properties the page sets, typed as their js-meta.xml declares, and the record', () => {
    const [, props] = placeholders(render()).find(([tag]) => tag === 'c-plan-objectives') ?? [];
    assert.deepEqual(props, {
      rows: 5,
      compact: true,
      title: 'Goals',
      modes: ['a', 'b'],
      recordId: 'a01000000000001AAA',
      objectApiName: 'Business_Plan__c'
    });
  });

  test('a tab set shows its tabs in order with the active one open, each with its facet', () => {
    const html = render();
    assert.deepEqual(
      [...html.matchAll(/role="tab"[^>]*aria-selected="(true|false)"[^>]*>([^<]+)</g)].map((m) => [
        m[2],
        m[1]
      ]),
      [
        ['Related', 'false'],
        ['Details', 'true']
      ]
    );
    const tags = placeholders(html).map(([tag]) => tag);
    assert.deepEqual(tags, [
      'localorg-record-highlights',
      'c-plan-objectives',
      'localorg-related-list-container',
      'localorg-record-details'
    ]);
    const [, details] = placeholders(html).find(([tag]) => tag === 'localorg-record-details') ?? [];
    assert.equal(details?.embedded, true, 'inside a tab the details have no card of their own');
  });

  test('a component the local org does not have is named, not faked', () => {
    assert.match(
      render(),
      /data-unavailable-component="runtime_sales_activities:activityPanel"[^]*runtime_sales_activities:activityPanel isn&#39;t available in the local org\./
    );
  });

  test('an object without a FlexiPage: the highlights, its record page components, and the details beside', () => {
    const fallback = defaultRecordPage(bundle(), plan);
    assert.deepEqual(
      fallback.regions.map((r) => [
        r.name,
        r.items.map((i) => (i.kind === 'component' ? i.componentName : ''))
      ]),
      [
        ['header', ['force:highlightsPanel']],
        ['main', ['c:planObjectives']],
        ['sidebar', ['force:detailPanel']]
      ]
    );
    // With no component for the object, the details take the main region and the related lists the sidebar.
    const bare = defaultRecordPage(bundleWith(), plan);
    assert.deepEqual(
      bare.regions.map((r) => [r.name, r.items.map((i) => (i.kind === 'component' ? i.componentName : ''))]),
      [
        ['header', ['force:highlightsPanel']],
        ['main', ['force:detailPanel']],
        ['sidebar', ['force:relatedListContainer']]
      ]
    );
  });

  test('an app page has no record: components get only their properties, record components are not available', () => {
    const appPage: FlexiPage = {
      name: 'Portfolio',
      masterLabel: 'Portfolio',
      type: 'AppPage',
      sobjectType: null,
      template: 'flexipage:defaultAppHomeTemplate',
      regions: [
        {
          name: 'main',
          type: 'Region',
          items: [
            {
              kind: 'component',
              componentName: 'c:planObjectives',
              identifier: null,
              properties: { rows: '3' }
            },
            { kind: 'component', componentName: 'force:detailPanel', identifier: null, properties: {} }
          ]
        }
      ]
    };
    const html = renderFlexiPage(appPage, { bundle: bundle(), record: null });
    assert.deepEqual(placeholders(html), [['c-plan-objectives', { rows: 3 }]]);
    assert.match(html, /data-unavailable-component="force:detailPanel"/);
  });
});
