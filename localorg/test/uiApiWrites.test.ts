// User Interface API record writes over HTTP, as lightning/uiRecordApi's createRecord,
// updateRecord and deleteRecord send them, against force-app's own objects and validation
// rules. Expected bodies are worked out by hand from the UI API Developer Guide's Record,
// Error with Output and Record Exception Error shapes, with a clock the test sets, so every
// timestamp is known. Refused saves are also run through force-app's reduceErrors, which is
// what the components show.
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import jsforce, { type Connection } from 'jsforce';
import type { RecordRepresentation } from '../src/api/uiapi/records.ts';
import type { ErrorWithOutput, RecordExceptionError } from '../src/api/uiapi/writes.ts';
import { startLocalOrg, type LocalOrg } from '../src/index.ts';
import { uiApiCall, withoutEtags, type Errors, type Reply } from './uiApiHttp.ts';

const NOW = '2024-03-01T17:05:00.000Z';
/** 17:05 UTC for the admin, whose time zone is America/Los_Angeles. */
const NOW_DISPLAY = '3/1/2024, 9:05 AM';
const LATER = '2024-03-01T18:30:00.000Z';
const LATER_DISPLAY = '3/1/2024, 10:30 AM';
const MASTER = '012000000000000AAA';
const SAVE_FAILED = 'An error occurred while trying to update the record. Please try again.';
const WEIGHT_RULE =
  "Enter a weight from 1 to 100. The weight sets how much this objective counts in the plan's progress.";
const END_DATE_RULE =
  "The end date can't be before the start date. Choose an end date on or after the start date.";

const ldsUtils = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  'force-app',
  'main',
  'default',
  'lwc',
  'ldsUtils',
  'ldsUtils.js'
);
interface LdsUtils {
  reduceErrors(errors: unknown): string[];
}
let reduceErrors: LdsUtils['reduceErrors'];

let now = NOW;
let org: LocalOrg;
let conn: Connection;
let adminId: string;
let accountId: string;

before(async () => {
  org = await startLocalOrg({ port: 0, seed: false, ui: false, clock: () => new Date(now) });
  conn = new jsforce.Connection({ loginUrl: org.url, version: '62.0' });
  adminId = (await conn.login(org.adminUsername, org.adminPassword)).id;
  const account = await conn.sobject('Account').create({ Name: 'Acme & Co' });
  accountId = account.id as string;
  ({ reduceErrors } = (await import(pathToFileURL(ldsUtils).href)) as LdsUtils);
});

after(async () => {
  await org?.close();
});

const call = <T>(
  method: string,
  resource: string,
  body?: unknown,
  headers: Record<string, string> = {}
): Promise<Reply<T>> =>
  uiApiCall<T>({ url: org.url, accessToken: conn.accessToken as string }, method, resource, body, headers);

/** The error as lightning/uiRecordApi rejects with it: LDS's FetchResponse. */
function fetchResponse(reply: Reply<unknown>): Record<string, unknown> {
  return { status: reply.status, statusText: 'Bad Request', ok: false, headers: {}, body: reply.body };
}

function fieldError(
  field: string,
  fieldLabel: string,
  errorCode: string,
  message: string
): RecordExceptionError {
  return { constituentField: null, duplicateRecordError: null, errorCode, field, fieldLabel, message };
}

function saveFailed(output: ErrorWithOutput['output']): ErrorWithOutput {
  return { enhancedErrorType: 'RecordError', message: SAVE_FAILED, output };
}

/** The admin as a lookup shows them: Id and Name, saved when the org started (at NOW). */
function admin(): { displayValue: string; value: Record<string, unknown> } {
  return {
    displayValue: 'Local Admin',
    value: {
      apiName: 'User',
      childRelationships: {},
      fields: {
        Id: { displayValue: null, value: adminId },
        Name: { displayValue: null, value: 'Local Admin' }
      },
      id: adminId,
      lastModifiedById: adminId,
      lastModifiedDate: NOW,
      recordTypeId: null,
      recordTypeInfo: null,
      systemModstamp: NOW,
      weakEtag: Date.parse(NOW)
    }
  };
}

interface PlanValues {
  id: string;
  status: string;
  progress: number | null;
  endDate: string;
  endDisplay: string;
  modified: string;
  modifiedDisplay: string;
}

/**
 * A Business_Plan__c as its full layout shows it: every field, with the owner, the audit
 * users and the partner account spanned to their names.
 */
function planRecord(p: PlanValues): Record<string, unknown> {
  return {
    apiName: 'Business_Plan__c',
    childRelationships: {},
    fields: {
      CreatedBy: admin(),
      CreatedById: { displayValue: null, value: adminId },
      CreatedDate: { displayValue: NOW_DISPLAY, value: NOW },
      End_Date__c: { displayValue: p.endDisplay, value: p.endDate },
      Id: { displayValue: null, value: p.id },
      IsDeleted: { displayValue: null, value: false },
      LastModifiedBy: admin(),
      LastModifiedById: { displayValue: null, value: adminId },
      LastModifiedDate: { displayValue: p.modifiedDisplay, value: p.modified },
      Last_Calculated__c: { displayValue: null, value: null },
      Name: { displayValue: null, value: 'FY24 Partner Plan' },
      Owner: admin(),
      OwnerId: { displayValue: null, value: adminId },
      Partner_Account__c: { displayValue: null, value: accountId },
      Partner_Account__r: {
        displayValue: 'Acme & Co',
        value: {
          apiName: 'Account',
          childRelationships: {},
          fields: {
            Id: { displayValue: null, value: accountId },
            Name: { displayValue: null, value: 'Acme & Co' }
          },
          id: accountId,
          lastModifiedById: adminId,
          lastModifiedDate: NOW,
          recordTypeId: MASTER,
          recordTypeInfo: null,
          systemModstamp: NOW,
          weakEtag: Date.parse(NOW)
        }
      },
      Progress__c: { displayValue: null, value: p.progress },
      Start_Date__c: { displayValue: '1/1/2024', value: '2024-01-01' },
      Status__c: { displayValue: p.status, value: p.status },
      SystemModstamp: { displayValue: p.modifiedDisplay, value: p.modified }
    },
    id: p.id,
    lastModifiedById: adminId,
    lastModifiedDate: p.modified,
    recordTypeId: MASTER,
    recordTypeInfo: null,
    systemModstamp: p.modified,
    weakEtag: Date.parse(p.modified)
  };
}

/**
 * The plan as its full layout shows it: the fields planRecord works out, and every other field
 * force-app gives plans (they keep being added) empty, as a new plan has them.
 */
function assertPlan(body: unknown, expected: Record<string, unknown>): void {
  const { fields, ...record } = withoutEtags(body) as { fields: Record<string, { value: unknown }> };
  const { fields: expectedFields, ...expectedRecord } = expected as { fields: Record<string, unknown> };
  assert.deepEqual(record, expectedRecord);
  assert.deepEqual(
    Object.fromEntries(Object.keys(expectedFields).map((name) => [name, fields[name]])),
    expectedFields
  );
  const others = Object.entries(fields).filter(([name]) => !(name in expectedFields));
  assert.deepEqual(
    others.filter(([, field]) => field.value !== null && field.value !== false),
    [],
    'fields the test does not set are empty'
  );
}

const PLAN_INPUT = {
  apiName: 'Business_Plan__c',
  fields: {
    Name: 'FY24 Partner Plan',
    Start_Date__c: '2024-01-01',
    End_Date__c: '2024-12-31'
  }
};

async function createPlan(): Promise<string> {
  now = NOW;
  const { status, body } = await call<RecordRepresentation>('POST', '/records', {
    ...PLAN_INPUT,
    fields: { ...PLAN_INPUT.fields, Partner_Account__c: accountId }
  });
  assert.equal(status, 201, JSON.stringify(body));
  return body.id;
}

async function createObjective(planId: string, name: string): Promise<string> {
  const { status, body } = await call<RecordRepresentation>('POST', '/records', {
    apiName: 'Plan_Objective__c',
    fields: { Name: name, Business_Plan__c: planId, Type__c: 'Deal Registration', Weight__c: 40 }
  });
  assert.equal(status, 201, JSON.stringify(body));
  return body.id;
}

const NOT_FOUND = [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }];

describe('POST /ui-api/records', () => {
  test('creates the record and answers 201 with it as its full layout shows it', async () => {
    now = NOW;
    const { status, body } = await call<RecordRepresentation>('POST', '/records', {
      ...PLAN_INPUT,
      fields: { ...PLAN_INPUT.fields, Partner_Account__c: accountId }
    });
    assert.equal(status, 201);
    assert.match(body.id, /^\w{18}$/);
    assertPlan(
      body,
      planRecord({
        id: body.id,
        // The picklist's default value, which the input left out.
        status: 'Draft Outline',
        progress: null,
        endDate: '2024-12-31',
        endDisplay: '12/31/2024',
        modified: NOW,
        modifiedDisplay: NOW_DISPLAY
      })
    );
    const stored = await conn.sobject('Business_Plan__c').retrieve(body.id);
    assert.equal(stored.Name, 'FY24 Partner Plan');
    assert.equal(stored.Partner_Account__c, accountId);
  });

  test('a validation rule that fails puts its message on its error field, where reduceErrors finds it', async () => {
    const planId = await createPlan();
    const reply = await call<ErrorWithOutput>('POST', '/records', {
      apiName: 'Plan_Objective__c',
      fields: { Name: 'Registered deals', Business_Plan__c: planId, Weight__c: 150 }
    });
    assert.equal(reply.status, 400);
    assert.deepEqual(
      reply.body,
      saveFailed({
        errors: [],
        fieldErrors: {
          Weight__c: [fieldError('Weight__c', 'Weight', 'FIELD_CUSTOM_VALIDATION_EXCEPTION', WEIGHT_RULE)]
        }
      })
    );
    assert.deepEqual(reduceErrors(fetchResponse(reply)), [WEIGHT_RULE]);
    const saved = await conn.query(`SELECT Id FROM Plan_Objective__c WHERE Business_Plan__c = '${planId}'`);
    assert.equal(saved.totalSize, 0, 'a refused save stores nothing');
  });

  test('required fields that are missing are each listed, all with the one message', async () => {
    const reply = await call<ErrorWithOutput>('POST', '/records', {
      apiName: 'Plan_Objective__c',
      fields: { Weight__c: 50 }
    });
    assert.equal(reply.status, 400);
    const message = 'Required fields are missing: [Name, Business_Plan__c]';
    assert.deepEqual(
      reply.body,
      saveFailed({
        errors: [],
        fieldErrors: {
          Name: [fieldError('Name', 'Objective Name', 'REQUIRED_FIELD_MISSING', message)],
          Business_Plan__c: [
            fieldError('Business_Plan__c', 'Business Plan', 'REQUIRED_FIELD_MISSING', message)
          ]
        }
      })
    );
    assert.deepEqual(reduceErrors(fetchResponse(reply)), [message]);
  });

  test('a value a restricted picklist does not have is refused on that field', async () => {
    const planId = await createPlan();
    const reply = await call<ErrorWithOutput>('POST', '/records', {
      apiName: 'Plan_Objective__c',
      fields: { Name: 'Registered deals', Business_Plan__c: planId, Type__c: 'Webinars', Weight__c: 20 }
    });
    assert.equal(reply.status, 400);
    assert.deepEqual(
      reply.body,
      saveFailed({
        errors: [],
        fieldErrors: {
          Type__c: [
            fieldError(
              'Type__c',
              'Type',
              'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
              'Type: bad value for restricted picklist field: Webinars'
            )
          ]
        }
      })
    );
  });

  test('a field the object does not have is a page-level error', async () => {
    const reply = await call<ErrorWithOutput>('POST', '/records', {
      apiName: 'Business_Plan__c',
      fields: { Name: 'Plan', Budget__c: 10 }
    });
    assert.equal(reply.status, 400);
    const message = "No such column 'Budget__c' on sobject of type Business_Plan__c";
    assert.deepEqual(
      reply.body,
      saveFailed({
        errors: [
          {
            constituentField: null,
            duplicateRecordError: null,
            errorCode: 'INVALID_FIELD',
            field: null,
            fieldLabel: null,
            message
          }
        ],
        fieldErrors: {}
      })
    );
    assert.deepEqual(reduceErrors(fetchResponse(reply)), [message]);
  });

  test('an object the org does not have is NOT_FOUND', async () => {
    const { status, body } = await call<Errors>('POST', '/records', { apiName: 'Nope__c', fields: {} });
    assert.equal(status, 404);
    assert.deepEqual(body, NOT_FOUND);
  });

  test('the body is a JSON Record Input', async () => {
    const missing = await call<Errors>('POST', '/records', { fields: { Name: 'Plan' } });
    assert.equal(missing.status, 400);
    assert.equal(missing.body[0]?.errorCode, 'JSON_PARSER_ERROR');
    assert.match(missing.body[0]?.message ?? '', /^Invalid apiName/);
    const form = await call<Errors>('POST', '/records', undefined, { 'Content-Type': 'text/plain' });
    assert.equal(form.status, 415);
  });
});

describe('PATCH /ui-api/records/{recordId}', () => {
  // Saves change the dates and the progress: the status follows the plan workflow's own rules.
  test('saves the given fields and answers 200 with the record', async () => {
    const planId = await createPlan();
    now = LATER;
    const { status, body } = await call<RecordRepresentation>('PATCH', `/records/${planId}`, {
      fields: { End_Date__c: '2024-11-30', Progress__c: 12.5 }
    });
    assert.equal(status, 200, JSON.stringify(body));
    assertPlan(
      body,
      planRecord({
        id: planId,
        status: 'Draft Outline',
        progress: 12.5,
        endDate: '2024-11-30',
        endDisplay: '11/30/2024',
        modified: LATER,
        modifiedDisplay: LATER_DISPLAY
      })
    );
  });

  test('takes the Id in the fields, as updateRecord passes it, and the 15-character Id in the path', async () => {
    const planId = await createPlan();
    const { status, body } = await call<RecordRepresentation>('PATCH', `/records/${planId.slice(0, 15)}`, {
      fields: { Id: planId, End_Date__c: '2024-10-31' }
    });
    assert.equal(status, 200);
    assert.equal(body.id, planId);
    assert.deepEqual(body.fields.End_Date__c, { displayValue: '10/31/2024', value: '2024-10-31' });
  });

  test('If-Unmodified-Since before the last save is a collision and saves nothing', async () => {
    const planId = await createPlan();
    now = LATER;
    await call('PATCH', `/records/${planId}`, { fields: { End_Date__c: '2024-11-30' } });
    // The user opened the record when it was saved at NOW; someone saved it again at LATER.
    const stale = await call<ErrorWithOutput>(
      'PATCH',
      `/records/${planId}`,
      { fields: { End_Date__c: '2024-10-31' } },
      { 'If-Unmodified-Since': NOW }
    );
    const message =
      'This record was modified by Local Admin during your edit session. Make a note of the data you entered, then reload the record and enter your updates again.';
    assert.equal(stale.status, 400);
    assert.deepEqual(
      stale.body,
      saveFailed({
        errors: [
          {
            constituentField: null,
            duplicateRecordError: null,
            errorCode: 'CollisionDetectedException',
            field: null,
            fieldLabel: null,
            message
          }
        ],
        fieldErrors: {}
      })
    );
    assert.deepEqual(reduceErrors(fetchResponse(stale)), [message]);
    assert.equal((await conn.sobject('Business_Plan__c').retrieve(planId)).End_Date__c, '2024-11-30');

    // The last save's own time, as an ISO timestamp or an HTTP date, is not before it.
    for (const since of [LATER, new Date(LATER).toUTCString()]) {
      const fresh = await call<RecordRepresentation>(
        'PATCH',
        `/records/${planId}`,
        { fields: { End_Date__c: '2024-10-31' } },
        { 'If-Unmodified-Since': since }
      );
      assert.equal(fresh.status, 200, since);
    }
  });

  test('a validation rule that fails on update leaves the record as it was', async () => {
    const planId = await createPlan();
    const reply = await call<ErrorWithOutput>('PATCH', `/records/${planId}`, {
      fields: { End_Date__c: '2023-06-30' }
    });
    assert.equal(reply.status, 400);
    assert.deepEqual(
      reply.body,
      saveFailed({
        errors: [],
        fieldErrors: {
          End_Date__c: [
            fieldError('End_Date__c', 'End Date', 'FIELD_CUSTOM_VALIDATION_EXCEPTION', END_DATE_RULE)
          ]
        }
      })
    );
    assert.deepEqual(reduceErrors(fetchResponse(reply)), [END_DATE_RULE]);
    assert.equal((await conn.sobject('Business_Plan__c').retrieve(planId)).End_Date__c, '2024-12-31');
  });

  test('a read-only field is refused on that field', async () => {
    const planId = await createPlan();
    const reply = await call<ErrorWithOutput>('PATCH', `/records/${planId}`, {
      fields: { CreatedDate: '2020-01-01T00:00:00.000Z' }
    });
    assert.equal(reply.status, 400);
    assert.deepEqual(
      reply.body,
      saveFailed({
        errors: [],
        fieldErrors: {
          CreatedDate: [
            fieldError(
              'CreatedDate',
              'Created Date',
              'INVALID_FIELD_FOR_INSERT_UPDATE',
              'Unable to create/update fields: CreatedDate. Please check the security settings of this field and verify that it is read/write for your profile or permission set.'
            )
          ]
        }
      })
    );
  });

  test('a record that does not exist is NOT_FOUND', async () => {
    const planId = await createPlan();
    for (const id of [`${planId.slice(0, 9)}zzzzzz`, 'not-an-id']) {
      const { status, body } = await call<Errors>('PATCH', `/records/${id}`, { fields: { Name: 'x' } });
      assert.equal(status, 404, id);
      assert.deepEqual(body, NOT_FOUND);
    }
  });
});

describe('DELETE /ui-api/records/{recordId}', () => {
  test('deletes the record with its master-detail children and answers 204', async () => {
    const planId = await createPlan();
    const objectiveId = await createObjective(planId, 'Registered deals');
    const { status, body } = await call('DELETE', `/records/${planId}`);
    assert.equal(status, 204);
    assert.equal(body, null);
    for (const [id, object] of [
      [planId, 'Business_Plan__c'],
      [objectiveId, 'Plan_Objective__c']
    ] as const) {
      const read = await call<Errors>('GET', `/records/${id}?fields=${object}.Name`);
      assert.equal(read.status, 404, object);
    }
  });

  test('a child deleted alone leaves its parent’s related list', async () => {
    const planId = await createPlan();
    const keep = await createObjective(planId, 'Keep');
    const drop = await createObjective(planId, 'Drop');
    assert.equal((await call('DELETE', `/records/${drop}`)).status, 204);
    const list = await call<{ records: RecordRepresentation[] }>(
      'GET',
      `/related-list-records/${planId}/Plan_Objectives__r?fields=Plan_Objective__c.Name`
    );
    assert.deepEqual(
      list.body.records.map((r) => r.id),
      [keep]
    );
  });

  test('a record that does not exist, or no longer does, is NOT_FOUND', async () => {
    const planId = await createPlan();
    await call('DELETE', `/records/${planId}`);
    for (const id of [planId, `${planId.slice(0, 9)}zzzzzz`, 'not-an-id']) {
      const { status, body } = await call<Errors>('DELETE', `/records/${id}`);
      assert.equal(status, 404, id);
      assert.deepEqual(body, NOT_FOUND);
    }
  });
});
