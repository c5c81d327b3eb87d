// A compact SLDS table of records, as related list and home page cards show them: a header
// row, then a row per record whose cells link where they point (the record, a parent).
import { LightningElement, api } from 'lwc';

export default class RecordTable extends LightningElement {
  /** The table's accessible name. */
  @api label;
  /** [{ key, label }] */
  @api columns = [];
  /** [{ id, cells: [{ key, label, text, url, isBoolean, checked }] }], from localorg/listCells. */
  @api rows = [];
}
