// Lightning Experience pages of the local org, at Salesforce's own URLs: record pages
// (/lightning/r/Business_Plan__c/<id>/view) laid out from their FlexiPage, object homes
// with their list views (/lightning/o/Account/list), the home page (/lightning/page/home)
// and Lightning page tabs (/lightning/n/<tab>), all inside the app's navigation from its
// CustomApplication. Also serves the SLDS assets, the bundle's files, force-app's static
// resources (/resource/...) and the local org's user switcher.
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { sessionIdOf } from '../api/http.ts';
import type { ListViewDef } from '../schema/listViews.ts';
import type { FieldDef, ObjectDef, Schema } from '../schema/types.ts';
import type { SessionUser } from '../session.ts';
import type { AccessPolicy, QueryService } from '../soql/types.ts';
import { normalizeId } from '../store/ids.ts';
import type { UiApplication, UiBundle } from './build.ts';
import { html, icon, placeholder } from './html.ts';
import { assignedRecordPage, defaultRecordPage, renderFlexiPage } from './layout.ts';
import { renderShell, type NavItem, type UserMenu } from './shell.ts';
import { tabIconOf } from './standardComponents.ts';
import { createUserSwitcher, type SessionIssuer, type UserSwitcher } from './switchUser.ts';

export { detailFields, highlightFields } from './standardComponents.ts';

export interface UiPageDeps {
  schema: Schema;
  sessions: SessionIssuer;
  bundle: UiBundle;
  /** The org's list views; object homes show them. */
  listViews?: readonly ListViewDef[];
  /** Lists the org's users for the administrator's user switcher; without it there is no switcher. */
  queries?: QueryService;
  /** Who may read which object: the navigation and the home page leave out what the user cannot see. */
  access?: AccessPolicy;
  /** The API version the pages' Lightning Data Service calls. */
  apiVersion?: string;
  /** App name in the navigation bar when force-app has no Lightning app. */
  appName?: string;
}

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
const sldsAssets = path.join(repoRoot, 'node_modules', '@salesforce-ux', 'design-system', 'assets');

/** What a page knows about who is looking: set by the sign-in check before any page renders. */
interface Viewer {
  user: SessionUser;
  menu: UserMenu;
}

const viewerOf = (res: Response): Viewer => res.locals.viewer as Viewer;

class Pages {
  readonly deps: UiPageDeps;
  readonly apiVersion: string;
  readonly app: UiApplication | undefined;
  readonly switcher: UserSwitcher | undefined;

  constructor(deps: UiPageDeps) {
    this.deps = deps;
    this.apiVersion = deps.apiVersion ?? '62.0';
    // The org's Lightning app; with several, the first by name, as the App Launcher lists them.
    this.app = [...deps.bundle.applications].sort((a, b) => a.name.localeCompare(b.name))[0];
    this.switcher = deps.queries
      ? createUserSwitcher({ sessions: deps.sessions, queries: deps.queries, apiVersion: this.apiVersion })
      : undefined;
  }

  readable(o: ObjectDef, user: SessionUser): boolean {
    return !this.deps.access || user.isAdmin || this.deps.access.objectReadable(o, user);
  }

  /**
   * The app's navigation items in its order (without an app: Home, Accounts and force-app's
   * object tabs), leaving out objects the user cannot read, as Lightning hides their tabs.
   */
  nav(user: SessionUser, active: string): NavItem[] {
    const { schema, bundle } = this.deps;
    const objectItem = (o: ObjectDef): NavItem => ({
      label: o.labelPlural,
      href: `/lightning/o/${o.name}/home`,
      active: o.name === active,
      temporary: false
    });
    const home: NavItem = {
      label: 'Home',
      href: '/lightning/page/home',
      active: active === 'home',
      temporary: false
    };
    const items: NavItem[] = [];
    if (this.app) {
      for (const tab of this.app.tabs) {
        const standard = /^standard-(.+)$/.exec(tab)?.[1];
        const pageTab = bundle.pageTabs.find((t) => t.name === tab);
        const o = schema.object(standard ?? tab);
        if (standard === 'home') items.push(home);
        else if (pageTab) {
          // A Lightning page tab shows only to users a permission set gives it to, as in Salesforce.
          if (!user.isAdmin && !user.access.permissions.visibleTabs.has(pageTab.name)) continue;
          items.push({
            label: pageTab.label,
            href: `/lightning/n/${pageTab.name}`,
            active: active === `n:${pageTab.name}`,
            temporary: false
          });
        } else if (o && this.readable(o, user)) items.push(objectItem(o));
        // Other standard tabs (Chatter, Files, Reports…) are not part of the local org.
      }
    } else {
      items.push(home);
      for (const o of [schema.object('Account'), ...bundle.tabs.map((t) => schema.object(t.object))]) {
        if (o && this.readable(o, user)) items.push(objectItem(o));
      }
    }
    // An object the app does not list gets a temporary tab while the user is on it.
    const shown = schema.object(active);
    if (shown && !items.some((i) => i.active)) items.push({ ...objectItem(shown), temporary: true });
    return items;
  }

  page(res: Response, title: string, active: string, body: string): string {
    const viewer = viewerOf(res);
    return renderShell(
      { schema: this.deps.schema, bundle: this.deps.bundle, apiVersion: this.apiVersion },
      {
        title,
        appName: this.app?.label ?? this.deps.appName ?? 'Partner Business Planning',
        nav: this.nav(viewer.user, active),
        menu: viewer.menu,
        body
      }
    );
  }

  message(res: Response, status: number, title: string, message: string): void {
    const body = `<article class="slds-card"><div class="slds-card__body slds-card__body_inner slds-p-vertical_large">
<h2 class="slds-text-heading_medium slds-m-bottom_small">${html(title)}</h2><p>${html(message)}</p></div></article>`;
    res
      .status(status)
      .type('html')
      .send(this.page(res, title, '', body));
  }

  /**
   * Pages need a browser session (the sid cookie); without one they send the user to sign in.
   * Pages also get the avatar menu (with the switcher's users for an administrator); static
   * resources do not need it.
   */
  signedIn(withMenu: boolean) {
    return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
      const sessionId = sessionIdOf(req);
      const user = sessionId ? await this.deps.sessions.resolve(sessionId) : undefined;
      if (!sessionId || !user) {
        res.redirect(302, `/login?startURL=${encodeURIComponent(req.originalUrl)}`);
        return;
      }
      const switcher = withMenu ? this.switcher : undefined;
      const returnTo = switcher ? await switcher.returnTarget(sessionId) : undefined;
      const switchTo = switcher && user.isAdmin ? await switcher.switchableUsers(user) : null;
      const viewer: Viewer = {
        user,
        menu: { user, switchTo, returnTo: returnTo ? { name: returnTo.name } : null }
      };
      res.locals.viewer = viewer;
      next();
    };
  }

  /**
   * Whether the user can see the record, under their object permissions and sharing. Salesforce
   * opens no record page on a record the user cannot see, only its access error; the page's
   * components would otherwise each fail on their own.
   */
  async canRead(o: ObjectDef, recordId: string, user: SessionUser): Promise<boolean> {
    if (!this.readable(o, user)) return false;
    if (!this.deps.queries || user.isAdmin) return true;
    // recordId passed normalizeId (15 or 18 letters and digits) and o is the schema's: nothing here is user text.
    const found = await this.deps.queries.query(`SELECT Id FROM ${o.name} WHERE Id = '${recordId}'`, {
      user,
      apiVersion: this.apiVersion
    });
    return found.totalSize > 0;
  }

  recordPage(res: Response, o: ObjectDef, recordId: string): string {
    const { bundle, schema } = this.deps;
    const flexiPage =
      assignedRecordPage(bundle, this.app?.recordPages ?? {}, o) ?? defaultRecordPage(bundle, o);
    const user = viewerOf(res).user;
    const record = {
      schema,
      bundle,
      listViews: this.deps.listViews ?? [],
      object: o,
      recordId,
      visible: {
        object: (child: ObjectDef) => this.readable(child, user),
        field: (child: ObjectDef, field: FieldDef) =>
          !this.deps.access || user.isAdmin || this.deps.access.fieldReadable(child, field, user)
      }
    };
    const body = renderFlexiPage(flexiPage, { bundle, record });
    return this.page(res, o.label, o.name, body);
  }

  listViewsOf(o: ObjectDef): ListViewDef[] {
    return (this.deps.listViews ?? []).filter((v) => v.object === o.name);
  }

  /** The list an object home opens on: one called All, else the first by label. */
  defaultListView(o: ObjectDef): ListViewDef | undefined {
    const views = [...this.listViewsOf(o)].sort((a, b) => a.label.localeCompare(b.label));
    return views.find((v) => /^All/i.test(v.apiName)) ?? views[0];
  }

  listPage(res: Response, o: ObjectDef, view: ListViewDef): string {
    const body = placeholder('localorg-list-view', {
      objectApiName: o.name,
      listViewApiName: view.apiName,
      iconName: tabIconOf(this.deps.bundle, o.name)
    });
    return this.page(res, o.labelPlural, o.name, body);
  }

  /** A simple Lightning home: the plans the user can see, most recently changed first. */
  homePage(res: Response): string {
    const { schema, bundle } = this.deps;
    const user = viewerOf(res).user;
    const appObjects = (this.app?.tabs ?? bundle.tabs.map((t) => t.object)).map((t) => schema.object(t));
    const featured = appObjects.find(
      (o): o is ObjectDef =>
        o !== undefined && o.custom && this.readable(o, user) && this.defaultListView(o) !== undefined
    );
    const view = featured ? this.defaultListView(featured) : undefined;
    const recent =
      featured && view
        ? placeholder('localorg-recent-records', {
            objectApiName: featured.name,
            listViewApiName: view.apiName,
            iconName: tabIconOf(bundle, featured.name)
          })
        : '';
    const header = `<div class="slds-page-header slds-m-bottom_small"><div class="slds-page-header__row"><div class="slds-page-header__col-title"><div class="slds-media">
<div class="slds-media__figure"><span class="slds-icon_container slds-icon-standard-home" title="Home">${icon('standard', 'home', 'slds-icon slds-page-header__icon')}</span></div>
<div class="slds-media__body"><div class="slds-page-header__name"><div class="slds-page-header__name-title"><h1><span class="slds-page-header__title slds-truncate" title="Home">Home</span></h1></div></div>
<p class="slds-page-header__name-meta" data-welcome>Welcome, ${html(user.name)}</p></div></div></div></div></div>`;
    const about = `<article class="slds-card"><div class="slds-card__header slds-grid"><header class="slds-media slds-media_center slds-has-flexi-truncate"><div class="slds-media__body"><h2 class="slds-card__header-title">Signed in as</h2></div></header></div>
<div class="slds-card__body slds-card__body_inner"><p class="slds-text-heading_small">${html(user.name)}</p><p class="slds-text-color_weak">${html(user.username)}</p><p class="slds-text-color_weak">${html(user.profileName)}</p></div></article>`;
    const body = `${header}<div class="slds-grid slds-wrap slds-gutters_x-small"><div class="slds-col slds-size_1-of-1 slds-large-size_8-of-12">${recent}</div><div class="slds-col slds-size_1-of-1 slds-large-size_4-of-12">${about}</div></div>`;
    return this.page(res, 'Home', 'home', body);
  }
}

function staticResourceRoutes(router: Router, deps: UiPageDeps): void {
  const byName = new Map(deps.bundle.staticResources.map((r) => [r.name.toLowerCase(), r]));
  // /resource/<timestamp>/<name>[/<path inside an archive>], and the same without the timestamp.
  router.get(/^\/resource\/(?:\d+\/)?([A-Za-z][A-Za-z0-9_]*)(\/.*)?$/, (req, res, next) => {
    const params = req.params as unknown as Record<string, string | undefined>;
    const resource = byName.get(String(params[0]).toLowerCase());
    if (!resource) {
      res.status(404).type('text').send('Not found');
      return;
    }
    const inner = params[1] ?? '';
    if (resource.directory) {
      const file = path.resolve(resource.path, `.${path.posix.normalize(inner || '/')}`);
      if (!file.startsWith(resource.path + path.sep) || !existsSync(file)) {
        res.status(404).type('text').send('Not found');
        return;
      }
      res.sendFile(file, { maxAge: '1d' }, (error) => error && next(error));
      return;
    }
    if (inner) {
      res.status(404).type('text').send('Not found');
      return;
    }
    res.type(resource.contentType).sendFile(resource.path, { maxAge: '1d' }, (error) => error && next(error));
  });
}

export function createUiPageRouter(deps: UiPageDeps): Router {
  const router = express.Router();
  const pages = new Pages(deps);
  router.use('/assets', express.static(sldsAssets, { maxAge: '7d' }));
  router.use(
    `/lwc/${deps.bundle.hash}`,
    express.static(deps.bundle.dir, { maxAge: '365d', immutable: true })
  );
  if (pages.switcher) router.use(pages.switcher.router);
  const signed = express.Router();
  router.use('/lightning', pages.signedIn(true));
  router.use('/resource', pages.signedIn(false));
  router.use(signed);
  staticResourceRoutes(signed, deps);

  signed.get(['/lightning', '/lightning/'], (_req, res) => res.redirect(302, '/lightning/page/home'));
  signed.get('/lightning/page/home', (_req, res) => {
    res.type('html').send(pages.homePage(res));
  });

  signed.get('/lightning/r/:recordId/view', (req, res) => {
    const id = normalizeId(String(req.params.recordId));
    const o = id ? deps.schema.objectForId(id) : undefined;
    if (!id || !o) {
      pages.message(res, 404, 'Record not found', 'This record does not exist.');
      return;
    }
    res.redirect(302, `/lightning/r/${o.name}/${id}/view`);
  });

  signed.get('/lightning/r/:objectApiName/:recordId/view', async (req, res) => {
    const o = deps.schema.object(String(req.params.objectApiName));
    const id = normalizeId(String(req.params.recordId));
    if (!o || !id || deps.schema.objectForId(id) !== o) {
      pages.message(
        res,
        404,
        'Record not found',
        'The record you are looking for does not exist or you cannot see it.'
      );
      return;
    }
    if (o.name !== req.params.objectApiName) {
      res.redirect(302, `/lightning/r/${o.name}/${id}/view`);
      return;
    }
    if (!(await pages.canRead(o, id, viewerOf(res).user))) {
      pages.message(
        res,
        403,
        'Insufficient Privileges',
        "You don't have access to this record. Ask your administrator for help or to request access."
      );
      return;
    }
    res.type('html').send(pages.recordPage(res, o, id));
  });

  // An object's home opens its default list view; /list?filterName=<list view> picks another.
  signed.get('/lightning/o/:objectApiName/:action', (req, res, next) => {
    const o = deps.schema.object(String(req.params.objectApiName));
    const action = String(req.params.action);
    if (!o || (action !== 'home' && action !== 'list')) {
      next();
      return;
    }
    const wanted = typeof req.query.filterName === 'string' ? req.query.filterName.toLowerCase() : '';
    const view = wanted
      ? pages.listViewsOf(o).find((v) => v.apiName.toLowerCase() === wanted || v.id === req.query.filterName)
      : pages.defaultListView(o);
    if (!view) {
      pages.message(
        res,
        404,
        o.labelPlural,
        `${o.labelPlural} has no list view ${wanted ? `named ${wanted}` : ''}.`
      );
      return;
    }
    if (action === 'home' || o.name !== req.params.objectApiName || view.apiName !== req.query.filterName) {
      res.redirect(302, `/lightning/o/${o.name}/list?filterName=${encodeURIComponent(view.apiName)}`);
      return;
    }
    res.type('html').send(pages.listPage(res, o, view));
  });

  // A Lightning page tab shows its App Page, laid out like a record page but with no record.
  signed.get('/lightning/n/:tab', (req, res, next) => {
    const tab = deps.bundle.pageTabs.find(
      (t) => t.name.toLowerCase() === String(req.params.tab).toLowerCase()
    );
    const page = tab ? deps.bundle.flexiPages.find((p) => p.name === tab.flexiPage) : undefined;
    if (!tab || !page) {
      next();
      return;
    }
    const body = renderFlexiPage(page, { bundle: deps.bundle, record: null });
    res.type('html').send(pages.page(res, tab.label, `n:${tab.name}`, body));
  });

  signed.get(/^\/lightning(\/.*)?$/, (_req, res) => {
    pages.message(
      res,
      404,
      "Page doesn't exist",
      'The local org shows the home page, object homes, record pages and Lightning page tabs.'
    );
  });

  return router;
}
