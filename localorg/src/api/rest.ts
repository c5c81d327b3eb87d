// The REST API under /services/data/vXX.X, as jsforce and the sf CLI call it: versions,
// describe, sObject rows, query/queryAll/queryMore, sObject Collections, sObject Tree
// and limits. Handlers only translate HTTP; the store and query engine do the work.
import express, { type Request, type Response, type Router } from 'express';
import type { ObjectDef, RecordValues, Schema } from '../schema/types.ts';
import { objectAsSeenBy, objectsSeenBy } from '../security/describe.ts';
import type { SessionUser } from '../session.ts';
import type { QueryService } from '../soql/types.ts';
import type { Db } from '../store/db.ts';
import { normalizeId } from '../store/ids.ts';
import { DmlError, objectOrThrow, type RecordStore } from '../store/records.ts';
import { createActionRoutes, type Outbox } from './actions.ts';
import { describeGlobal, describeObject, describeSummary } from './describe.ts';
import { MAX_COLLECTION_SIZE, saveAll } from './dml.ts';
import { ApiError, notFound } from './errors.ts';
import { locals, requireSession, type SessionResolver } from './http.ts';
import { countApiUsage, limitsBody, type ApiUsage } from './limits.ts';
import { importTree } from './tree.ts';

export interface RestDeps {
  db: Db;
  schema: Schema;
  queries: QueryService;
  /** A record store writing through the given connection (the root one, or a transaction's). */
  recordsFor: (connection: Db) => RecordStore;
  sessions: SessionResolver;
  usage: ApiUsage;
  /** Where the emailSimple action puts what it sends. */
  outbox: Outbox;
  clock: () => Date;
}

export const API_VERSIONS = ['58.0', '59.0', '60.0', '61.0', '62.0', '63.0', '64.0', '65.0'];

const badRequest = (errorCode: string, message: string): ApiError => new ApiError(400, errorCode, message);

function body(req: Request): Record<string, unknown> {
  if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
    throw badRequest('JSON_PARSER_ERROR', 'The request body must be a JSON object.');
  }
  return req.body as Record<string, unknown>;
}

/**
 * Salesforce reads a single field name in a path case-insensitively and validates it. `o` is
 * the object as the user sees it, so fields they cannot read are unknown and left out.
 */
function fieldList(o: ObjectDef, raw: unknown): string[] {
  if (typeof raw !== 'string' || raw.trim() === '') return o.fields.map((f) => f.name);
  return raw.split(',').map((name) => {
    const f = o.fields.find((candidate) => candidate.name.toLowerCase() === name.trim().toLowerCase());
    if (!f)
      throw new ApiError(400, 'INVALID_FIELD', `No such column '${name.trim()}' on entity '${o.name}'.`);
    return f.name;
  });
}

function idOrThrow(raw: string): string {
  const id = normalizeId(raw);
  if (!id) throw new ApiError(400, 'MALFORMED_ID', `Invalid Id: ${raw}`);
  return id;
}

/** Records by Id through the query engine, so reads see only what the user may see. */
async function readById(
  deps: RestDeps,
  o: ObjectDef,
  ids: string[],
  fields: string[],
  res: Response
): Promise<Map<string, Record<string, unknown>>> {
  const { user, apiVersion } = locals(res);
  const list = ids.map((id) => `'${idOrThrow(id)}'`).join(', ');
  const result = await deps.queries.query(
    `SELECT ${fields.join(', ')} FROM ${o.name} WHERE Id IN (${list})`,
    {
      user,
      apiVersion
    }
  );
  return new Map(result.records.map((r) => [String(r.Id), r]));
}

function recordType(record: Record<string, unknown>): string {
  const attributes = record.attributes as { type?: unknown } | undefined;
  if (typeof attributes?.type !== 'string') {
    throw new DmlError([
      {
        statusCode: 'INVALID_TYPE',
        message: 'Each record must name its sObject type in attributes.type',
        fields: []
      }
    ]);
  }
  return attributes.type;
}

function collectionRecords(req: Request): { records: Record<string, unknown>[]; allOrNone: boolean } {
  const payload = body(req);
  const records = payload.records;
  if (!Array.isArray(records))
    throw badRequest('JSON_PARSER_ERROR', 'The request must have a records array.');
  if (records.length > MAX_COLLECTION_SIZE) {
    throw badRequest(
      'EXCEEDED_ID_LIMIT',
      `record limit reached. cannot submit more than ${MAX_COLLECTION_SIZE} records into this call`
    );
  }
  return { records: records as Record<string, unknown>[], allOrNone: payload.allOrNone === true };
}

function withoutAttributes(record: Record<string, unknown>): RecordValues {
  const { attributes: _attributes, ...values } = record;
  return values;
}

export function createRestRouter(deps: RestDeps): Router {
  const { db, schema, queries, recordsFor, usage } = deps;
  const records = recordsFor(db);
  const router = express.Router();
  const api = express.Router({ mergeParams: true });
  router.get('/services/data', (_req, res) => {
    res.json(API_VERSIONS.map((v) => ({ label: `v${v}`, url: `/services/data/v${v}`, version: v })));
  });
  router.use(
    '/services/data/v:version',
    requireSession(deps.sessions),
    countApiUsage(usage),
    express.json({ limit: '50mb' }),
    api
  );

  api.get('/', (_req, res) => {
    const base = `/services/data/v${locals(res).apiVersion}`;
    const resources = ['sobjects', 'query', 'queryAll', 'composite', 'limits', 'ui-api', 'actions'];
    res.json(Object.fromEntries(resources.map((r) => [r, `${base}/${r}`])));
  });

  api.get('/limits', (_req, res) => {
    res.json(limitsBody(usage));
  });

  api.use(
    createActionRoutes({
      outbox: deps.outbox,
      clock: deps.clock,
      emailOf: async (userId) =>
        (await db.query<{ email: string | null }>('select email from "user" where id = $1', [userId])).rows[0]
          ?.email ?? null
    })
  );

  /** The object as the signed-in user sees it; one they cannot read is as missing as an unknown one. */
  const seenObject = (res: Response, name: string): ObjectDef => {
    const o = objectAsSeenBy(schema, locals(res).user, objectOrThrow(schema, name));
    if (!o) throw notFound();
    return o;
  };

  api.get('/sobjects', (_req, res) => {
    res.json(describeGlobal(objectsSeenBy(schema, locals(res).user), locals(res).apiVersion));
  });

  api.get('/sobjects/:object', (req, res) => {
    const o = seenObject(res, req.params.object as string);
    res.json({ objectDescribe: describeSummary(o, locals(res).apiVersion), recentItems: [] });
  });

  api.get('/sobjects/:object/describe', (req, res) => {
    res.json(describeObject(seenObject(res, req.params.object as string), locals(res).apiVersion));
  });

  api.post('/sobjects/:object', async (req, res) => {
    const o = objectOrThrow(schema, req.params.object as string);
    const values = withoutAttributes(body(req));
    if ('Id' in values) throw badRequest('INVALID_FIELD', 'Id not specified in an insert call');
    const id = await records.create(o.name, values, locals(res).user);
    res.status(201).json({ id, success: true, errors: [] });
  });

  api.get('/sobjects/:object/:id', async (req, res) => {
    const o = seenObject(res, req.params.object as string);
    const id = idOrThrow(req.params.id as string);
    const found = (await readById(deps, o, [id], fieldList(o, req.query.fields), res)).get(id);
    if (!found) throw notFound();
    res.json(found);
  });

  api.patch('/sobjects/:object/:id', async (req, res) => {
    const o = objectOrThrow(schema, req.params.object as string);
    await records.update(o.name, req.params.id as string, withoutAttributes(body(req)), locals(res).user);
    res.status(204).end();
  });

  api.delete('/sobjects/:object/:id', async (req, res) => {
    objectOrThrow(schema, req.params.object as string);
    await records.remove(req.params.id as string, locals(res).user);
    res.status(204).end();
  });

  // Upsert on an external Id: PATCH /sobjects/Obj/ExtField/value.
  api.patch('/sobjects/:object/:field/:value', async (req, res) => {
    const o = objectOrThrow(schema, req.params.object as string);
    const result = await records.upsert(
      o.name,
      req.params.field as string,
      req.params.value as string,
      withoutAttributes(body(req)),
      locals(res).user
    );
    res
      .status(result.created ? 201 : 200)
      .json({ id: result.id, success: true, errors: [], created: result.created });
  });

  const queryOptions = (req: Request, res: Response, includeDeleted: boolean) => {
    const header = req.get('Sforce-Query-Options') ?? '';
    const batch = /batchSize=(\d+)/i.exec(header)?.[1];
    return { ...locals(res), includeDeleted, ...(batch ? { batchSize: Number(batch) } : {}) };
  };
  for (const [path, includeDeleted] of [
    ['/query', false],
    ['/queryAll', true]
  ] as const) {
    api.get(path, async (req, res) => {
      const soql = req.query.q;
      if (typeof soql !== 'string' || soql.trim() === '') {
        throw badRequest('MALFORMED_QUERY', 'A query string has to be specified');
      }
      res.json(await queries.query(soql, queryOptions(req, res, includeDeleted)));
    });
    api.get(`${path}/:locator`, async (req, res) => {
      res.json(await queries.queryMore(req.params.locator as string, queryOptions(req, res, includeDeleted)));
    });
  }

  api.post('/composite/sobjects', async (req, res) => {
    const { records: items, allOrNone } = collectionRecords(req);
    const user: SessionUser = locals(res).user;
    res.json(
      await saveAll(db, items, allOrNone, async (record, connection) => {
        const values = withoutAttributes(record);
        if ('Id' in values)
          throw new DmlError([
            { statusCode: 'INVALID_FIELD', message: 'cannot specify Id in an insert call', fields: ['Id'] }
          ]);
        return { id: await recordsFor(connection).create(recordType(record), values, user) };
      })
    );
  });

  api.patch('/composite/sobjects', async (req, res) => {
    const { records: items, allOrNone } = collectionRecords(req);
    const user = locals(res).user;
    res.json(
      await saveAll(db, items, allOrNone, async (record, connection) => {
        const id = record.Id ?? record.id;
        if (typeof id !== 'string') {
          throw new DmlError([
            { statusCode: 'MISSING_ARGUMENT', message: 'Id not specified in an update call', fields: [] }
          ]);
        }
        await recordsFor(connection).update(recordType(record), id, withoutAttributes(record), user);
        return { id: normalizeId(id) as string };
      })
    );
  });

  api.patch('/composite/sobjects/:object/:field', async (req, res) => {
    const o = objectOrThrow(schema, req.params.object as string);
    const keyField = req.params.field as string;
    const { records: items, allOrNone } = collectionRecords(req);
    const user = locals(res).user;
    res.json(
      await saveAll(db, items, allOrNone, async (record, connection) => {
        recordType(record);
        const values = withoutAttributes(record);
        const key = Object.entries(values).find(
          ([name]) => name.toLowerCase() === keyField.toLowerCase()
        )?.[1];
        if (typeof key !== 'string' || key === '') {
          throw new DmlError([
            { statusCode: 'MISSING_ARGUMENT', message: `${keyField} not specified`, fields: [keyField] }
          ]);
        }
        return recordsFor(connection).upsert(o.name, keyField, key, values, user);
      })
    );
  });

  api.delete('/composite/sobjects', async (req, res) => {
    const ids = typeof req.query.ids === 'string' ? req.query.ids.split(',').filter(Boolean) : [];
    if (ids.length > MAX_COLLECTION_SIZE) throw badRequest('EXCEEDED_ID_LIMIT', 'too many ids');
    const user = locals(res).user;
    res.json(
      await saveAll(db, ids, req.query.allOrNone === 'true', async (id, connection) => {
        await recordsFor(connection).remove(id, user);
        return { id: normalizeId(id) ?? id };
      })
    );
  });

  api.get('/composite/sobjects/:object', async (req, res) => {
    const o = seenObject(res, req.params.object as string);
    const ids = typeof req.query.ids === 'string' ? req.query.ids.split(',').filter(Boolean) : [];
    if (ids.length > 2000) throw badRequest('EXCEEDED_ID_LIMIT', 'too many ids');
    const found = await readById(deps, o, ids, fieldList(o, req.query.fields), res);
    res.json(ids.map((id) => found.get(normalizeId(id) ?? '') ?? null));
  });

  api.post('/composite/tree/:object', async (req, res) => {
    const o = objectOrThrow(schema, req.params.object as string);
    const result = await importTree(db, schema, recordsFor, o, body(req), locals(res).user);
    res.status(result.hasErrors ? 400 : 201).json(result);
  });

  return router;
}
