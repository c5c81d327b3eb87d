// Read-only fields as a record page's details show them: label over value, in one column or
// two, links for lookups, URLs and email addresses, and checkboxes for booleans.
import { LightningElement, api } from 'lwc';

export default class FieldList extends LightningElement {
  /** [{ name, label, text, url, isLink, isBoolean, checked }] from localorg/fieldFormat. */
  @api items = [];
  /** 1 or 2. */
  @api columns = 1;

  get itemClass() {
    return `slds-form__item slds-p-horizontal_x-small ${Number(this.columns) === 2 ? 'slds-size_1-of-2' : 'slds-size_1-of-1'}`;
  }
}
