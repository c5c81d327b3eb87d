// List views: force-app's listViews/ (read through source-deploy-retrieve) and, for standard
// objects the package gives none, the ones a new org comes with. Columns and filters are
// resolved against the schema when the org starts, and each view's filter becomes one SOQL
// condition built from the schema's own names and quoted values, so a list view an org
// would reject stops the start-up instead of showing the wrong records.
import { createHash } from 'node:crypto';
import { ComponentSet, type SourceComponent } from '@salesforce/source-deploy-retrieve';
import { existsSync } from 'node:fs';
import { idSuffix } from '../store/ids.ts';
import type { FieldDef, ObjectDef, Schema } from './types.ts';
import { list, type Xml } from './xml.ts';

/** ListView metadata as written in a .listView-meta.xml file. */
export interface ListViewMetadata {
  object: string;
  fullName: string;
  label: string;
  /** NAME, Partner_Account__c, ACCOUNT.NAME, CORE.USERS.ALIAS… */
  columns: string[];
  /** Everything, Mine, Queue, Team… */
  filterScope: string;
  filters: Array<{ field: string; operation: string; value: string }>;
  /** 1 AND (2 OR 3); all filters ANDed when absent. */
  booleanFilter: string | null;
}

export type ListFilterOperator =
  | 'Equals'
  | 'NotEqual'
  | 'LessThan'
  | 'GreaterThan'
  | 'LessOrEqual'
  | 'GreaterOrEqual'
  | 'Contains'
  | 'NotContain'
  | 'StartsWith'
  | 'Includes'
  | 'Excludes';

/** A column: the field it shows, reached from the list's object (Owner.Alias, Partner_Account__r.Name). */
export interface ListViewColumn {
  /** The UI API's fieldApiName: the path shown, relationship names and the field. */
  path: string;
  label: string;
  /** For a lookup column: the Id field behind it (Partner_Account__c), which links to the record. */
  lookupId: string | null;
  sortable: boolean;
}

export interface ListViewFilter {
  path: string;
  label: string;
  operator: ListFilterOperator;
  values: string[];
}

/** A list view resolved against the schema. */
export interface ListViewDef {
  object: string;
  apiName: string;
  label: string;
  /** A stable 00B Id, the same on every start. */
  id: string;
  columns: ListViewColumn[];
  scope: 'everything' | 'mine';
  filters: ListViewFilter[];
  filterLogic: string | null;
  /** The filters as one SOQL condition; null when the view has none. The scope is added per user. */
  condition: string | null;
}

export class ListViewError extends Error {
  constructor(view: { object: string; fullName: string }, problem: string) {
    super(`List view ${view.object}.${view.fullName}: ${problem}`);
    this.name = 'ListViewError';
  }
}

/** Standard list views a new org has for the standard objects the app shows. */
const STANDARD_LIST_VIEWS: ListViewMetadata[] = [
  view('Account', 'AllAccounts', 'All Accounts', 'Everything', [
    'ACCOUNT.NAME',
    'ACCOUNT.ADDRESS1_CITY',
    'ACCOUNT.PHONE1',
    'ACCOUNT.TYPE',
    'CORE.USERS.ALIAS'
  ]),
  view('Account', 'MyAccounts', 'My Accounts', 'Mine', [
    'ACCOUNT.NAME',
    'ACCOUNT.ADDRESS1_CITY',
    'ACCOUNT.PHONE1',
    'ACCOUNT.TYPE',
    'CORE.USERS.ALIAS'
  ]),
  view('Contact', 'AllContacts', 'All Contacts', 'Everything', [
    'FULL_NAME',
    'ACCOUNT.NAME',
    'CONTACT.PHONE1',
    'CONTACT.EMAIL',
    'CORE.USERS.ALIAS'
  ]),
  // A new org's All Open Leads leaves converted leads out.
  view(
    'Lead',
    'AllOpenLeads',
    'All Open Leads',
    'Everything',
    ['FULL_NAME', 'LEAD.COMPANY', 'LEAD.EMAIL', 'LEAD.STATUS', 'LEAD.LEAD_SOURCE', 'CORE.USERS.ALIAS'],
    [{ field: 'LEAD.CONVERTED', operation: 'equals', value: '0' }]
  ),
  view('Lead', 'MyUnreadLeads', 'My Leads', 'Mine', [
    'FULL_NAME',
    'LEAD.COMPANY',
    'LEAD.EMAIL',
    'LEAD.STATUS',
    'LEAD.LEAD_SOURCE',
    'CORE.USERS.ALIAS'
  ]),
  view('Opportunity', 'AllOpportunities', 'All Opportunities', 'Everything', [
    'OPPORTUNITY.NAME',
    'ACCOUNT.NAME',
    'OPPORTUNITY.AMOUNT',
    'OPPORTUNITY.CLOSE_DATE',
    'OPPORTUNITY.STAGE_NAME',
    'CORE.USERS.ALIAS'
  ]),
  view('Opportunity', 'MyOpportunities', 'My Opportunities', 'Mine', [
    'OPPORTUNITY.NAME',
    'ACCOUNT.NAME',
    'OPPORTUNITY.AMOUNT',
    'OPPORTUNITY.CLOSE_DATE',
    'OPPORTUNITY.STAGE_NAME',
    'CORE.USERS.ALIAS'
  ])
];

function view(
  object: string,
  fullName: string,
  label: string,
  filterScope: string,
  columns: string[],
  filters: ListViewMetadata['filters'] = []
): ListViewMetadata {
  return { object, fullName, label, filterScope, columns, filters, booleanFilter: null };
}

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value)).trim();

function listViewOf(c: SourceComponent, xml: Xml): ListViewMetadata {
  const object = c.parent?.fullName ?? c.fullName.split('.')[0] ?? '';
  return {
    object,
    fullName: c.name,
    label: text(xml.label) || c.name,
    columns: list(xml.columns as string | string[] | undefined).map(text),
    filterScope: text(xml.filterScope) || 'Everything',
    filters: list(xml.filters as Xml | Xml[] | undefined).map((f) => ({
      field: text(f.field),
      operation: text(f.operation),
      value: text(f.value)
    })),
    booleanFilter: text(xml.booleanFilter) || null
  };
}

/** The ListView children of force-app's objects, as written. */
export async function readListViews(packageDir: string): Promise<ListViewMetadata[]> {
  if (!existsSync(packageDir)) return [];
  const views: ListViewMetadata[] = [];
  for (const c of ComponentSet.fromSource(packageDir).getSourceComponents().toArray()) {
    if (c.type.name !== 'CustomObject') continue;
    for (const child of c.getChildren().filter((k) => k.type.name === 'ListView')) {
      views.push(listViewOf(child, (((await child.parseXml()) as Xml).ListView ?? {}) as Xml));
    }
  }
  return views;
}

/** Lookup labels end in " ID" in describe (Owner ID); columns show them without it. */
function fieldLabel(f: FieldDef): string {
  return f.type === 'reference' && / ID$/.test(f.label) ? f.label.slice(0, -3) : f.label;
}

/** Column tokens a list view uses for system fields, whatever its object. */
const SYSTEM_COLUMNS: Record<string, string> = {
  NAME: '$name',
  FULL_NAME: '$name',
  'OWNER.ALIAS': 'Owner.Alias',
  'CORE.USERS.ALIAS': 'Owner.Alias',
  'OWNER.FIRST_NAME': 'Owner.FirstName',
  'OWNER.LAST_NAME': 'Owner.LastName',
  'CORE.USERS.FULL_NAME': 'Owner.Name',
  'CORE.USERS.LAST_NAME': 'Owner.LastName',
  'CORE.USERS.FIRST_NAME': 'Owner.FirstName',
  CREATED_DATE: 'CreatedDate',
  LAST_UPDATE: 'LastModifiedDate',
  CREATEDBY_USER: 'CreatedById',
  UPDATEDBY_USER: 'LastModifiedById',
  'CREATEDBY_USER.ALIAS': 'CreatedBy.Alias',
  'UPDATEDBY_USER.ALIAS': 'LastModifiedBy.Alias'
};

/** Tokens whose field name is not the token without its underscores. */
const FIELD_TOKENS: Record<string, string> = {
  PHONE1: 'Phone',
  ADDRESS1_CITY: 'BillingCity',
  ADDRESS1_COUNTRY: 'BillingCountry',
  CONVERTED: 'IsConverted',
  CLOSED: 'IsClosed',
  WON: 'IsWon'
};

function fieldByToken(o: ObjectDef, token: string): FieldDef | undefined {
  const wanted = (FIELD_TOKENS[token] ?? token).replaceAll('_', '').toLowerCase();
  return o.fields.find((f) => f.name.replaceAll('_', '').toLowerCase() === wanted);
}

interface ResolvedPath {
  relationships: FieldDef[];
  field: FieldDef;
}

/** A dotted path from the object (Owner.Alias), through the schema's own names. */
function pathOf(schema: Schema, o: ObjectDef, dotted: string): ResolvedPath | undefined {
  const parts = dotted.split('.');
  const relationships: FieldDef[] = [];
  let current = o;
  for (const part of parts.slice(0, -1)) {
    const reference = schema.relationship(current, part);
    const target = reference ? schema.object(reference.referenceTo[0] ?? '') : undefined;
    if (!reference || !target) return undefined;
    relationships.push(reference);
    current = target;
  }
  const field = schema.field(current, parts[parts.length - 1] as string);
  return field ? { relationships, field } : undefined;
}

const nameOf = (o: ObjectDef): FieldDef | undefined => o.fields.find((f) => f.nameField);

/**
 * What a column or filter token names: a field of the object (Status__c, LEAD.COMPANY), a
 * system column (CORE.USERS.ALIAS), or a parent's field (ACCOUNT.NAME on opportunities).
 */
function resolveToken(schema: Schema, o: ObjectDef, token: string): ResolvedPath | undefined {
  const system = SYSTEM_COLUMNS[token.toUpperCase()];
  if (system === '$name') {
    const name = nameOf(o);
    return name ? { relationships: [], field: name } : undefined;
  }
  if (system) return pathOf(schema, o, system);
  const own = schema.field(o, token);
  if (own) return { relationships: [], field: own };
  const dot = token.indexOf('.');
  if (dot < 0) return undefined;
  const prefix = token.slice(0, dot).toUpperCase();
  const rest = token.slice(dot + 1);
  if (prefix === o.name.toUpperCase()) {
    const field = rest.toUpperCase() === 'NAME' ? nameOf(o) : fieldByToken(o, rest.toUpperCase());
    return field ? { relationships: [], field } : undefined;
  }
  // A parent's column: the object's lookup to that parent (ACCOUNT.NAME → Account.Name).
  const reference = o.fields.find(
    (f) => f.type === 'reference' && f.referenceTo[0]?.toUpperCase() === prefix
  );
  const parent = reference ? schema.object(reference.referenceTo[0] as string) : undefined;
  if (!reference?.relationshipName || !parent) return undefined;
  const field = rest.toUpperCase() === 'NAME' ? nameOf(parent) : fieldByToken(parent, rest.toUpperCase());
  return field ? { relationships: [reference], field } : undefined;
}

/** A lookup shows its record's name: Partner_Account__c → Partner_Account__r.Name, linked by the Id. */
function shownPath(
  schema: Schema,
  resolved: ResolvedPath
): { path: string; lookupId: string | null; label: string } {
  const names = resolved.relationships.map((r) => r.relationshipName as string);
  const { field } = resolved;
  const target = field.relationshipName ? schema.object(field.referenceTo[0] ?? '') : undefined;
  const targetName = target ? nameOf(target) : undefined;
  if (targetName && field.relationshipName) {
    return {
      path: [...names, field.relationshipName, targetName.name].join('.'),
      lookupId: [...names, field.name].join('.'),
      label: fieldLabel(field)
    };
  }
  const parent = resolved.relationships[resolved.relationships.length - 1];
  // A parent's field reads as "Owner Alias"; "Account Name" already names its object.
  const parentLabel = parent ? fieldLabel(parent) : '';
  const label =
    parent && !field.label.startsWith(parentLabel) ? `${parentLabel} ${field.label}` : fieldLabel(field);
  return { path: [...names, field.name].join('.'), lookupId: null, label };
}

const OPERATORS: Record<string, ListFilterOperator> = {
  equals: 'Equals',
  notequal: 'NotEqual',
  lessthan: 'LessThan',
  greaterthan: 'GreaterThan',
  lessorequal: 'LessOrEqual',
  greaterorequal: 'GreaterOrEqual',
  contains: 'Contains',
  notcontain: 'NotContain',
  startswith: 'StartsWith',
  includes: 'Includes',
  excludes: 'Excludes'
};

const COMPARISONS: Partial<Record<ListFilterOperator, string>> = {
  Equals: '=',
  NotEqual: '!=',
  LessThan: '<',
  GreaterThan: '>',
  LessOrEqual: '<=',
  GreaterOrEqual: '>='
};

const quote = (value: string): string => `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
const likeQuote = (value: string): string => value.replace(/[\\%_']/g, (c) => `\\${c}`);

/** TODAY, LAST_N_DAYS:30, THIS_FISCAL_QUARTER…: SOQL's date literals, which list views take as they are. */
const DATE_LITERAL = /^[A-Z][A-Z_]*(?::\d+)?$/;

/** A filter value as a SOQL literal for the field's type, or a message saying why it cannot be one. */
function literal(f: FieldDef, raw: string): string | Error {
  switch (f.type) {
    case 'boolean':
      if (/^(1|true)$/i.test(raw)) return 'TRUE';
      if (/^(0|false)$/i.test(raw)) return 'FALSE';
      return new Error(`${raw} is not a checkbox value`);
    case 'int':
    case 'double':
    case 'currency':
    case 'percent':
      return /^-?\d+(\.\d+)?$/.test(raw) ? raw : new Error(`${raw} is not a number`);
    case 'date':
    case 'datetime': {
      if (DATE_LITERAL.test(raw)) return raw;
      if (f.type === 'datetime') return new Error(`date-time filters take date literals (TODAY…) only here`);
      const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(raw);
      if (us) return `${us[3]}-${us[1]?.padStart(2, '0')}-${us[2]?.padStart(2, '0')}`;
      return /^\d{4}-\d{2}-\d{2}$/.test(raw) ? raw : new Error(`${raw} is not a date`);
    }
    default:
      return quote(raw);
  }
}

/** One filter as a SOQL condition. A comma-separated value matches any of its parts, as in Setup. */
function condition(
  soqlPath: string,
  f: FieldDef,
  operator: ListFilterOperator,
  values: string[]
): string | Error {
  if (operator === 'Includes' || operator === 'Excludes') {
    return `${soqlPath} ${operator.toUpperCase()} (${values.map(quote).join(', ')})`;
  }
  if (operator === 'Contains' || operator === 'NotContain' || operator === 'StartsWith') {
    const likes = values.map(
      (v) => `${soqlPath} LIKE '${operator === 'StartsWith' ? '' : '%'}${likeQuote(v)}%'`
    );
    const any = likes.length === 1 ? (likes[0] as string) : `(${likes.join(' OR ')})`;
    return operator === 'NotContain' ? `(NOT ${any})` : any;
  }
  const comparison = COMPARISONS[operator] as string;
  if (values.length === 0 || (values.length === 1 && values[0] === '')) {
    if (operator !== 'Equals' && operator !== 'NotEqual') return new Error(`${operator} needs a value`);
    return `${soqlPath} ${comparison} null`;
  }
  const literals = values.map((v) => literal(f, v));
  const problem = literals.find((l) => l instanceof Error);
  if (problem) return problem;
  if (values.length > 1 && (operator === 'Equals' || operator === 'NotEqual')) {
    return `${soqlPath} ${operator === 'Equals' ? 'IN' : 'NOT IN'} (${literals.join(', ')})`;
  }
  if (values.length > 1) return new Error(`${operator} takes one value`);
  return `${soqlPath} ${comparison} ${literals[0] as string}`;
}

/** 1 AND (2 OR NOT 3): filter numbers, AND, OR, NOT and parentheses only. */
function combine(logic: string | null, conditions: string[]): string | Error {
  if (conditions.length === 0) return '';
  if (!logic) return conditions.map((c) => `(${c})`).join(' AND ');
  const tokens = logic.match(/\d+|\(|\)|AND|OR|NOT|\S+/gi) ?? [];
  const parts: string[] = [];
  for (const token of tokens) {
    if (/^\d+$/.test(token)) {
      const c = conditions[Number(token) - 1];
      if (c === undefined) return new Error(`booleanFilter names filter ${token}, which does not exist`);
      parts.push(`(${c})`);
    } else if (/^(AND|OR|NOT|\(|\))$/i.test(token)) {
      parts.push(token.toUpperCase());
    } else {
      return new Error(`booleanFilter has ${token}`);
    }
  }
  return parts.join(' ').replaceAll('( ', '(').replaceAll(' )', ')');
}

/** A stable list view Id: 00B, then twelve characters from the object and name. */
function listViewId(object: string, name: string): string {
  const digest = createHash('sha256').update(`${object}.${name}`).digest();
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  const body = [...digest.subarray(0, 9)].map((b) => alphabet[b % 62]).join('');
  const id15 = `00BLo0${body}`;
  return id15 + idSuffix(id15);
}

function resolveView(schema: Schema, meta: ListViewMetadata): ListViewDef {
  const o = schema.object(meta.object);
  if (!o) throw new ListViewError(meta, `the object ${meta.object} does not exist`);
  const scope = meta.filterScope.toLowerCase();
  if (scope !== 'everything' && scope !== 'mine') {
    throw new ListViewError(meta, `filterScope ${meta.filterScope} is not supported by the local org`);
  }
  if (scope === 'mine' && !schema.field(o, 'OwnerId')) {
    throw new ListViewError(meta, `filterScope Mine needs an owner, and ${o.name} has none`);
  }
  const columns = meta.columns.map((token) => {
    const resolved = resolveToken(schema, o, token);
    if (!resolved) throw new ListViewError(meta, `the column ${token} names no field of ${o.name}`);
    const shown = shownPath(schema, resolved);
    return { ...shown, sortable: resolved.field.sortable };
  });
  const filters: ListViewFilter[] = [];
  const conditions: string[] = [];
  for (const filter of meta.filters) {
    const resolved = resolveToken(schema, o, filter.field);
    if (!resolved) throw new ListViewError(meta, `the filter on ${filter.field} names no field of ${o.name}`);
    const operator = OPERATORS[filter.operation.toLowerCase()];
    if (!operator) throw new ListViewError(meta, `the filter operation ${filter.operation} is not supported`);
    // A lookup is filtered by the related record's name, as the list shows it.
    const shown = shownPath(schema, resolved);
    const target = pathOf(schema, o, shown.path) as ResolvedPath;
    const values = filter.value === '' ? [] : filter.value.split(',').map((v) => v.trim());
    const built = condition(shown.path, target.field, operator, values);
    if (built instanceof Error)
      throw new ListViewError(meta, `the filter on ${filter.field}: ${built.message}`);
    filters.push({ path: shown.path, label: shown.label, operator, values });
    conditions.push(built);
  }
  const combined = combine(meta.booleanFilter, conditions);
  if (combined instanceof Error) throw new ListViewError(meta, combined.message);
  return {
    object: o.name,
    apiName: meta.fullName,
    label: meta.label,
    id: listViewId(o.name, meta.fullName),
    columns,
    scope,
    filters,
    filterLogic: meta.booleanFilter,
    condition: combined || null
  };
}

/**
 * Every list view of the org: force-app's, then a new org's standard ones for standard
 * objects force-app gives none. Fails on the first view the org could not run.
 */
export function resolveListViews(schema: Schema, fromPackage: ListViewMetadata[]): ListViewDef[] {
  const withViews = new Set(fromPackage.map((v) => v.object.toLowerCase()));
  const standard = STANDARD_LIST_VIEWS.filter(
    (v) => !withViews.has(v.object.toLowerCase()) && schema.object(v.object)
  );
  return [...fromPackage, ...standard].map((v) => resolveView(schema, v));
}

export async function loadListViews(packageDir: string, schema: Schema): Promise<ListViewDef[]> {
  return resolveListViews(schema, await readListViews(packageDir));
}
