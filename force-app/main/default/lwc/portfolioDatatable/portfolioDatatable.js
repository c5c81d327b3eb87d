import LightningDatatable from 'lightning/datatable';
import progressGaugeTemplate from './progressGauge.html';

/**
 * lightning-datatable with a progressGauge column type: a progress bar with the percentage
 * beside it, for Salesforce's 0–100 percent fields. typeAttributes.label names the bar for
 * screen readers.
 */
export default class PortfolioDatatable extends LightningDatatable {
  static customTypes = {
    progressGauge: {
      template: progressGaugeTemplate,
      standardCellLayout: true,
      typeAttributes: ['label']
    }
  };
}
