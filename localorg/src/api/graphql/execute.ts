// Runs a GraphQL record query through the local org's SOQL engine, so the current user's
// sharing, field-level security and restriction rules apply as they do to every other read,
// and shapes the records as Salesforce's GraphQL API returns them:
// { data: { uiapi: { query: { Obj: { edges: [{ node }], pageInfo, totalCount } } } }, errors: [] }.
import type { FieldDef } from '../../schema/types.ts';
import type { ApiRecord, QueryResult } from '../../soql/types.ts';
import { ApiError } from '../errors.ts';
import type { UiApiContext } from '../uiapi/records.ts';
import { fieldValue } from '../uiapi/values.ts';
import { prepare, type GraphQLRequest } from './document.ts';
import { GraphQLRequestError, type GraphQLErrorBody } from './errors.ts';
import { cursorOf, Planner, type ConnectionPlan, type NodePlan, type QueryPlan } from './plan.ts';
import { childCountSoql, countSoql, nodesOf, recordsSoql } from './soql.ts';

export interface GraphQLResponse {
  data?: Record<string, unknown>;
  errors: GraphQLErrorBody[];
}

type Json = Record<string, unknown>;

/** Child connections' totalCount per parent record Id, keyed by relationship name. */
type ChildCounts = Map<string, Map<string, number>>;

class Runner {
  readonly ctx: UiApiContext;

  constructor(ctx: UiApiContext) {
    this.ctx = ctx;
  }

  async soql(soql: string): Promise<QueryResult> {
    return this.ctx.queries.query(soql, { user: this.ctx.user, apiVersion: this.ctx.apiVersion });
  }

  async connection(plan: ConnectionPlan): Promise<Json> {
    const result = await this.soql(recordsSoql(plan, plan.object.name));
    const wantsCount = plan.selections.some((s) => s.kind === 'totalCount');
    const total = wantsCount ? (await this.soql(countSoql(plan))).totalSize : 0;
    const page = result.records.slice(0, plan.first);
    const counts = await this.childCounts(plan, page);
    return this.shapeConnection(
      plan,
      page,
      !result.done || result.records.length > plan.first,
      total,
      counts
    );
  }

  /** One grouped count per child connection that asks for totalCount, over the page's parents. */
  async childCounts(plan: ConnectionPlan, page: ApiRecord[]): Promise<ChildCounts> {
    const counts: ChildCounts = new Map();
    if (page.length === 0) return counts;
    const ids = page.map((r) => String(r.Id));
    for (const node of nodesOf(plan)) {
      for (const s of node.selections) {
        if (s.kind !== 'children' || !s.connection.selections.some((c) => c.kind === 'totalCount')) continue;
        const name = s.relationship.relationshipName as string;
        if (counts.has(name)) continue;
        const rows = await this.soql(
          childCountSoql(s.connection.object, s.relationship.field, s.connection, ids)
        );
        counts.set(
          name,
          new Map(rows.records.map((row) => [String(row[s.relationship.field]), Number(row.total)]))
        );
      }
    }
    return counts;
  }

  shapeConnection(
    plan: ConnectionPlan,
    page: ApiRecord[],
    hasNextPage: boolean,
    total: number,
    counts: ChildCounts
  ): Json {
    const out: Json = {};
    const cursor = (i: number): string => cursorOf(plan.offset + i);
    for (const s of plan.selections) {
      if (s.kind === 'typename') out[s.key] = s.typename;
      else if (s.kind === 'totalCount') out[s.key] = total;
      else if (s.kind === 'pageInfo') {
        const info: Record<string, unknown> = {
          hasNextPage,
          hasPreviousPage: plan.offset > 0,
          startCursor: page.length > 0 ? cursor(0) : null,
          endCursor: page.length > 0 ? cursor(page.length - 1) : null
        };
        out[s.key] = Object.fromEntries(
          s.parts.map((p) => ('part' in p ? [p.key, info[p.part]] : [p.key, p.typename]))
        );
      } else {
        out[s.key] = page.map((record, i) => {
          const edge: Json = {};
          for (const e of s.selections) {
            if (e.kind === 'typename') edge[e.key] = e.typename;
            else if (e.kind === 'cursor') edge[e.key] = cursor(i);
            else edge[e.key] = this.shapeNode(e.node, record, counts);
          }
          return edge;
        });
      }
    }
    return out;
  }

  shapeNode(node: NodePlan, record: ApiRecord, counts: ChildCounts): Json {
    const out: Json = {};
    for (const s of node.selections) {
      switch (s.kind) {
        case 'typename':
          out[s.key] = s.typename;
          break;
        case 'id':
          out[s.key] = record.Id;
          break;
        case 'value':
          out[s.key] = this.shapeValue(s.field, record[s.field.name], s.parts);
          break;
        case 'parent': {
          const parent = record[s.reference.relationshipName as string] as ApiRecord | null | undefined;
          out[s.key] = parent ? this.shapeNode(s.node, parent, new Map()) : null;
          break;
        }
        case 'children': {
          const name = s.relationship.relationshipName as string;
          const children = record[name] as QueryResult | null | undefined;
          const rows = children?.records ?? [];
          const total = counts.get(name)?.get(String(record.Id)) ?? 0;
          const page = rows.slice(0, s.connection.first);
          out[s.key] = this.shapeConnection(
            s.connection,
            page,
            rows.length > s.connection.first,
            total,
            new Map()
          );
          break;
        }
      }
    }
    return out;
  }

  shapeValue(field: FieldDef, raw: unknown, parts: NodePlanValueParts): Json {
    const { value, displayValue } = fieldValue(field, raw, this.ctx.user);
    const label = (v: string): string => field.picklistValues.find((p) => p.value === v)?.label ?? v;
    const labels = typeof value === 'string' ? value.split(';').map(label).join(';') : null;
    const values: Record<string, unknown> = { value, displayValue, label: labels };
    return Object.fromEntries(
      parts.map((p) => ('part' in p ? [p.key, values[p.part]] : [p.key, p.typename]))
    );
  }
}

type NodePlanValueParts = Extract<NodePlan['selections'][number], { kind: 'value' }>['parts'];

/** Puts one object query's result (or null) at uiapi.query.<key>, keeping the request's order. */
function place(data: Json, plan: QueryPlan, value: Json | null): void {
  const uiapi = (data.uiapi ??= {}) as Json;
  const query = (uiapi.query ??= {}) as Json;
  query[plan.key] = value;
}

export async function executeGraphQL(ctx: UiApiContext, request: GraphQLRequest): Promise<GraphQLResponse> {
  let plans: QueryPlan[];
  try {
    plans = new Planner(prepare(request), ctx).queries();
  } catch (error) {
    if (error instanceof GraphQLRequestError) return { errors: error.errors };
    throw error;
  }
  const runner = new Runner(ctx);
  const data: Json = {};
  const errors: GraphQLErrorBody[] = [];
  for (const plan of plans) {
    try {
      place(data, plan, await runner.connection(plan.connection));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      place(data, plan, null);
      errors.push({
        message: error.message,
        locations: [],
        path: plan.path,
        extensions: { classification: 'DataFetchingException' }
      });
    }
  }
  return { data, errors };
}
