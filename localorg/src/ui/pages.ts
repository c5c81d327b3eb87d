// Lightning Experience pages of the local org, at Salesforce's own URLs
// (/lightning/r/Business_Plan__c/<id>/view): an SLDS shell with the global header and app
// navigation, the record's highlights and details, and the force-app components an admin
// could place on that record page, mounted by the bundle from build.ts. Also serves the
// SLDS assets, the bundle's files and force-app's static resources (/resource/...).
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { sessionIdOf, type SessionResolver } from '../api/http.ts';
import { nameFieldOf } from '../api/uiapi/records.ts';
import type { FieldDef, ObjectDef, Schema } from '../schema/types.ts';
import type { SessionUser } from '../session.ts';
import { normalizeId } from '../store/ids.ts';
import type { UiBundle } from './build.ts';

export interface UiPageDeps {
  schema: Schema;
  sessions: SessionResolver;
  bundle: UiBundle;
  /** The API version the pages' Lightning Data Service calls. */
  apiVersion?: string;
  /** App name in the navigation bar. */
  appName?: string;
}

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
const sldsAssets = path.join(repoRoot, 'node_modules', '@salesforce-ux', 'design-system', 'assets');

/** Fields Lightning's default layouts leave out: ids and audit timestamps shown elsewhere. */
const HIDDEN_FIELDS = new Set(['Id', 'IsDeleted', 'SystemModstamp', 'CreatedDate', 'LastModifiedDate']);

function html(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[c]};`
  );
}

/** JSON for an inline <script> or an attribute: nothing in it can end the element. */
function json(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/** Lookups show the related record's name, so each lookup brings its relationship's name field. */
function withLookupNames(schema: Schema, o: ObjectDef, fields: FieldDef[]): string[] {
  return fields.flatMap((f) => {
    const target = f.relationshipName ? schema.object(f.referenceTo[0] ?? '') : undefined;
    const targetName = target ? nameFieldOf(target) : undefined;
    const own = `${o.name}.${f.name}`;
    return targetName ? [own, `${o.name}.${f.relationshipName}.${targetName.name}`] : [own];
  });
}

/** The default page layout: the name and owner, the object's own fields, then who created and changed it. */
export function detailFields(schema: Schema, o: ObjectDef): string[] {
  const audit = ['CreatedById', 'LastModifiedById'];
  const ordered = [
    nameFieldOf(o),
    schema.field(o, 'OwnerId'),
    ...o.fields.filter((f) => f.custom),
    ...o.fields.filter((f) => !f.custom && !f.nameField && f.name !== 'OwnerId' && !audit.includes(f.name)),
    ...audit.map((name) => schema.field(o, name))
  ].filter((f): f is FieldDef => f !== undefined && !HIDDEN_FIELDS.has(f.name));
  return withLookupNames(schema, o, [...new Set(ordered)]);
}

/** The compact layout from force-app, or the system default: the name, a status and the owner. */
export function highlightFields(schema: Schema, o: ObjectDef, bundle: UiBundle): string[] {
  const assigned = (bundle.compactLayouts[o.name] ?? []).map((name) => schema.field(o, name));
  const fields =
    assigned.length > 0
      ? assigned
      : [
          nameFieldOf(o),
          o.fields.find((f) => f.type === 'picklist' && /status|stage/i.test(f.name)),
          o.fields.find((f) => f.name === 'OwnerId')
        ];
  return withLookupNames(
    schema,
    o,
    fields.filter((f): f is FieldDef => f !== undefined)
  );
}

function recordPageComponents(bundle: UiBundle, o: ObjectDef): UiBundle['components'] {
  return bundle.components.filter(
    (c) =>
      c.recordPageObjects !== null &&
      (c.recordPageObjects.length === 0 || c.recordPageObjects.includes(o.name))
  );
}

function placeholder(tag: string, props: Record<string, unknown>): string {
  return `<div data-lwc-component="${html(tag)}" data-lwc-props="${html(json(props))}"></div>`;
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((part) => part[0]?.toUpperCase() ?? '')
    .slice(0, 2)
    .join('');
}

function icon(sprite: string, name: string, classes: string): string {
  return `<svg class="${classes}" aria-hidden="true"><use xlink:href="/assets/icons/${sprite}-sprite/svg/symbols.svg#${name}"></use></svg>`;
}

interface Shell {
  title: string;
  user: SessionUser;
  tabs: Array<{ label: string; href: string; active: boolean }>;
  body: string;
}

function page(deps: UiPageDeps, shell: Shell): string {
  const settings = {
    apiVersion: deps.apiVersion ?? '62.0',
    userId: shell.user.id,
    timeZone: shell.user.timeZoneSidKey,
    keyPrefixes: Object.fromEntries(deps.schema.objects.map((o) => [o.keyPrefix, o.name]))
  };
  const tabs = shell.tabs
    .map(
      (t) =>
        `<li class="slds-context-bar__item${t.active ? ' slds-is-active' : ''}"><a href="${html(t.href)}" class="slds-context-bar__label-action" title="${html(t.label)}"><span class="slds-truncate" title="${html(t.label)}">${html(t.label)}</span></a></li>`
    )
    .join('');
  const appName = deps.appName ?? 'Partner Business Planning';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${html(shell.title)} | Salesforce</title>
<link rel="stylesheet" href="/assets/styles/salesforce-lightning-design-system.min.css">
<script>window.__LOCAL_ORG__ = ${json(settings)};</script>
<script type="module" src="/lwc/${deps.bundle.hash}/${deps.bundle.entry}"></script>
</head>
<body>
<div class="slds-scope">
<header class="slds-global-header_container">
  <div class="slds-global-header slds-grid slds-grid_align-spread">
    <div class="slds-global-header__item"><div class="slds-global-header__logo"><span class="slds-assistive-text">Salesforce</span></div></div>
    <div class="slds-global-header__item slds-global-header__item_search">
      <div class="slds-form-element"><div class="slds-form-element__control slds-input-has-icon slds-input-has-icon_left">
        ${icon('utility', 'search', 'slds-icon slds-input__icon slds-input__icon_left slds-icon-text-default')}
        <input type="search" class="slds-input" placeholder="Search..." aria-label="Search" disabled>
      </div></div>
    </div>
    <div class="slds-global-header__item">
      <ul class="slds-global-actions">
        <li class="slds-global-actions__item">
          <span class="slds-avatar slds-avatar_circle slds-avatar_small" title="${html(shell.user.name)}">
            <abbr class="slds-avatar__initials slds-icon-standard-user" title="${html(shell.user.name)}">${html(initials(shell.user.name))}</abbr>
          </span>
        </li>
      </ul>
    </div>
  </div>
  <div class="slds-context-bar">
    <div class="slds-context-bar__primary">
      <div class="slds-context-bar__item slds-no-hover">
        <div class="slds-context-bar__icon-action">
          <span class="slds-icon-waffle_container"><span class="slds-icon-waffle">${'<span class="slds-r' + [1, 2, 3, 4, 5, 6, 7, 8, 9].join('"></span><span class="slds-r') + '"></span>'}</span></span>
        </div>
        <span class="slds-context-bar__label-action slds-context-bar__app-name"><span class="slds-truncate" title="${html(appName)}">${html(appName)}</span></span>
      </div>
    </div>
    <nav class="slds-context-bar__secondary" role="navigation"><ul class="slds-grid">${tabs}</ul></nav>
  </div>
</header>
<!-- The global header is fixed; the page starts below its 5.625rem and 3px border. -->
<div class="slds-brand-band slds-brand-band_medium" style="padding-top: calc(5.625rem + 3px); min-height: 100vh">
<main class="slds-p-around_small">${shell.body}</main>
</div>
<div class="slds-notify_container" data-toast-container></div>
</div>
</body>
</html>`;
}

/** Home, Accounts, then force-app's custom object tabs, as an app's navigation bar lists them. */
function tabsFor(deps: UiPageDeps, active: ObjectDef | undefined): Shell['tabs'] {
  const { schema, bundle } = deps;
  const objects = [schema.object('Account'), ...bundle.tabs.map((t) => schema.object(t.object))].filter(
    (o): o is ObjectDef => o !== undefined
  );
  return [
    { label: 'Home', href: '/lightning/page/home', active: false },
    ...objects.map((o) => ({
      label: o.labelPlural,
      href: `/lightning/o/${o.name}/list`,
      active: o === active
    }))
  ];
}

function recordPage(deps: UiPageDeps, user: SessionUser, o: ObjectDef, recordId: string): string {
  const props = { recordId, objectApiName: o.name };
  const components = recordPageComponents(deps.bundle, o)
    .map((c) => `<div class="slds-m-bottom_small">${placeholder(c.tag, props)}</div>`)
    .join('');
  const body = `
<div class="slds-m-bottom_small">${placeholder('localorg-record-highlights', {
    ...props,
    fields: highlightFields(deps.schema, o, deps.bundle),
    iconName: deps.bundle.tabs.find((t) => t.object === o.name)?.iconName ?? undefined
  })}</div>
<div class="slds-grid slds-wrap slds-gutters_x-small">
  <div class="slds-col slds-size_1-of-1 slds-large-size_8-of-12">${components}</div>
  <div class="slds-col slds-size_1-of-1 slds-large-size_4-of-12">${placeholder('localorg-record-details', { ...props, fields: detailFields(deps.schema, o) })}</div>
</div>`;
  return page(deps, { title: o.label, user, tabs: tabsFor(deps, o), body });
}

function messagePage(deps: UiPageDeps, user: SessionUser, title: string, message: string): string {
  const body = `<article class="slds-card"><div class="slds-card__body slds-card__body_inner slds-p-vertical_large">
<h2 class="slds-text-heading_medium slds-m-bottom_small">${html(title)}</h2><p>${html(message)}</p></div></article>`;
  return page(deps, { title, user, tabs: tabsFor(deps, undefined), body });
}

/** Pages need a browser session (the sid cookie); without one they send the user to sign in. */
function signedIn(deps: UiPageDeps) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const sessionId = sessionIdOf(req);
    const user = sessionId ? await deps.sessions.resolve(sessionId) : undefined;
    if (!user) {
      res.redirect(302, `/login?startURL=${encodeURIComponent(req.originalUrl)}`);
      return;
    }
    res.locals.user = user;
    next();
  };
}

const userOf = (res: Response): SessionUser => res.locals.user as SessionUser;

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
  router.use('/assets', express.static(sldsAssets, { maxAge: '7d' }));
  router.use(
    `/lwc/${deps.bundle.hash}`,
    express.static(deps.bundle.dir, { maxAge: '365d', immutable: true })
  );
  const pages = express.Router();
  router.use(['/lightning', '/resource'], signedIn(deps));
  router.use(pages);
  staticResourceRoutes(pages, deps);

  pages.get('/lightning/r/:recordId/view', (req, res) => {
    const id = normalizeId(String(req.params.recordId));
    const o = id ? deps.schema.objectForId(id) : undefined;
    if (!id || !o) {
      res
        .status(404)
        .type('html')
        .send(messagePage(deps, userOf(res), 'Record not found', 'This record does not exist.'));
      return;
    }
    res.redirect(302, `/lightning/r/${o.name}/${id}/view`);
  });

  pages.get('/lightning/r/:objectApiName/:recordId/view', (req, res) => {
    const o = deps.schema.object(String(req.params.objectApiName));
    const id = normalizeId(String(req.params.recordId));
    if (!o || !id || deps.schema.objectForId(id) !== o) {
      res
        .status(404)
        .type('html')
        .send(
          messagePage(
            deps,
            userOf(res),
            'Record not found',
            'The record you are looking for does not exist or you cannot see it.'
          )
        );
      return;
    }
    if (o.name !== req.params.objectApiName) {
      res.redirect(302, `/lightning/r/${o.name}/${id}/view`);
      return;
    }
    res.type('html').send(recordPage(deps, userOf(res), o, id));
  });

  // Object homes, list views and app pages are not served yet; say so the way Lightning does.
  pages.get(/^\/lightning(\/.*)?$/, (_req, res) => {
    res
      .status(404)
      .type('html')
      .send(
        messagePage(
          deps,
          userOf(res),
          "Page doesn't exist",
          'The local org shows record pages (/lightning/r/…) only.'
        )
      );
  });

  return router;
}
