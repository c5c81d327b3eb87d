// The record page's Details: every field of the record, read-only, in layout order; a card
// of its own in a region, or two columns of fields inside a Details tab.
import { LightningElement, api, wire } from 'lwc';
import { getRecord } from 'lightning/uiRecordApi';
import { getObjectInfo } from 'lightning/uiObjectInfoApi';
import { errorMessage, formatField, unqualified } from 'localorg/fieldFormat';

export default class RecordDetails extends LightningElement {
  @api recordId;
  @api objectApiName;
  /** Qualified names of the fields to show, in order. */
  @api fields = [];
  /** Inside a tab: no card around the fields. */
  @api embedded = false;
  /** 1, or 2 in a wide region. */
  @api columns = 1;

  @wire(getObjectInfo, { objectApiName: '$objectApiName' })
  objectInfo;

  @wire(getRecord, { recordId: '$recordId', optionalFields: '$fields' })
  record;

  get error() {
    return errorMessage(this.record.error || this.objectInfo.error);
  }

  get items() {
    if (!this.record.data || !this.objectInfo.data) return [];
    return this.fields
      .map((name) => formatField(this.record.data, this.objectInfo.data, unqualified(name)))
      .filter(Boolean);
  }
}
