// List views in the UI API's shapes: the list views of an object (List Info Summary
// Collection), one list view's columns, filters and order (List Info), and a page of its
// records (List Record Collection). Records come through the query engine as the signed-in
// user, so sharing and field-level security apply as they do to SOQL; a "Mine" list adds
// the user as owner, and the list's own filters were built from metadata at start-up.
import { createHash } from 'node:crypto';
import type { ListViewColumn, ListViewDef } from '../../schema/listViews.ts';
import type { ObjectDef } from '../../schema/types.ts';
import { ApiError, notFound } from '../errors.ts';
import { invalidParameter, pageLinks, pageNumbers, qualify, type PageLinks } from './paging.ts';
import { qualified, resolvePath, selectFields, soqlName, type FieldPath } from './fieldPaths.ts';
import {
  nameFieldOf,
  queryRecords,
  soqlString,
  type RecordRepresentation,
  type UiApiContext
} from './records.ts';
import { whereCondition } from './whereFilter.ts';

export interface ListRecordsRequest {
  fields: string[];
  optionalFields: string[];
  sortBy: string[];
  pageSize?: number;
  pageToken?: string;
  where?: string;
  searchTerm?: string;
}

export interface ListInfoSummariesRequest {
  pageSize?: number;
  pageToken?: string;
  q?: string;
  recentListsOnly?: boolean;
}

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 2000;
const DEFAULT_SUMMARY_PAGE_SIZE = 20;

function etag(value: unknown): string {
  return createHash('md5').update(JSON.stringify(value)).digest('hex');
}

function objectOf(ctx: UiApiContext, objectApiName: string): ObjectDef {
  const o = ctx.schema.object(objectApiName);
  if (!o) throw notFound();
  const readable = !ctx.access || ctx.user.isAdmin || ctx.access.objectReadable(o, ctx.user);
  if (!readable) throw new ApiError(403, 'INSUFFICIENT_ACCESS', `You don't have access to ${o.name}.`);
  return o;
}

function viewOf(
  ctx: UiApiContext,
  views: readonly ListViewDef[],
  objectApiName: string,
  listViewApiName: string
): { o: ObjectDef; view: ListViewDef } {
  const o = objectOf(ctx, objectApiName);
  const wanted = listViewApiName.toLowerCase();
  const view = views.find((v) => v.object === o.name && v.apiName.toLowerCase() === wanted);
  if (!view) throw notFound(`The list view ${listViewApiName} does not exist for ${o.name}.`);
  return { o, view };
}

function listReference(view: ListViewDef): Record<string, unknown> {
  return { id: view.id, listViewApiName: view.apiName, objectApiName: view.object, type: 'listView' };
}

/** The columns the user may read: a column whose field is hidden from them is left out. */
function visibleColumns(ctx: UiApiContext, o: ObjectDef, view: ListViewDef): ListViewColumn[] {
  return view.columns.filter((c) => resolvePath(ctx, o, c.path.split('.')) !== undefined);
}

/** The order a list starts in: by its first sortable column, as Lightning shows a new list view. */
function defaultOrder(ctx: UiApiContext, o: ObjectDef, view: ListViewDef): ListViewColumn | undefined {
  const name = nameFieldOf(o)?.name;
  const columns = visibleColumns(ctx, o, view);
  return columns.find((c) => c.path === name && c.sortable) ?? columns.find((c) => c.sortable);
}

function scopeLabel(o: ObjectDef, view: ListViewDef): string {
  return view.scope === 'mine' ? `My ${o.labelPlural}` : `All ${o.labelPlural}`;
}

/** GET /ui-api/list-info/{objectApiName}: the object's list views by label. */
export function listInfoSummaries(
  ctx: UiApiContext,
  views: readonly ListViewDef[],
  objectApiName: string,
  request: ListInfoSummariesRequest
): Record<string, unknown> {
  const o = objectOf(ctx, objectApiName);
  const { pageSize, token } = pageNumbers(request, DEFAULT_SUMMARY_PAGE_SIZE, MAX_PAGE_SIZE);
  const q = request.q?.toLowerCase().replaceAll('*', '') ?? '';
  const matching = views
    .filter((v) => v.object === o.name && v.label.toLowerCase().includes(q))
    .sort((a, b) => a.label.localeCompare(b.label));
  // The local org keeps no record of the lists a user opened, so none is recent.
  const lists = request.recentListsOnly ? [] : matching;
  const base = `/services/data/v${ctx.apiVersion}/ui-api/list-info/${o.name}`;
  const url = (t: number): string => `${base}?pageSize=${pageSize}&pageToken=${t}`;
  const page = lists.slice(token, token + pageSize);
  const hasMore = token + pageSize < lists.length;
  return {
    count: page.length,
    ...pageLinks(token, pageSize, hasMore, url),
    eTag: etag(page.map((v) => v.id)),
    lists: page.map((v) => ({
      apiName: v.apiName,
      id: v.id,
      label: v.label,
      url: `/lightning/o/${o.name}/list?filterName=${v.apiName}`
    })),
    objectApiName: o.name,
    pageSize,
    queryString: request.q ?? null,
    recentListsOnly: request.recentListsOnly ?? false
  };
}

function listInfoBody(ctx: UiApiContext, o: ObjectDef, view: ListViewDef): Record<string, unknown> {
  const columns = visibleColumns(ctx, o, view);
  const order = defaultOrder(ctx, o, view);
  const body = {
    cloneable: false,
    createable: false,
    deletable: false,
    displayColumns: columns.map((c) => ({
      fieldApiName: c.path,
      label: c.label,
      lookupId: c.lookupId,
      searchable: false,
      sortable: c.sortable
    })),
    filterLogicString: view.filterLogic,
    filteredByInfo: view.filters.map((f) => ({
      fieldApiName: f.path,
      label: f.label,
      operandLabels: f.values,
      operator: f.operator
    })),
    label: view.label,
    listReference: listReference(view),
    listShares: [],
    objectApiNames: [o.name],
    orderedByInfo: order ? [{ fieldApiName: order.path, isAscending: true, label: order.label }] : [],
    scope: { apiName: view.scope, label: scopeLabel(o, view), relatedEntityId: null },
    searchable: false,
    updateable: false,
    userPreferences: { columnWidths: {}, columnWrap: {} },
    visibility: 'Public',
    visibilityEditable: false
  };
  return { ...body, eTag: etag(body) };
}

/** GET /ui-api/list-info/{objectApiName}/{listViewApiName}. */
export function listInfo(
  ctx: UiApiContext,
  views: readonly ListViewDef[],
  objectApiName: string,
  listViewApiName: string
): Record<string, unknown> {
  const { o, view } = viewOf(ctx, views, objectApiName, listViewApiName);
  return listInfoBody(ctx, o, view);
}

/** Names may come qualified (Account.Name) or bare (Name); the response lists them qualified. */
/** ORDER BY for sortBy (-Name for descending), then the list's default order; Id keeps pages stable. */
function orderBy(ctx: UiApiContext, o: ObjectDef, view: ListViewDef, sortBy: string[]): string {
  const most = Number(ctx.apiVersion) >= 63 ? 5 : 1;
  if (sortBy.length > most)
    throw invalidParameter(`sortBy accepts at most ${most} field${most > 1 ? 's' : ''}.`);
  const fallback = defaultOrder(ctx, o, view);
  const names = sortBy.length > 0 ? qualify(o, sortBy) : fallback ? [`${o.name}.${fallback.path}`] : [];
  const clauses = names.map((raw) => {
    const descending = raw.startsWith('-');
    const { path } = qualified(descending ? raw.slice(1) : raw);
    const resolved = resolvePath(ctx, o, path);
    if (!resolved || !resolved.field.sortable) throw invalidParameter(`Cannot sort ${o.name} by ${raw}.`);
    return `${soqlName(resolved)} ${descending ? 'DESC NULLS LAST' : 'ASC NULLS FIRST'}`;
  });
  return [...clauses, 'Id ASC'].join(', ');
}

export interface ListRecordCollection extends PageLinks {
  count: number;
  fields: string[];
  listInfoETag: string;
  listReference: Record<string, unknown>;
  optionalFields: string[];
  pageSize: number;
  records: RecordRepresentation[];
  searchTerm: string | null;
  sortBy: string[];
}

/** GET /ui-api/list-records/{objectApiName}/{listViewApiName}: a page of the list's records, as the user sees them. */
export async function listRecords(
  ctx: UiApiContext,
  views: readonly ListViewDef[],
  objectApiName: string,
  listViewApiName: string,
  request: ListRecordsRequest
): Promise<ListRecordCollection> {
  const { o, view } = viewOf(ctx, views, objectApiName, listViewApiName);
  if (request.searchTerm) {
    throw new ApiError(400, 'INVALID_INPUT', 'The local org does not search list views (searchTerm).');
  }
  const { pageSize, token } = pageNumbers(request, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const fields = qualify(o, request.fields);
  const optionalFields = qualify(o, request.optionalFields);
  // The columns come as optional fields: one the user cannot read is simply not shown.
  const columns = view.columns.flatMap((c) => [c.path, ...(c.lookupId ? [c.lookupId] : [])]);
  const { paths, missing } = selectFields(ctx, o, fields, [
    ...optionalFields,
    ...columns.map((c) => `${o.name}.${c}`)
  ]);
  if (missing.length > 0) {
    throw new ApiError(400, 'INVALID_FIELD', `No such column '${missing[0]}' on entity '${o.name}'.`);
  }
  const conditions = [
    view.condition,
    view.scope === 'mine' ? `OwnerId = ${soqlString(ctx.user.id)}` : null,
    request.where ? whereCondition(ctx, o, request.where) : null
  ].filter((c): c is string => c !== null);
  const records = await queryRecords(ctx, {
    object: o,
    paths: paths as FieldPath[],
    where: conditions.length > 0 ? conditions.map((c) => `(${c})`).join(' AND ') : 'Id != null',
    orderBy: orderBy(ctx, o, view, request.sortBy),
    limit: pageSize + 1,
    offset: token
  });
  const hasMore = records.length > pageSize;
  const url = (t: number): string => {
    const query = new URLSearchParams();
    if (fields.length) query.set('fields', fields.join(','));
    if (optionalFields.length) query.set('optionalFields', optionalFields.join(','));
    query.set('pageSize', String(pageSize));
    query.set('pageToken', String(t));
    if (request.sortBy.length) query.set('sortBy', request.sortBy.join(','));
    if (request.where) query.set('where', request.where);
    return `/services/data/v${ctx.apiVersion}/ui-api/list-records/${o.name}/${view.apiName}?${query}`;
  };
  const page = records.slice(0, pageSize);
  return {
    count: page.length,
    ...pageLinks(token, pageSize, hasMore, url),
    fields,
    listInfoETag: listInfoBody(ctx, o, view).eTag as string,
    listReference: listReference(view),
    optionalFields,
    pageSize,
    records: page,
    searchTerm: null,
    sortBy: request.sortBy
  };
}
