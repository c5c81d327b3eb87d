// Small pieces of server-rendered HTML the local org's pages share: escaping, SLDS icons, and
// the placeholders the browser bundle mounts components into.

export function html(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[c]};`
  );
}

/** JSON for an inline <script> or an attribute: nothing in it can end the element. */
export function json(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/** An SLDS sprite icon (utility:down → the utility sprite's "down"). */
export function icon(sprite: string, name: string, classes: string): string {
  return `<svg class="${classes}" aria-hidden="true"><use xlink:href="/assets/icons/${sprite}-sprite/svg/symbols.svg#${name}"></use></svg>`;
}

/** Where the bundle mounts a component: <div data-lwc-component="c-plan-objectives" data-lwc-props='{…}'>. */
export function placeholder(tag: string, props: Record<string, unknown>): string {
  return `<div data-lwc-component="${html(tag)}" data-lwc-props="${html(json(props))}"></div>`;
}

export function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((part) => part[0]?.toUpperCase() ?? '')
    .slice(0, 2)
    .join('');
}
