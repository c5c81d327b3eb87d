import { createElement } from '@lwc/engine-dom';
import ReviewPanel from 'c/reviewPanel';
import { createRecord, refresh, updateRecord } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';
import { getObjectInfo } from 'lightning/uiObjectInfoApi';
import LightningConfirm from 'lightning/confirm';

jest.mock('lightning/confirm', () => ({ __esModule: true, default: { open: jest.fn() } }));

// UI API responses from a plan with three reviews, newest first: Q3 (Scheduled, 30 Oct 2026),
// Q2 (Held, snapshot 49 %) and Q1 (Held, snapshot 46.01 %); the snapshots are the version 1
// fixtures of c/progressSnapshot. Object info as a channel manager (may create and edit
// reviews, may request jobs) and as a partner user (reads only).
const mockReviews = require('./data/getRelatedListRecordsReviews.json');
const mockNoReviews = require('./data/getRelatedListRecordsEmpty.json');
const mockReviewInfo = require('./data/getObjectInfoReviewChannelManager.json');
const mockReviewInfoPartner = require('./data/getObjectInfoReviewPartner.json');
const mockJobInfo = require('./data/getObjectInfoJob.json');
const mockSnapshotQ1 = require('../../progressSnapshot/__tests__/data/snapshotQ1.json');

const PLAN_ID = mockReviews.listReference.inContextOfRecordId;
const [Q3, Q2, Q1] = mockReviews.records.map((record) => record.id);
const NEW_JOB_ID = 'a2dLo000Vd4tBBCII2';

const RECORD_KEYS = [
  'apiName',
  'childRelationships',
  'eTag',
  'fields',
  'id',
  'lastModifiedById',
  'lastModifiedDate',
  'recordTypeId',
  'recordTypeInfo',
  'systemModstamp',
  'weakEtag'
];

function createComponent() {
  const element = createElement('c-review-panel', { is: ReviewPanel });
  element.recordId = PLAN_ID;
  document.body.appendChild(element);
  return element;
}

// A macrotask: the confirmation, the saves and the record URLs after it are promise chains.
// eslint-disable-next-line @lwc/lwc/no-async-operation
const flushPromises = () => new Promise((resolve) => setTimeout(resolve, 0));
const textOf = (node) => node.textContent.replace(/\s+/g, ' ').trim();

async function loaded({ reviews = mockReviews, reviewInfo = mockReviewInfo } = {}) {
  const element = createComponent();
  getRelatedListRecords.emit(reviews);
  getObjectInfo.emit(reviewInfo, (config) => config.objectApiName?.objectApiName === 'Business_Review__c');
  await flushPromises();
  getObjectInfo.emit(mockJobInfo, (config) => config.objectApiName === 'Plan_Job__c');
  await flushPromises();
  return element;
}

const reviewItem = (element, id) => element.shadowRoot.querySelector(`li.review[data-id="${id}"]`);
/** Inside the open c-review-form (the schedule or the edit form). */
const inForm = (element, form, selector) =>
  element.shadowRoot.querySelector(`c-review-form${form}`).shadowRoot.querySelector(selector);
const buttonLabels = (item) =>
  [...item.querySelectorAll('.review-actions lightning-button')].map((button) => button.label);

/** Types into the open form; the stubs' reportValidity answers undefined, the real one a boolean. */
function fillForm(element, values) {
  const form = element.shadowRoot.querySelector('c-review-form');
  const inputs = [...form.shadowRoot.querySelectorAll('lightning-input, lightning-textarea')];
  for (const input of inputs) {
    const value = values[input.dataset.field];
    if (value !== undefined) {
      input.value = value;
      input.dispatchEvent(new CustomEvent('change', { detail: { value } }));
    }
    input.reportValidity = jest.fn(
      () => !input.required || Boolean(values[input.dataset.field] ?? input.value)
    );
  }
  return inputs;
}

describe('c-review-panel', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
  });

  it('uses fixtures shaped like UI API responses', () => {
    expect(mockReviews.count).toBe(3);
    for (const record of mockReviews.records) {
      expect(Object.keys(record).sort()).toEqual(RECORD_KEYS);
      expect(record.apiName).toBe('Business_Review__c');
    }
    expect(mockReviewInfo.apiName).toBe('Business_Review__c');
    expect(mockReviewInfoPartner.updateable).toBe(false);
    expect(mockJobInfo.fields.Parameters__c.createable).toBe(true);
  });

  it('asks for the plan’s reviews newest first', async () => {
    createComponent();
    await flushPromises();
    expect(getRelatedListRecords.getLastConfig()).toMatchObject({
      parentRecordId: PLAN_ID,
      relatedListId: 'Business_Reviews__r',
      sortBy: ['-Business_Review__c.Review_Date__c']
    });
  });

  it('shows a spinner while loading', async () => {
    const element = createComponent();
    await flushPromises();
    expect(element.shadowRoot.querySelector('lightning-spinner')).not.toBeNull();
    expect(element.shadowRoot.querySelector('.schedule-button')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('shows the error panel when the reviews cannot be read', async () => {
    const element = createComponent();
    getRelatedListRecords.error([
      { errorCode: 'INSUFFICIENT_ACCESS', message: 'No access to Business Review.' }
    ]);
    await flushPromises();
    const panel = element.shadowRoot.querySelector('c-error-panel');
    expect(panel.friendlyMessage).toBe('c.ReviewPanel_LoadError');
    expect(element.shadowRoot.querySelector('li.review')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('says when the plan has no reviews, and offers scheduling', async () => {
    const element = await loaded({ reviews: mockNoReviews });
    expect(textOf(element.shadowRoot.querySelector('.empty-state'))).toBe('c.ReviewPanel_Empty');
    expect(element.shadowRoot.querySelector('.schedule-button')).not.toBeNull();
    await expect(element).toBeAccessible();
  });

  it('lists the reviews with their status, period, progress and notes, and the actions each allows', async () => {
    const element = await loaded();
    const names = [...element.shadowRoot.querySelectorAll('.review-name')].map(textOf);
    expect(names).toEqual(['Q3 review', 'Q2 review', 'Q1 review']);
    expect(reviewItem(element, Q3).querySelector('lightning-badge').label).toBe('Scheduled');
    expect(textOf(reviewItem(element, Q2).querySelector('.review-period'))).toBe('FY2026 Q2');
    expect(reviewItem(element, Q2).querySelector('.review-progress').value).toBe(49);
    expect(textOf(reviewItem(element, Q1).querySelector('[data-field="Wins__c"]'))).toBe('');
    expect(
      reviewItem(element, Q1).querySelector('[data-field="Wins__c"] lightning-formatted-text').value
    ).toBe('Two joint deals closed');
    // Scheduled: hold, notes, cancel. Held with a previous held review: progress and compare.
    expect(buttonLabels(reviewItem(element, Q3))).toEqual([
      'c.ReviewPanel_Hold',
      'c.ReviewPanel_EditNotes',
      'c.ReviewPanel_CancelReview'
    ]);
    expect(buttonLabels(reviewItem(element, Q2))).toEqual([
      'c.ReviewPanel_EditNotes',
      'c.ReviewPanel_ShowProgress',
      'c.ReviewPanel_Compare'
    ]);
    expect(buttonLabels(reviewItem(element, Q1))).toEqual([
      'c.ReviewPanel_EditNotes',
      'c.ReviewPanel_ShowProgress'
    ]);
    await expect(element).toBeAccessible();
  });

  it('offers a partner user, who reads reviews only, no changes', async () => {
    const element = await loaded({ reviewInfo: mockReviewInfoPartner });
    // Jobs are not even asked about: partner users may not read them.
    expect(getObjectInfo.getLastConfig().objectApiName).toBeUndefined();
    expect(element.shadowRoot.querySelector('.schedule-button')).toBeNull();
    expect(buttonLabels(reviewItem(element, Q3))).toEqual([]);
    expect(buttonLabels(reviewItem(element, Q2))).toEqual([
      'c.ReviewPanel_ShowProgress',
      'c.ReviewPanel_Compare'
    ]);
    await expect(element).toBeAccessible();
  });

  it('schedules a review with its date, period and attendees', async () => {
    createRecord.mockResolvedValue({ id: 'auwLo000Vd4tBBAIIM' });
    const element = await loaded();
    element.shadowRoot.querySelector('.schedule-button').click();
    await flushPromises();
    fillForm(element, {
      Name: '  Q4 review ',
      Review_Date__c: '2027-01-29',
      Fiscal_Period__c: 'FY2026 Q4',
      Attendees__c: 'Casey Morgan'
    });
    await flushPromises();
    await expect(element).toBeAccessible();
    inForm(element, '.schedule-form', '.form-save').click();
    await flushPromises();
    expect(createRecord).toHaveBeenCalledWith({
      apiName: 'Business_Review__c',
      fields: {
        Name: 'Q4 review',
        Review_Date__c: '2027-01-29',
        Fiscal_Period__c: 'FY2026 Q4',
        Attendees__c: 'Casey Morgan',
        Business_Plan__c: PLAN_ID,
        Status__c: 'Scheduled'
      }
    });
    expect(refresh).toHaveBeenCalled();
    expect(element.shadowRoot.querySelector('.schedule-form')).toBeNull();
  });

  it('does not schedule a review without its required fields', async () => {
    const element = await loaded();
    element.shadowRoot.querySelector('.schedule-button').click();
    await flushPromises();
    const inputs = fillForm(element, { Fiscal_Period__c: 'FY2026 Q4' });
    inForm(element, '.schedule-form', '.form-save').click();
    await flushPromises();
    expect(createRecord).not.toHaveBeenCalled();
    const required = inputs.filter((input) => input.required).map((input) => input.dataset.field);
    expect(required).toEqual(['Name', 'Review_Date__c']);
  });

  it('shows why the org refused to schedule a review', async () => {
    createRecord.mockRejectedValue({
      body: { message: 'This plan is completed: its records can no longer be added or changed.' }
    });
    const element = await loaded();
    element.shadowRoot.querySelector('.schedule-button').click();
    await flushPromises();
    fillForm(element, { Name: 'Q4 review', Review_Date__c: '2027-01-29' });
    inForm(element, '.schedule-form', '.form-save').click();
    await flushPromises();
    const panel = inForm(element, '.schedule-form', 'c-error-panel');
    expect(panel.errors.body.message).toMatch(/This plan is completed/);
    await expect(element).toBeAccessible();
  });

  it('records wins, obstacles, next steps and escalations', async () => {
    updateRecord.mockResolvedValue({});
    const element = await loaded();
    reviewItem(element, Q2).querySelector('.edit-notes').click();
    await flushPromises();
    const fields = [
      ...element.shadowRoot
        .querySelector('c-review-form.edit-form')
        .shadowRoot.querySelectorAll('[data-field]')
    ].map((i) => i.dataset.field);
    expect(fields).toEqual([
      'Review_Date__c',
      'Fiscal_Period__c',
      'Attendees__c',
      'Wins__c',
      'Obstacles__c',
      'Next_Steps__c',
      'Escalations__c'
    ]);
    fillForm(element, { Wins__c: 'Three new logos', Escalations__c: ' ', Attendees__c: '' });
    await expect(element).toBeAccessible();
    inForm(element, '.edit-form', '.form-save').click();
    await flushPromises();
    expect(updateRecord).toHaveBeenCalledWith({
      fields: {
        Id: Q2,
        Review_Date__c: '2026-07-31',
        Fiscal_Period__c: 'FY2026 Q2',
        Attendees__c: null,
        Wins__c: 'Three new logos',
        Obstacles__c: 'Slow lead follow-up',
        Next_Steps__c: 'Weekly pipeline call',
        Escalations__c: null
      }
    });
    expect(element.shadowRoot.querySelector('.edit-form')).toBeNull();
  });

  it('holds a review after confirmation and requests its snapshot, then follows the job', async () => {
    LightningConfirm.open.mockResolvedValue(true);
    updateRecord.mockResolvedValue({});
    createRecord.mockResolvedValue({ id: NEW_JOB_ID });
    const element = await loaded();
    reviewItem(element, Q3).querySelector('.hold').click();
    await flushPromises();
    expect(LightningConfirm.open).toHaveBeenCalledWith(
      expect.objectContaining({ message: 'c.ReviewPanel_HoldConfirm', label: 'c.ReviewPanel_Hold' })
    );
    expect(updateRecord).toHaveBeenCalledWith({ fields: { Id: Q3, Status__c: 'Held' } });
    expect(createRecord).toHaveBeenCalledWith({
      apiName: 'Plan_Job__c',
      fields: {
        Type__c: 'Snapshot Review',
        Business_Plan__c: PLAN_ID,
        Parameters__c: `{"reviewId":"${Q3}"}`
      }
    });
    const job = reviewItem(element, Q3).querySelector('c-plan-job-status');
    expect(job.jobId).toBe(NEW_JOB_ID);

    // The job ends: the list is read again, to show the snapshot the connector wrote.
    refresh.mockClear();
    job.dispatchEvent(new CustomEvent('finish', { detail: 'Done' }));
    await flushPromises();
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('holds nothing when the user does not confirm', async () => {
    LightningConfirm.open.mockResolvedValue(false);
    const element = await loaded();
    reviewItem(element, Q3).querySelector('.hold').click();
    await flushPromises();
    expect(updateRecord).not.toHaveBeenCalled();
    expect(createRecord).not.toHaveBeenCalled();
  });

  it('shows the validation rule’s message on the review when holding is refused', async () => {
    LightningConfirm.open.mockResolvedValue(true);
    updateRecord.mockRejectedValue({
      body: {
        message: 'An error occurred while trying to update the record. Please try again.',
        output: {
          errors: [],
          fieldErrors: {
            Review_Date__c: [
              {
                errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
                field: 'Review_Date__c',
                message:
                  "A review can't be held before its review date. Change the date, or keep the review Scheduled."
              }
            ]
          }
        }
      }
    });
    const element = await loaded();
    reviewItem(element, Q3).querySelector('.hold').click();
    await flushPromises();
    expect(createRecord).not.toHaveBeenCalled();
    const panel = reviewItem(element, Q3).querySelector('c-error-panel.review-error');
    expect(panel.friendlyMessage).toBe('c.ReviewPanel_SaveFailed');
    expect(panel.errors.body.output.fieldErrors.Review_Date__c[0].message).toMatch(/can't be held before/);
    await expect(element).toBeAccessible();
  });

  it('cancels a review after confirmation', async () => {
    LightningConfirm.open.mockResolvedValue(true);
    updateRecord.mockResolvedValue({});
    const element = await loaded();
    reviewItem(element, Q3).querySelector('.cancel-review').click();
    await flushPromises();
    expect(updateRecord).toHaveBeenCalledWith({ fields: { Id: Q3, Status__c: 'Cancelled' } });
  });

  it('shows a review’s snapshot, and compares it with the previous held review', async () => {
    const element = await loaded();
    reviewItem(element, Q2).querySelector('.toggle-snapshot').click();
    await flushPromises();
    const snapshot = reviewItem(element, Q2).querySelector('c-review-snapshot.snapshot');
    expect(snapshot.reviewName).toBe('Q2 review');
    expect(JSON.parse(snapshot.snapshotJson).plan.progress).toBe(49);
    expect(snapshot.previousSnapshotJson).toBeUndefined();

    reviewItem(element, Q2).querySelector('.toggle-comparison').click();
    await flushPromises();
    const comparison = reviewItem(element, Q2).querySelector('c-review-snapshot.comparison');
    expect(JSON.parse(comparison.previousSnapshotJson)).toEqual(mockSnapshotQ1);
    expect(comparison.previousReviewName).toBe('Q1 review');
    expect(reviewItem(element, Q2).querySelector('.toggle-comparison').label).toBe(
      'c.ReviewPanel_HideComparison'
    );
    await expect(element).toBeAccessible();
  });

  it('offers to record progress again for a held review without a snapshot', async () => {
    const heldWithout = JSON.parse(JSON.stringify(mockReviews));
    const q3 = heldWithout.records[0];
    q3.fields.Status__c = { displayValue: 'Held', value: 'Held' };
    createRecord.mockResolvedValue({ id: NEW_JOB_ID });
    const element = await loaded({ reviews: heldWithout });
    expect(textOf(reviewItem(element, Q3).querySelector('.progress-pending'))).toBe(
      'c.ReviewPanel_ProgressPending'
    );
    reviewItem(element, Q3).querySelector('.record-progress').click();
    await flushPromises();
    expect(updateRecord).not.toHaveBeenCalled();
    expect(createRecord).toHaveBeenCalledWith(
      expect.objectContaining({
        apiName: 'Plan_Job__c',
        fields: expect.objectContaining({ Type__c: 'Snapshot Review' })
      })
    );
    expect(reviewItem(element, Q3).querySelector('c-plan-job-status').jobId).toBe(NEW_JOB_ID);
    expect(reviewItem(element, Q3).querySelector('.record-progress')).toBeNull();
  });
});
