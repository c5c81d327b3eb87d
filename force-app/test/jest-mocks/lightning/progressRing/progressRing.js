// Stands in for lightning-progress-ring in component tests. Like sfdx-lwc-jest's stub it renders
// nothing, but it declares ariaLabel as the real component does (which puts it on its inner
// role="progressbar"), so an aria-label doesn't land on the host element, where axe rejects it.
import { LightningElement, api } from 'lwc';

export default class ProgressRing extends LightningElement {
  @api ariaLabel;
  @api direction;
  @api size;
  @api value;
  @api variant;
}
