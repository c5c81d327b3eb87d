import { LightningElement, api, wire } from 'lwc';
import { getRecord, getFieldValue, updateRecord } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';
import { getObjectInfo } from 'lightning/uiObjectInfoApi';
import { loadScript } from 'lightning/platformResourceLoader';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { fieldUpdateable, reduceErrors } from 'c/ldsUtils';
import { splitEvenly } from './splitEvenly';
import chartJs from '@salesforce/resourceUrl/chartjs';

import OBJECTIVE_NAME_FIELD from '@salesforce/schema/Plan_Objective__c.Name';
import OBJECTIVE_TARGET_FIELD from '@salesforce/schema/Plan_Objective__c.Target__c';
import TARGET_OBJECT from '@salesforce/schema/Objective_Target__c';
import PERIOD_LABEL_FIELD from '@salesforce/schema/Objective_Target__c.Period_Label__c';
import PERIOD_START_FIELD from '@salesforce/schema/Objective_Target__c.Period_Start__c';
import PERIOD_END_FIELD from '@salesforce/schema/Objective_Target__c.Period_End__c';
import TARGET_FIELD from '@salesforce/schema/Objective_Target__c.Target__c';
import ACTUAL_FIELD from '@salesforce/schema/Objective_Target__c.Actual__c';
import PROGRESS_FIELD from '@salesforce/schema/Objective_Target__c.Progress__c';

import titleLabel from '@salesforce/label/c.PeriodTargets_Title';
import objectiveLabel from '@salesforce/label/c.PeriodTargets_Objective';
import objectiveTargetLabel from '@salesforce/label/c.PeriodTargets_ObjectiveTarget';
import loadingLabel from '@salesforce/label/c.PeriodTargets_Loading';
import loadErrorLabel from '@salesforce/label/c.PeriodTargets_LoadError';
import noObjectivesLabel from '@salesforce/label/c.PeriodTargets_NoObjectives';
import noPeriodsLabel from '@salesforce/label/c.PeriodTargets_NoPeriods';
import columnPeriodLabel from '@salesforce/label/c.PeriodTargets_ColumnPeriod';
import columnDatesLabel from '@salesforce/label/c.PeriodTargets_ColumnDates';
import columnTargetLabel from '@salesforce/label/c.PeriodTargets_ColumnTarget';
import columnActualLabel from '@salesforce/label/c.PeriodTargets_ColumnActual';
import columnProgressLabel from '@salesforce/label/c.PeriodTargets_ColumnProgress';
import totalLabel from '@salesforce/label/c.PeriodTargets_Total';
import targetInputLabel from '@salesforce/label/c.PeriodTargets_TargetInput';
import splitEvenlyLabel from '@salesforce/label/c.PeriodTargets_SplitEvenly';
import splitNoTargetLabel from '@salesforce/label/c.PeriodTargets_SplitNoTarget';
import saveLabel from '@salesforce/label/c.PeriodTargets_Save';
import cancelLabel from '@salesforce/label/c.PeriodTargets_Cancel';
import savedLabel from '@salesforce/label/c.PeriodTargets_Saved';
import saveFailedLabel from '@salesforce/label/c.PeriodTargets_SaveFailed';
import invalidInputLabel from '@salesforce/label/c.PeriodTargets_InvalidInput';
import sumDiffersLabel from '@salesforce/label/c.PeriodTargets_SumDiffers';
import chartTitleLabel from '@salesforce/label/c.PeriodTargets_ChartTitle';
import chartAlternativeLabel from '@salesforce/label/c.PeriodTargets_ChartAlternative';
import chartErrorLabel from '@salesforce/label/c.PeriodTargets_ChartError';
import readOnlyLabel from '@salesforce/label/c.PeriodTargets_ReadOnly';

/** The related list adapter takes qualified field names ('Objective_Target__c.Target__c'), not field references. */
const qualifiedName = ({ objectApiName, fieldApiName }) => `${objectApiName}.${fieldApiName}`;
const OBJECTIVE_FIELDS = [OBJECTIVE_NAME_FIELD, OBJECTIVE_TARGET_FIELD].map(qualifiedName);
const TARGET_FIELDS = [
  PERIOD_LABEL_FIELD,
  PERIOD_START_FIELD,
  PERIOD_END_FIELD,
  TARGET_FIELD,
  ACTUAL_FIELD,
  PROGRESS_FIELD
].map(qualifiedName);
// A plan runs for one fiscal year: at most 12 monthly periods, or 24 when it spans two years.
const TARGETS_PAGE_SIZE = 60;

// SLDS chart palette colours: brand blue for the target, success green for the actual.
const TARGET_COLOUR = '#0176d3';
const ACTUAL_COLOUR = '#2e844a';

/** Decimal places of a number field in the object info, or 2 when it is unknown. */
const scaleOf = (objectInfo, fieldApiName) => objectInfo?.fields?.[fieldApiName]?.scale ?? 2;

const format = (template, ...values) =>
  values.reduce((text, value, i) => text.replace(`{${i}}`, value), template);

/**
 * Target against actual for each period of one of the plan's objectives, with editable
 * targets (saved row by row through updateRecord, each row reporting its own error), an even
 * split of the objective's target, and a Chart.js chart of the year whose text alternative is
 * the table. Reads and writes through Lightning Data Service only.
 */
export default class PeriodTargets extends LightningElement {
  /** The business plan, set by the record page. */
  @api recordId;

  label = {
    title: titleLabel,
    objective: objectiveLabel,
    objectiveTarget: objectiveTargetLabel,
    loading: loadingLabel,
    loadError: loadErrorLabel,
    noObjectives: noObjectivesLabel,
    noPeriods: noPeriodsLabel,
    columnPeriod: columnPeriodLabel,
    columnDates: columnDatesLabel,
    columnTarget: columnTargetLabel,
    columnActual: columnActualLabel,
    columnProgress: columnProgressLabel,
    total: totalLabel,
    splitEvenly: splitEvenlyLabel,
    save: saveLabel,
    cancel: cancelLabel,
    chartTitle: chartTitleLabel,
    chartAlternative: chartAlternativeLabel,
    chartError: chartErrorLabel,
    readOnly: readOnlyLabel
  };

  /** The objective shown: the one the user picked, else the first. */
  objectiveId;
  objectiveList;
  /** Edited targets by period Id, as the inputs hold them (strings; '' clears the target). */
  drafts = {};
  /** Save errors by period Id. */
  rowErrors = {};
  /** A problem with the edits as a whole (an invalid input), shown above the buttons. */
  formError;
  saving = false;
  chartError;
  chartLibraryLoaded = false;
  /** The pending loadScript, so renders while it loads do not ask again. */
  chartLoading;
  chart;
  /** What the chart shows, to redraw only when it changes. */
  chartKey;

  @wire(getRelatedListRecords, {
    parentRecordId: '$recordId',
    relatedListId: 'Plan_Objectives__r',
    fields: OBJECTIVE_FIELDS,
    sortBy: [qualifiedName(OBJECTIVE_NAME_FIELD)]
  })
  wiredObjectives(result) {
    this.objectiveList = result;
    // Keep the user's choice while it is still one of the plan's objectives.
    const ids = (result.data?.records ?? []).map((record) => record.id);
    this.objectiveId = ids.includes(this.objectiveId) ? this.objectiveId : ids[0];
  }

  @wire(getRelatedListRecords, {
    parentRecordId: '$objectiveId',
    relatedListId: 'Objective_Targets__r',
    fields: TARGET_FIELDS,
    sortBy: [qualifiedName(PERIOD_START_FIELD)],
    pageSize: TARGETS_PAGE_SIZE
  })
  targetList;

  @wire(getObjectInfo, { objectApiName: TARGET_OBJECT })
  targetInfo;

  // Read through getRecord as well so the objective's target follows edits made elsewhere on the page.
  @wire(getRecord, { recordId: '$objectiveId', fields: [OBJECTIVE_NAME_FIELD, OBJECTIVE_TARGET_FIELD] })
  objective;

  get objectives() {
    return this.objectiveList?.data?.records ?? [];
  }

  get objectiveOptions() {
    return this.objectives.map((record) => ({
      label: getFieldValue(record, OBJECTIVE_NAME_FIELD),
      value: record.id
    }));
  }

  get errors() {
    return [
      this.objectiveList?.error,
      this.targetList?.error,
      this.targetInfo?.error,
      this.objective?.error
    ].filter(Boolean);
  }

  get hasError() {
    return this.errors.length > 0;
  }

  get objectivesLoaded() {
    return Boolean(this.objectiveList?.data);
  }

  get hasObjectives() {
    return this.objectives.length > 0;
  }

  get isLoading() {
    if (this.hasError) return false;
    if (!this.objectivesLoaded) return true;
    return this.hasObjectives && !(this.targetList?.data && this.targetInfo?.data && this.objective?.data);
  }

  get isEmpty() {
    return !this.isLoading && !this.hasError && !this.hasObjectives;
  }

  get isReady() {
    return !this.isLoading && !this.hasError && this.hasObjectives;
  }

  get objectiveTarget() {
    return getFieldValue(this.objective.data, OBJECTIVE_TARGET_FIELD);
  }

  get targetScale() {
    return scaleOf(this.targetInfo.data, TARGET_FIELD.fieldApiName);
  }

  get inputStep() {
    return (10 ** -this.targetScale).toFixed(this.targetScale);
  }

  /** Targets are editable when field-level security lets the user update them. */
  get canEdit() {
    return fieldUpdateable(this.targetInfo.data, TARGET_FIELD);
  }

  get records() {
    return this.targetList.data.records;
  }

  get hasPeriods() {
    return this.records.length > 0;
  }

  get periods() {
    return this.records.map((record) => {
      const label = getFieldValue(record, PERIOD_LABEL_FIELD);
      const saved = getFieldValue(record, TARGET_FIELD);
      const draft = this.drafts[record.id];
      const error = this.rowErrors[record.id];
      return {
        id: record.id,
        label,
        start: getFieldValue(record, PERIOD_START_FIELD),
        end: getFieldValue(record, PERIOD_END_FIELD),
        target: saved,
        inputValue: draft ?? (saved === null || saved === undefined ? '' : String(saved)),
        inputLabel: format(targetInputLabel, label ?? ''),
        changed: draft !== undefined,
        rowClass: error ? 'period slds-hint-parent slds-has-error' : 'period slds-hint-parent',
        actual: getFieldValue(record, ACTUAL_FIELD),
        progress: getFieldValue(record, PROGRESS_FIELD),
        error
      };
    });
  }

  /** The sum of the targets as they stand in the inputs, in the field's whole units to stay exact. */
  get targetSum() {
    const unit = 10 ** this.targetScale;
    const units = this.periods.reduce((sum, period) => {
      const value = Number(period.inputValue);
      return period.inputValue === '' || Number.isNaN(value) ? sum : sum + Math.round(value * unit);
    }, 0);
    return units / unit;
  }

  get actualSum() {
    return this.periods.reduce(
      (sum, period) => sum + (typeof period.actual === 'number' ? period.actual : 0),
      0
    );
  }

  /** Shown when the periods' targets no longer add up to the objective's target. */
  get sumWarning() {
    const target = this.objectiveTarget;
    if (typeof target !== 'number' || !this.hasPeriods) return undefined;
    return this.targetSum === target
      ? undefined
      : format(sumDiffersLabel, String(this.targetSum), String(target));
  }

  get hasChanges() {
    return Object.keys(this.drafts).length > 0;
  }

  get saveDisabled() {
    return !this.hasChanges || this.saving;
  }

  get cancelDisabled() {
    return !this.hasChanges || this.saving;
  }

  get splitDisabled() {
    return this.saving || !this.hasPeriods || typeof this.objectiveTarget !== 'number';
  }

  get splitHelp() {
    return typeof this.objectiveTarget === 'number' ? undefined : splitNoTargetLabel;
  }

  handleObjectiveChange(event) {
    this.objectiveId = event.detail.value;
    this.resetEdits();
  }

  handleTargetInput(event) {
    const { id } = event.target.dataset;
    const value = event.detail.value ?? '';
    const record = this.records.find((r) => r.id === id);
    const saved = getFieldValue(record, TARGET_FIELD);
    const drafts = { ...this.drafts };
    // Typing the saved value back is no change.
    if (value === '' ? saved === null || saved === undefined : Number(value) === saved) {
      delete drafts[id];
    } else {
      drafts[id] = value;
    }
    this.drafts = drafts;
    this.formError = undefined;
  }

  handleSplitEvenly() {
    const shares = splitEvenly(this.objectiveTarget, this.records.length, this.targetScale);
    const drafts = {};
    this.records.forEach((record, index) => {
      if (getFieldValue(record, TARGET_FIELD) !== shares[index]) {
        drafts[record.id] = shares[index].toFixed(this.targetScale);
      }
    });
    this.drafts = drafts;
    this.rowErrors = {};
    this.formError = undefined;
  }

  handleCancel() {
    this.resetEdits();
  }

  resetEdits() {
    this.drafts = {};
    this.rowErrors = {};
    this.formError = undefined;
  }

  /** Saves every changed row in parallel (LDS has no batch save); each row keeps its own error. */
  async handleSave() {
    const inputs = [...this.template.querySelectorAll('lightning-input.target-input')];
    const valid = inputs.reduce((ok, input) => input.reportValidity() && ok, true);
    if (!valid) {
      this.formError = invalidInputLabel;
      return;
    }
    const changes = Object.entries(this.drafts);
    this.saving = true;
    const results = await Promise.allSettled(
      changes.map(([id, value]) =>
        updateRecord({ fields: { Id: id, [TARGET_FIELD.fieldApiName]: value === '' ? null : Number(value) } })
      )
    );
    const drafts = { ...this.drafts };
    const rowErrors = {};
    let saved = 0;
    results.forEach((result, index) => {
      const [id] = changes[index];
      if (result.status === 'fulfilled') {
        delete drafts[id];
        saved += 1;
      } else {
        rowErrors[id] = reduceErrors(result.reason).join(' ');
      }
    });
    this.drafts = drafts;
    this.rowErrors = rowErrors;
    this.saving = false;
    const failed = changes.length - saved;
    if (saved > 0) {
      this.dispatchEvent(
        new ShowToastEvent({ title: format(savedLabel, String(saved)), message: '', variant: 'success' })
      );
    }
    if (failed > 0) {
      this.formError = format(saveFailedLabel, String(failed));
    }
  }

  renderedCallback() {
    if (!this.isReady || !this.hasPeriods || this.chartError) return;
    if (!this.chartLibraryLoaded) {
      if (this.chartLoading) return;
      this.chartLoading = loadScript(this, chartJs)
        .then(() => {
          this.chartLibraryLoaded = true;
          // Nothing in the template changed, so no render follows: draw now.
          this.drawChart();
        })
        .catch((error) => {
          this.chartError = error;
        });
      return;
    }
    this.drawChart();
  }

  disconnectedCallback() {
    this.chart?.destroy();
    this.chart = undefined;
  }

  /** Draws the saved targets against the actuals; redraws only when they change. */
  drawChart() {
    const container = this.template.querySelector('div.chart');
    if (!container) return;
    const labels = this.records.map((record) => getFieldValue(record, PERIOD_LABEL_FIELD));
    const targets = this.records.map((record) => getFieldValue(record, TARGET_FIELD));
    const actuals = this.records.map((record) => getFieldValue(record, ACTUAL_FIELD));
    const key = JSON.stringify([labels, targets, actuals]);
    if (this.chart && this.chartKey === key && container.firstChild) return;
    this.chart?.destroy();
    container.replaceChildren();
    const canvas = document.createElement('canvas');
    // The table above holds the same figures; the canvas only names what it draws.
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', chartAlternativeLabel);
    container.appendChild(canvas);
    this.chartKey = key;
    this.chart = new window.Chart(canvas, {
      type: 'bar',
      data: {
        labels,
        datasets: [
          { label: columnTargetLabel, data: targets, backgroundColor: TARGET_COLOUR },
          { label: columnActualLabel, data: actuals, backgroundColor: ACTUAL_COLOUR }
        ]
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { beginAtZero: true } },
        plugins: { legend: { position: 'bottom' } }
      }
    });
  }
}
