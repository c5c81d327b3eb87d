import { createElement } from '@lwc/engine-dom';
import PlanJobStatus from 'c/planJobStatus';
import { getRecord, refresh } from 'lightning/uiRecordApi';
import { applyTemplateOutcome, parseJobResult } from '../jobResult';

// UI API records of one Plan_Job__c as the connector moves it: Queued, Running, then a
// Snapshot Review job Done, or an Apply Template job Failed with one plan created, one account
// skipped and one failed (Result__c in the connector's "summary, blank line, JSON" form).
const mockQueued = require('./data/getRecordJobQueued.json');
const mockRunning = require('./data/getRecordJobRunning.json');
const mockSnapshotDone = require('./data/getRecordJobSnapshotDone.json');
const mockApplyFailed = require('./data/getRecordJobApplyFailed.json');

const JOB_ID = mockQueued.id;

function createComponent() {
  const element = createElement('c-plan-job-status', { is: PlanJobStatus });
  element.jobId = JOB_ID;
  element.pollSeconds = 3;
  document.body.appendChild(element);
  return element;
}

const flushPromises = () => Promise.resolve().then(() => Promise.resolve());
const textOf = (node) => node.textContent.replace(/\s+/g, ' ').trim();

/** sa11y refuses to run under fake timers: check with real ones, then go back. */
async function expectAccessible(element) {
  jest.useRealTimers();
  await expect(element).toBeAccessible();
  jest.useFakeTimers();
}

describe('c-plan-job-status', () => {
  beforeEach(() => jest.useFakeTimers());

  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
    jest.useRealTimers();
  });

  it('shows a spinner while the job loads', async () => {
    const element = createComponent();
    await flushPromises();
    expect(element.shadowRoot.querySelector('lightning-spinner')).not.toBeNull();
    expect(getRecord.getLastConfig().recordId).toBe(JOB_ID);
    await expectAccessible(element);
  });

  it('checks a waiting job every few seconds until it ends, then says so once', async () => {
    const element = createComponent();
    const finished = jest.fn();
    element.addEventListener('finish', finished);
    getRecord.emit(mockQueued);
    await flushPromises();
    const path = element.shadowRoot.querySelector('lightning-progress-indicator');
    expect(path.currentStep).toBe('Queued');
    expect(textOf(element.shadowRoot.querySelector('.job-working'))).toBe('c.PlanJobStatus_Waiting');

    jest.advanceTimersByTime(2999);
    expect(refresh).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(refresh).toHaveBeenCalledTimes(1);

    getRecord.emit(mockRunning);
    await flushPromises();
    expect(path.currentStep).toBe('Running');
    jest.advanceTimersByTime(3000);
    expect(refresh).toHaveBeenCalledTimes(2);

    getRecord.emit(mockSnapshotDone);
    await flushPromises();
    expect(path.currentStep).toBe('Done');
    expect(path.hasError).toBe(false);
    expect(textOf(element.shadowRoot.querySelector('.job-summary'))).toBe(
      'Recorded the progress of "Northwind Solutions FY2026 Business Plan" (49%, 5 objectives) on review "Q3 review".'
    );
    expect(finished).toHaveBeenCalledTimes(1);
    expect(finished.mock.calls[0][0].detail).toBe('Done');
    jest.advanceTimersByTime(30000);
    expect(refresh).toHaveBeenCalledTimes(2);

    // The same ended job emitted again (another refresh) is not a second ending.
    getRecord.emit(mockSnapshotDone);
    await flushPromises();
    expect(finished).toHaveBeenCalledTimes(1);
    await expectAccessible(element);
  });

  it('shows a waiting job accessibly', async () => {
    const element = createComponent();
    getRecord.emit(mockRunning);
    await flushPromises();
    expect(element.shadowRoot.querySelector('.job-heading')).not.toBeNull();
    await expectAccessible(element);
  });

  it('stops checking when it leaves the page', async () => {
    const element = createComponent();
    getRecord.emit(mockQueued);
    await flushPromises();
    document.body.removeChild(element);
    jest.advanceTimersByTime(10000);
    expect(refresh).not.toHaveBeenCalled();
  });

  it('shows a failed Apply Template job’s error, the plan it created with a link, and the accounts skipped or failed', async () => {
    const element = createComponent();
    const finished = jest.fn();
    element.addEventListener('finish', finished);
    getRecord.emit(mockApplyFailed);
    await flushPromises();
    await flushPromises();
    const path = element.shadowRoot.querySelector('lightning-progress-indicator');
    expect(path.hasError).toBe(true);
    expect(path.currentStep).toBe('Running');
    const error = element.shadowRoot.querySelector('c-error-panel.job-error');
    expect(error.friendlyMessage).toBe('c.PlanJobStatus_Failed');
    expect(error.errors).toEqual([
      '1 of 3 partner accounts did not get a complete plan. Alpine Data Partners: Objective "Registered deals": Weight must be between 1 and 100.'
    ]);
    const created = [...element.shadowRoot.querySelectorAll('.created-plans a')];
    expect(created.map(textOf)).toEqual(['Northwind Solutions']);
    expect(created[0].getAttribute('href')).toBe('https://www.example.com');
    expect([...element.shadowRoot.querySelectorAll('.skipped-accounts li')].map(textOf)).toEqual([
      'Blue Harbor Systems: already has a plan from this template for these dates'
    ]);
    expect([...element.shadowRoot.querySelectorAll('.failed-accounts li')].map(textOf)).toEqual([
      'Alpine Data Partners: Objective "Registered deals": Weight must be between 1 and 100.'
    ]);
    expect(finished.mock.calls[0][0].detail).toBe('Failed');
    jest.advanceTimersByTime(10000);
    expect(refresh).not.toHaveBeenCalled();
    await expectAccessible(element);
  });

  it('shows the error panel when the job cannot be read, and checks again on request', async () => {
    const element = createComponent();
    getRecord.error([{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
    await flushPromises();
    expect(element.shadowRoot.querySelector('c-error-panel').friendlyMessage).toBe(
      'c.PlanJobStatus_LoadError'
    );
    jest.advanceTimersByTime(10000);
    expect(refresh).not.toHaveBeenCalled();
    element.shadowRoot.querySelector('lightning-button.check-again').click();
    expect(refresh).toHaveBeenCalledTimes(1);
    await expectAccessible(element);
  });
});

describe('parseJobResult', () => {
  it('splits the connector’s summary from its JSON details', () => {
    expect(parseJobResult('Done it.\n\n{\n  "created": []\n}')).toEqual({
      summary: 'Done it.',
      details: { created: [] }
    });
  });

  it('reads a summary alone, details alone, nothing, and text that is not the connector’s', () => {
    expect(parseJobResult('Review "Q1" already has its progress snapshot; it was kept.')).toEqual({
      summary: 'Review "Q1" already has its progress snapshot; it was kept.',
      details: null
    });
    expect(parseJobResult('{"a": 1}')).toEqual({ summary: null, details: { a: 1 } });
    expect(parseJobResult(null)).toEqual({ summary: null, details: null });
    expect(parseJobResult('First part\n\nsecond part, not JSON')).toEqual({
      summary: 'First part\n\nsecond part, not JSON',
      details: null
    });
  });

  it('reads the accounts of an Apply Template result, tolerating missing parts', () => {
    expect(applyTemplateOutcome({ created: [{ accountId: '001A', planId: 'a01B' }], failed: 'x' })).toEqual({
      created: [{ accountId: '001A', accountName: '001A', planId: 'a01B', reason: null, errors: [] }],
      skipped: [],
      failed: []
    });
    expect(applyTemplateOutcome(null)).toEqual({ created: [], skipped: [], failed: [] });
  });
});
