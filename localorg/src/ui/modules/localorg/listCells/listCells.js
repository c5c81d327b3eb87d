// Cells of list views and related lists, from UI API records: the text a column shows for a
// field path (Name, Partner_Account__r.Name, Owner.Alias), and the record it links to.
import { formatField } from 'localorg/fieldFormat';

const recordUrl = (record) => `/lightning/r/${record.apiName}/${record.id}/view`;

/** The record a path's last field sits on (the record itself, or a parent reached through relationships). */
function holderOf(record, parts) {
  let current = record;
  for (const relationship of parts.slice(0, -1)) {
    const value = current && current.fields[relationship];
    current = value ? value.value : null;
  }
  return current || null;
}

/**
 * One cell: { text, url, isBoolean, checked, numeric }. The record's own fields are formatted
 * with its object info; a parent's field shows its display value or value; a name links to
 * its record.
 */
export function cellOf(record, objectInfo, path, { linkName = false } = {}) {
  const parts = path.split('.');
  const holder = holderOf(record, parts);
  const name = parts[parts.length - 1];
  const cell = { text: '', url: null, isBoolean: false, checked: false, numeric: false };
  if (!holder) return cell;
  const info = holder === record && objectInfo ? objectInfo.fields[name] : undefined;
  const shown = info ? formatField(record, objectInfo, name) : undefined;
  if (shown) {
    Object.assign(cell, {
      text: shown.text,
      url: shown.url,
      isBoolean: shown.isBoolean,
      checked: shown.checked
    });
    cell.numeric = ['Double', 'Int', 'Percent', 'Currency'].includes(info.dataType);
  } else {
    const field = holder.fields[name];
    const value = field ? field.value : null;
    cell.text =
      field && field.displayValue !== null && field.displayValue !== undefined
        ? field.displayValue
        : value === null || value === undefined
          ? ''
          : String(value);
  }
  // A parent's name (Partner_Account__r.Name) and the list's own name column link to their records.
  const isParentName = holder !== record && parts.length > 1 && /(^|\.)Name$/.test(path);
  if (isParentName || linkName) cell.url = recordUrl(holder);
  return cell;
}

/** 'Partner_Account__r.Name' → 'Partner_Account__r__Name': a key datatable rows and columns can share. */
export function columnKey(path) {
  return path.replace(/\./g, '__');
}
