// One related list card, as Lightning shows it on a record page: the child object's icon,
// its label with a count ("Plan Objectives (2)", "(6+)" when there are more), and the first
// records in a table whose names link to them. A list the user may not see is not shown.
import { LightningElement, api, wire } from 'lwc';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';
import { getObjectInfo } from 'lightning/uiObjectInfoApi';
import { errorMessage, iconNameOf } from 'localorg/fieldFormat';
import { cellOf } from 'localorg/listCells';

/** Records a related list card shows before "View All". */
const SHOWN = 6;

export default class RelatedList extends LightningElement {
  @api parentRecordId;
  @api relatedListId;
  @api label;
  @api objectApiName;
  @api iconName;
  /** Qualified fields to read, lookups with their names. */
  @api fields = [];
  /** [{ fieldApiName, label }]: the columns shown. */
  @api columns = [];

  pageSize = SHOWN;

  @wire(getObjectInfo, { objectApiName: '$objectApiName' })
  objectInfo;

  @wire(getRelatedListRecords, {
    parentRecordId: '$parentRecordId',
    relatedListId: '$relatedListId',
    fields: '$fields',
    pageSize: '$pageSize'
  })
  related;

  /** An object the user has no access to answers 403 or INVALID_TYPE: Lightning leaves such lists out. */
  get hidden() {
    const error = this.related.error || this.objectInfo.error;
    if (!error) return false;
    const codes = Array.isArray(error.body) ? error.body.map((e) => e.errorCode) : [];
    return error.status === 403 || error.status === 404 || codes.includes('INVALID_TYPE');
  }

  get visible() {
    return !this.hidden;
  }

  get error() {
    return this.hidden ? '' : errorMessage(this.related.error || this.objectInfo.error);
  }

  get title() {
    const data = this.related.data;
    if (!data) return this.label;
    return `${this.label} (${data.count}${data.nextPageToken ? '+' : ''})`;
  }

  get icon() {
    return this.iconName || iconNameOf(this.objectInfo.data);
  }

  get hasRecords() {
    return Boolean(this.related.data && this.related.data.records.length > 0 && this.objectInfo.data);
  }

  get tableColumns() {
    return this.columns.map((column) => ({ key: column.fieldApiName, label: column.label }));
  }

  get rows() {
    if (!this.hasRecords) return [];
    return this.related.data.records.map((record) => ({
      id: record.id,
      cells: this.columns.map((column, i) => ({
        key: column.fieldApiName,
        label: column.label,
        ...cellOf(record, this.objectInfo.data, column.fieldApiName, { linkName: i === 0 })
      }))
    }));
  }
}
