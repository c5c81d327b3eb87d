// The record page's Details card: every field of the record, read-only, in layout order.
import { LightningElement, api, wire } from 'lwc';
import { getRecord } from 'lightning/uiRecordApi';
import { getObjectInfo } from 'lightning/uiObjectInfoApi';
import { errorMessage, formatField, unqualified } from 'localorg/fieldFormat';

export default class RecordDetails extends LightningElement {
  @api recordId;
  @api objectApiName;
  /** Qualified names of the fields to show, in order. */
  @api fields = [];

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
