// force/navigation, which lightning-base-components' lightning/navigation re-exports:
// NavigationMixin turns page references into the Lightning Experience URLs the local org
// serves (/lightning/r/Object/Id/view…), and CurrentPageReference describes this page.
const Navigate = Symbol('Navigate');
const GenerateUrl = Symbol('GenerateUrl');

const settings = () => globalThis.__LOCAL_ORG__ || {};

function objectOfRecord(recordId) {
  const prefixes = settings().keyPrefixes || {};
  return typeof recordId === 'string' ? prefixes[recordId.slice(0, 3)] : undefined;
}

function withState(path, state) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(state || {})) {
    if (value !== undefined && value !== null) query.set(key, String(value));
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** The URL Lightning Experience uses for a page reference. */
export function urlForPageReference(pageReference) {
  const { type, attributes = {}, state } = pageReference || {};
  const action = attributes.actionName || 'view';
  switch (type) {
    case 'standard__recordPage': {
      const objectApiName = attributes.objectApiName || objectOfRecord(attributes.recordId);
      const path = objectApiName
        ? `/lightning/r/${objectApiName}/${attributes.recordId}/${action}`
        : `/lightning/r/${attributes.recordId}/${action}`;
      return withState(path, state);
    }
    case 'standard__recordRelationshipPage': {
      const objectApiName = attributes.objectApiName || objectOfRecord(attributes.recordId);
      return withState(
        `/lightning/r/${objectApiName}/${attributes.recordId}/related/${attributes.relationshipApiName}/${action}`,
        state
      );
    }
    case 'standard__objectPage':
      return withState(`/lightning/o/${attributes.objectApiName}/${attributes.actionName || 'home'}`, state);
    case 'standard__namedPage':
      return withState(`/lightning/page/${attributes.pageName}`, state);
    case 'standard__navItemPage':
      return withState(`/lightning/n/${attributes.apiName}`, state);
    case 'standard__webPage':
      return attributes.url;
    default:
      throw new Error(`The local org cannot navigate to page references of type ${type}.`);
  }
}

export function NavigationMixin(Base) {
  return class extends Base {
    [Navigate](pageReference, replace) {
      const url = urlForPageReference(pageReference);
      if (replace) window.location.replace(url);
      else window.location.assign(url);
    }

    [GenerateUrl](pageReference) {
      return Promise.resolve(urlForPageReference(pageReference));
    }
  };
}
NavigationMixin.Navigate = Navigate;
NavigationMixin.GenerateUrl = GenerateUrl;

/** The page reference of the current URL, as Lightning Experience would describe it. */
export function currentPageReference(location = window.location) {
  const state = Object.fromEntries(new URLSearchParams(location.search));
  const parts = location.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'lightning' && parts[1] === 'r' && parts[4] === 'related') {
    return {
      type: 'standard__recordRelationshipPage',
      attributes: {
        objectApiName: parts[2],
        recordId: parts[3],
        relationshipApiName: parts[5],
        actionName: parts[6] || 'view'
      },
      state
    };
  }
  if (parts[0] === 'lightning' && parts[1] === 'r') {
    return {
      type: 'standard__recordPage',
      attributes: { objectApiName: parts[2], recordId: parts[3], actionName: parts[4] || 'view' },
      state
    };
  }
  if (parts[0] === 'lightning' && parts[1] === 'o') {
    return {
      type: 'standard__objectPage',
      attributes: { objectApiName: parts[2], actionName: parts[3] || 'home' },
      state
    };
  }
  return { type: 'standard__webPage', attributes: { url: location.href }, state };
}

export class CurrentPageReference {
  constructor(callback) {
    this.callback = callback;
  }

  connect() {
    this.callback(Object.freeze(currentPageReference()));
  }

  disconnect() {}

  update() {}
}
