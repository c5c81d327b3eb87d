import { LightningElement, api } from 'lwc';
import { reduceErrors } from 'c/ldsUtils';
import defaultMessageLabel from '@salesforce/label/c.ErrorPanel_DefaultMessage';
import showDetailsLabel from '@salesforce/label/c.ErrorPanel_ShowDetails';
import hideDetailsLabel from '@salesforce/label/c.ErrorPanel_HideDetails';

/**
 * Shows a friendly message for one or more errors, with the reduced error messages
 * behind a "Show details" toggle. Only reduced messages are rendered, never raw error bodies.
 */
export default class ErrorPanel extends LightningElement {
  /** A single error or an array of errors, as wire adapters, Apex or JavaScript report them. */
  @api errors;

  /** The message a person reads first. */
  @api friendlyMessage = defaultMessageLabel;

  showDetails = false;

  get messages() {
    return reduceErrors(this.errors);
  }

  get hasMessages() {
    return this.messages.length > 0;
  }

  get detailsExpanded() {
    return String(this.showDetails);
  }

  get toggleLabel() {
    return this.showDetails ? hideDetailsLabel : showDetailsLabel;
  }

  handleToggleDetails() {
    this.showDetails = !this.showDetails;
  }
}
