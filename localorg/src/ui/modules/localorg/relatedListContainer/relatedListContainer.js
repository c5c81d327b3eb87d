// force:relatedListContainer's stand-in: a card for each of the record's related lists.
import { LightningElement, api } from 'lwc';

export default class RelatedListContainer extends LightningElement {
  @api recordId;
  @api objectApiName;
  /** [{ relatedListId, label, objectApiName, iconName, fields, columns }], from the page. */
  @api lists = [];
}
