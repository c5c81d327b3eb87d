// The query engine behind REST query / queryAll / queryMore: parse, resolve against the
// schema under the caller's access, compile to one SQL statement, run it, shape and page.
import { ApiError } from '../api/errors.ts';
import type { Schema } from '../schema/types.ts';
import type { Db } from '../store/db.ts';
import { AGGREGATE_ROWS, compileQuery } from './compile.ts';
import { CursorStore } from './cursors.ts';
import { parseSoql } from './parse.ts';
import { createContext } from './resolve.ts';
import { rowCells, shapeAggregate, shapeRecord } from './shape.ts';
import { Params } from './sql.ts';
import type {
  AccessPolicy,
  ApiRecord,
  OrgSettings,
  QueryOptions,
  QueryResult,
  QueryService
} from './types.ts';

export interface QueryServiceDeps {
  db: Db;
  schema: Schema;
  access: AccessPolicy;
  org: OrgSettings;
  /** Now, for date literals such as TODAY and for cursor expiry. */
  clock: () => Date;
}

const DEFAULT_BATCH = 2000;
const MIN_BATCH = 200;

/** Sforce-Query-Options batchSize: 200–2000, default 2000 (Salesforce treats it as a hint). */
function pageSize(options: QueryOptions): number {
  const requested = options.batchSize ?? DEFAULT_BATCH;
  return Math.min(DEFAULT_BATCH, Math.max(MIN_BATCH, Math.trunc(requested)));
}

export function createQueryService(deps: QueryServiceDeps): QueryService {
  const cursors = new CursorStore({ clock: deps.clock });

  async function query(soql: string, options: QueryOptions): Promise<QueryResult> {
    const parsed = parseSoql(soql);
    const params = new Params();
    const ctx = createContext({
      soql,
      schema: deps.schema,
      access: deps.access,
      user: options.user,
      org: deps.org,
      now: deps.clock(),
      includeDeleted: options.includeDeleted ?? false,
      params
    });
    const compiled = compileQuery(ctx, parsed);
    const { rows } = await deps.db.query<Record<string, unknown>>(compiled.sql, params.values);

    if (compiled.kind === 'count') {
      return { totalSize: Number(rows[0]?.c0 ?? 0), done: true, records: [] };
    }
    if (compiled.kind === 'aggregate') {
      if (rows.length > AGGREGATE_ROWS) {
        throw new ApiError(
          400,
          'EXCEEDED_ID_LIMIT',
          'Aggregate query does not support queryMore(), use LIMIT to restrict the results to a single batch'
        );
      }
      const records = rows.map((row) => shapeAggregate(compiled.outputs, rowCells(row)));
      return { totalSize: records.length, done: true, records };
    }
    const records = rows.map(
      (row) => shapeRecord(compiled.plan, rowCells(row), options.apiVersion) as ApiRecord
    );
    return cursors.firstPage(records, options.user.id, pageSize(options), options.apiVersion);
  }

  return {
    query,
    queryMore: async (locator, options) =>
      cursors.more(locator, options.user.id, pageSize(options), options.apiVersion)
  };
}
