// How a record page shows one field, from the UI API record and object info: the label,
// the formatted text (displayValue where the server formats it), and a link for lookups,
// URLs and email addresses.

const numberFormat = (scale) =>
  new Intl.NumberFormat('en-US', { minimumFractionDigits: scale, maximumFractionDigits: scale });

/** Lookup labels end in " ID" in describe (Owner ID); Lightning shows them without it. */
function labelOf(info) {
  return info.dataType === 'Reference' && / ID$/.test(info.label) ? info.label.slice(0, -3) : info.label;
}

function textOf(info, field) {
  if (field.displayValue !== null && field.displayValue !== undefined) return field.displayValue;
  const { value } = field;
  if (value === null || value === undefined) return '';
  switch (info.dataType) {
    case 'Percent':
      return `${numberFormat(info.scale).format(value)}%`;
    case 'Double':
    case 'Int':
      return numberFormat(info.scale).format(value);
    default:
      return String(value);
  }
}

/** A field of a record as the page shows it, or undefined when the record does not hold it. */
export function formatField(record, objectInfo, fieldApiName) {
  const info = objectInfo && objectInfo.fields[fieldApiName];
  const field = record && record.fields[fieldApiName];
  if (!info || !field) return undefined;
  const shown = {
    name: fieldApiName,
    label: labelOf(info),
    text: textOf(info, field),
    url: null,
    isBoolean: false,
    checked: false
  };
  if (info.dataType === 'Boolean') {
    shown.isBoolean = true;
    shown.checked = field.value === true;
  } else if (info.dataType === 'Reference' && info.relationshipName) {
    const related = record.fields[info.relationshipName];
    if (related && related.value) {
      shown.text = related.displayValue || related.value.id;
      shown.url = `/lightning/r/${related.value.apiName}/${related.value.id}/view`;
    }
  } else if (info.dataType === 'Url' && field.value) {
    shown.url = /^https?:\/\//i.test(field.value) ? field.value : `http://${field.value}`;
  } else if (info.dataType === 'Email' && field.value) {
    shown.url = `mailto:${field.value}`;
  }
  shown.isLink = shown.url !== null;
  return shown;
}

/** 'Business_Plan__c.Status__c' → 'Status__c'; relationship paths stay whole. */
export function unqualified(name) {
  return name.slice(name.indexOf('.') + 1);
}

/** The SLDS icon of an object, from the theme URL object info gives (/assets/icons/standard/account_120.png). */
export function iconNameOf(objectInfo) {
  const match = /\/icons\/(\w+)\/(\w+?)_120\.png$/.exec(
    (objectInfo && objectInfo.themeInfo && objectInfo.themeInfo.iconUrl) || ''
  );
  return match ? `${match[1]}:${match[2]}` : 'standard:custom';
}

/** One message from a FetchResponse or an Error, for the page's own error states. */
export function errorMessage(error) {
  if (!error) return '';
  if (Array.isArray(error.body)) return error.body.map((e) => e.message).join(', ');
  if (error.body && typeof error.body.message === 'string') return error.body.message;
  return error.message || error.statusText || 'Unknown error';
}
