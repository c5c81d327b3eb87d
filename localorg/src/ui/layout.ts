// A Lightning page laid out from its FlexiPage metadata: the template's regions (header,
// main, sidebar), each region's components in order, tab sets whose tabs show facets, and
// force-app components with the property values the page gives them. Standard record
// components get the local org's stand-ins; anything else says plainly that the local org
// does not have it. Visibility rules are not evaluated: every component shows.
import type { ObjectDef } from '../schema/types.ts';
import type { FlexiPage, FlexiPageComponent, FlexiPageRegion, UiBundle, UiComponent } from './build.ts';
import { html, placeholder } from './html.ts';
import { standardComponent, type Placement, type RecordContext } from './standardComponents.ts';

export interface LayoutContext {
  bundle: UiBundle;
  /** The record a record page shows; null on app pages. */
  record: RecordContext | null;
}

/** Standard tab titles as Lightning App Builder stores them, and the labels Lightning shows. */
const STANDARD_TAB_TITLES: Record<string, string> = {
  'Standard.Tab.detail': 'Details',
  'Standard.Tab.relatedLists': 'Related',
  'Standard.Tab.activity': 'Activity',
  'Standard.Tab.collaborate': 'Chatter',
  'Standard.Tab.feed': 'Feed',
  'Standard.Tab.news': 'News'
};

/** c:planObjectives, c__planObjectives and planObjectives all name force-app's c/planObjectives. */
function forceAppComponent(bundle: UiBundle, componentName: string): UiComponent | undefined {
  const bare = componentName.replace(/^c(?::|__)/, '');
  if (bare.includes(':')) return undefined;
  return bundle.components.find((c) => c.specifier === `c/${bare}` && c.isElement);
}

/** Property values arrive as text; the component gets them typed as its js-meta.xml declares. */
function typedProperties(
  component: UiComponent,
  properties: FlexiPageComponent['properties']
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(properties).map(([name, value]) => {
      const type = component.propertyTypes[name]?.toLowerCase();
      if (Array.isArray(value) || type === undefined || type === 'string') return [name, value];
      if (type === 'integer') return [name, value === '' ? undefined : Number(value)];
      if (type === 'boolean') return [name, value === 'true'];
      return [name, value];
    })
  );
}

function unavailable(componentName: string, why: string): string {
  return `<article class="slds-card" data-unavailable-component="${html(componentName)}"><div class="slds-card__body slds-card__body_inner slds-p-vertical_small"><p class="slds-text-color_weak">${html(why)}</p></div></article>`;
}

class PageRenderer {
  private readonly page: FlexiPage;
  private readonly ctx: LayoutContext;
  private readonly facets: Map<string, FlexiPageRegion>;
  private tabsets = 0;

  constructor(page: FlexiPage, ctx: LayoutContext) {
    this.page = page;
    this.ctx = ctx;
    this.facets = new Map(page.regions.filter((r) => r.type === 'Facet').map((r) => [r.name, r]));
  }

  items(region: FlexiPageRegion | undefined, placement: Placement): string {
    return (region?.items ?? [])
      .map((item) => {
        if (item.kind === 'field') {
          return unavailable(
            item.fieldItem,
            `The field ${item.fieldItem} (Dynamic Forms) isn't shown in the local org.`
          );
        }
        return `<div class="slds-m-bottom_small" data-component="${html(item.componentName)}"${item.identifier ? ` data-identifier="${html(item.identifier)}"` : ''}>${this.component(item, placement)}</div>`;
      })
      .join('');
  }

  private component(item: FlexiPageComponent, placement: Placement): string {
    const { componentName, properties } = item;
    if (componentName === 'flexipage:tabset') return this.tabset(item, placement);
    const ownComponent = forceAppComponent(this.ctx.bundle, componentName);
    if (ownComponent) {
      const recordProps = this.ctx.record
        ? { recordId: this.ctx.record.recordId, objectApiName: this.ctx.record.object.name }
        : {};
      return placeholder(ownComponent.tag, { ...typedProperties(ownComponent, properties), ...recordProps });
    }
    const standIn = this.ctx.record
      ? standardComponent(componentName, properties, this.ctx.record, placement)
      : undefined;
    if (standIn) return standIn;
    return unavailable(componentName, `${componentName} isn't available in the local org.`);
  }

  /** SLDS card tabs: every tab's content is on the page; the shell's script switches between them. */
  private tabset(item: FlexiPageComponent, placement: Placement): string {
    const tabs = (this.facets.get(String(item.properties.tabs ?? ''))?.items ?? []).filter(
      (t): t is FlexiPageComponent => t.kind === 'component' && t.componentName === 'flexipage:tab'
    );
    if (tabs.length === 0) return '';
    const set = ++this.tabsets;
    const activeIndex = Math.max(
      tabs.findIndex((t) => t.properties.active === 'true'),
      0
    );
    const nav = tabs
      .map((tab, i) => {
        const title = String(tab.properties.title ?? '');
        const label = STANDARD_TAB_TITLES[title] ?? title;
        const active = i === activeIndex;
        return `<li class="slds-tabs_default__item${active ? ' slds-is-active' : ''}" title="${html(label)}" role="presentation"><a class="slds-tabs_default__link" href="#" role="tab" tabindex="${active ? 0 : -1}" aria-selected="${active}" aria-controls="tabset-${set}-${i}" id="tabset-${set}-${i}__item">${html(label)}</a></li>`;
      })
      .join('');
    const panels = tabs
      .map((tab, i) => {
        const body = this.facets.get(String(tab.properties.body ?? ''));
        return `<div id="tabset-${set}-${i}" class="slds-tabs_default__content ${i === activeIndex ? 'slds-show' : 'slds-hide'}" role="tabpanel" aria-labelledby="tabset-${set}-${i}__item">${this.items(body, { ...placement, inTab: true })}</div>`;
      })
      .join('');
    return `<div class="slds-tabs_card"><div class="slds-tabs_default" data-tabset><ul class="slds-tabs_default__nav" role="tablist">${nav}</ul>${panels}</div></div>`;
  }

  /** Header on top, then main and sidebar side by side (two thirds and one third), then any other region. */
  render(): string {
    const regions = this.page.regions.filter((r) => r.type === 'Region');
    const byName = new Map(regions.map((r) => [r.name, r]));
    // The sidebar is a third of the page; every other region is wide.
    const region = (r: FlexiPageRegion, classes: string): string =>
      `<div class="${classes}" data-region="${html(r.name)}">${this.items(r, { inTab: false, wide: r.name !== 'sidebar' })}</div>`;
    const parts: string[] = [];
    const header = byName.get('header');
    if (header) parts.push(region(header, ''));
    const main = byName.get('main');
    const sidebar = byName.get('sidebar');
    if (main && sidebar) {
      parts.push(
        `<div class="slds-grid slds-wrap slds-gutters_x-small">${region(main, 'slds-col slds-size_1-of-1 slds-large-size_8-of-12')}${region(sidebar, 'slds-col slds-size_1-of-1 slds-large-size_4-of-12')}</div>`
      );
    } else if (main ?? sidebar) {
      parts.push(region((main ?? sidebar) as FlexiPageRegion, ''));
    }
    for (const other of regions.filter((r) => !['header', 'main', 'sidebar'].includes(r.name))) {
      parts.push(region(other, ''));
    }
    return `<div data-flexipage="${html(this.page.name)}" data-template="${html(this.page.template)}">${parts.join('')}</div>`;
  }
}

export function renderFlexiPage(page: FlexiPage, ctx: LayoutContext): string {
  return new PageRenderer(page, ctx).render();
}

const componentItem = (componentName: string): FlexiPageComponent => ({
  kind: 'component',
  componentName,
  identifier: null,
  properties: {}
});

/**
 * The page an object's records open on without a FlexiPage: the highlights, every force-app
 * component whose js-meta.xml targets the object's record page, and the details beside them.
 * An object no component targets shows its details in their place and its related lists beside.
 */
export function defaultRecordPage(bundle: UiBundle, o: ObjectDef): FlexiPage {
  const components = bundle.components.filter(
    (c) =>
      c.isElement &&
      c.recordPageObjects !== null &&
      (c.recordPageObjects.length === 0 || c.recordPageObjects.includes(o.name))
  );
  return {
    name: `${o.name}_default`,
    masterLabel: `${o.label} Record Page`,
    type: 'RecordPage',
    sobjectType: o.name,
    template: 'flexipage:recordHomeTemplateDesktop',
    regions: [
      { name: 'header', type: 'Region', items: [componentItem('force:highlightsPanel')] },
      ...(components.length > 0
        ? [
            {
              name: 'main',
              type: 'Region' as const,
              items: components.map((c) => componentItem(c.specifier.replace('/', ':')))
            },
            { name: 'sidebar', type: 'Region' as const, items: [componentItem('force:detailPanel')] }
          ]
        : [
            { name: 'main', type: 'Region' as const, items: [componentItem('force:detailPanel')] },
            { name: 'sidebar', type: 'Region' as const, items: [componentItem('force:relatedListContainer')] }
          ])
    ]
  };
}

/** The FlexiPage an object's records open on: the app's assignment, else the org default. */
export function assignedRecordPage(
  bundle: UiBundle,
  appRecordPages: Record<string, string>,
  o: ObjectDef
): FlexiPage | undefined {
  const name = appRecordPages[o.name] ?? bundle.recordPages[o.name];
  return bundle.flexiPages.find(
    (p) => p.name === name && p.type === 'RecordPage' && (p.sobjectType ?? o.name) === o.name
  );
}
