// The Lightning Experience frame every local org page sits in: the global header (search,
// the user's avatar menu), the app's navigation bar from its CustomApplication, the brand
// band, and the settings the browser bundle reads (API version, user, key prefixes).
import type { SessionUser } from '../session.ts';
import type { Schema } from '../schema/types.ts';
import type { UiBundle } from './build.ts';
import { html, icon, initials, json } from './html.ts';

export interface NavItem {
  label: string;
  href: string;
  active: boolean;
  /** An item the app does not list, shown while the user is on its page (a temporary tab). */
  temporary: boolean;
}

export interface SwitchableUser {
  id: string;
  name: string;
  username: string;
  profileName: string;
}

/** The avatar menu: who is signed in, and the local org's user switcher for administrators. */
export interface UserMenu {
  user: SessionUser;
  /** Users an administrator may switch to; null when the user may not switch. */
  switchTo: SwitchableUser[] | null;
  /** The administrator a switched session can return to. */
  returnTo: { name: string } | null;
}

export interface ShellPage {
  title: string;
  appName: string;
  nav: NavItem[];
  menu: UserMenu;
  body: string;
}

export interface ShellSettings {
  schema: Schema;
  bundle: UiBundle;
  apiVersion: string;
}

function navBar(appName: string, items: NavItem[]): string {
  const tabs = items
    .map((t) => {
      const classes = t.active ? 'slds-context-bar__item slds-is-active' : 'slds-context-bar__item';
      const current = t.active ? ' aria-current="page"' : '';
      return `<li class="${classes}"><a href="${html(t.href)}" class="slds-context-bar__label-action" title="${html(t.label)}"${current}><span class="slds-truncate" title="${html(t.label)}">${t.temporary ? `<em>${html(t.label)}</em>` : html(t.label)}</span></a></li>`;
    })
    .join('');
  const waffle = `<span class="slds-icon-waffle_container"><span class="slds-icon-waffle">${[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `<span class="slds-r${n}"></span>`).join('')}</span></span>`;
  return `<div class="slds-context-bar">
    <div class="slds-context-bar__primary">
      <div class="slds-context-bar__item slds-no-hover">
        <div class="slds-context-bar__icon-action">${waffle}</div>
        <span class="slds-context-bar__label-action slds-context-bar__app-name"><span class="slds-truncate" title="${html(appName)}" data-app-name>${html(appName)}</span></span>
      </div>
    </div>
    <nav class="slds-context-bar__secondary" role="navigation" aria-label="${html(appName)}"><ul class="slds-grid" data-app-nav>${tabs}</ul></nav>
  </div>`;
}

function menuItem(label: string, attributes: string, iconName: string): string {
  return `<li class="slds-dropdown__item" role="presentation"><a ${attributes} role="menuitem"><span class="slds-truncate" title="${html(label)}">${icon('utility', iconName, 'slds-icon slds-icon_x-small slds-icon-text-default slds-m-right_x-small')}${html(label)}</span></a></li>`;
}

/** The avatar's menu. Switching posts a form, so it also works where scripts are slow to start. */
function userMenu(menu: UserMenu): string {
  const { user } = menu;
  const items: string[] = [
    `<li class="slds-p-around_small" role="presentation"><p class="slds-text-heading_small" data-user-name>${html(user.name)}</p><p class="slds-text-body_small slds-text-color_weak">${html(user.username)}</p><p class="slds-text-body_small slds-text-color_weak">${html(user.profileName)}</p></li>`
  ];
  if (menu.switchTo) {
    items.push(
      '<li class="slds-has-divider_top-space" role="separator"></li>',
      '<li class="slds-dropdown__header slds-truncate" role="presentation"><span class="slds-text-title_caps">Switch user · local org</span></li>',
      ...menu.switchTo
        .filter((u) => u.id !== user.id)
        .map((u) =>
          menuItem(
            `${u.name} (${u.profileName})`,
            `href="#" data-switch-user="${html(u.id)}" title="${html(u.username)}"`,
            'user'
          )
        )
    );
  }
  items.push('<li class="slds-has-divider_top-space" role="separator"></li>');
  if (menu.returnTo) {
    items.push(menuItem(`Return to ${menu.returnTo.name}`, 'href="#" data-switch-back', 'back'));
  }
  items.push(menuItem('Log Out', 'href="/secur/logout.jsp"', 'logout'));
  const forms = menu.switchTo
    ? '<form method="post" action="/localorg/switch-user" hidden data-switch-user-form><input type="hidden" name="userId"></form>'
    : '';
  const back = menu.returnTo
    ? '<form method="post" action="/localorg/switch-back" hidden data-switch-back-form></form>'
    : '';
  return `<div class="slds-dropdown-trigger slds-dropdown-trigger_click" data-user-menu>
    <button class="slds-button slds-global-actions__avatar slds-global-actions__item-action" type="button" title="View profile" aria-haspopup="true" aria-expanded="false">
      <span class="slds-avatar slds-avatar_circle slds-avatar_medium"><abbr class="slds-avatar__initials slds-icon-standard-user" title="${html(user.name)}" data-user-initials>${html(initials(user.name))}</abbr></span>
      <span class="slds-assistive-text">View profile of ${html(user.name)}</span>
    </button>
    <div class="slds-dropdown slds-dropdown_right slds-dropdown_medium" role="menu" aria-label="${html(user.name)}"><ul class="slds-dropdown__list" role="presentation">${items.join('')}</ul></div>
    ${forms}${back}
  </div>`;
}

export function renderShell(settings: ShellSettings, page: ShellPage): string {
  const { user } = page.menu;
  const browserSettings = {
    apiVersion: settings.apiVersion,
    userId: user.id,
    timeZone: user.timeZoneSidKey,
    // What @salesforce/customPermission imports answer for this user.
    customPermissions: [...user.access.permissions.customPermissions],
    keyPrefixes: Object.fromEntries(settings.schema.objects.map((o) => [o.keyPrefix, o.name]))
  };
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${html(page.title)} | Salesforce</title>
<link rel="stylesheet" href="/assets/styles/salesforce-lightning-design-system.min.css">
<script>window.__LOCAL_ORG__ = ${json(browserSettings)};</script>
<script type="module" src="/lwc/${settings.bundle.hash}/${settings.bundle.entry}"></script>
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
        <li class="slds-global-actions__item">${userMenu(page.menu)}</li>
      </ul>
    </div>
  </div>
  ${navBar(page.appName, page.nav)}
</header>
<!-- The global header is fixed; the page starts below its 5.625rem and 3px border. -->
<div class="slds-brand-band slds-brand-band_medium" style="padding-top: calc(5.625rem + 3px); min-height: 100vh">
<main class="slds-p-around_small">${page.body}</main>
</div>
<div class="slds-notify_container" data-toast-container></div>
</div>
</body>
</html>`;
}
