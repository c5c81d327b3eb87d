import { LightningElement, api, wire } from 'lwc';
import { NavigationMixin } from 'lightning/navigation';
import { getFieldDisplayValue, getFieldValue, getRecord, refresh } from 'lightning/uiRecordApi';
import { applyTemplateOutcome, parseJobResult } from './jobResult';

import NAME_FIELD from '@salesforce/schema/Plan_Job__c.Name';
import TYPE_FIELD from '@salesforce/schema/Plan_Job__c.Type__c';
import STATUS_FIELD from '@salesforce/schema/Plan_Job__c.Status__c';
import RESULT_FIELD from '@salesforce/schema/Plan_Job__c.Result__c';
import ERROR_FIELD from '@salesforce/schema/Plan_Job__c.Error__c';
import FINISHED_ON_FIELD from '@salesforce/schema/Plan_Job__c.Finished_On__c';

import titleLabel from '@salesforce/label/c.PlanJobStatus_Title';
import loadingLabel from '@salesforce/label/c.PlanJobStatus_Loading';
import loadErrorLabel from '@salesforce/label/c.PlanJobStatus_LoadError';
import checkAgainLabel from '@salesforce/label/c.PlanJobStatus_CheckAgain';
import queuedLabel from '@salesforce/label/c.PlanJobStatus_Queued';
import runningLabel from '@salesforce/label/c.PlanJobStatus_Running';
import doneLabel from '@salesforce/label/c.PlanJobStatus_Done';
import waitingLabel from '@salesforce/label/c.PlanJobStatus_Waiting';
import failedLabel from '@salesforce/label/c.PlanJobStatus_Failed';
import finishedOnLabel from '@salesforce/label/c.PlanJobStatus_FinishedOn';
import createdLabel from '@salesforce/label/c.PlanJobStatus_Created';
import skippedLabel from '@salesforce/label/c.PlanJobStatus_Skipped';
import notCreatedLabel from '@salesforce/label/c.PlanJobStatus_NotCreated';

const JOB_FIELDS = [NAME_FIELD, TYPE_FIELD, STATUS_FIELD, RESULT_FIELD, ERROR_FIELD, FINISHED_ON_FIELD];

const QUEUED = 'Queued';
const RUNNING = 'Running';
const DONE = 'Done';
const FAILED = 'Failed';
const APPLY_TEMPLATE = 'Apply Template';

const format = (template, ...values) =>
  values.reduce((text, value, i) => text.replace(`{${i}}`, value), template);

/**
 * A Plan_Job__c the page asked the connector to run, from Queued through Running to Done or
 * Failed. The connector writes the record on its own schedule, outside Lightning Data Service,
 * so while the job waits or runs this asks LDS for the record again every few seconds; it stops
 * when the job ends or the component leaves the page. When the job ends it sends a `finish`
 * event whose detail is the final status, and shows the result: the connector's summary, the
 * plans an Apply Template job created (with links) and the accounts it skipped or failed, or
 * the error.
 */
export default class PlanJobStatus extends NavigationMixin(LightningElement) {
  /** The Plan_Job__c to follow. */
  @api jobId;

  /** Seconds between checks while the job is queued or running. */
  @api pollSeconds = 3;

  label = {
    title: titleLabel,
    loading: loadingLabel,
    loadError: loadErrorLabel,
    checkAgain: checkAgainLabel,
    failed: failedLabel,
    finishedOn: finishedOnLabel,
    created: createdLabel,
    skipped: skippedLabel,
    notCreated: notCreatedLabel
  };

  job;
  pollTimer;
  /** The status a `finish` event was sent for, so that a refresh of an ended job sends none. */
  announced;
  /** Record page URLs of the plans an Apply Template job created, by plan Id. */
  planUrls = {};

  @wire(getRecord, { recordId: '$jobId', fields: JOB_FIELDS })
  wiredJob(value) {
    this.job = value;
    this.stopPolling();
    if (value.error || !value.data) return;
    if (this.isEnded) {
      this.announceEnd();
      this.generatePlanUrls();
    } else {
      this.schedulePoll();
    }
  }

  disconnectedCallback() {
    this.stopPolling();
  }

  schedulePoll() {
    // The connector changes the job outside LDS: nothing would tell the wire, so ask again.
    // eslint-disable-next-line @lwc/lwc/no-async-operation
    this.pollTimer = setTimeout(() => {
      this.pollTimer = undefined;
      refresh(this.job);
    }, this.pollSeconds * 1000);
  }

  stopPolling() {
    if (this.pollTimer !== undefined) {
      clearTimeout(this.pollTimer);
      this.pollTimer = undefined;
    }
  }

  announceEnd() {
    if (this.announced === this.status) return;
    this.announced = this.status;
    this.dispatchEvent(new CustomEvent('finish', { detail: this.status }));
  }

  handleCheckAgain() {
    refresh(this.job);
  }

  get hasError() {
    return Boolean(this.job?.error);
  }

  get isLoading() {
    return !this.hasError && !this.job?.data;
  }

  get status() {
    return getFieldValue(this.job.data, STATUS_FIELD);
  }

  get statusText() {
    return getFieldDisplayValue(this.job.data, STATUS_FIELD) ?? this.status ?? '';
  }

  get name() {
    return getFieldValue(this.job.data, NAME_FIELD);
  }

  get heading() {
    const type = getFieldDisplayValue(this.job.data, TYPE_FIELD) ?? getFieldValue(this.job.data, TYPE_FIELD);
    return format(titleLabel, type ?? '', this.name ?? '');
  }

  get isEnded() {
    return this.status === DONE || this.status === FAILED;
  }

  get isWorking() {
    return !this.isEnded;
  }

  get isFailed() {
    return this.status === FAILED;
  }

  /** A path from Queued through Running to Done; a failed job shows the error on the step it stopped at. */
  get steps() {
    return [
      { label: queuedLabel, value: QUEUED },
      { label: runningLabel, value: RUNNING },
      { label: doneLabel, value: DONE }
    ];
  }

  get currentStep() {
    if (this.status === FAILED) return RUNNING;
    return [QUEUED, RUNNING, DONE].includes(this.status) ? this.status : QUEUED;
  }

  get workingText() {
    return format(waitingLabel, this.statusText);
  }

  get finishedOn() {
    return getFieldValue(this.job.data, FINISHED_ON_FIELD);
  }

  get jobErrors() {
    const error = getFieldValue(this.job.data, ERROR_FIELD);
    return error ? [error] : [];
  }

  get result() {
    return parseJobResult(getFieldValue(this.job.data, RESULT_FIELD));
  }

  get summary() {
    return this.result.summary;
  }

  get isApplyTemplate() {
    return getFieldValue(this.job.data, TYPE_FIELD) === APPLY_TEMPLATE;
  }

  get outcome() {
    if (!this.isApplyTemplate || !this.isEnded) return null;
    const { created, skipped, failed } = applyTemplateOutcome(this.result.details);
    const withUrl = (row, index) => ({
      ...row,
      key: `${row.accountId ?? index}-${row.planId ?? ''}`,
      url: row.planId ? this.planUrls[row.planId] : undefined,
      errorText: row.errors.join(' ')
    });
    return {
      created: created.map(withUrl),
      skipped: skipped.map(withUrl),
      failed: failed.map(withUrl)
    };
  }

  get hasCreated() {
    return this.outcome?.created.length > 0;
  }

  get hasSkipped() {
    return this.outcome?.skipped.length > 0;
  }

  get hasFailed() {
    return this.outcome?.failed.length > 0;
  }

  generatePlanUrls() {
    if (!this.isApplyTemplate) return;
    const { created, skipped, failed } = applyTemplateOutcome(this.result.details);
    const planIds = [...created, ...skipped, ...failed]
      .map((row) => row.planId)
      .filter((planId) => planId && !this.planUrls[planId]);
    Promise.all(
      planIds.map((recordId) =>
        this[NavigationMixin.GenerateUrl]({
          type: 'standard__recordPage',
          attributes: { recordId, objectApiName: 'Business_Plan__c', actionName: 'view' }
        }).then((url) => [recordId, url])
      )
    ).then((entries) => {
      if (entries.length > 0) this.planUrls = { ...this.planUrls, ...Object.fromEntries(entries) };
    });
  }
}
