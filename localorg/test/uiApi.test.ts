// The User Interface API over HTTP, as Lightning Data Service calls it, against responses
// worked out by hand in the shapes real orgs send (see the UI API Developer Guide and the
// recorded responses in lwc-recipes and LDS). Records are created through jsforce with a
// fixed clock, so every timestamp in the expected JSON is known.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import jsforce, { type Connection } from 'jsforce';
import { createRecord } from '../../test/support/salesforce.ts';
import type { BatchResult, RecordRepresentation } from '../src/api/uiapi/records.ts';
import type { RelatedListRecordCollection } from '../src/api/uiapi/relatedLists.ts';
import { startLocalOrg, type LocalOrg } from '../src/index.ts';
import { uiApiCall, withoutEtags, type Errors, type Reply } from './uiApiHttp.ts';

const packageDir = path.resolve(import.meta.dirname, '..', '..', 'test', 'browser', 'fixtures', 'force-app');
const NOW = '2024-03-01T17:05:00.000Z';
const NOW_MS = Date.parse(NOW);
/** 17:05 UTC for the admin, whose time zone is America/Los_Angeles. */
const NOW_DISPLAY = '3/1/2024, 9:05 AM';
const MASTER = '012000000000000AAA';

let org: LocalOrg;
let conn: Connection;
let adminId: string;
let accountId: string;
let widgetId: string;
let bareWidgetId: string;
const partIds: Record<string, string> = {};

const create = (type: string, values: Record<string, unknown>): Promise<string> =>
  createRecord(conn, type, values);

before(async () => {
  org = await startLocalOrg({ port: 0, seed: false, ui: false, packageDir, clock: () => new Date(NOW) });
  conn = new jsforce.Connection({ loginUrl: org.url, version: '62.0' });
  const login = await conn.login(org.adminUsername, org.adminPassword);
  adminId = login.id;
  accountId = await create('Account', { Name: 'Acme & Co' });
  widgetId = await create('Widget__c', {
    Name: 'Gizmo',
    Status__c: 'Active',
    Amount__c: 1234.5,
    Score__c: 45.5,
    Launch_Date__c: '2024-07-22',
    Account__c: accountId
  });
  bareWidgetId = await create('Widget__c', { Name: 'Bare' });
  for (const [name, quantity, cost] of [
    ['Bolt', 4, 0.25],
    ['Axle', 2, 12],
    ['Cog', 9, 3]
  ] as const) {
    partIds[name] = await create('Widget_Part__c', {
      Name: name,
      Widget__c: widgetId,
      Quantity__c: quantity,
      Cost__c: cost
    });
  }
});

after(async () => {
  await org?.close();
});

type ObjectInfo = Record<string, unknown> & { fields: Record<string, Record<string, unknown>> };

const call = <T>(
  method: string,
  resource: string,
  body?: unknown,
  headers: Record<string, string> = {}
): Promise<Reply<T>> =>
  uiApiCall<T>({ url: org.url, accessToken: conn.accessToken as string }, method, resource, body, headers);

const get = <T>(resource: string): Promise<Reply<T>> => call<T>('GET', resource);

/** The record metadata every representation carries, for a record saved at NOW by the admin. */
function recordMeta(apiName: string, id: string): Record<string, unknown> {
  return {
    apiName,
    childRelationships: {},
    id,
    lastModifiedById: adminId,
    lastModifiedDate: NOW,
    recordTypeId: MASTER,
    recordTypeInfo: null,
    systemModstamp: NOW,
    weakEtag: NOW_MS
  };
}

describe('GET /ui-api/records/{recordId}', () => {
  test('returns the requested fields with values and server-formatted display values', async () => {
    const fields = [
      'Name',
      'Status__c',
      'Amount__c',
      'Score__c',
      'Launch_Date__c',
      'CreatedDate',
      'Account__r.Name'
    ]
      .map((f) => `Widget__c.${f}`)
      .join(',');
    const { status, body } = await get<RecordRepresentation>(`/records/${widgetId}?fields=${fields}`);
    assert.equal(status, 200);
    assert.deepEqual(withoutEtags(body), {
      ...recordMeta('Widget__c', widgetId),
      fields: {
        Account__c: { displayValue: null, value: accountId },
        Account__r: {
          displayValue: 'Acme & Co',
          value: {
            ...recordMeta('Account', accountId),
            fields: {
              Id: { displayValue: null, value: accountId },
              Name: { displayValue: null, value: 'Acme & Co' }
            }
          }
        },
        Amount__c: { displayValue: '$1,234.50', value: 1234.5 },
        CreatedDate: { displayValue: NOW_DISPLAY, value: NOW },
        Launch_Date__c: { displayValue: '7/22/2024', value: '2024-07-22' },
        Name: { displayValue: null, value: 'Gizmo' },
        Score__c: { displayValue: null, value: 45.5 },
        Status__c: { displayValue: 'Live', value: 'Active' }
      }
    });
  });

  test('takes 15-character Ids and answers with the 18-character one', async () => {
    const { status, body } = await get<RecordRepresentation>(
      `/records/${widgetId.slice(0, 15)}?fields=Widget__c.Name`
    );
    assert.equal(status, 200);
    assert.equal(body.id, widgetId);
  });

  test('an empty lookup has a null relationship and foreign key', async () => {
    const { body } = await get<RecordRepresentation>(
      `/records/${bareWidgetId}?fields=Widget__c.Account__r.Name,Widget__c.Amount__c`
    );
    assert.deepEqual(body.fields, {
      Account__c: { displayValue: null, value: null },
      Account__r: { displayValue: null, value: null },
      Amount__c: { displayValue: null, value: null }
    });
  });

  test('optional fields that do not exist are left out silently', async () => {
    const { status, body } = await get<RecordRepresentation>(
      `/records/${widgetId}?fields=Widget__c.Name&optionalFields=Widget__c.Nope__c,Widget__c.Nope__r.Name`
    );
    assert.equal(status, 200);
    assert.deepEqual(Object.keys(body.fields), ['Name']);
  });

  test('a required field that does not exist is INVALID_FIELD, as the SOQL behind it fails', async () => {
    const { status, body } = await get<Errors>(
      `/records/${widgetId}?fields=Widget__c.Name,Widget__c.Nope__c`
    );
    assert.equal(status, 400);
    const [error] = body;
    assert.equal(body.length, 1);
    assert.equal(error?.errorCode, 'INVALID_FIELD');
    assert.match(
      error?.message ?? '',
      /^INVALID_FIELD: \nSELECT .*Nope__c FROM Widget__c WHERE Id = '\w{18}'\n +\^\nERROR at Row:1:Column:\d+\n/
    );
    assert.match(error?.message ?? '', /No such column 'Nope__c' on entity 'Widget__c'\./);
  });

  test('a field name without its object is ILLEGAL_QUERY_PARAMETER_VALUE', async () => {
    const { status, body } = await get<Errors>(`/records/${widgetId}?fields=Name`);
    assert.equal(status, 400);
    assert.deepEqual(body, [
      {
        errorCode: 'ILLEGAL_QUERY_PARAMETER_VALUE',
        message: "Expected '.' in all qualified names: Name is invalid"
      }
    ]);
  });

  test('a record that does not exist is NOT_FOUND', async () => {
    const missing = `${widgetId.slice(0, 9)}zzzzzz`;
    for (const id of [missing, 'not-an-id']) {
      const { status, body } = await get<Errors>(`/records/${id}?fields=Widget__c.Name`);
      assert.equal(status, 404);
      assert.deepEqual(body, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
    }
  });

  test('layoutTypes=Full brings every field, with lookups spanned to their names', async () => {
    const { status, body } = await get<RecordRepresentation>(
      `/records/${widgetId}?layoutTypes=Full&modes=View`
    );
    assert.equal(status, 200);
    assert.deepEqual(Object.keys(body.fields), [
      'Account__c',
      'Account__r',
      'Amount__c',
      'CreatedBy',
      'CreatedById',
      'CreatedDate',
      'Id',
      'IsDeleted',
      'LastModifiedBy',
      'LastModifiedById',
      'LastModifiedDate',
      'Launch_Date__c',
      'Name',
      'Owner',
      'OwnerId',
      'Score__c',
      'Status__c',
      'SystemModstamp'
    ]);
    const owner = body.fields.Owner;
    assert.equal(owner?.displayValue, 'Local Admin');
    assert.equal((owner?.value as RecordRepresentation).recordTypeId, null, 'users have no record types');
  });

  test('needs a session', async () => {
    const response = await fetch(
      `${org.url}/services/data/v62.0/ui-api/records/${widgetId}?fields=Widget__c.Name`
    );
    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), [
      { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }
    ]);
  });

  test('accepts the browser session cookie that frontdoor.jsp sets', async () => {
    const response = await fetch(
      `${org.url}/services/data/v62.0/ui-api/records/${widgetId}?fields=Widget__c.Name`,
      {
        headers: { Cookie: `sid=${encodeURIComponent(conn.accessToken as string)}` }
      }
    );
    assert.equal(response.status, 200);
  });
});

describe('GET /ui-api/records/batch/{recordIds}', () => {
  test('returns each record in order, with errors inline', async () => {
    const missing = `${widgetId.slice(0, 9)}zzzzzz`;
    const { status, body } = await get<BatchResult>(
      `/records/batch/${widgetId},${missing},${accountId}?fields=Widget__c.Name,Account.Name`
    );
    assert.equal(status, 200);
    assert.deepEqual(withoutEtags(body), {
      hasErrors: true,
      results: [
        {
          result: {
            ...recordMeta('Widget__c', widgetId),
            fields: { Name: { displayValue: null, value: 'Gizmo' } }
          },
          statusCode: 200
        },
        {
          result: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }],
          statusCode: 404
        },
        {
          result: {
            ...recordMeta('Account', accountId),
            fields: { Name: { displayValue: null, value: 'Acme & Co' } }
          },
          statusCode: 200
        }
      ]
    });
  });
});

describe('/ui-api/related-list-records/{parentRecordId}/{relatedListId}', () => {
  const partFields = ['Widget_Part__c.Name', 'Widget_Part__c.Cost__c'];

  function partRecord(name: string, cost: number, costDisplay: string): Record<string, unknown> {
    return {
      ...recordMeta('Widget_Part__c', partIds[name] as string),
      fields: {
        Cost__c: { displayValue: costDisplay, value: cost },
        Name: { displayValue: null, value: name }
      }
    };
  }

  test('POST pages through the children, sorted as asked', async () => {
    const { status, body } = await call<RelatedListRecordCollection>(
      'POST',
      `/related-list-records/${widgetId}/Parts__r`,
      {
        fields: partFields,
        sortBy: ['Widget_Part__c.Name'],
        pageSize: 2
      }
    );
    assert.equal(status, 200);
    const url = (token: number) =>
      `/services/data/v62.0/ui-api/related-list-records/${widgetId}/Parts__r?fields=Widget_Part__c.Name%2CWidget_Part__c.Cost__c&pageSize=2&pageToken=${token}&sortBy=Widget_Part__c.Name`;
    assert.deepEqual(withoutEtags(body), {
      count: 2,
      currentPageToken: '0',
      currentPageUrl: url(0),
      fields: partFields,
      listInfoETag: null,
      listReference: {
        id: null,
        inContextOfRecordId: widgetId,
        listViewApiName: null,
        objectApiName: null,
        parentObjectApiName: 'Widget__c',
        recordTypeId: null,
        relatedListId: 'Parts__r',
        type: 'relatedList'
      },
      nextPageToken: '2',
      nextPageUrl: url(2),
      optionalFields: [],
      pageSize: 2,
      previousPageToken: null,
      previousPageUrl: null,
      records: [partRecord('Axle', 12, '$12.00'), partRecord('Bolt', 0.25, '$0.25')],
      sortBy: ['Widget_Part__c.Name']
    });

    const next = await call<RelatedListRecordCollection>(
      'POST',
      `/related-list-records/${widgetId}/Parts__r`,
      {
        fields: partFields,
        sortBy: ['Widget_Part__c.Name'],
        pageSize: 2,
        pageToken: '2'
      }
    );
    assert.deepEqual(withoutEtags(next.body.records), [partRecord('Cog', 3, '$3.00')]);
    assert.equal(next.body.nextPageToken, null);
    assert.equal(next.body.previousPageToken, '0');
  });

  test('GET takes the same parameters in the query string; a minus sorts descending', async () => {
    const { status, body } = await get<RelatedListRecordCollection>(
      `/related-list-records/${widgetId}/Parts__r?fields=Name,Quantity__c&sortBy=-Widget_Part__c.Quantity__c`
    );
    assert.equal(status, 200);
    assert.deepEqual(body.fields, ['Widget_Part__c.Name', 'Widget_Part__c.Quantity__c']);
    assert.deepEqual(
      body.records.map((r) => [r.fields.Name?.value, r.fields.Quantity__c?.value]),
      [
        ['Cog', 9],
        ['Bolt', 4],
        ['Axle', 2]
      ]
    );
  });

  test('where filters the children with the GraphQL filter syntax', async () => {
    const { body } = await call<RelatedListRecordCollection>(
      'POST',
      `/related-list-records/${widgetId}/Parts__r`,
      {
        fields: ['Widget_Part__c.Name'],
        sortBy: ['Widget_Part__c.Name'],
        where: '{ or: [{ Quantity__c: { gte: 9 } }, { Name: { like: "Ax%" } }] }'
      }
    );
    assert.deepEqual(
      body.records.map((r) => r.fields.Name?.value),
      ['Axle', 'Cog']
    );
  });

  test('where values are quoted, never spliced into the query', async () => {
    const { status, body } = await call<RelatedListRecordCollection>(
      'POST',
      `/related-list-records/${widgetId}/Parts__r`,
      {
        fields: ['Widget_Part__c.Name'],
        where: `{ Name: { eq: "x' OR Name != '" } }`
      }
    );
    assert.equal(status, 200);
    assert.deepEqual(body.records, []);
  });

  test('a where that names no field of the child object is rejected', async () => {
    const { status, body } = await call<Errors>('POST', `/related-list-records/${widgetId}/Parts__r`, {
      fields: ['Widget_Part__c.Name'],
      where: '{ Name: { eq: "x\' OR Name != \'" }, Evil__c: { eq: 1 } }'
    });
    assert.equal(status, 400);
    assert.equal(body[0]?.errorCode, 'INVALID_INPUT');
  });

  test('without fields the list shows the child records\u2019 names', async () => {
    const { body } = await get<RelatedListRecordCollection>(
      `/related-list-records/${widgetId}/Parts__r?sortBy=Widget_Part__c.Name`
    );
    assert.deepEqual(body.fields, ['Widget_Part__c.Name']);
    assert.deepEqual(Object.keys(body.records[0]?.fields ?? {}), ['Name']);
  });

  test('an empty list has no records and no next page', async () => {
    const { body } = await get<RelatedListRecordCollection>(
      `/related-list-records/${bareWidgetId}/Parts__r?fields=Widget_Part__c.Name`
    );
    assert.equal(body.count, 0);
    assert.deepEqual(body.records, []);
    assert.equal(body.nextPageToken, null);
  });

  test('a related list the parent does not have is NOT_FOUND', async () => {
    const { status, body } = await get<Errors>(
      `/related-list-records/${widgetId}/Contacts?fields=Contact.Name`
    );
    assert.equal(status, 404);
    assert.equal(body[0]?.errorCode, 'NOT_FOUND');
  });

  test('the POST body must be JSON', async () => {
    const { status } = await call('POST', `/related-list-records/${widgetId}/Parts__r`, undefined, {
      'Content-Type': 'text/plain'
    });
    assert.equal(status, 415);
  });
});

describe('GET /ui-api/object-info/{objectApiName}', () => {
  test('describes the object with UI API data types', async () => {
    const { status, body } = await get<ObjectInfo>('/object-info/Widget__c');
    assert.equal(status, 200);
    const { fields, ...object } = withoutEtags(body) as ObjectInfo;
    assert.deepEqual(object, {
      apiName: 'Widget__c',
      childRelationships: [
        {
          childObjectApiName: 'Widget_Part__c',
          fieldName: 'Widget__c',
          junctionIdListNames: [],
          junctionReferenceTo: [],
          relationshipName: 'Parts__r'
        }
      ],
      createable: true,
      custom: true,
      defaultRecordTypeId: MASTER,
      deletable: true,
      dependentFields: {},
      feedEnabled: false,
      keyPrefix: org.schema.object('Widget__c')?.keyPrefix,
      label: 'Widget',
      labelPlural: 'Widgets',
      layoutable: true,
      mruEnabled: true,
      nameFields: ['Name'],
      queryable: true,
      recordTypeInfos: {
        [MASTER]: {
          available: true,
          defaultRecordTypeMapping: true,
          master: true,
          name: 'Master',
          recordTypeId: MASTER
        }
      },
      searchable: true,
      themeInfo: { color: '4BC076', iconUrl: '/assets/icons/standard/custom_120.png' },
      updateable: true
    });
    const common = {
      calculated: false,
      compound: false,
      compoundComponentName: null,
      compoundFieldName: null,
      controllerName: null,
      controllingFields: [],
      createable: true,
      custom: true,
      extraTypeInfo: null,
      filterable: true,
      filteredLookupInfo: null,
      highScaleNumber: false,
      htmlFormatted: false,
      nameField: false,
      polymorphicForeignKey: false,
      referenceTargetField: null,
      referenceToInfos: [],
      relationshipName: null,
      required: false,
      searchPrefilterable: false,
      sortable: true,
      unique: false,
      updateable: true
    };
    assert.deepEqual(fields.Amount__c, {
      ...common,
      apiName: 'Amount__c',
      dataType: 'Currency',
      inlineHelpText: 'In the org currency.',
      label: 'Amount',
      length: 0,
      precision: 16,
      reference: false,
      scale: 2
    });
    assert.deepEqual(fields.Account__c, {
      ...common,
      apiName: 'Account__c',
      dataType: 'Reference',
      inlineHelpText: 'Any account.',
      label: 'Account',
      length: 18,
      precision: 0,
      reference: true,
      referenceToInfos: [{ apiName: 'Account', nameFields: ['Name'] }],
      relationshipName: 'Account__r',
      scale: 0
    });
    assert.deepEqual(fields.Status__c, {
      ...common,
      apiName: 'Status__c',
      dataType: 'Picklist',
      inlineHelpText: 'Draft until launched.',
      label: 'Status',
      length: 255,
      precision: 0,
      reference: false,
      scale: 0
    });
    assert.equal(fields.Name?.required, false, "a custom object's name may be left blank");
    assert.equal(fields.OwnerId?.required, true);
    assert.deepEqual(fields.OwnerId?.referenceToInfos, [
      { apiName: 'User', nameFields: ['FirstName', 'LastName', 'Name'] }
    ]);
    assert.equal(fields.Id?.dataType, 'String');
    assert.equal(fields.Score__c?.dataType, 'Percent');
    assert.equal(fields.Launch_Date__c?.dataType, 'Date');
  });

  test('an object the org does not have is NOT_FOUND', async () => {
    const { status } = await get('/object-info/Nope__c');
    assert.equal(status, 404);
  });

  test('a batch answers for each object', async () => {
    const { body } = await get<{
      results: Array<{ statusCode: number; result: { apiName?: string } & Errors }>;
    }>('/object-info/batch/Widget__c,Nope__c');
    assert.deepEqual(
      body.results.map((r) => [r.statusCode, r.result.apiName ?? r.result[0]?.errorCode]),
      [
        [200, 'Widget__c'],
        [404, 'NOT_FOUND']
      ]
    );
  });
});

describe('GET /ui-api/object-info/{objectApiName}/picklist-values/{recordTypeId}/{fieldApiName}', () => {
  test('lists the active values with labels and the default', async () => {
    const { status, body } = await get(`/object-info/Widget__c/picklist-values/${MASTER}/Status__c`);
    assert.equal(status, 200);
    const value = (v: string, label: string) => ({ attributes: null, label, validFor: [], value: v });
    assert.deepEqual(withoutEtags(body), {
      controllerValues: {},
      defaultValue: value('Draft', 'Draft'),
      url: `/services/data/v62.0/ui-api/object-info/Widget__c/picklist-values/${MASTER}/Status__c`,
      values: [value('Draft', 'Draft'), value('Active', 'Live'), value('Retired', 'Retired')]
    });
  });

  test('takes the 15-character master record type Id', async () => {
    const { status } = await get(`/object-info/Widget__c/picklist-values/${MASTER.slice(0, 15)}/Status__c`);
    assert.equal(status, 200);
  });

  test('all picklists of a record type at once', async () => {
    const { body } = await get<{ picklistFieldValues: Record<string, unknown> }>(
      `/object-info/Widget__c/picklist-values/${MASTER}`
    );
    assert.deepEqual(Object.keys(body.picklistFieldValues), ['Status__c']);
  });

  test('a record type the object does not have is NOT_FOUND', async () => {
    const { status } = await get('/object-info/Widget__c/picklist-values/012000000000001AAA/Status__c');
    assert.equal(status, 404);
  });

  test('a field that is not a picklist is rejected', async () => {
    const { status } = await get(`/object-info/Widget__c/picklist-values/${MASTER}/Amount__c`);
    assert.equal(status, 400);
  });
});
