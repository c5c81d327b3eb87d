import { LightningElement, api, wire } from 'lwc';
import {
  createRecord,
  getFieldValue,
  getFieldDisplayValue,
  refresh,
  updateRecord
} from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';
import { getObjectInfo } from 'lightning/uiObjectInfoApi';
import LightningConfirm from 'lightning/confirm';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { fieldsCreateable, fieldUpdateable } from 'c/ldsUtils';

import REVIEW_OBJECT from '@salesforce/schema/Business_Review__c';
import NAME_FIELD from '@salesforce/schema/Business_Review__c.Name';
import PLAN_FIELD from '@salesforce/schema/Business_Review__c.Business_Plan__c';
import REVIEW_DATE_FIELD from '@salesforce/schema/Business_Review__c.Review_Date__c';
import FISCAL_PERIOD_FIELD from '@salesforce/schema/Business_Review__c.Fiscal_Period__c';
import STATUS_FIELD from '@salesforce/schema/Business_Review__c.Status__c';
import ATTENDEES_FIELD from '@salesforce/schema/Business_Review__c.Attendees__c';
import WINS_FIELD from '@salesforce/schema/Business_Review__c.Wins__c';
import OBSTACLES_FIELD from '@salesforce/schema/Business_Review__c.Obstacles__c';
import NEXT_STEPS_FIELD from '@salesforce/schema/Business_Review__c.Next_Steps__c';
import ESCALATIONS_FIELD from '@salesforce/schema/Business_Review__c.Escalations__c';
import PLAN_PROGRESS_FIELD from '@salesforce/schema/Business_Review__c.Plan_Progress__c';
import SNAPSHOT_FIELD from '@salesforce/schema/Business_Review__c.Progress_Snapshot__c';
import JOB_OBJECT from '@salesforce/schema/Plan_Job__c';
import JOB_TYPE_FIELD from '@salesforce/schema/Plan_Job__c.Type__c';
import JOB_PLAN_FIELD from '@salesforce/schema/Plan_Job__c.Business_Plan__c';
import JOB_PARAMETERS_FIELD from '@salesforce/schema/Plan_Job__c.Parameters__c';

import titleLabel from '@salesforce/label/c.ReviewPanel_Title';
import loadingLabel from '@salesforce/label/c.ReviewPanel_Loading';
import loadErrorLabel from '@salesforce/label/c.ReviewPanel_LoadError';
import emptyLabel from '@salesforce/label/c.ReviewPanel_Empty';
import scheduleLabel from '@salesforce/label/c.ReviewPanel_Schedule';
import scheduleTitleLabel from '@salesforce/label/c.ReviewPanel_ScheduleTitle';
import scheduledLabel from '@salesforce/label/c.ReviewPanel_Scheduled';
import editNotesLabel from '@salesforce/label/c.ReviewPanel_EditNotes';
import editTitleLabel from '@salesforce/label/c.ReviewPanel_EditTitle';
import savedLabel from '@salesforce/label/c.ReviewPanel_Saved';
import saveFailedLabel from '@salesforce/label/c.ReviewPanel_SaveFailed';
import holdLabel from '@salesforce/label/c.ReviewPanel_Hold';
import holdConfirmLabel from '@salesforce/label/c.ReviewPanel_HoldConfirm';
import recordProgressLabel from '@salesforce/label/c.ReviewPanel_RecordProgress';
import cancelReviewLabel from '@salesforce/label/c.ReviewPanel_CancelReview';
import cancelConfirmLabel from '@salesforce/label/c.ReviewPanel_CancelConfirm';
import cancelledLabel from '@salesforce/label/c.ReviewPanel_Cancelled';
import showProgressLabel from '@salesforce/label/c.ReviewPanel_ShowProgress';
import hideProgressLabel from '@salesforce/label/c.ReviewPanel_HideProgress';
import compareLabel from '@salesforce/label/c.ReviewPanel_Compare';
import hideComparisonLabel from '@salesforce/label/c.ReviewPanel_HideComparison';
import progressPendingLabel from '@salesforce/label/c.ReviewPanel_ProgressPending';
import planProgressLabel from '@salesforce/label/c.ReviewPanel_PlanProgress';
import actionsForLabel from '@salesforce/label/c.ReviewPanel_ActionsFor';
import notesForLabel from '@salesforce/label/c.ReviewPanel_NotesFor';

const qualifiedName = ({ objectApiName, fieldApiName }) => `${objectApiName}.${fieldApiName}`;

/** The notes people record at a review, in the order they are read. */
const NOTE_FIELDS = [ATTENDEES_FIELD, WINS_FIELD, OBSTACLES_FIELD, NEXT_STEPS_FIELD, ESCALATIONS_FIELD];
/** What "schedule" asks for; the other notes are written at or after the review. */
const SCHEDULE_FIELDS = [NAME_FIELD, REVIEW_DATE_FIELD, FISCAL_PERIOD_FIELD, ATTENDEES_FIELD];
const EDIT_FIELDS = [REVIEW_DATE_FIELD, FISCAL_PERIOD_FIELD, ...NOTE_FIELDS];

const REVIEW_FIELDS = [NAME_FIELD, REVIEW_DATE_FIELD, STATUS_FIELD].map(qualifiedName);
// Optional: a field the user may not read is left out instead of failing the whole list.
const REVIEW_OPTIONAL_FIELDS = [FISCAL_PERIOD_FIELD, ...NOTE_FIELDS, PLAN_PROGRESS_FIELD, SNAPSHOT_FIELD].map(
  qualifiedName
);
// Newest first; the UI API sorts descending with a leading minus.
const SORT_BY = [`-${qualifiedName(REVIEW_DATE_FIELD)}`];

const SCHEDULED = 'Scheduled';
const HELD = 'Held';
const CANCELLED = 'Cancelled';
const SNAPSHOT_REVIEW = 'Snapshot Review';

/** The input for a field, by its UI API data type: a date, a text area (the notes are long text areas) or short text. */
function inputKind(fieldInfo) {
  if (fieldInfo?.dataType === 'Date') return { isDate: true };
  if (fieldInfo?.dataType === 'TextArea') return { isTextArea: true };
  return { isText: true };
}

const format = (template, ...values) =>
  values.reduce((text, value, i) => text.replace(`{${i}}`, value), template);

/**
 * A business plan's reviews (QBRs), newest first. People who may edit reviews schedule them,
 * record attendees, wins, obstacles, next steps and escalations, hold them and cancel them.
 * Holding marks the review Held, which the org accepts on or after its review date, and asks
 * the connector for a Snapshot Review job (a Plan_Job__c), whose progress shows until it is done;
 * the recorded snapshot then shows, and can be compared with the previous held review's.
 * Everything goes through Lightning Data Service, so sharing, field-level security and the
 * org's validation rules decide; their messages show on the review they concern.
 */
export default class ReviewPanel extends LightningElement {
  /** The business plan, set by the record page. */
  @api recordId;

  label = {
    title: titleLabel,
    loading: loadingLabel,
    loadError: loadErrorLabel,
    empty: emptyLabel,
    schedule: scheduleLabel,
    scheduleTitle: scheduleTitleLabel,
    editNotes: editNotesLabel,
    editTitle: editTitleLabel,
    saveFailed: saveFailedLabel,
    hold: holdLabel,
    recordProgress: recordProgressLabel,
    cancelReview: cancelReviewLabel,
    progressPending: progressPendingLabel,
    planProgress: planProgressLabel
  };

  /** Is the schedule form open? */
  scheduling = false;
  /** Values typed into the schedule or edit form, by field API name. */
  draft = {};
  /** The review whose notes are being edited. */
  editingId;
  saving = false;
  formError;
  /** Errors of actions on a review, by review Id. */
  reviewErrors = {};
  /** Snapshot Review jobs requested on this page, by review Id. */
  jobIds = {};
  /** Review Ids whose recorded progress shows, and those whose comparison shows. */
  shownSnapshots = [];
  shownComparisons = [];
  /** Review Ids with a save under way. */
  busyIds = [];

  @wire(getRelatedListRecords, {
    parentRecordId: '$recordId',
    relatedListId: 'Business_Reviews__r',
    fields: REVIEW_FIELDS,
    optionalFields: REVIEW_OPTIONAL_FIELDS,
    sortBy: SORT_BY
  })
  reviewList;

  @wire(getObjectInfo, { objectApiName: REVIEW_OBJECT })
  reviewInfo;

  // Read only for users who may edit reviews: the others cannot hold one, and may not be able
  // to read jobs at all (partner users), which would make this an error.
  @wire(getObjectInfo, { objectApiName: '$jobObjectApiName' })
  jobInfo;

  get jobObjectApiName() {
    return this.reviewInfo?.data?.updateable ? JOB_OBJECT.objectApiName : undefined;
  }

  get wires() {
    return this.jobObjectApiName
      ? [this.reviewList, this.reviewInfo, this.jobInfo]
      : [this.reviewList, this.reviewInfo];
  }

  get errors() {
    return this.wires.map((wired) => wired?.error).filter(Boolean);
  }

  get hasError() {
    return this.errors.length > 0;
  }

  get isLoading() {
    return !this.hasError && !this.wires.every((wired) => wired?.data);
  }

  fieldInfo(field) {
    return this.reviewInfo.data.fields[field.fieldApiName];
  }

  /** Field labels as the admin named them. */
  get fieldLabels() {
    return {
      reviewDate: this.fieldInfo(REVIEW_DATE_FIELD)?.label,
      fiscalPeriod: this.fieldInfo(FISCAL_PERIOD_FIELD)?.label
    };
  }

  get canSchedule() {
    return fieldsCreateable(this.reviewInfo.data, [...SCHEDULE_FIELDS, STATUS_FIELD]);
  }

  /** The notes this user may change; none means no edit action. */
  get editableFields() {
    return EDIT_FIELDS.filter((field) => fieldUpdateable(this.reviewInfo.data, field));
  }

  get canChangeStatus() {
    return fieldUpdateable(this.reviewInfo.data, STATUS_FIELD);
  }

  /** Holding asks the connector for a snapshot, so it takes creating jobs as well. */
  get canRequestSnapshot() {
    return fieldsCreateable(this.jobInfo?.data, [JOB_TYPE_FIELD, JOB_PLAN_FIELD, JOB_PARAMETERS_FIELD]);
  }

  /** In the card's header, so shown only once the object info is in. */
  get showScheduleButton() {
    return !this.isLoading && !this.hasError && this.canSchedule && !this.scheduling;
  }

  get records() {
    return this.reviewList.data.records;
  }

  get hasReviews() {
    return this.records.length > 0;
  }

  /** The reviews as the list shows them, each with the actions this user may take on it now. */
  get reviews() {
    const records = this.records;
    const canEdit = this.editableFields.length > 0;
    return records.map((record, index) => {
      const id = record.id;
      const status = getFieldValue(record, STATUS_FIELD);
      const snapshot = getFieldValue(record, SNAPSHOT_FIELD);
      const name = getFieldValue(record, NAME_FIELD);
      // The list is newest first, so the previous held review with a snapshot comes later in it.
      const previous = records
        .slice(index + 1)
        .find((other) => getFieldValue(other, STATUS_FIELD) === HELD && getFieldValue(other, SNAPSHOT_FIELD));
      const jobId = this.jobIds[id];
      const busy = this.busyIds.includes(id);
      const isScheduled = status === SCHEDULED;
      const isHeld = status === HELD;
      const snapshotShown = this.shownSnapshots.includes(id);
      const comparisonShown = this.shownComparisons.includes(id);
      return {
        id,
        name,
        reviewDate: getFieldValue(record, REVIEW_DATE_FIELD),
        fiscalPeriod: getFieldValue(record, FISCAL_PERIOD_FIELD),
        status: getFieldDisplayValue(record, STATUS_FIELD) ?? status,
        badgeClass: isHeld ? 'slds-theme_success' : status === CANCELLED ? 'slds-theme_shade' : '',
        planProgress: getFieldValue(record, PLAN_PROGRESS_FIELD),
        hasPlanProgress: typeof getFieldValue(record, PLAN_PROGRESS_FIELD) === 'number',
        notes: NOTE_FIELDS.map((field) => ({
          key: field.fieldApiName,
          label: this.fieldInfo(field)?.label ?? field.fieldApiName,
          value: getFieldValue(record, field)
        })).filter((note) => note.value),
        notesLabel: format(notesForLabel, name ?? ''),
        actionsLabel: format(actionsForLabel, name ?? ''),
        isEditing: this.editingId === id,
        busy,
        canEdit: canEdit && !busy && status !== CANCELLED,
        canHold: isScheduled && !busy && this.canChangeStatus && this.canRequestSnapshot,
        canCancel: isScheduled && !busy && this.canChangeStatus,
        // A held review without a snapshot: the job failed, or was never requested.
        canRecordProgress: isHeld && !snapshot && !jobId && !busy && this.canRequestSnapshot,
        isPending: isHeld && !snapshot && !jobId,
        jobId,
        snapshot,
        hasSnapshot: Boolean(snapshot),
        snapshotShown,
        snapshotExpanded: String(snapshotShown),
        snapshotToggleLabel: snapshotShown ? hideProgressLabel : showProgressLabel,
        previousSnapshot: previous ? getFieldValue(previous, SNAPSHOT_FIELD) : null,
        previousName: previous ? getFieldValue(previous, NAME_FIELD) : null,
        canCompare: Boolean(snapshot && previous),
        comparisonShown,
        comparisonExpanded: String(comparisonShown),
        comparisonToggleLabel: comparisonShown ? hideComparisonLabel : compareLabel,
        error: this.reviewErrors[id]
      };
    });
  }

  /** The fields of the open form, with their labels, limits and values. */
  formFields(fields) {
    return fields.map((field) => {
      const info = this.fieldInfo(field);
      const name = field.fieldApiName;
      return {
        name,
        label: info?.label ?? name,
        required: info?.required === true || field === NAME_FIELD,
        maxLength: info?.length || undefined,
        value: this.draft[name] ?? '',
        ...inputKind(info)
      };
    });
  }

  get scheduleFields() {
    return this.formFields(SCHEDULE_FIELDS);
  }

  get editFields() {
    return this.formFields(this.editableFields);
  }

  handleScheduleOpen() {
    this.scheduling = true;
    this.editingId = undefined;
    this.draft = {};
    this.formError = undefined;
  }

  handleEditOpen(event) {
    const id = event.target.dataset.id;
    const record = this.records.find((r) => r.id === id);
    this.scheduling = false;
    this.editingId = id;
    this.formError = undefined;
    this.draft = Object.fromEntries(
      this.editableFields.map((field) => [field.fieldApiName, getFieldValue(record, field) ?? ''])
    );
  }

  handleFormCancel() {
    this.scheduling = false;
    this.editingId = undefined;
    this.draft = {};
    this.formError = undefined;
  }

  handleDraftChange(event) {
    this.draft = { ...this.draft, [event.detail.field]: event.detail.value };
  }

  /** The typed values to save: text trimmed, empty ones as null so they clear the field. */
  draftValues(fields) {
    return Object.fromEntries(
      fields.map((field) => {
        const value = this.draft[field.fieldApiName];
        const text = typeof value === 'string' ? value.trim() : value;
        return [field.fieldApiName, text === '' || text === undefined ? null : text];
      })
    );
  }

  async handleScheduleSave() {
    this.saving = true;
    this.formError = undefined;
    try {
      await createRecord({
        apiName: REVIEW_OBJECT.objectApiName,
        fields: {
          ...this.draftValues(SCHEDULE_FIELDS),
          [PLAN_FIELD.fieldApiName]: this.recordId,
          [STATUS_FIELD.fieldApiName]: SCHEDULED
        }
      });
      this.handleFormCancel();
      this.toast(scheduledLabel);
      await refresh(this.reviewList);
    } catch (error) {
      this.formError = error;
    } finally {
      this.saving = false;
    }
  }

  async handleEditSave() {
    this.saving = true;
    this.formError = undefined;
    try {
      await updateRecord({ fields: { Id: this.editingId, ...this.draftValues(this.editableFields) } });
      this.handleFormCancel();
      this.toast(savedLabel);
    } catch (error) {
      this.formError = error;
    } finally {
      this.saving = false;
    }
  }

  reviewNamed(id) {
    return getFieldValue(
      this.records.find((r) => r.id === id),
      NAME_FIELD
    );
  }

  /** Runs a save for one review, showing its error on that review. */
  async withReview(id, save) {
    this.busyIds = [...this.busyIds, id];
    this.reviewErrors = { ...this.reviewErrors, [id]: undefined };
    try {
      await save();
    } catch (error) {
      this.reviewErrors = { ...this.reviewErrors, [id]: error };
    } finally {
      this.busyIds = this.busyIds.filter((busyId) => busyId !== id);
    }
  }

  async handleHold(event) {
    const id = event.target.dataset.id;
    const confirmed = await LightningConfirm.open({
      message: format(holdConfirmLabel, this.reviewNamed(id) ?? ''),
      label: holdLabel,
      theme: 'default'
    });
    if (!confirmed) return;
    await this.withReview(id, async () => {
      await updateRecord({ fields: { Id: id, [STATUS_FIELD.fieldApiName]: HELD } });
      await this.requestSnapshot(id);
    });
  }

  handleRecordProgress(event) {
    const id = event.target.dataset.id;
    return this.withReview(id, () => this.requestSnapshot(id));
  }

  /** Asks the connector to record the plan's progress on the held review. */
  async requestSnapshot(reviewId) {
    const job = await createRecord({
      apiName: JOB_OBJECT.objectApiName,
      fields: {
        [JOB_TYPE_FIELD.fieldApiName]: SNAPSHOT_REVIEW,
        [JOB_PLAN_FIELD.fieldApiName]: this.recordId,
        [JOB_PARAMETERS_FIELD.fieldApiName]: JSON.stringify({ reviewId })
      }
    });
    this.jobIds = { ...this.jobIds, [reviewId]: job.id };
  }

  /** The snapshot job ended: show the review as the connector left it, snapshot open when there is one. */
  async handleJobFinish(event) {
    const reviewId = event.target.dataset.id;
    await refresh(this.reviewList);
    const record = this.records.find((r) => r.id === reviewId);
    if (getFieldValue(record, SNAPSHOT_FIELD)) {
      this.jobIds = Object.fromEntries(Object.entries(this.jobIds).filter(([id]) => id !== reviewId));
      if (!this.shownSnapshots.includes(reviewId)) this.shownSnapshots = [...this.shownSnapshots, reviewId];
    }
  }

  async handleCancelReview(event) {
    const id = event.target.dataset.id;
    const confirmed = await LightningConfirm.open({
      message: format(cancelConfirmLabel, this.reviewNamed(id) ?? ''),
      label: cancelReviewLabel,
      theme: 'warning'
    });
    if (!confirmed) return;
    await this.withReview(id, async () => {
      await updateRecord({ fields: { Id: id, [STATUS_FIELD.fieldApiName]: CANCELLED } });
      this.toast(cancelledLabel);
    });
  }

  toggle(list, id) {
    return list.includes(id) ? list.filter((shown) => shown !== id) : [...list, id];
  }

  handleToggleSnapshot(event) {
    this.shownSnapshots = this.toggle(this.shownSnapshots, event.target.dataset.id);
  }

  handleToggleComparison(event) {
    this.shownComparisons = this.toggle(this.shownComparisons, event.target.dataset.id);
  }

  toast(message) {
    this.dispatchEvent(new ShowToastEvent({ title: message, variant: 'success' }));
  }
}
