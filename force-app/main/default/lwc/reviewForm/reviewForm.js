import { LightningElement, api } from 'lwc';

import saveLabel from '@salesforce/label/c.ReviewPanel_Save';
import cancelLabel from '@salesforce/label/c.ReviewPanel_Cancel';
import saveFailedLabel from '@salesforce/label/c.ReviewPanel_SaveFailed';

/**
 * The fields of a business review, each with the input its kind needs, and Cancel / Save.
 * Used by reviewPanel both to schedule a review and to edit one, so the two forms stay alike.
 * The heading comes in through the "heading" slot so each form keeps its own heading level.
 *
 * Events:
 * - fieldchange, detail { field, value }: a field's value was changed.
 * - cancel: the user dismissed the form.
 * - save: the user asked to save and every input is valid (each invalid input shows its message instead).
 */
export default class ReviewForm extends LightningElement {
  /** [{ name, label, value, required, maxLength, isDate | isTextArea | isText }] */
  @api fields = [];
  /** Why the last save failed, in any shape c-error-panel reduces; nothing when it did not fail. */
  @api errors;
  /** True while a save is under way, so it cannot be sent twice. */
  @api saving = false;

  label = {
    save: saveLabel,
    cancel: cancelLabel,
    saveFailed: saveFailedLabel
  };

  handleChange(event) {
    // Stop the inputs' own change event: the host's listeners get one event naming the field.
    event.stopPropagation();
    this.dispatchEvent(
      new CustomEvent('fieldchange', {
        detail: { field: event.target.dataset.field, value: event.detail.value }
      })
    );
  }

  handleCancel() {
    this.dispatchEvent(new CustomEvent('cancel'));
  }

  handleSave() {
    if (this.reportValidity()) {
      this.dispatchEvent(new CustomEvent('save'));
    }
  }

  /** Checks every input, showing each one's message; true when all are valid. */
  reportValidity() {
    return [...this.template.querySelectorAll('lightning-input, lightning-textarea')]
      .map((input) => input.reportValidity())
      .every(Boolean);
  }
}
