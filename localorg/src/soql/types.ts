// The query engine's contract with the API layers: REST query/queryAll/queryMore and the
// UI API both go through it, so every read sees the same sharing and field-level security.
import type { FieldDef, ObjectDef } from '../schema/types.ts';
import type { SessionUser } from '../session.ts';

/** A piece of SQL with its own positional parameters ($1… renumbered by the compiler). */
export interface SqlFragment {
  sql: string;
  params: unknown[];
}

/**
 * What a user may see. The query engine asks, for every object a query touches
 * (the main object, parents reached through relationships, child subqueries), which rows
 * are visible, and for every field it names, whether the user may read it.
 */
export interface AccessPolicy {
  /** Predicate over `alias` restricting rows of `object`; null when every row is visible. */
  rowFilter(object: ObjectDef, alias: string, user: SessionUser): SqlFragment | null;
  objectReadable(object: ObjectDef, user: SessionUser): boolean;
  fieldReadable(object: ObjectDef, field: FieldDef, user: SessionUser): boolean;
}

/** A record in REST form: attributes, then fields; relationships nest as records. */
export interface ApiRecord {
  attributes: { type: string; url?: string };
  [field: string]: unknown;
}

export interface QueryResult {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
  records: ApiRecord[];
}

export interface QueryOptions {
  user: SessionUser;
  apiVersion: string;
  /** queryAll: include deleted (and archived) records. */
  includeDeleted?: boolean;
  /** From the Sforce-Query-Options header, 200–2000; Salesforce may return more per page. */
  batchSize?: number;
}

export interface QueryService {
  query(soql: string, options: QueryOptions): Promise<QueryResult>;
  /** Continues a query from the locator in nextRecordsUrl (e.g. 01gxx…-2000). */
  queryMore(locator: string, options: QueryOptions): Promise<QueryResult>;
}

export interface OrgSettings {
  /** 1–12: the month the fiscal year starts. */
  fiscalYearStartMonth: number;
  /** Fiscal year named after the year it ends in (false, the default) or starts in. */
  usesStartDateAsFiscalYearName: boolean;
}
