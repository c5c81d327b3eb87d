// forceChatter:recordFeedContainer's stand-in. The local org has no Chatter and keeps no
// field history, so the feed shows only what the record itself records: who created it and
// who changed it last, and when, and says so.
import { LightningElement, api, wire } from 'lwc';
import { getRecord } from 'lightning/uiRecordApi';
import { getObjectInfo } from 'lightning/uiObjectInfoApi';
import { errorMessage } from 'localorg/fieldFormat';

function initials(name) {
  return String(name || '')
    .split(/\s+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase())
    .slice(0, 2)
    .join('');
}

export default class RecordFeed extends LightningElement {
  @api recordId;
  @api objectApiName;

  fields;

  connectedCallback() {
    const o = this.objectApiName;
    this.fields = [
      `${o}.CreatedBy.Name`,
      `${o}.CreatedDate`,
      `${o}.LastModifiedBy.Name`,
      `${o}.LastModifiedDate`
    ];
  }

  @wire(getObjectInfo, { objectApiName: '$objectApiName' })
  objectInfo;

  @wire(getRecord, { recordId: '$recordId', optionalFields: '$fields' })
  record;

  get error() {
    return errorMessage(this.record.error);
  }

  event(userField, dateField, verb) {
    const fields = this.record.data.fields;
    const user = fields[userField] && fields[userField].value;
    const date = fields[dateField];
    if (!user || !date || !date.value) return null;
    const name = user.fields.Name ? user.fields.Name.value : '';
    return {
      key: `${verb}-${date.value}`,
      name,
      initials: initials(name),
      url: `/lightning/r/User/${user.id}/view`,
      text: `${verb} this ${this.objectInfo.data ? this.objectInfo.data.label : 'record'}.`,
      when: date.displayValue || date.value,
      at: date.value
    };
  }

  /** Newest first: the last change, then the creation (one item when they are the same save). */
  get items() {
    if (!this.record.data) return [];
    const created = this.event('CreatedBy', 'CreatedDate', 'created');
    const changed = this.event('LastModifiedBy', 'LastModifiedDate', 'changed');
    const items = changed && created && changed.at !== created.at ? [changed, created] : [created];
    return items.filter(Boolean);
  }
}
