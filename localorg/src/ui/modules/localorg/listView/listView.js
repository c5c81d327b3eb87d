// An object home's list view, as Lightning shows it: the object and the list's name with a
// list view picker, what the list counts, how it is sorted and filtered, and its records in
// a lightning-datatable whose names link to the records. Sorting a column asks the server
// for the records in that order, so a sort covers the whole list, not just the rows shown.
import { LightningElement, api, wire } from 'lwc';
import { NavigationMixin } from 'lightning/navigation';
import { getListInfoByName, getListInfosByObjectName, getListRecordsByName } from 'lightning/uiListsApi';
import { getObjectInfo } from 'lightning/uiObjectInfoApi';
import { errorMessage, iconNameOf } from 'localorg/fieldFormat';
import { cellOf, columnKey } from 'localorg/listCells';

/** Rows a page of the list shows; more are counted as "200+". */
const PAGE_SIZE = 200;

export default class ListView extends NavigationMixin(LightningElement) {
  @api objectApiName;
  @api listViewApiName;
  /** The icon of the object's tab; object info's theme when absent. */
  @api iconName;

  /** The column the user sorted by (its path) and the direction; the list's own order until then. */
  sortedPath;
  sortedDirection = 'asc';
  /** What getListRecordsByName sorts by: -Business_Plan__c.Name for descending. */
  sortBy;
  pageSize = PAGE_SIZE;

  @wire(getObjectInfo, { objectApiName: '$objectApiName' })
  objectInfo;

  @wire(getListInfoByName, { objectApiName: '$objectApiName', listViewApiName: '$listViewApiName' })
  listInfo;

  @wire(getListInfosByObjectName, { objectApiName: '$objectApiName', pageSize: 100 })
  listInfos;

  @wire(getListRecordsByName, {
    objectApiName: '$objectApiName',
    listViewApiName: '$listViewApiName',
    sortBy: '$sortBy',
    pageSize: '$pageSize'
  })
  listRecords;

  get objectLabel() {
    return this.objectInfo.data ? this.objectInfo.data.labelPlural : '';
  }

  get objectIconName() {
    return this.iconName || iconNameOf(this.objectInfo.data);
  }

  get listLabel() {
    return this.listInfo.data ? this.listInfo.data.label : '';
  }

  get lists() {
    const data = this.listInfos.data;
    return (data ? data.lists : []).map((list) => ({
      ...list,
      checked: list.apiName === this.listViewApiName
    }));
  }

  get error() {
    const failed = [this.listInfo, this.listRecords, this.objectInfo].find((w) => w && w.error);
    return failed ? errorMessage(failed.error) : '';
  }

  get loading() {
    return !this.error && !(this.listRecords.data && this.listInfo.data && this.objectInfo.data);
  }

  get nameField() {
    return this.objectInfo.data ? this.objectInfo.data.nameFields[0] : undefined;
  }

  get columns() {
    const info = this.listInfo.data;
    if (!info || !this.objectInfo.data) return [];
    return info.displayColumns.map((column, i) => {
      const key = columnKey(column.fieldApiName);
      const fieldInfo = this.objectInfo.data.fields[column.fieldApiName];
      const links = column.fieldApiName === this.nameField || (i === 0 && !this.nameField) || column.lookupId;
      const base = { label: column.label, fieldName: key, sortable: column.sortable };
      if (links) {
        return {
          ...base,
          type: 'url',
          typeAttributes: { label: { fieldName: `${key}__text` }, target: '_self' }
        };
      }
      if (fieldInfo && fieldInfo.dataType === 'Boolean') return { ...base, type: 'boolean' };
      const numeric = fieldInfo && ['Double', 'Int', 'Percent', 'Currency'].includes(fieldInfo.dataType);
      return {
        ...base,
        fieldName: `${key}__text`,
        type: 'text',
        cellAttributes: numeric ? { alignment: 'right' } : {}
      };
    });
  }

  get rows() {
    const data = this.listRecords.data;
    const info = this.listInfo.data;
    if (!data || !info || !this.objectInfo.data) return [];
    return data.records.map((record) => {
      const row = { id: record.id };
      for (const column of info.displayColumns) {
        const key = columnKey(column.fieldApiName);
        const cell = cellOf(record, this.objectInfo.data, column.fieldApiName, {
          linkName: column.fieldApiName === this.nameField
        });
        row[`${key}__text`] = cell.text;
        row[key] = cell.isBoolean ? cell.checked : cell.url || cell.text;
      }
      return row;
    });
  }

  get isEmpty() {
    return !this.loading && !this.error && this.rows.length === 0;
  }

  /** Which column the table marks as sorted: the user's choice, else the list's order. */
  get sortedBy() {
    const info = this.listInfo.data;
    const path =
      this.sortedPath || (info && info.orderedByInfo[0] ? info.orderedByInfo[0].fieldApiName : undefined);
    if (!path) return undefined;
    const column = this.columns.find(
      (c) => c.fieldName === columnKey(path) || c.fieldName === `${columnKey(path)}__text`
    );
    return column ? column.fieldName : undefined;
  }

  get sortedLabel() {
    const info = this.listInfo.data;
    if (!info) return '';
    const path = this.sortedPath || (info.orderedByInfo[0] ? info.orderedByInfo[0].fieldApiName : undefined);
    const column = info.displayColumns.find((c) => c.fieldApiName === path);
    return column ? column.label : '';
  }

  /** "2 items • Sorted by Plan Name • Filtered by All Business Plans", as under a list view's name. */
  get metaText() {
    const data = this.listRecords.data;
    const info = this.listInfo.data;
    if (!data || !info) return '';
    const count = data.nextPageToken ? `${data.count}+` : String(data.count);
    const parts = [`${count} ${data.count === 1 && !data.nextPageToken ? 'item' : 'items'}`];
    if (this.sortedLabel) parts.push(`Sorted by ${this.sortedLabel}`);
    const filters = info.filteredByInfo.map((f) => f.label);
    parts.push(`Filtered by ${[info.scope ? info.scope.label : '', ...filters].filter(Boolean).join(' - ')}`);
    return parts.join(' • ');
  }

  handleSort(event) {
    const { fieldName, sortDirection } = event.detail;
    const key = fieldName.replace(/__text$/, '');
    const column = this.listInfo.data.displayColumns.find((c) => columnKey(c.fieldApiName) === key);
    if (!column) return;
    this.sortedPath = column.fieldApiName;
    this.sortedDirection = sortDirection;
    this.sortBy = `${sortDirection === 'desc' ? '-' : ''}${this.objectApiName}.${column.fieldApiName}`;
  }

  handleListSelect(event) {
    this[NavigationMixin.Navigate]({
      type: 'standard__objectPage',
      attributes: { objectApiName: this.objectApiName, actionName: 'list' },
      state: { filterName: event.detail.value }
    });
  }
}
