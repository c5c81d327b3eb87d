// Criteria__c is a SOQL condition typed by an admin. It never reaches Salesforce as typed:
// it is parsed (as the WHERE clause of a synthetic query), every node is checked against an
// allow-list and the source object's describe, and the WHERE clause sent is recomposed from
// the checked tree. What gets through is only: fields of the source object that describe
// says are filterable, comparison operators, single well-formed literals of a type that fits
// the field, AND / OR / NOT and parentheses.
import {
  Compose,
  parseQuery,
  type Condition,
  type LiteralType,
  type Operator,
  type Query,
  type ValueCondition,
  type WhereClause
} from '@jetstreamapp/soql-parser-js';
import {
  findField,
  ID_TYPES,
  NUMERIC_TYPES,
  TEXT_TYPES,
  type FieldDescribe,
  type SObjectDescribe
} from './describe.ts';

export type CriteriaCheck =
  { ok: true; where: WhereClause | null; text: string } | { ok: false; problem: string };

/** Salesforce caps a WHERE clause's strings at 4,000 characters; a condition longer than that is not one we can send. */
export const MAX_CRITERIA_LENGTH = 4000;

const CLAUSE_NAMES: Readonly<Record<string, string>> = {
  limit: 'LIMIT',
  offset: 'OFFSET',
  groupBy: 'GROUP BY',
  having: 'HAVING',
  orderBy: 'ORDER BY',
  withDataCategory: 'WITH DATA CATEGORY',
  withSecurityEnforced: 'WITH SECURITY_ENFORCED',
  withAccessLevel: 'WITH USER_MODE/SYSTEM_MODE',
  for: 'FOR',
  update: 'UPDATE',
  usingScope: 'USING SCOPE',
  sObjectAlias: 'an object alias'
};

/** Each literal must be exactly one token of its kind: no quote, parenthesis or keyword can hide inside. */
const LITERAL_PATTERNS: Readonly<Partial<Record<LiteralType, RegExp>>> = {
  STRING: /^'(?:[^'\\\n\r]|\\.)*'$/,
  INTEGER: /^[+-]?\d+$/,
  DECIMAL: /^[+-]?(?:\d+\.\d*|\.\d+)$/,
  INTEGER_WITH_CURRENCY_PREFIX: /^[A-Z]{3}[+-]?\d+$/,
  DECIMAL_WITH_CURRENCY_PREFIX: /^[A-Z]{3}[+-]?(?:\d+\.\d*|\.\d+)$/,
  BOOLEAN: /^(?:true|false)$/i,
  NULL: /^null$/i,
  DATE: /^\d{4}-\d{2}-\d{2}$/,
  DATETIME: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:?\d{2})$/,
  DATE_LITERAL: /^[A-Z_]+$/i,
  DATE_N_LITERAL: /^[A-Z_]+:\d+$/i
};

const SALESFORCE_ID = /^'[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?'$/;

type FieldKind = 'text' | 'id' | 'boolean' | 'number' | 'currency' | 'date' | 'datetime';

function kindOf(field: FieldDescribe): FieldKind | null {
  if (TEXT_TYPES.has(field.type)) return 'text';
  if (ID_TYPES.has(field.type)) return 'id';
  if (field.type === 'currency') return 'currency';
  if (NUMERIC_TYPES.has(field.type)) return 'number';
  if (field.type === 'boolean' || field.type === 'date' || field.type === 'datetime') return field.type;
  return null;
}

const LITERALS_FOR: Readonly<Record<FieldKind, readonly LiteralType[]>> = {
  text: ['STRING', 'NULL'],
  id: ['STRING', 'NULL'],
  boolean: ['BOOLEAN', 'NULL'],
  number: ['INTEGER', 'DECIMAL', 'NULL'],
  currency: ['INTEGER', 'DECIMAL', 'INTEGER_WITH_CURRENCY_PREFIX', 'DECIMAL_WITH_CURRENCY_PREFIX', 'NULL'],
  date: ['DATE', 'DATE_LITERAL', 'DATE_N_LITERAL', 'NULL'],
  datetime: ['DATETIME', 'DATE_LITERAL', 'DATE_N_LITERAL', 'NULL']
};

const ALL_OPERATORS: readonly Operator[] = [
  '=',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  'IN',
  'NOT IN',
  'LIKE',
  'INCLUDES',
  'EXCLUDES'
];
const LIST_OPERATORS: ReadonlySet<Operator> = new Set(['IN', 'NOT IN', 'INCLUDES', 'EXCLUDES']);

function operatorsFor(field: FieldDescribe, kind: FieldKind): ReadonlySet<Operator> {
  if (field.type === 'multipicklist') return new Set(['=', '!=', 'INCLUDES', 'EXCLUDES']);
  if (kind === 'boolean') return new Set(['=', '!=']);
  if (kind === 'text') return new Set(ALL_OPERATORS.filter((op) => op !== 'INCLUDES' && op !== 'EXCLUDES'));
  return new Set(ALL_OPERATORS.filter((op) => op !== 'LIKE' && op !== 'INCLUDES' && op !== 'EXCLUDES'));
}

type Token =
  | { kind: 'open' }
  | { kind: 'close' }
  | { kind: 'logic'; operator: 'AND' | 'OR' | 'NOT' }
  | { kind: 'condition'; condition: Condition | Record<string, unknown> };

/** The WHERE tree in reading order, so that parenthesis groups can be followed. */
function tokens(where: WhereClause): Token[] {
  const out: Token[] = [];
  let clause: WhereClause | undefined = where;
  while (clause) {
    const left = clause.left as
      (Record<string, unknown> & { openParen?: number; closeParen?: number }) | null;
    if (left) {
      for (let i = 0; i < (left.openParen ?? 0); i++) out.push({ kind: 'open' });
      const isNegationParen = !('field' in left) && !('fn' in left) && !('operator' in left);
      if (!isNegationParen) out.push({ kind: 'condition', condition: left });
      for (let i = 0; i < (left.closeParen ?? 0); i++) out.push({ kind: 'close' });
    }
    const operator = 'operator' in clause ? clause.operator : undefined;
    if (operator) out.push({ kind: 'logic', operator });
    clause = 'right' in clause ? clause.right : undefined;
  }
  return out;
}

/** Salesforce requires parentheses whenever AND, OR and NOT are mixed at one level. */
function checkLogic(sequence: readonly Token[]): string | null {
  const groups: { operator: 'AND' | 'OR' | null; negated: boolean }[] = [{ operator: null, negated: false }];
  for (const token of sequence) {
    if (token.kind === 'open') groups.push({ operator: null, negated: false });
    else if (token.kind === 'close') groups.pop();
    else if (token.kind === 'logic') {
      const group = groups.at(-1);
      if (!group) return 'Criteria has unbalanced parentheses.';
      if (token.operator === 'NOT') {
        if (group.operator)
          return 'Criteria mixes NOT with AND/OR at one level; put the negated part in parentheses, e.g. A AND (NOT B).';
        group.negated = true;
      } else if (group.negated) {
        return 'Criteria mixes NOT with AND/OR at one level; put the negated part in parentheses, e.g. (NOT A) AND B.';
      } else if (group.operator && group.operator !== token.operator) {
        return 'Criteria mixes AND and OR at one level; Salesforce needs parentheses, e.g. A AND (B OR C).';
      } else {
        group.operator = token.operator;
      }
    }
  }
  return groups.length === 1 ? null : 'Criteria has unbalanced parentheses.';
}

function asList<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Checks one condition and, when it is fine, spells its field as the describe does. */
function checkCondition(raw: Condition | Record<string, unknown>, source: SObjectDescribe): string | null {
  if ('fn' in raw)
    return 'Criteria may not apply functions such as CALENDAR_YEAR() to fields; compare fields with values.';
  if ('valueQuery' in raw || asList((raw as ValueCondition).literalType).includes('SUBQUERY')) {
    return 'Criteria may not contain subqueries (semi-joins or anti-joins).';
  }
  if (!('field' in raw) || typeof raw.field !== 'string' || !('operator' in raw)) {
    return 'Criteria contains something other than a field compared with a value.';
  }
  const condition = raw as ValueCondition;
  if (condition.field.includes('.')) {
    return `Criteria field "${condition.field}" goes through a relationship; only fields of ${source.name} itself are supported.`;
  }
  const field = findField(source, condition.field);
  if (!field) {
    return `Criteria field "${condition.field}" is not a field of ${source.name} (or the connector's user cannot see it).`;
  }
  const name = `${source.name}.${field.name}`;
  if (!field.filterable)
    return `Criteria field ${name} cannot be used in a filter (describe says it is not filterable).`;
  const kind = kindOf(field);
  if (!kind) return `Criteria field ${name} is a ${field.type} field, which Criteria cannot filter on.`;
  const operator = condition.operator;
  if (!operatorsFor(field, kind).has(operator)) {
    return `Criteria uses ${operator} on ${name}, a ${field.type} field; that operator does not apply to it.`;
  }
  const values = asList(condition.value);
  const literalTypes = asList(condition.literalType);
  if (LIST_OPERATORS.has(operator) !== Array.isArray(condition.value)) {
    return `Criteria uses ${operator} on ${name} with ${Array.isArray(condition.value) ? 'a list' : 'a single value'}; ${operator} needs ${LIST_OPERATORS.has(operator) ? 'a list in parentheses' : 'a single value'}.`;
  }
  if (values.length === 0 || literalTypes.length === 0) return `Criteria compares ${name} with nothing.`;
  for (const [index, value] of values.entries()) {
    const literalType = literalTypes[index] ?? literalTypes[0];
    if (!literalType || !LITERALS_FOR[kind].includes(literalType)) {
      return `Criteria compares ${name}, a ${field.type} field, with ${value}, which is not a ${field.type} value.`;
    }
    const pattern = LITERAL_PATTERNS[literalType];
    if (!pattern || !pattern.test(value))
      return `Criteria value ${value} for ${name} is not a well-formed ${literalType} literal.`;
    if (kind === 'id' && literalType === 'STRING' && !SALESFORCE_ID.test(value)) {
      return `Criteria compares ${name} with ${value}, which is not a Salesforce Id.`;
    }
    if (operator === 'LIKE' && literalType !== 'STRING')
      return `Criteria uses LIKE on ${name} with ${value}; LIKE needs a quoted pattern.`;
  }
  condition.field = field.name;
  return null;
}

function whereOf(query: Query): string {
  return query.where ? new Compose(query, { autoCompose: false }).parseWhereOrHavingClause(query.where) : '';
}

/** Parses, checks and recomposes Criteria__c for `source`. Empty criteria match every record. */
export function checkCriteria(criteria: string | null, source: SObjectDescribe): CriteriaCheck {
  const text = (criteria ?? '').trim();
  if (text === '') return { ok: true, where: null, text: '' };
  if (text.length > MAX_CRITERIA_LENGTH) {
    return {
      ok: false,
      problem: `Criteria is ${text.length} characters long; at most ${MAX_CRITERIA_LENGTH} are supported.`
    };
  }
  let query: Query;
  try {
    // Parsed locally only; this text is never sent to Salesforce.
    query = parseQuery(`SELECT Id FROM ${source.name} WHERE ${text}`);
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    return { ok: false, problem: `Criteria is not a valid SOQL condition: ${reason}` };
  }
  const extra = Object.keys(query).filter((key) => !['fields', 'sObject', 'where'].includes(key));
  if (extra.length > 0) {
    const clauses = extra.map((key) => CLAUSE_NAMES[key] ?? key).join(', ');
    return { ok: false, problem: `Criteria may only hold conditions, but it continues with ${clauses}.` };
  }
  if (!query.where) return { ok: false, problem: 'Criteria holds no condition.' };
  const sequence = tokens(query.where);
  const logicProblem = checkLogic(sequence);
  if (logicProblem) return { ok: false, problem: logicProblem };
  for (const token of sequence) {
    if (token.kind !== 'condition') continue;
    const problem = checkCondition(token.condition, source);
    if (problem) return { ok: false, problem };
  }
  const recomposed = whereOf(query);
  // The recomposed text must parse back to itself: what Salesforce receives is what was checked.
  const again = whereOf(parseQuery(`SELECT Id FROM ${source.name} WHERE ${recomposed}`));
  if (again !== recomposed) return { ok: false, problem: 'Criteria could not be recomposed unambiguously.' };
  return { ok: true, where: query.where, text: recomposed };
}
