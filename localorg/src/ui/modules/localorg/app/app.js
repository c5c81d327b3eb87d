// The page shell's script: mounts the components a page lists in its placeholders
// (<div data-lwc-component="c-plan-objectives" data-lwc-props='{"recordId":"…"}'>), shows
// the toasts components ask for with ShowToastEvent, as Lightning Experience does, and
// makes the server-rendered parts work: tab sets, and the avatar menu with its user switcher.
import { createElement } from 'lwc';

const TOAST_ICONS = { success: 'success', error: 'error', warning: 'warning', info: 'info' };

function messageWithData(toast) {
  const data = Array.isArray(toast.messageData) ? toast.messageData : [];
  return String(toast.message || '').replace(/\{(\d+)\}/g, (match, index) => {
    const item = data[Number(index)];
    if (item === undefined) return match;
    return typeof item === 'object' ? item.label || item.url || '' : String(item);
  });
}

const SVG = 'http://www.w3.org/2000/svg';

function utilityIcon(name, classes) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', classes);
  svg.setAttribute('aria-hidden', 'true');
  const use = document.createElementNS(SVG, 'use');
  use.setAttribute('href', `/assets/icons/utility-sprite/svg/symbols.svg#${name}`);
  svg.appendChild(use);
  return svg;
}

function element(tag, classes, text) {
  const node = document.createElement(tag);
  if (classes) node.className = classes;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The SLDS toast Lightning Experience shows: variant icon, title, message and a close button. */
function showToast(toast) {
  const container = document.querySelector('[data-toast-container]');
  if (!container || !toast) return;
  const variant = TOAST_ICONS[toast.variant] ? toast.variant : 'info';
  const notice = element('div', `slds-notify slds-notify_toast slds-theme_${variant}`);
  notice.setAttribute('role', 'status');
  notice.appendChild(element('span', 'slds-assistive-text', variant));
  const icon = element(
    'span',
    `slds-icon_container slds-icon-utility-${variant} slds-m-right_small slds-no-flex slds-align-top`
  );
  icon.appendChild(utilityIcon(TOAST_ICONS[variant], 'slds-icon slds-icon_small'));
  notice.appendChild(icon);
  const body = element('div', 'slds-notify__content');
  if (toast.title) body.appendChild(element('h2', 'slds-text-heading_small', toast.title));
  if (toast.message) body.appendChild(element('p', '', messageWithData(toast)));
  notice.appendChild(body);
  const close = element('button', 'slds-button slds-button_icon slds-button_icon-inverse slds-notify__close');
  close.title = 'Close';
  close.appendChild(utilityIcon('close', 'slds-button__icon slds-button__icon_large'));
  close.appendChild(element('span', 'slds-assistive-text', 'Close'));
  // SLDS toasts are inline boxes: each gets its own line so several stack, as Lightning shows them.
  const line = element('div', '');
  line.appendChild(notice);
  close.addEventListener('click', () => line.remove());
  notice.appendChild(close);
  container.appendChild(line);
  if (toast.mode !== 'sticky') setTimeout(() => line.remove(), toast.mode === 'pester' ? 3000 : 5000);
}

/** SLDS tabs rendered by the server: a click shows its panel and hides the others. */
function activateTabsets() {
  for (const tabset of document.querySelectorAll('[data-tabset]')) {
    const links = [...tabset.querySelectorAll(':scope > .slds-tabs_default__nav [role="tab"]')];
    for (const link of links) {
      link.addEventListener('click', (event) => {
        event.preventDefault();
        for (const other of links) {
          const selected = other === link;
          other.setAttribute('aria-selected', String(selected));
          other.tabIndex = selected ? 0 : -1;
          other.parentElement.classList.toggle('slds-is-active', selected);
          const panel = document.getElementById(other.getAttribute('aria-controls'));
          if (panel) {
            panel.classList.toggle('slds-show', selected);
            panel.classList.toggle('slds-hide', !selected);
          }
        }
      });
    }
  }
}

/** The avatar menu opens on click and closes on a click elsewhere or Escape; its items post the switcher's forms. */
function activateUserMenu() {
  const menu = document.querySelector('[data-user-menu]');
  if (!menu) return;
  const button = menu.querySelector('button');
  const setOpen = (open) => {
    menu.classList.toggle('slds-is-open', open);
    button.setAttribute('aria-expanded', String(open));
  };
  button.addEventListener('click', (event) => {
    event.stopPropagation();
    setOpen(!menu.classList.contains('slds-is-open'));
  });
  document.addEventListener('click', (event) => {
    if (!menu.contains(event.target)) setOpen(false);
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') setOpen(false);
  });
  const switchForm = menu.querySelector('[data-switch-user-form]');
  for (const item of menu.querySelectorAll('[data-switch-user]')) {
    item.addEventListener('click', (event) => {
      event.preventDefault();
      switchForm.elements.userId.value = item.getAttribute('data-switch-user');
      switchForm.submit();
    });
  }
  const back = menu.querySelector('[data-switch-back]');
  if (back) {
    back.addEventListener('click', (event) => {
      event.preventDefault();
      menu.querySelector('[data-switch-back-form]').submit();
    });
  }
}

export function mountComponents(registry) {
  document.addEventListener('lightning__showtoast', (event) => showToast(event.detail));
  activateTabsets();
  activateUserMenu();
  for (const host of document.querySelectorAll('[data-lwc-component]')) {
    const tag = host.getAttribute('data-lwc-component');
    const Ctor = registry[tag];
    if (!Ctor) {
      console.error(`The local org has no component ${tag}.`);
      continue;
    }
    const element = createElement(tag, { is: Ctor });
    Object.assign(element, JSON.parse(host.getAttribute('data-lwc-props') || '{}'));
    host.appendChild(element);
  }
}
