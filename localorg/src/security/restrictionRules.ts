// Restriction rules (RestrictionRule metadata, enforcementType Restrict): users who match a
// rule's userCriteria see only the records of its targetEntity that match its recordFilter,
// on top of everything sharing grants. Criteria are the rule builder's expressions:
//   Status__c != 'Draft Outline'          Owner:User.UserRoleId = $User.UserRoleId
//   Name__c = 'Tom, Anita, "Torres, Jia"' (any of the values)     OR(ISPICKVAL(Stage__c,'A'), ...)
//   $User.UserType = 'PowerPartner'       $Permission.See_Drafts = false
// joined with &&, ||, AND(), OR() and NOT(). The record filter becomes SQL over the record;
// the user criteria are decided once per user when the session loads.
import { MetadataError } from '../schema/metadataLoader.ts';
import type { FieldDef, ObjectDef, RecordValues, Schema } from '../schema/types.ts';
import { quoteIdent } from '../store/naming.ts';
import type { RestrictionFilter } from './types.ts';

type Op = '=' | '!=' | '<' | '<=' | '>' | '>=';

type Node =
  | { kind: 'and' | 'or'; items: Node[] }
  | { kind: 'not'; item: Node }
  | { kind: 'compare'; op: Op; left: Operand; right: Operand };

type Operand =
  | { kind: 'field'; path: FieldDef[]; field: FieldDef }
  | { kind: 'global'; scope: 'User' | 'Profile' | 'UserRole' | 'Permission'; name: string }
  | { kind: 'literal'; values: Array<string | number | boolean | null> };

/** What user criteria and $-references in record filters read. */
export interface UserFacts {
  user: RecordValues;
  profile: RecordValues | null;
  userRole: RecordValues | null;
  customPermissions: ReadonlySet<string>;
}

export interface RestrictionRule {
  name: string;
  object: ObjectDef;
  /** Whether the rule applies to this user. */
  appliesTo(facts: UserFacts): boolean;
  /** The record filter with the user's $-values bound. */
  filterFor(facts: UserFacts): RestrictionFilter;
}

class ParseError extends Error {}

interface Token {
  type: 'word' | 'string' | 'number' | 'op' | '(' | ')' | ',';
  text: string;
}

const QUOTES: Record<string, string> = { "'": "'", '"': '"', '‘': '’', '“': '”' };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (QUOTES[c]) {
      const close = QUOTES[c] as string;
      const end = source.indexOf(close, i + 1);
      if (end < 0) throw new ParseError(`unterminated string at ${i + 1}`);
      tokens.push({ type: 'string', text: source.slice(i + 1, end) });
      i = end + 1;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ type: c, text: c });
      i++;
    } else {
      const op = /^(&&|\|\||!=|<>|<=|>=|==|=|<|>|!)/.exec(source.slice(i));
      if (op) {
        tokens.push({ type: 'op', text: op[0] });
        i += op[0].length;
        continue;
      }
      const word = /^[$A-Za-z0-9_.:-]+/.exec(source.slice(i));
      if (!word) throw new ParseError(`unexpected '${c}' at ${i + 1}`);
      const isNumber = /^-?\d+(\.\d+)?$/.test(word[0]);
      tokens.push({ type: isNumber ? 'number' : 'word', text: word[0] });
      i += word[0].length;
    }
  }
  return tokens;
}

const OPS: Record<string, Op> = {
  '=': '=',
  '==': '=',
  '!=': '!=',
  '<>': '!=',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>='
};
const GLOBALS: Record<string, 'User' | 'Profile' | 'UserRole' | 'Permission'> = {
  $user: 'User',
  $profile: 'Profile',
  $userrole: 'UserRole',
  $permission: 'Permission'
};

/** A multi-value string literal: values split on commas outside double quotes. */
function splitValues(text: string): string[] {
  const values: string[] = [];
  let current = '';
  let quoted = false;
  for (const c of text) {
    if (c === '"' || c === '“' || c === '”') quoted = !quoted;
    else if (c === ',' && !quoted) {
      values.push(current.trim());
      current = '';
    } else current += c;
  }
  values.push(current.trim());
  return values;
}

class Parser {
  private index = 0;
  private readonly tokens: Token[];
  private readonly object: ObjectDef;
  private readonly schema: Schema;

  constructor(source: string, object: ObjectDef, schema: Schema) {
    this.tokens = tokenize(source);
    this.object = object;
    this.schema = schema;
  }

  parse(): Node {
    const node = this.or();
    if (this.peek()) throw new ParseError(`unexpected '${this.peek()?.text}'`);
    return node;
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.index + offset];
  }

  private next(): Token {
    const token = this.tokens[this.index++];
    if (!token) throw new ParseError('the expression ends too soon');
    return token;
  }

  private expect(type: Token['type']): void {
    const token = this.next();
    if (token.type !== type) throw new ParseError(`expected '${type}' but found '${token.text}'`);
  }

  private isKeyword(word: string): boolean {
    const token = this.peek();
    return token?.type === 'word' && token.text.toUpperCase() === word && this.peek(1)?.type !== '(';
  }

  private or(): Node {
    const items = [this.and()];
    while (this.peek()?.text === '||' || this.isKeyword('OR')) {
      this.next();
      items.push(this.and());
    }
    return items.length === 1 ? (items[0] as Node) : { kind: 'or', items };
  }

  private and(): Node {
    const items = [this.unary()];
    while (this.peek()?.text === '&&' || this.isKeyword('AND')) {
      this.next();
      items.push(this.unary());
    }
    return items.length === 1 ? (items[0] as Node) : { kind: 'and', items };
  }

  private unary(): Node {
    if (this.peek()?.text === '!') {
      this.next();
      return { kind: 'not', item: this.unary() };
    }
    const token = this.peek();
    if (token?.type === '(') {
      this.next();
      const node = this.or();
      this.expect(')');
      return node;
    }
    if (token?.type === 'word' && this.peek(1)?.type === '(') return this.call();
    return this.comparison();
  }

  private call(): Node {
    const name = this.next().text.toUpperCase();
    this.expect('(');
    if (name === 'ISPICKVAL') {
      const left = this.operand(false);
      this.expect(',');
      const right = this.operand(false);
      this.expect(')');
      return { kind: 'compare', op: '=', left, right };
    }
    const items = [this.or()];
    while (this.peek()?.type === ',') {
      this.next();
      items.push(this.or());
    }
    this.expect(')');
    if (name === 'AND' || name === 'OR') return { kind: name === 'AND' ? 'and' : 'or', items };
    if (name === 'NOT' && items.length === 1) return { kind: 'not', item: items[0] as Node };
    throw new ParseError(`${name}() is not supported in restriction rules`);
  }

  private comparison(): Node {
    const left = this.operand(false);
    const token = this.next();
    const op = token.type === 'op' ? OPS[token.text] : undefined;
    if (!op) throw new ParseError(`expected a comparison after the field, found '${token.text}'`);
    const right = this.operand(true);
    return { kind: 'compare', op, left, right };
  }

  /** A field path, a $-global, or literal value(s); `list` lets bare comma-separated values follow. */
  private operand(list: boolean): Operand {
    const token = this.next();
    if (token.type === 'string') return { kind: 'literal', values: splitValues(token.text) };
    if (token.type === 'number') return { kind: 'literal', values: [Number(token.text)] };
    if (token.type !== 'word') throw new ParseError(`unexpected '${token.text}'`);
    const upper = token.text.toUpperCase();
    if (upper === 'TRUE' || upper === 'FALSE') return { kind: 'literal', values: [upper === 'TRUE'] };
    if (upper === 'NULL') return { kind: 'literal', values: [null] };
    if (token.text.startsWith('$')) {
      const [scope = '', name = ''] = token.text.split('.');
      const known = GLOBALS[scope.toLowerCase()];
      if (!known || !name) throw new ParseError(`${token.text} is not a global the local org knows`);
      return { kind: 'global', scope: known, name };
    }
    const field = this.fieldPath(token.text);
    if (field) return field;
    // A bare value: an Id or a word, possibly the first of a comma-separated list.
    const values: string[] = [token.text];
    while (list && this.peek()?.type === ',' && this.peek(1)?.type === 'word') {
      this.next();
      values.push(this.next().text);
    }
    return { kind: 'literal', values };
  }

  /** `Status__c`, `Business_Plan__c.Status__c`, `Owner:User.UserRoleId`, `Partner_Account__r.Name`. */
  private fieldPath(written: string): Operand | undefined {
    const segments = written.split('.').map((s) => s.split(':')[0] as string);
    if (segments.length > 1 && segments[0]?.toLowerCase() === this.object.name.toLowerCase())
      segments.shift();
    let object = this.object;
    const path: FieldDef[] = [];
    for (const segment of segments.slice(0, -1)) {
      const reference =
        this.schema.relationship(object, segment) ??
        this.schema.field(object, segment.endsWith('__c') ? segment : `${segment}Id`);
      const target = reference ? this.schema.object(reference.referenceTo[0] ?? '') : undefined;
      if (!reference || !target) return undefined;
      path.push(reference);
      object = target;
    }
    const field = this.schema.field(object, segments[segments.length - 1] as string);
    if (!field) {
      if (segments.length > 1 || /__c$/i.test(written))
        throw new ParseError(`${written} is not a field of ${object.name}`);
      return undefined;
    }
    return { kind: 'field', path, field };
  }
}

// ---- evaluation ----------------------------------------------------------------------

function globalValue(facts: UserFacts, operand: Extract<Operand, { kind: 'global' }>): unknown {
  if (operand.scope === 'Permission') {
    const wanted = operand.name.toLowerCase();
    return [...facts.customPermissions].some((p) => p.toLowerCase() === wanted);
  }
  const record =
    operand.scope === 'User' ? facts.user : operand.scope === 'Profile' ? facts.profile : facts.userRole;
  if (!record) return null;
  const key = Object.keys(record).find((k) => k.toLowerCase() === operand.name.toLowerCase());
  return key === undefined ? null : (record[key] ?? null);
}

function sameValue(actual: unknown, expected: unknown): boolean {
  if (actual === null || actual === undefined || expected === null) return (actual ?? null) === expected;
  if (typeof actual === 'boolean') return String(actual) === String(expected).toLowerCase();
  if (typeof actual === 'number') return actual === Number(expected);
  const a = String(actual);
  const e = String(expected);
  // Ids compare on their first 15 characters, as Salesforce does.
  return /^[a-zA-Z0-9]{15,18}$/.test(a) && /^[a-zA-Z0-9]{15,18}$/.test(e)
    ? a.slice(0, 15) === e.slice(0, 15)
    : a === e;
}

function operandValues(facts: UserFacts, operand: Operand): unknown[] {
  if (operand.kind === 'literal') return operand.values;
  if (operand.kind === 'global') return [globalValue(facts, operand)];
  throw new Error('user criteria cannot read record fields');
}

function compareValues(op: Op, left: unknown, right: unknown): boolean {
  if (op === '=') return sameValue(left, right);
  if (op === '!=') return !sameValue(left, right);
  if (left === null || right === null || left === undefined) return false;
  const [a, b] = typeof left === 'number' ? [left, Number(right)] : [String(left), String(right)];
  return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
}

function evaluateUser(node: Node, facts: UserFacts): boolean {
  switch (node.kind) {
    case 'and':
      return node.items.every((item) => evaluateUser(item, facts));
    case 'or':
      return node.items.some((item) => evaluateUser(item, facts));
    case 'not':
      return !evaluateUser(node.item, facts);
    case 'compare': {
      const [left] = operandValues(facts, node.left);
      const right = operandValues(facts, node.right);
      return node.op === '!='
        ? right.every((r) => compareValues('!=', left, r))
        : right.some((r) => compareValues(node.op, left, r));
    }
  }
}

// ---- record filters as SQL -----------------------------------------------------------

const CASTS: Partial<Record<FieldDef['type'], string>> = {
  boolean: 'boolean',
  int: 'numeric',
  double: 'numeric',
  currency: 'numeric',
  percent: 'numeric',
  date: 'date',
  datetime: 'timestamptz'
};

function fieldSql(alias: string, operand: Extract<Operand, { kind: 'field' }>, schema: Schema): string {
  const [first, ...rest] = [...operand.path, operand.field];
  let sql = `${alias}.${quoteIdent((first as FieldDef).column)}`;
  let from = operand.path[0] ? schema.object(operand.path[0].referenceTo[0] as string) : undefined;
  for (const [i, f] of rest.entries()) {
    const hop = `${alias}_r${i}`;
    sql = `(select ${hop}.${quoteIdent(f.column)} from ${quoteIdent((from as ObjectDef).table)} ${hop} where ${hop}."id" = ${sql})`;
    from = f.type === 'reference' ? schema.object(f.referenceTo[0] as string) : undefined;
  }
  return sql;
}

function typed(field: FieldDef, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (field.type === 'boolean')
    return typeof value === 'boolean' ? value : String(value).toLowerCase() === 'true';
  return field.type === 'reference' || field.type === 'id' ? String(value) : value;
}

function recordSql(node: Node, alias: string, facts: UserFacts, schema: Schema, params: unknown[]): string {
  const param = (field: FieldDef, value: unknown): string => {
    params.push(typed(field, value));
    const cast = CASTS[field.type];
    return cast ? `$${params.length}::${cast}` : `$${params.length}`;
  };
  switch (node.kind) {
    case 'and':
    case 'or':
      return `(${node.items.map((item) => recordSql(item, alias, facts, schema, params)).join(` ${node.kind} `)})`;
    case 'not':
      return `(not coalesce(${recordSql(node.item, alias, facts, schema, params)}, false))`;
    case 'compare': {
      const { left, right } = node;
      if (left.kind !== 'field') {
        if (right.kind === 'field')
          return recordSql({ ...node, left: right, right: left }, alias, facts, schema, params);
        return evaluateUser(node, facts) ? 'true' : 'false';
      }
      const column = fieldSql(alias, left, schema);
      const values = right.kind === 'field' ? null : operandValues(facts, right);
      if (values === null) {
        const other = fieldSql(alias, right as Extract<Operand, { kind: 'field' }>, schema);
        return node.op === '!=' ? `(${column} is distinct from ${other})` : `(${column} ${node.op} ${other})`;
      }
      const idLike = left.field.type === 'reference' || left.field.type === 'id';
      const lhs = idLike ? `left(${column}, 15)` : column;
      const rhs = (value: unknown) =>
        idLike && value !== null ? `left(${param(left.field, value)}, 15)` : param(left.field, value);
      const terms = values.map((value) => {
        if (value === null)
          return node.op === '!='
            ? `(${column} is not null)`
            : node.op === '='
              ? `(${column} is null)`
              : 'false';
        return node.op === '!='
          ? `(${lhs} is distinct from ${rhs(value)})`
          : `(${lhs} ${node.op} ${rhs(value)})`;
      });
      return `(${terms.join(node.op === '!=' ? ' and ' : ' or ')})`;
    }
  }
}

function hasRecordField(node: Node): boolean {
  switch (node.kind) {
    case 'and':
    case 'or':
      return node.items.some(hasRecordField);
    case 'not':
      return hasRecordField(node.item);
    case 'compare':
      return node.left.kind === 'field' || node.right.kind === 'field';
  }
}

export interface RestrictionRuleSource {
  name: string;
  targetEntity: string;
  recordFilter: string;
  userCriteria: string;
}

/** Parses a rule against the schema; a rule the local org cannot enforce stops start-up. */
export function compileRestrictionRule(
  source: RestrictionRuleSource,
  schema: Schema,
  file: string
): RestrictionRule {
  const object = schema.object(source.targetEntity);
  if (!object)
    throw new MetadataError(file, `targetEntity ${source.targetEntity} is not an object of the org`);
  const parse = (text: string, what: string): Node => {
    try {
      return new Parser(text, object, schema).parse();
    } catch (error) {
      if (error instanceof ParseError) throw new MetadataError(file, `${what} "${text}": ${error.message}`);
      throw error;
    }
  };
  const recordFilter = parse(source.recordFilter, 'recordFilter');
  const userCriteria = parse(source.userCriteria, 'userCriteria');
  if (hasRecordField(userCriteria)) {
    throw new MetadataError(
      file,
      `userCriteria "${source.userCriteria}" may only compare $User, $Profile, $UserRole and $Permission values`
    );
  }
  return {
    name: source.name,
    object,
    appliesTo: (facts) => evaluateUser(userCriteria, facts),
    filterFor: (facts) => ({
      rule: source.name,
      sql(alias) {
        const params: unknown[] = [];
        const sql = recordSql(recordFilter, alias, facts, schema, params);
        return { sql: `coalesce(${sql}, false)`, params };
      }
    })
  };
}
