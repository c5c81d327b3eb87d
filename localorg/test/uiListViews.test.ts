// List views through the UI API (list-info and list-records), as lightning/uiListsApi calls
// it, over the test package's Widget__c list views: an "All" view and a "Mine" view whose
// filters combine as 1 AND (2 OR 3). Which widgets each list shows, and in which order, is
// worked out by hand from the widgets below.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import jsforce, { type Connection } from 'jsforce';
import { createRecord } from '../../test/support/salesforce.ts';
import type { ListRecordCollection } from '../src/api/uiapi/listViews.ts';
import { startLocalOrg, type LocalOrg } from '../src/index.ts';
import { ListViewError, resolveListViews, type ListViewMetadata } from '../src/schema/listViews.ts';
import { uiApiCall, type Errors, type Reply } from './uiApiHttp.ts';

const packageDir = path.resolve(import.meta.dirname, '..', '..', 'test', 'browser', 'fixtures', 'force-app');

let org: LocalOrg;
let conn: Connection;
let otherUserId: string;

const get = <T>(resource: string): Promise<Reply<T>> =>
  uiApiCall<T>({ url: org.url, accessToken: conn.accessToken as string }, 'GET', resource);

const names = (reply: Reply<ListRecordCollection>): string[] =>
  reply.body.records.map((r) => String(r.fields.Name?.value));

/** [name, status, amount, account], created in this order. */
const WIDGETS: Array<[string, string, number | null, 'acme' | 'globex']> = [
  ['Alpha', 'Active', 500, 'acme'],
  ['Beta', 'Active', 50, 'acme'],
  ['Gamma', 'Active', 50, 'globex'],
  ['Delta', 'Draft', 900, 'acme'],
  ['Epsilon', 'Active', 800, 'globex'],
  ['Zeta', 'Active', null, 'acme']
];

before(async () => {
  org = await startLocalOrg({ port: 0, seed: false, ui: false, packageDir });
  conn = new jsforce.Connection({ loginUrl: org.url, version: '62.0' });
  await conn.login(org.adminUsername, org.adminPassword);
  const accounts = {
    acme: await createRecord(conn, 'Account', { Name: 'Acme & Co' }),
    globex: await createRecord(conn, 'Account', { Name: 'Globex' })
  };
  const profile = await conn.query<{ Id: string }>("SELECT Id FROM Profile WHERE Name = 'Standard User'");
  otherUserId = await createRecord(conn, 'User', {
    Username: 'casey@localorg.test',
    FirstName: 'Casey',
    LastName: 'Other',
    Email: 'casey@localorg.test',
    Alias: 'cother',
    ProfileId: profile.records[0]?.Id,
    TimeZoneSidKey: 'America/Los_Angeles',
    LocaleSidKey: 'en_US',
    LanguageLocaleKey: 'en_US',
    EmailEncodingKey: 'UTF-8'
  });
  for (const [name, status, amount, account] of WIDGETS) {
    const id = await createRecord(conn, 'Widget__c', {
      Name: name,
      Status__c: status,
      Amount__c: amount,
      Account__c: accounts[account]
    });
    // Epsilon belongs to someone else: it is on nobody's "Mine" list but theirs.
    if (name === 'Epsilon') await conn.sobject('Widget__c').update({ Id: id, OwnerId: otherUserId });
  }
});

after(async () => {
  await org?.close();
});

describe('list-info', () => {
  test("an object's list views, by label, with the URLs Lightning opens them at", async () => {
    const reply = await get<{ count: number; lists: Array<{ apiName: string; label: string; url: string }> }>(
      '/list-info/Widget__c'
    );
    assert.equal(reply.status, 200);
    assert.equal(reply.body.count, 2);
    assert.deepEqual(
      reply.body.lists.map((l) => [l.apiName, l.label, l.url]),
      [
        ['All', 'All Widgets', '/lightning/o/Widget__c/list?filterName=All'],
        ['My_Live_Widgets', 'My Live Widgets', '/lightning/o/Widget__c/list?filterName=My_Live_Widgets']
      ]
    );
  });

  test('a list view: its columns (lookups shown by name), filters, logic, scope and order', async () => {
    const reply = await get<Record<string, unknown>>('/list-info/Widget__c/My_Live_Widgets');
    assert.equal(reply.status, 200);
    const { eTag, listReference, ...info } = reply.body as Record<string, unknown> & {
      listReference: { id: string };
    };
    assert.match(String(eTag), /^[0-9a-f]{32}$/);
    assert.match(listReference.id, /^00B[A-Za-z0-9]{15}$/);
    assert.deepEqual(
      { ...info, listReference: { ...listReference, id: '(id)' } },
      {
        cloneable: false,
        createable: false,
        deletable: false,
        displayColumns: [
          { fieldApiName: 'Name', label: 'Widget Name', lookupId: null, searchable: false, sortable: true },
          { fieldApiName: 'Amount__c', label: 'Amount', lookupId: null, searchable: false, sortable: true },
          {
            fieldApiName: 'Account__r.Name',
            label: 'Account',
            lookupId: 'Account__c',
            searchable: false,
            sortable: true
          }
        ],
        filterLogicString: '1 AND (2 OR 3)',
        filteredByInfo: [
          { fieldApiName: 'Status__c', label: 'Status', operandLabels: ['Active'], operator: 'Equals' },
          { fieldApiName: 'Amount__c', label: 'Amount', operandLabels: ['100'], operator: 'GreaterThan' },
          {
            fieldApiName: 'Account__r.Name',
            label: 'Account',
            operandLabels: ['Acme'],
            operator: 'StartsWith'
          }
        ],
        label: 'My Live Widgets',
        listReference: {
          id: '(id)',
          listViewApiName: 'My_Live_Widgets',
          objectApiName: 'Widget__c',
          type: 'listView'
        },
        listShares: [],
        objectApiNames: ['Widget__c'],
        orderedByInfo: [{ fieldApiName: 'Name', isAscending: true, label: 'Widget Name' }],
        scope: { apiName: 'mine', label: 'My Widgets', relatedEntityId: null },
        searchable: false,
        updateable: false,
        userPreferences: { columnWidths: {}, columnWrap: {} },
        visibility: 'Public',
        visibilityEditable: false
      }
    );
  });

  test('a list view the object does not have is not found', async () => {
    const reply = await get<Errors>('/list-info/Widget__c/Nope');
    assert.equal(reply.status, 404);
    assert.equal(reply.body[0]?.errorCode, 'NOT_FOUND');
  });

  test('standard objects come with the list views a new org has', async () => {
    const reply = await get<{ lists: Array<{ apiName: string }> }>('/list-info/Account');
    assert.deepEqual(
      reply.body.lists.map((l) => l.apiName),
      ['AllAccounts', 'MyAccounts']
    );
  });
});

describe('list-records', () => {
  test('All: every widget, by name', async () => {
    const reply = await get<ListRecordCollection>('/list-records/Widget__c/All');
    assert.equal(reply.status, 200);
    assert.deepEqual(names(reply), ['Alpha', 'Beta', 'Delta', 'Epsilon', 'Gamma', 'Zeta']);
    assert.equal(reply.body.count, 6);
    assert.equal(reply.body.nextPageToken, null);
    // Lookup columns come with the related record's name, and the owner's alias through Owner.
    const alpha = reply.body.records[0];
    assert.equal(alpha?.fields.Account__r?.displayValue, 'Acme & Co');
    assert.equal(
      (alpha?.fields.Owner?.value as { fields: Record<string, { value: unknown }> }).fields.Alias?.value,
      'ladmin'
    );
  });

  test("Mine with 1 AND (2 OR 3): the user's live widgets over 100 or at an Acme account", async () => {
    const reply = await get<ListRecordCollection>('/list-records/Widget__c/My_Live_Widgets');
    assert.equal(reply.status, 200);
    // Alpha (500), Beta (Acme), Zeta (no amount, Acme); not Gamma (50, Globex), Delta (Draft), Epsilon (not mine).
    assert.deepEqual(names(reply), ['Alpha', 'Beta', 'Zeta']);
  });

  test('sortBy sorts the whole list on the server: descending amounts end with the empty one', async () => {
    const reply = await get<ListRecordCollection>('/list-records/Widget__c/All?sortBy=-Widget__c.Amount__c');
    // 900, 800, 500, then Beta and Gamma at 50 in the order they were created, then Zeta with none.
    assert.deepEqual(names(reply), ['Delta', 'Epsilon', 'Alpha', 'Beta', 'Gamma', 'Zeta']);
    assert.deepEqual(reply.body.sortBy, ['-Widget__c.Amount__c']);
  });

  test('sortBy a lookup column sorts by the related record name', async () => {
    const reply = await get<ListRecordCollection>('/list-records/Widget__c/All?sortBy=Account__r.Name');
    assert.deepEqual(names(reply), ['Alpha', 'Beta', 'Delta', 'Zeta', 'Gamma', 'Epsilon']);
  });

  test('pages follow one another without overlap', async () => {
    const first = await get<ListRecordCollection>('/list-records/Widget__c/All?pageSize=4');
    assert.deepEqual(names(first), ['Alpha', 'Beta', 'Delta', 'Epsilon']);
    assert.equal(first.body.nextPageToken, '4');
    assert.equal(
      first.body.nextPageUrl,
      '/services/data/v62.0/ui-api/list-records/Widget__c/All?pageSize=4&pageToken=4'
    );
    const second = await get<ListRecordCollection>('/list-records/Widget__c/All?pageSize=4&pageToken=4');
    assert.deepEqual(names(second), ['Gamma', 'Zeta']);
    assert.equal(second.body.nextPageToken, null);
    assert.equal(second.body.previousPageToken, '0');
  });

  test('POST takes the same request as a body', async () => {
    const reply = await uiApiCall<ListRecordCollection>(
      { url: org.url, accessToken: conn.accessToken as string },
      'POST',
      '/list-records/Widget__c/All',
      { sortBy: ['-Widget__c.Name'], pageSize: 2, fields: ['Widget__c.Status__c'] }
    );
    assert.equal(reply.status, 200);
    assert.deepEqual(names(reply), ['Zeta', 'Gamma']);
    assert.equal(reply.body.records[0]?.fields.Status__c?.displayValue, 'Live');
  });

  test('a field that does not exist, two sort fields before API 63.0, or a search term are refused', async () => {
    assert.equal((await get<Errors>('/list-records/Widget__c/All?fields=Widget__c.Nope__c')).status, 400);
    const twoSorts = await get<Errors>('/list-records/Widget__c/All?sortBy=Name,Amount__c');
    assert.equal(twoSorts.status, 400);
    assert.equal(twoSorts.body[0]?.errorCode, 'ILLEGAL_QUERY_PARAMETER_VALUE');
    assert.equal((await get<Errors>('/list-records/Widget__c/All?searchTerm=Al')).status, 400);
  });
});

describe('list views from metadata', () => {
  const view = (overrides: Partial<ListViewMetadata>): ListViewMetadata => ({
    object: 'Widget__c',
    fullName: 'Broken',
    label: 'Broken',
    columns: ['NAME'],
    filterScope: 'Everything',
    filters: [],
    booleanFilter: null,
    ...overrides
  });

  test('a list view the org could not run stops the start instead of showing the wrong records', () => {
    for (const [broken, message] of [
      [view({ columns: ['NAME', 'Nope__c'] }), /column Nope__c names no field/],
      [view({ filterScope: 'Queue' }), /filterScope Queue is not supported/],
      [
        view({ filters: [{ field: 'Amount__c', operation: 'greaterThan', value: 'lots' }] }),
        /lots is not a number/
      ],
      [view({ filters: [{ field: 'Status__c', operation: 'within', value: 'x' }] }), /operation within/],
      [
        view({
          filters: [{ field: 'Status__c', operation: 'equals', value: 'Active' }],
          booleanFilter: '1 OR 2'
        }),
        /filter 2, which does not exist/
      ]
    ] as const) {
      assert.throws(
        () => resolveListViews(org.schema, [broken]),
        (error: unknown) => {
          assert.ok(error instanceof ListViewError);
          assert.match(error.message, /^List view Widget__c\.Broken: /);
          assert.match(error.message, message);
          return true;
        }
      );
    }
  });

  test('filters become one SOQL condition of schema names and quoted values', () => {
    const [resolved] = resolveListViews(org.schema, [
      view({
        booleanFilter: '(1 OR 2) AND NOT 3',
        filters: [
          { field: 'Status__c', operation: 'equals', value: 'Active, Draft' },
          { field: 'Launch_Date__c', operation: 'lessThan', value: '7/4/2024' },
          { field: 'NAME', operation: 'contains', value: "O'Brien%" }
        ]
      })
    ]);
    assert.equal(
      resolved?.condition,
      "((Status__c IN ('Active', 'Draft')) OR (Launch_Date__c < 2024-07-04)) AND NOT (Name LIKE '%O\\'Brien\\%%')"
    );
  });
});
