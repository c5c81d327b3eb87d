// The home page's recent records card: the records of an object's list view the user can
// see, most recently changed first, with the list's first columns and when each changed.
import { LightningElement, api, wire } from 'lwc';
import { getListInfoByName, getListRecordsByName } from 'lightning/uiListsApi';
import { getObjectInfo } from 'lightning/uiObjectInfoApi';
import { errorMessage, iconNameOf } from 'localorg/fieldFormat';
import { cellOf } from 'localorg/listCells';

const SHOWN = 5;
const COLUMNS = 3;

export default class RecentRecords extends LightningElement {
  @api objectApiName;
  @api listViewApiName;
  @api iconName;

  sortBy;
  optionalFields;
  pageSize = SHOWN;

  connectedCallback() {
    this.sortBy = `-${this.objectApiName}.LastModifiedDate`;
    this.optionalFields = [`${this.objectApiName}.LastModifiedDate`];
  }

  @wire(getObjectInfo, { objectApiName: '$objectApiName' })
  objectInfo;

  @wire(getListInfoByName, { objectApiName: '$objectApiName', listViewApiName: '$listViewApiName' })
  listInfo;

  @wire(getListRecordsByName, {
    objectApiName: '$objectApiName',
    listViewApiName: '$listViewApiName',
    sortBy: '$sortBy',
    optionalFields: '$optionalFields',
    pageSize: '$pageSize'
  })
  listRecords;

  get title() {
    return this.objectInfo.data ? `Recent ${this.objectInfo.data.labelPlural}` : '';
  }

  get icon() {
    return this.iconName || iconNameOf(this.objectInfo.data);
  }

  get listUrl() {
    return `/lightning/o/${this.objectApiName}/list?filterName=${this.listViewApiName}`;
  }

  get error() {
    const failed = [this.listInfo, this.listRecords, this.objectInfo].find((w) => w && w.error);
    return failed ? errorMessage(failed.error) : '';
  }

  get columns() {
    const info = this.listInfo.data;
    if (!info) return [];
    return [
      ...info.displayColumns.slice(0, COLUMNS).map((c) => ({ path: c.fieldApiName, label: c.label })),
      { path: 'LastModifiedDate', label: 'Last Modified' }
    ];
  }

  get tableColumns() {
    return this.columns.map((column) => ({ key: column.path, label: column.label }));
  }

  get rows() {
    const data = this.listRecords.data;
    if (!data || !this.objectInfo.data) return [];
    const nameField = this.objectInfo.data.nameFields[0];
    return data.records.map((record) => ({
      id: record.id,
      cells: this.columns.map((column) => ({
        key: column.path,
        label: column.label,
        ...cellOf(record, this.objectInfo.data, column.path, { linkName: column.path === nameField })
      }))
    }));
  }

  get isEmpty() {
    return Boolean(this.listRecords.data) && this.listRecords.data.records.length === 0;
  }
}
