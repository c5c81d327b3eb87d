// Aggregate queries, composed from a parse tree with @jetstreamapp/soql-parser-js rather than
// by pasting strings: our own conditions (partner Ids, the date window) and the admin's
// checked criteria are nodes of one tree, and the text sent is what the composer prints.
// Every value placed in the tree is checked first: Ids against the Id format, names against
// the describe, dates by luxon.
import {
  composeQuery,
  parseQuery,
  type FieldFunctionExpression,
  type FieldType,
  type GroupByClause,
  type LiteralType,
  type Operator,
  type WhereClause
} from '@jetstreamapp/soql-parser-js';
import type { AggregateFunction } from './model.ts';

/** Salesforce returns at most 2,000 rows for an aggregate query, and cannot page through more. */
export const MAX_AGGREGATE_ROWS = 2000;

const SALESFORCE_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;
const API_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

export function isSalesforceId(value: unknown): value is string {
  return typeof value === 'string' && SALESFORCE_ID.test(value);
}

/** A bound of the date window, as a literal of the date field's type. */
export interface WindowBound {
  operator: Extract<Operator, '>=' | '<' | '<='>;
  literal: string;
  literalType: Extract<LiteralType, 'DATE' | 'DATETIME'>;
}

export interface AggregateQuerySpec {
  object: string;
  partnerField: string;
  dateField: string;
  /** Wrap the date field in convertTimezone() inside the bucket functions (datetime fields only). */
  convertTimezone: boolean;
  partnerIds: readonly string[];
  window: readonly WindowBound[];
  /** Checked conditions (the source's filter, the objective's criteria), each kept whole in parentheses. */
  conditions: readonly WhereClause[];
  /** The aggregates to select, in order; their columns are valueColumn(0), valueColumn(1)… */
  values: readonly AggregateValue[];
  /** Date functions to group by, e.g. CALENDAR_YEAR, CALENDAR_MONTH; empty for one value per partner. */
  buckets: readonly string[];
}

export interface AggregateValue {
  fn: AggregateFunction;
  /** API name as the describe spells it; Id for COUNT of records. */
  field: string;
}

/** Column aliases in the result rows; the partner column keeps the partner field's name. */
export const valueColumn = (index: number): string => `v${index}`;
export const bucketColumn = (index: number): string => `b${index}`;

function dateArgument(spec: AggregateQuerySpec): string | FieldFunctionExpression {
  return spec.convertTimezone
    ? { type: 'FieldFunctionExpression', functionName: 'convertTimezone', parameters: [spec.dateField] }
    : spec.dateField;
}

function lastNode(clause: WhereClause): WhereClause {
  let node = clause;
  while ('right' in node && node.right) node = node.right;
  return node;
}

/** `clause` inside one more pair of parentheses. */
function parenthesized(clause: WhereClause): WhereClause {
  const copy = structuredClone(clause);
  if (copy.left === null) Object.assign(copy, { left: { openParen: 1 } });
  else copy.left.openParen = (copy.left.openParen ?? 0) + 1;
  const last = lastNode(copy).left;
  if (!last || !('operator' in last)) throw new Error('parenthesized: clause does not end in a condition');
  last.closeParen = (last.closeParen ?? 0) + 1;
  return copy;
}

/** The clauses joined by AND, in order. */
function allOf(clauses: readonly WhereClause[]): WhereClause {
  return clauses.reduceRight((rest, clause) => {
    const copy = structuredClone(clause);
    Object.assign(lastNode(copy), { operator: 'AND', right: rest });
    return copy;
  });
}

function assertApiName(name: string): void {
  if (!API_NAME.test(name)) throw new Error(`Not an API name: ${JSON.stringify(name)}`);
}

/** What every query over a source filters on: the partners, the date window and the checked conditions. */
type SourceFilter = Pick<
  AggregateQuerySpec,
  'object' | 'partnerField' | 'dateField' | 'partnerIds' | 'window' | 'conditions'
>;

function sourceWhere(spec: SourceFilter, caller: string): WhereClause {
  [spec.object, spec.partnerField, spec.dateField].forEach(assertApiName);
  if (spec.partnerIds.length === 0) throw new Error(`${caller}: no partner Ids`);
  const badId = spec.partnerIds.find((id) => !isSalesforceId(id));
  if (badId !== undefined) throw new Error(`${caller}: not a Salesforce Id: ${JSON.stringify(badId)}`);
  return allOf([
    {
      left: {
        field: spec.partnerField,
        operator: 'IN',
        value: spec.partnerIds.map((id) => `'${id}'`),
        literalType: 'STRING'
      }
    },
    ...spec.window.map((bound): WhereClause => ({
      left: {
        field: spec.dateField,
        operator: bound.operator,
        value: bound.literal,
        literalType: bound.literalType
      }
    })),
    ...spec.conditions.map(parenthesized)
  ]);
}

/** What is sent must read back as itself: otherwise some value in the tree was not the single token it claimed to be. */
function roundTripped(soql: string, caller: string): string {
  if (composeQuery(parseQuery(soql)) !== soql)
    throw new Error(`${caller}: composed SOQL does not round-trip: ${soql}`);
  return soql;
}

/**
 * The records behind an aggregate, one row each with `fields`: for sources the connector
 * aggregates itself (records in several currencies under dated rates, or too many for
 * grouped queries). Same filter as aggregateQuery, so both paths read the same records.
 */
export function recordQuery(spec: SourceFilter & { fields: readonly string[] }): string {
  spec.fields.forEach(assertApiName);
  if (spec.fields.length === 0) throw new Error('recordQuery: no fields');
  const where = sourceWhere(spec, 'recordQuery');
  const fields: FieldType[] = [...new Set(spec.fields)].map((field) => ({ type: 'Field', field }));
  return roundTripped(composeQuery({ fields, sObject: spec.object, where }), 'recordQuery');
}

export function aggregateQuery(spec: AggregateQuerySpec): string {
  spec.values.forEach((v) => assertApiName(v.field));
  if (spec.values.length === 0) throw new Error('aggregateQuery: no values');
  const where = sourceWhere(spec, 'aggregateQuery');

  const fields: FieldType[] = [
    { type: 'Field', field: spec.partnerField },
    ...spec.buckets.map((fn, index): FieldFunctionExpression => ({
      type: 'FieldFunctionExpression',
      functionName: fn,
      parameters: [dateArgument(spec)],
      alias: bucketColumn(index)
    })),
    ...spec.values.map((value, index): FieldFunctionExpression => ({
      type: 'FieldFunctionExpression',
      functionName: value.fn,
      parameters: [value.field],
      alias: valueColumn(index),
      isAggregateFn: true
    }))
  ];
  const groupBy: GroupByClause[] = [
    { field: spec.partnerField },
    ...spec.buckets.map((fn) => ({ fn: { functionName: fn, parameters: [dateArgument(spec)] } }))
  ];
  return roundTripped(composeQuery({ fields, sObject: spec.object, where, groupBy }), 'aggregateQuery');
}

/**
 * How many records of a source have a partner at all: one cheap aggregate (no grouping) that
 * tells whether the source is too large for grouped queries. Its count is in valueColumn(0).
 */
export function countQuery(spec: Pick<AggregateQuerySpec, 'object' | 'partnerField' | 'conditions'>): string {
  [spec.object, spec.partnerField].forEach(assertApiName);
  const where = allOf([
    { left: { field: spec.partnerField, operator: '!=', value: 'NULL', literalType: 'NULL' } },
    ...spec.conditions.map(parenthesized)
  ]);
  const fields: FieldType[] = [
    {
      type: 'FieldFunctionExpression',
      functionName: 'COUNT',
      parameters: ['Id'],
      alias: valueColumn(0),
      isAggregateFn: true
    }
  ];
  return roundTripped(composeQuery({ fields, sObject: spec.object, where }), 'countQuery');
}
