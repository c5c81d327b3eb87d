// Related List Record Collection: a page of the child records that point at a parent
// through one of the parent's child relationships (Contacts, Plan_Objectives__r…).
import type { ChildRelationship, ObjectDef } from '../../schema/types.ts';
import { ApiError, notFound } from '../errors.ts';
import { invalidParameter, pageLinks, pageNumbers, qualify, type PageLinks } from './paging.ts';
import { qualified, resolvePath, selectFields, soqlName } from './fieldPaths.ts';
import {
  nameFieldOf,
  queryRecords,
  recordIdOrThrow,
  soqlString,
  type RecordRepresentation,
  type UiApiContext
} from './records.ts';
import { whereCondition } from './whereFilter.ts';

export interface RelatedListRequest {
  fields: string[];
  optionalFields: string[];
  sortBy: string[];
  pageSize?: number;
  pageToken?: string;
  where?: string;
}

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1999;

function relationshipOrThrow(parent: ObjectDef, relatedListId: string): ChildRelationship {
  const wanted = relatedListId.toLowerCase();
  const relationship = parent.childRelationships.find((c) => c.relationshipName?.toLowerCase() === wanted);
  if (!relationship) throw notFound(`The related list ${relatedListId} is not available for ${parent.name}.`);
  return relationship;
}

/** Names may come qualified (Contact.Name) or bare (Name); the response lists them qualified. */
function orderBy(ctx: UiApiContext, child: ObjectDef, sortBy: string[]): string {
  if (sortBy.length > 1) throw invalidParameter('sortBy accepts only one field.');
  const clauses = sortBy.map((raw) => {
    const descending = raw.startsWith('-');
    const { path } = qualified(qualify(child, [descending ? raw.slice(1) : raw])[0] as string);
    const resolved = resolvePath(ctx, child, path);
    if (!resolved || !resolved.field.sortable) throw invalidParameter(`Cannot sort ${child.name} by ${raw}.`);
    return `${soqlName(resolved)} ${descending ? 'DESC' : 'ASC'}`;
  });
  // Id breaks ties so that pages never overlap or skip a record.
  return [...clauses, 'Id ASC'].join(', ');
}

function pageUrl(
  ctx: UiApiContext,
  parentId: string,
  relatedListId: string,
  request: RelatedListRequest,
  fields: string[],
  optionalFields: string[],
  pageSize: number,
  token: number
): string {
  const query = new URLSearchParams();
  if (fields.length) query.set('fields', fields.join(','));
  if (optionalFields.length) query.set('optionalFields', optionalFields.join(','));
  query.set('pageSize', String(pageSize));
  query.set('pageToken', String(token));
  if (request.sortBy.length) query.set('sortBy', request.sortBy.join(','));
  if (request.where) query.set('where', request.where);
  return `/services/data/v${ctx.apiVersion}/ui-api/related-list-records/${parentId}/${relatedListId}?${query}`;
}

export interface RelatedListRecordCollection extends PageLinks {
  count: number;
  fields: string[];
  listInfoETag: null;
  listReference: Record<string, unknown>;
  optionalFields: string[];
  pageSize: number;
  records: RecordRepresentation[];
  sortBy: string[];
}

export async function getRelatedListRecords(
  ctx: UiApiContext,
  rawParentId: string,
  relatedListId: string,
  request: RelatedListRequest
): Promise<RelatedListRecordCollection> {
  const { id: parentId, object: parent } = recordIdOrThrow(ctx, rawParentId);
  const relationship = relationshipOrThrow(parent, relatedListId);
  const child = ctx.schema.object(relationship.childSObject) as ObjectDef;
  const { pageSize, token } = pageNumbers(request, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);

  // Without fields the list shows its default column, the child's name.
  const nameField = nameFieldOf(child);
  const requested =
    request.fields.length || request.optionalFields.length
      ? request.fields
      : nameField
        ? [nameField.name]
        : [];
  const fields = qualify(child, requested);
  const optionalFields = qualify(child, request.optionalFields);
  const { paths, missing } = selectFields(ctx, child, fields, optionalFields);
  if (missing.length > 0) {
    throw new ApiError(400, 'INVALID_FIELD', `No such column '${missing[0]}' on entity '${child.name}'.`);
  }

  // The parent must be a record the user can see, like the record page the list sits on.
  const visible = await ctx.queries.query(
    `SELECT Id FROM ${parent.name} WHERE Id = ${soqlString(parentId)}`,
    {
      user: ctx.user,
      apiVersion: ctx.apiVersion
    }
  );
  if (visible.records.length === 0) throw notFound();

  const foreignKey = ctx.schema.field(child, relationship.field)?.name as string;
  const filter = request.where ? ` AND ${whereCondition(ctx, child, request.where)}` : '';
  const records = await queryRecords(ctx, {
    object: child,
    paths,
    where: `${foreignKey} = ${soqlString(parentId)}${filter}`,
    orderBy: orderBy(ctx, child, request.sortBy),
    limit: pageSize + 1,
    offset: token
  });
  const hasMore = records.length > pageSize;
  const url = (t: number): string =>
    pageUrl(ctx, parentId, relatedListId, request, fields, optionalFields, pageSize, t);
  return {
    count: Math.min(records.length, pageSize),
    ...pageLinks(token, pageSize, hasMore, url),
    fields,
    listInfoETag: null,
    listReference: {
      id: null,
      inContextOfRecordId: parentId,
      listViewApiName: null,
      objectApiName: null,
      parentObjectApiName: parent.name,
      recordTypeId: null,
      relatedListId,
      type: 'relatedList'
    },
    optionalFields,
    pageSize,
    records: records.slice(0, pageSize),
    sortBy: request.sortBy
  };
}
