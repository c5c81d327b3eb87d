// lightning/platformShowToastEvent: the event a component dispatches to show a toast;
// the local org's page shell listens for it and shows an SLDS toast, as Lightning does.
export class ShowToastEvent extends CustomEvent {
  constructor(toast) {
    super('lightning__showtoast', { bubbles: true, cancelable: true, composed: true, detail: toast });
  }
}
