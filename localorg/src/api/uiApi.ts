// User Interface API routes (/services/data/vXX.X/ui-api/...) as Lightning Data Service
// calls them: records (read, create, update, delete), record batches, related list
// records, list views (their list infos and records), object info and picklist values.
// Handlers only parse the request; the uiapi/ modules build the responses on top of the
// query engine, so sharing and field-level security apply as they do to SOQL, and save
// through the record store.
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { ListViewDef } from '../schema/listViews.ts';
import type { ObjectDef, Schema } from '../schema/types.ts';
import { objectAsSeenBy } from '../security/describe.ts';
import type { SessionUser } from '../session.ts';
import type { AccessPolicy, QueryService } from '../soql/types.ts';
import { normalizeId } from '../store/ids.ts';
import type { RecordStore } from '../store/records.ts';
import { ApiError, notFound } from './errors.ts';
import { locals, requireSession, type SessionResolver } from './http.ts';
import { illegalParameter, nameList } from './uiapi/fieldPaths.ts';
import {
  fieldPicklistValues,
  objectInfo,
  objectOrThrow,
  recordTypePicklistValues
} from './uiapi/objectInfo.ts';
import {
  getRecord,
  getRecordBatch,
  layoutFieldNames,
  type FieldRequest,
  type UiApiContext
} from './uiapi/records.ts';
import { listInfo, listInfoSummaries, listRecords, type ListRecordsRequest } from './uiapi/listViews.ts';
import { getRelatedListRecords, type RelatedListRequest } from './uiapi/relatedLists.ts';
import { createRecord, deleteRecord, updateRecord } from './uiapi/writes.ts';

export interface UiApiDeps {
  schema: Schema;
  queries: QueryService;
  sessions: SessionResolver;
  /** Where record writes are saved, with Salesforce's checks. */
  records: RecordStore;
  /** When given, unreadable optional fields are dropped before the query instead of failing it. */
  access?: AccessPolicy;
  /** The org's list views (force-app's and the standard ones), resolved against the schema. */
  listViews?: readonly ListViewDef[];
}

/** Records per batch request, as Salesforce caps it. */
const MAX_BATCH = 200;

function context(deps: UiApiDeps, res: Response): UiApiContext {
  const { user, apiVersion } = locals(res);
  return { schema: deps.schema, queries: deps.queries, access: deps.access, user, apiVersion };
}

const param = (req: Request, name: string): string => String(req.params[name]);

/** fields / optionalFields / layoutTypes of a record request; layouts become field names. */
function fieldRequest(ctx: UiApiContext, req: Request, recordIds: string[]): FieldRequest {
  const fields = nameList(req.query.fields);
  const optionalFields = nameList(req.query.optionalFields);
  const layoutTypes = nameList(req.query.layoutTypes);
  if (fields.length + optionalFields.length + layoutTypes.length === 0) {
    throw illegalParameter('Specify fields, optionalFields or layoutTypes.');
  }
  if (layoutTypes.length > 0) {
    // Ids that name no record are reported per record later; here they just add no layout.
    const objects = new Set(recordIds.map((id) => ctx.schema.objectForId(normalizeId(id) ?? '')));
    for (const o of objects) if (o) optionalFields.push(...layoutFieldNames(ctx, o, layoutTypes));
  }
  return { fields, optionalFields };
}

/**
 * A JSON request body checked against its schema. Bodies must come as application/json:
 * a browser form cannot send that cross-site without a preflight, which keeps the
 * cookie-authenticated writes safe from other sites.
 */
export function jsonBody<T>(req: Request, schema: z.ZodType<T>): T {
  if (!req.is('application/json'))
    throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
  const parsed = schema.safeParse(req.body ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiError(
      400,
      'JSON_PARSER_ERROR',
      `Invalid ${issue?.path.join('.') || 'body'}: ${issue?.message ?? ''}`
    );
  }
  return parsed.data;
}

const fieldValues = z.record(z.string(), z.unknown());

/** Record Input for a create: the object and the field values. */
const createBody = z.object({ apiName: z.string().min(1), fields: fieldValues });

/** Record Input for an update: apiName is null or left out. */
const updateBody = z.object({ apiName: z.string().nullish(), fields: fieldValues });

const relatedListBody = z.object({
  fields: z.array(z.string()).optional(),
  optionalFields: z.array(z.string()).optional(),
  sortBy: z.array(z.string()).optional(),
  pageSize: z.number().int().optional(),
  pageToken: z.string().optional(),
  where: z.string().optional()
});

const listRecordsBody = relatedListBody.extend({
  sortBy: z.union([z.array(z.string()), z.string()]).optional(),
  searchTerm: z.string().optional()
});

const queryText = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const queryNumber = (value: unknown): number | undefined =>
  typeof value === 'string' && value !== '' ? Number(value) : undefined;

function listRecordsRequest(req: Request): ListRecordsRequest {
  if (req.method === 'POST') {
    const b = jsonBody(req, listRecordsBody);
    return {
      fields: b.fields ?? [],
      optionalFields: b.optionalFields ?? [],
      sortBy: nameList(b.sortBy),
      pageSize: b.pageSize,
      pageToken: b.pageToken,
      where: b.where,
      searchTerm: b.searchTerm
    };
  }
  return {
    fields: nameList(req.query.fields),
    optionalFields: nameList(req.query.optionalFields),
    sortBy: nameList(req.query.sortBy),
    pageSize: queryNumber(req.query.pageSize),
    pageToken: queryText(req.query.pageToken),
    where: queryText(req.query.where),
    searchTerm: queryText(req.query.searchTerm)
  };
}

function relatedListRequest(req: Request): RelatedListRequest {
  if (req.method === 'POST') {
    const b = jsonBody(req, relatedListBody);
    return {
      fields: b.fields ?? [],
      optionalFields: b.optionalFields ?? [],
      sortBy: b.sortBy ?? [],
      pageSize: b.pageSize,
      pageToken: b.pageToken,
      where: b.where
    };
  }
  const pageSize = typeof req.query.pageSize === 'string' ? Number(req.query.pageSize) : undefined;
  return {
    fields: nameList(req.query.fields),
    optionalFields: nameList(req.query.optionalFields),
    sortBy: nameList(req.query.sortBy),
    pageSize,
    pageToken: typeof req.query.pageToken === 'string' ? req.query.pageToken : undefined,
    where: typeof req.query.where === 'string' ? req.query.where : undefined
  };
}

/** Object Info of the object as the user sees it: unreadable objects are not found, unreadable fields absent. */
function objectInfoFor(deps: UiApiDeps, user: SessionUser, name: string): Record<string, unknown> {
  const o: ObjectDef | undefined = objectAsSeenBy(deps.schema, user, objectOrThrow(deps.schema, name));
  if (!o) throw notFound();
  return objectInfo(deps.schema, o);
}

export function createUiApiRouter(deps: UiApiDeps): Router {
  const router = express.Router();
  const ui = express.Router({ mergeParams: true });
  router.use(
    '/services/data/v:version/ui-api',
    requireSession(deps.sessions),
    express.json({ limit: '1mb' }),
    ui
  );

  ui.get('/records/batch/:recordIds', async (req, res) => {
    const ctx = context(deps, res);
    const ids = param(req, 'recordIds').split(',').filter(Boolean);
    if (ids.length === 0 || ids.length > MAX_BATCH) {
      throw illegalParameter(`Request between 1 and ${MAX_BATCH} records.`);
    }
    res.json(await getRecordBatch(ctx, ids, fieldRequest(ctx, req, ids)));
  });

  ui.get('/records/:recordId', async (req, res) => {
    const ctx = context(deps, res);
    const id = param(req, 'recordId');
    res.json(await getRecord(ctx, id, fieldRequest(ctx, req, [id])));
  });

  ui.post('/records', async (req, res) => {
    const input = jsonBody(req, createBody);
    res.status(201).json(await createRecord(context(deps, res), deps.records, input));
  });

  ui.patch('/records/:recordId', async (req, res) => {
    const { fields } = jsonBody(req, updateBody);
    res.json(
      await updateRecord(
        context(deps, res),
        deps.records,
        param(req, 'recordId'),
        fields,
        req.get('If-Unmodified-Since')
      )
    );
  });

  ui.delete('/records/:recordId', async (req, res) => {
    await deleteRecord(context(deps, res), deps.records, param(req, 'recordId'));
    res.status(204).end();
  });

  const relatedList = async (req: Request, res: Response): Promise<void> => {
    const ctx = context(deps, res);
    res.json(
      await getRelatedListRecords(
        ctx,
        param(req, 'parentRecordId'),
        param(req, 'relatedListId'),
        relatedListRequest(req)
      )
    );
  };
  ui.get('/related-list-records/:parentRecordId/:relatedListId', relatedList);
  ui.post('/related-list-records/:parentRecordId/:relatedListId', relatedList);

  const listViews = deps.listViews ?? [];
  ui.get('/list-info/:objectApiName', (req, res) => {
    res.json(
      listInfoSummaries(context(deps, res), listViews, param(req, 'objectApiName'), {
        pageSize: queryNumber(req.query.pageSize),
        pageToken: queryText(req.query.pageToken),
        q: queryText(req.query.q),
        recentListsOnly: req.query.recentListsOnly === 'true'
      })
    );
  });

  ui.get('/list-info/:objectApiName/:listViewApiName', (req, res) => {
    res.json(
      listInfo(context(deps, res), listViews, param(req, 'objectApiName'), param(req, 'listViewApiName'))
    );
  });

  const listRecordsRoute = async (req: Request, res: Response): Promise<void> => {
    res.json(
      await listRecords(
        context(deps, res),
        listViews,
        param(req, 'objectApiName'),
        param(req, 'listViewApiName'),
        listRecordsRequest(req)
      )
    );
  };
  ui.get('/list-records/:objectApiName/:listViewApiName', listRecordsRoute);
  ui.post('/list-records/:objectApiName/:listViewApiName', listRecordsRoute);

  ui.get('/object-info/batch/:objectApiNames', (req, res) => {
    const results = param(req, 'objectApiNames')
      .split(',')
      .filter(Boolean)
      .map((name) => {
        try {
          return { result: objectInfoFor(deps, locals(res).user, name), statusCode: 200 };
        } catch (error) {
          if (!(error instanceof ApiError)) throw error;
          return { result: [error.toJSON()], statusCode: error.status };
        }
      });
    res.json({ results });
  });

  ui.get('/object-info/:objectApiName', (req, res) => {
    res.json(objectInfoFor(deps, locals(res).user, param(req, 'objectApiName')));
  });

  ui.get('/object-info/:objectApiName/picklist-values/:recordTypeId', (req, res) => {
    const { apiVersion } = locals(res);
    res.json(
      recordTypePicklistValues(
        deps.schema,
        param(req, 'objectApiName'),
        param(req, 'recordTypeId'),
        apiVersion
      )
    );
  });

  ui.get('/object-info/:objectApiName/picklist-values/:recordTypeId/:fieldApiName', (req, res) => {
    const { apiVersion } = locals(res);
    res.json(
      fieldPicklistValues(
        deps.schema,
        param(req, 'objectApiName'),
        param(req, 'recordTypeId'),
        param(req, 'fieldApiName'),
        apiVersion
      )
    );
  });

  return router;
}
