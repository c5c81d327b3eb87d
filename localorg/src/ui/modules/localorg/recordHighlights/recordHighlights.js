// The record page's highlights panel: the object's icon and label, the record's name,
// and the fields of the object's compact layout.
import { LightningElement, api, wire } from 'lwc';
import { getRecord } from 'lightning/uiRecordApi';
import { getObjectInfo } from 'lightning/uiObjectInfoApi';
import { errorMessage, formatField, iconNameOf, unqualified } from 'localorg/fieldFormat';

export default class RecordHighlights extends LightningElement {
  @api recordId;
  @api objectApiName;
  /** Qualified names of the compact layout's fields; the first is the record's name. */
  @api fields = [];
  /** The icon of the object's tab; object info's theme when absent. */
  @api iconName;

  @wire(getObjectInfo, { objectApiName: '$objectApiName' })
  objectInfo;

  @wire(getRecord, { recordId: '$recordId', optionalFields: '$fields' })
  record;

  get objectLabel() {
    return this.objectInfo.data ? this.objectInfo.data.label : '';
  }

  get objectIconName() {
    return this.iconName || iconNameOf(this.objectInfo.data);
  }

  get title() {
    const record = this.record.data;
    const nameField = this.objectInfo.data && this.objectInfo.data.nameFields[0];
    const name = record && nameField && record.fields[nameField];
    return name ? name.value : '';
  }

  get error() {
    return errorMessage(this.record.error || this.objectInfo.error);
  }

  get details() {
    if (!this.record.data || !this.objectInfo.data) return [];
    const nameField = this.objectInfo.data.nameFields[0];
    return this.fields
      .map(unqualified)
      .filter((name) => name !== nameField)
      .map((name) => formatField(this.record.data, this.objectInfo.data, name))
      .filter(Boolean);
  }
}
