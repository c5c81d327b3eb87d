// The selections of a GraphQL record query checked against the org's schema as the current
// user sees it (objects and fields they cannot read do not exist, as in Salesforce's per-user
// GraphQL schema) and turned into a plan: which connections, filters, sort orders, pages and
// fields to fetch. Filters and sort orders become SOQL from the schema's own names and
// quoted literals only.
import type { ArgumentNode, FieldNode } from 'graphql';
import type { ChildRelationship, FieldDef, ObjectDef } from '../../schema/types.ts';
import { ApiError } from '../errors.ts';
import { resolvePath, soqlName, type Resolver } from '../uiapi/fieldPaths.ts';
import { filterCondition, type Literal } from '../uiapi/whereFilter.ts';
import { validationError } from './errors.ts';
import { fieldsOf, responseKey, valueOf, type Operation } from './document.ts';

export type Typename = { kind: 'typename'; key: string; typename: string };

export type ValuePart = 'value' | 'displayValue' | 'label';

export type NodeSelection =
  | Typename
  | { kind: 'id'; key: string }
  | { kind: 'value'; key: string; field: FieldDef; parts: Array<{ key: string; part: ValuePart } | Typename> }
  | { kind: 'parent'; key: string; reference: FieldDef; node: NodePlan }
  | { kind: 'children'; key: string; relationship: ChildRelationship; connection: ConnectionPlan };

export interface NodePlan {
  object: ObjectDef;
  selections: NodeSelection[];
}

export type PageInfoPart = 'hasNextPage' | 'hasPreviousPage' | 'startCursor' | 'endCursor';

export type EdgeSelection =
  Typename | { kind: 'node'; key: string; node: NodePlan } | { kind: 'cursor'; key: string };

export type ConnectionSelection =
  | Typename
  | { kind: 'edges'; key: string; selections: EdgeSelection[] }
  | { kind: 'pageInfo'; key: string; parts: Array<{ key: string; part: PageInfoPart } | Typename> }
  | { kind: 'totalCount'; key: string };

export interface ConnectionPlan {
  object: ObjectDef;
  /** A SOQL condition built from schema names and quoted literals, or null for every record. */
  where: string | null;
  /** SOQL ORDER BY items, most significant first. */
  orderBy: string[];
  first: number;
  /** Records skipped: the position after the `after` cursor. */
  offset: number;
  selections: ConnectionSelection[];
}

export interface QueryPlan {
  key: string;
  path: string[];
  connection: ConnectionPlan;
}

/** GraphQL returns 10 records unless asked for more, and at most 2,000. */
export const DEFAULT_FIRST = 10;
export const MAX_FIRST = 2000;

const VALUE_TYPES: Record<string, string> = {
  id: 'IDValue',
  reference: 'IDValue',
  string: 'StringValue',
  textarea: 'TextAreaValue',
  picklist: 'PicklistValue',
  multipicklist: 'MultiPicklistValue',
  boolean: 'BooleanValue',
  int: 'IntValue',
  double: 'DoubleValue',
  currency: 'CurrencyValue',
  percent: 'PercentValue',
  date: 'DateValue',
  datetime: 'DateTimeValue',
  email: 'EmailValue',
  phone: 'PhoneValue',
  url: 'UrlValue'
};

const PAGE_INFO: readonly string[] = ['hasNextPage', 'hasPreviousPage', 'startCursor', 'endCursor'];

/** Cursors are opaque to clients; like Salesforce's they encode the record's position. */
export function cursorOf(position: number): string {
  return Buffer.from(`v1:${position}`).toString('base64');
}

function positionOf(cursor: string): number | undefined {
  const match = /^v1:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  return match ? Number(match[1]) : undefined;
}

export class Planner {
  readonly op: Operation;
  readonly r: Resolver;

  constructor(op: Operation, r: Resolver) {
    this.op = op;
    this.r = r;
  }

  fail(type: string, message: string, path: string[], node?: FieldNode | ArgumentNode) {
    return validationError(this.op.source, type, message, path, node);
  }

  undefinedField(field: FieldNode, typeName: string, path: string[]) {
    return this.fail(
      'FieldUndefined',
      `Field '${field.name.value}' in type '${typeName}' is undefined`,
      [...path, field.name.value],
      field
    );
  }

  /** Leaf fields take no selection; object fields need one. */
  leaf(field: FieldNode, typeName: string, path: string[]): void {
    if (field.selectionSet)
      throw this.fail(
        'SubSelectionNotAllowed',
        `Sub selection not allowed on leaf type ${typeName} of field ${field.name.value}`,
        [...path, field.name.value],
        field
      );
  }

  branch(field: FieldNode, typeName: string, path: string[]): void {
    if (!field.selectionSet)
      throw this.fail(
        'SubSelectionRequired',
        `Sub selection required for type ${typeName} of field ${field.name.value}`,
        [...path, field.name.value],
        field
      );
  }

  /** `uiapi { query { Business_Plan__c(...) {...} } }`: one plan per object query. */
  queries(): QueryPlan[] {
    const plans: QueryPlan[] = [];
    for (const uiapi of fieldsOf(this.op, this.op.operation.selectionSet, 'Query', [])) {
      if (uiapi.name.value === '__typename') continue;
      if (uiapi.name.value !== 'uiapi') throw this.undefinedField(uiapi, 'Query', []);
      this.branch(uiapi, 'UIAPI', []);
      for (const query of fieldsOf(this.op, uiapi.selectionSet, 'UIAPI', ['uiapi'])) {
        if (query.name.value === '__typename') continue;
        if (query.name.value !== 'query') throw this.undefinedField(query, 'UIAPI', ['uiapi']);
        this.branch(query, 'RecordQuery', ['uiapi']);
        for (const field of fieldsOf(this.op, query.selectionSet, 'RecordQuery', ['uiapi', 'query'])) {
          if (field.name.value === '__typename') continue;
          const path = ['uiapi', 'query', field.name.value];
          const object = this.r.schema.object(field.name.value);
          const readable = object && resolvePath(this.r, object, ['Id']);
          if (!object || !readable || object.name !== field.name.value)
            throw this.undefinedField(field, 'RecordQuery', ['uiapi', 'query']);
          this.branch(field, `${object.name}Connection`, ['uiapi', 'query']);
          plans.push({ key: responseKey(field), path, connection: this.connection(object, field, path) });
        }
      }
    }
    return plans;
  }

  argumentValue(field: FieldNode, name: string, expectedType: string, path: string[]): Literal | undefined {
    const argument = field.arguments?.find((a) => a.name.value === name);
    if (!argument) return undefined;
    if (argument.value.kind === 'Variable') {
      const declared = this.op.variableTypes.get(argument.value.name.value)?.replace(/!$/, '');
      if (declared !== expectedType)
        throw this.fail(
          'VariableTypeMismatch',
          `Variable type '${declared}' doesn't match expected type '${expectedType}'`,
          path,
          argument
        );
    }
    const value = valueOf(this.op, argument.value);
    return value === null ? undefined : value;
  }

  connection(object: ObjectDef, field: FieldNode, path: string[]): ConnectionPlan {
    const known = new Set(['where', 'orderBy', 'first', 'after', 'scope']);
    const unknown = field.arguments?.find((a) => !known.has(a.name.value));
    if (unknown)
      throw this.fail('UnknownArgument', `Unknown field argument ${unknown.name.value}`, path, unknown);
    const whereValue = this.argumentValue(field, 'where', `${object.name}_Filter`, path);
    const conditions: string[] = [];
    if (whereValue !== undefined) conditions.push(this.filter(object, whereValue, field, path));
    const scope = this.argumentValue(field, 'scope', `${object.name}Scope`, path);
    if (scope !== undefined) {
      if (scope === 'MINE' && this.r.schema.field(object, 'OwnerId'))
        conditions.push(`OwnerId = '${this.r.user.id}'`);
      else if (scope !== 'EVERYTHING')
        throw this.fail(
          'WrongType',
          `argument 'scope' takes MINE or EVERYTHING on ${object.name}`,
          path,
          field
        );
    }
    const first = this.argumentValue(field, 'first', 'Int', path) ?? DEFAULT_FIRST;
    if (typeof first !== 'number' || !Number.isInteger(first) || first < 0 || first > MAX_FIRST)
      throw this.fail('WrongType', `argument 'first' must be an integer from 0 to ${MAX_FIRST}`, path, field);
    const after = this.argumentValue(field, 'after', 'String', path);
    const afterPosition = typeof after === 'string' ? positionOf(after) : undefined;
    if (after !== undefined && afterPosition === undefined)
      throw this.fail('WrongType', `argument 'after' is not a cursor this query returned`, path, field);
    return {
      object,
      where: conditions.length === 0 ? null : conditions.map((c) => `(${c})`).join(' AND '),
      orderBy: this.orderBy(
        object,
        this.argumentValue(field, 'orderBy', `${object.name}_OrderBy`, path),
        field,
        path
      ),
      first,
      offset: afterPosition === undefined ? 0 : afterPosition + 1,
      selections: this.connectionSelections(object, field, path)
    };
  }

  filter(object: ObjectDef, where: Literal, field: FieldNode, path: string[]): string {
    try {
      return filterCondition(this.r, object, where);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      throw this.fail(
        'WrongType',
        `argument 'where' is not valid: ${error.message.replace(/^Invalid where: /, '')}`,
        path,
        field
      );
    }
  }

  /** `{ Name: { order: ASC, nulls: LAST } }`, parents as `{ Account__r: { Name: { order: DESC } } }`. */
  orderBy(object: ObjectDef, value: Literal | undefined, field: FieldNode, path: string[]): string[] {
    if (value === undefined) return [];
    const wrong = (message: string) => this.fail('WrongType', `argument 'orderBy' ${message}`, path, field);
    const items: string[] = [];
    const walk = (node: Literal, prefix: string[]): void => {
      if (typeof node !== 'object' || node === null || Array.isArray(node))
        throw wrong('takes an input object');
      for (const [key, spec] of Object.entries(node)) {
        const resolved = resolvePath(this.r, object, [...prefix, key]);
        if (!resolved) {
          if (resolvePath(this.r, object, [...prefix, key, 'Id'])) {
            walk(spec, [...prefix, key]);
            continue;
          }
          throw wrong(`names no field ${[...prefix, key].join('.')} on ${object.name}`);
        }
        if (!resolved.field.sortable) throw wrong(`cannot sort by ${[...prefix, key].join('.')}`);
        if (typeof spec !== 'object' || spec === null || Array.isArray(spec))
          throw wrong(`${key} takes { order, nulls }`);
        const { order = 'ASC', nulls, ...rest } = spec;
        if (Object.keys(rest).length > 0 || (order !== 'ASC' && order !== 'DESC'))
          throw wrong(`${key} takes order ASC or DESC`);
        if (nulls !== undefined && nulls !== 'FIRST' && nulls !== 'LAST')
          throw wrong(`${key} takes nulls FIRST or LAST`);
        items.push(`${soqlName(resolved)} ${order}${nulls ? ` NULLS ${nulls}` : ''}`);
      }
    };
    walk(value, []);
    return items;
  }

  connectionSelections(object: ObjectDef, field: FieldNode, path: string[]): ConnectionSelection[] {
    const typeName = `${object.name}Connection`;
    const here = [...path];
    return fieldsOf(this.op, field.selectionSet, typeName, here).map((f): ConnectionSelection => {
      const key = responseKey(f);
      switch (f.name.value) {
        case '__typename':
          return { kind: 'typename', key, typename: typeName };
        case 'totalCount':
          this.leaf(f, 'Int', here);
          return { kind: 'totalCount', key };
        case 'pageInfo':
          this.branch(f, 'PageInfo', here);
          return {
            kind: 'pageInfo',
            key,
            parts: fieldsOf(this.op, f.selectionSet, 'PageInfo', [...here, 'pageInfo']).map((p) => {
              if (p.name.value === '__typename')
                return { kind: 'typename', key: responseKey(p), typename: 'PageInfo' };
              if (!PAGE_INFO.includes(p.name.value))
                throw this.undefinedField(p, 'PageInfo', [...here, 'pageInfo']);
              this.leaf(p, 'PageInfo', [...here, 'pageInfo']);
              return { key: responseKey(p), part: p.name.value as PageInfoPart };
            })
          };
        case 'edges':
          this.branch(f, `${object.name}Edge`, here);
          return { kind: 'edges', key, selections: this.edgeSelections(object, f, [...here, 'edges']) };
        default:
          throw this.undefinedField(f, typeName, here);
      }
    });
  }

  edgeSelections(object: ObjectDef, field: FieldNode, path: string[]): EdgeSelection[] {
    const typeName = `${object.name}Edge`;
    return fieldsOf(this.op, field.selectionSet, typeName, path).map((f): EdgeSelection => {
      const key = responseKey(f);
      if (f.name.value === '__typename') return { kind: 'typename', key, typename: typeName };
      if (f.name.value === 'cursor') {
        this.leaf(f, 'String', path);
        return { kind: 'cursor', key };
      }
      if (f.name.value !== 'node') throw this.undefinedField(f, typeName, path);
      this.branch(f, object.name, path);
      return { kind: 'node', key, node: this.node(object, f, [...path, 'node']) };
    });
  }

  node(object: ObjectDef, field: FieldNode, path: string[]): NodePlan {
    const selections = fieldsOf(this.op, field.selectionSet, object.name, path).map((f): NodeSelection => {
      const key = responseKey(f);
      const name = f.name.value;
      if (name === '__typename') return { kind: 'typename', key, typename: object.name };
      if (name === 'Id') {
        this.leaf(f, 'ID', path);
        return { kind: 'id', key };
      }
      const resolved = resolvePath(this.r, object, [name]);
      if (resolved && resolved.field.name === name) return this.value(resolved.field, f, path);
      const reference = this.r.schema.relationship(object, name);
      const parent = reference && resolvePath(this.r, object, [name, 'Id']);
      if (reference && parent && reference.relationshipName === name) {
        this.branch(f, parent.object.name, path);
        return { kind: 'parent', key, reference, node: this.node(parent.object, f, [...path, name]) };
      }
      const relationship = object.childRelationships.find((c) => c.relationshipName === name);
      const child = relationship && this.r.schema.object(relationship.childSObject);
      if (relationship && child && resolvePath(this.r, child, ['Id'])) {
        // SOQL, which the query runs as, nests child subqueries one level deep.
        if (path.filter((p) => p === 'edges').length > 1)
          throw this.fail(
            'UnsupportedQuery',
            `Child relationship ${name} cannot be queried inside another child relationship`,
            [...path, name],
            f
          );
        this.branch(f, `${child.name}Connection`, path);
        return {
          kind: 'children',
          key,
          relationship,
          connection: this.connection(child, f, [...path, name])
        };
      }
      throw this.undefinedField(f, object.name, path);
    });
    return { object, selections };
  }

  value(field: FieldDef, node: FieldNode, path: string[]): NodeSelection {
    const typeName = VALUE_TYPES[field.type] ?? 'StringValue';
    this.branch(node, typeName, path);
    const here = [...path, field.name];
    const allowed =
      field.type === 'picklist' || field.type === 'multipicklist'
        ? ['value', 'displayValue', 'label']
        : ['value', 'displayValue'];
    const parts = fieldsOf(this.op, node.selectionSet, typeName, here).map((p) => {
      if (p.name.value === '__typename')
        return { kind: 'typename' as const, key: responseKey(p), typename: typeName };
      if (!allowed.includes(p.name.value)) throw this.undefinedField(p, typeName, here);
      this.leaf(p, 'String', here);
      return { key: responseKey(p), part: p.name.value as ValuePart };
    });
    return { kind: 'value', key: responseKey(node), field, parts };
  }
}
