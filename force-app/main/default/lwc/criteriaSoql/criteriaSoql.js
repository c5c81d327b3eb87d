/**
 * The criteria builder's rows as a SOQL condition, and back.
 *
 * Plan_Objective__c.Criteria__c is a plain SOQL WHERE condition on the objective's source
 * object, which the connector parses, checks against the source's describe and recomposes
 * (connector/src/engine/criteria.ts). This module writes only what that parser accepts: fields
 * of the source object itself that Object Info says are filterable, an operator that applies to
 * the field's type, and one literal of the field's type per value, quoted and escaped so that no
 * value can end its string and add SQL of its own. Rows are joined by one logical operator (all
 * AND or all OR), so no parentheses are needed. Pure functions: no DOM, no wire, no labels.
 */

/** Operators by key; `list` operators take several values, `blank` ones none. */
export const OPERATORS = Object.freeze({
  eq: { soql: '=' },
  ne: { soql: '!=' },
  lt: { soql: '<' },
  le: { soql: '<=' },
  gt: { soql: '>' },
  ge: { soql: '>=' },
  like: { soql: 'LIKE' },
  in: { soql: 'IN', list: true },
  notIn: { soql: 'NOT IN', list: true },
  includes: { soql: 'INCLUDES', list: true },
  excludes: { soql: 'EXCLUDES', list: true },
  isBlank: { soql: '=', blank: true },
  isNotBlank: { soql: '!=', blank: true }
});

export const LOGIC = Object.freeze(['AND', 'OR']);

const TEXT_TYPES = new Set([
  'String',
  'TextArea',
  'Picklist',
  'ComboBox',
  'Email',
  'Phone',
  'Url',
  'EncryptedString'
]);
const NUMBER_TYPES = new Set(['Int', 'Long', 'Double', 'Percent']);

/** The operators each kind of field takes, in the order the builder offers them (as the connector allows). */
const OPERATORS_BY_KIND = {
  text: ['eq', 'ne', 'like', 'in', 'notIn', 'lt', 'le', 'gt', 'ge', 'isBlank', 'isNotBlank'],
  multipicklist: ['includes', 'excludes', 'eq', 'ne', 'isBlank', 'isNotBlank'],
  id: ['eq', 'ne', 'in', 'notIn', 'isBlank', 'isNotBlank'],
  boolean: ['eq', 'ne'],
  number: ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'in', 'notIn', 'isBlank', 'isNotBlank'],
  date: ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'isBlank', 'isNotBlank'],
  datetime: ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'isBlank', 'isNotBlank']
};

/** Relative date literals SOQL knows; the _N_ ones take a count (LAST_N_DAYS:30). */
const DATE_LITERALS = new Set([
  'YESTERDAY',
  'TODAY',
  'TOMORROW',
  'LAST_WEEK',
  'THIS_WEEK',
  'NEXT_WEEK',
  'LAST_MONTH',
  'THIS_MONTH',
  'NEXT_MONTH',
  'LAST_90_DAYS',
  'NEXT_90_DAYS',
  'THIS_QUARTER',
  'LAST_QUARTER',
  'NEXT_QUARTER',
  'THIS_YEAR',
  'LAST_YEAR',
  'NEXT_YEAR',
  'THIS_FISCAL_QUARTER',
  'LAST_FISCAL_QUARTER',
  'NEXT_FISCAL_QUARTER',
  'THIS_FISCAL_YEAR',
  'LAST_FISCAL_YEAR',
  'NEXT_FISCAL_YEAR'
]);
const DATE_N_LITERALS = new Set([
  'LAST_N_DAYS',
  'NEXT_N_DAYS',
  'N_DAYS_AGO',
  'LAST_N_WEEKS',
  'NEXT_N_WEEKS',
  'N_WEEKS_AGO',
  'LAST_N_MONTHS',
  'NEXT_N_MONTHS',
  'N_MONTHS_AGO',
  'LAST_N_QUARTERS',
  'NEXT_N_QUARTERS',
  'N_QUARTERS_AGO',
  'LAST_N_YEARS',
  'NEXT_N_YEARS',
  'N_YEARS_AGO',
  'LAST_N_FISCAL_QUARTERS',
  'NEXT_N_FISCAL_QUARTERS',
  'N_FISCAL_QUARTERS_AGO',
  'LAST_N_FISCAL_YEARS',
  'NEXT_N_FISCAL_YEARS',
  'N_FISCAL_YEARS_AGO'
]);

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})$/;
const SALESFORCE_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;
const API_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** What kind of value a field holds, from its Object Info `dataType`; null when criteria cannot filter on it. */
export function fieldKind(field) {
  if (!field) return null;
  if (field.apiName === 'Id' || field.dataType === 'Reference') return 'id';
  if (field.dataType === 'MultiPicklist') return 'multipicklist';
  if (TEXT_TYPES.has(field.dataType)) return 'text';
  if (NUMBER_TYPES.has(field.dataType) || field.dataType === 'Currency') return 'number';
  if (field.dataType === 'Boolean') return 'boolean';
  if (field.dataType === 'Date') return 'date';
  if (field.dataType === 'DateTime') return 'datetime';
  return null;
}

/** The fields criteria may filter on: filterable, of a supported type, sorted by label. */
export function filterableFields(objectInfo) {
  return Object.values(objectInfo?.fields ?? {})
    .filter((field) => field.filterable && fieldKind(field) && API_NAME.test(field.apiName))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/** The operator keys that apply to a field, in the order to offer them. */
export function operatorsFor(field) {
  const kind = fieldKind(field);
  return kind ? OPERATORS_BY_KIND[kind] : [];
}

function fieldOf(objectInfo, name) {
  const wanted = String(name ?? '').toLowerCase();
  return Object.values(objectInfo?.fields ?? {}).find((field) => field.apiName.toLowerCase() === wanted);
}

/** A SOQL string literal: backslash, quote and control characters escaped, so the value stays one string. */
export function quoteString(value) {
  const escaped = String(value).replace(/[\\'"\n\r\t\b\f]/g, (character) => {
    switch (character) {
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      case '\b':
        return '\\b';
      case '\f':
        return '\\f';
      default:
        return `\\${character}`;
    }
  });
  return `'${escaped}'`;
}

const UNESCAPES = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };

function isCalendarDate(year, month, day) {
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return (
    date.getUTCFullYear() === Number(year) &&
    date.getUTCMonth() === Number(month) - 1 &&
    date.getUTCDate() === Number(day)
  );
}

/** A relative date literal (TODAY, LAST_N_DAYS:30), upper-cased, or null. */
function dateLiteral(value) {
  const upper = value.toUpperCase();
  if (DATE_LITERALS.has(upper)) return upper;
  const [name, count, extra] = upper.split(':');
  if (extra === undefined && DATE_N_LITERALS.has(name) && /^\d{1,4}$/.test(count ?? '')) return upper;
  return null;
}

/**
 * One value as a SOQL literal for a field of `kind`.
 * @returns {{ ok: true, literal: string } | { ok: false, problem: string, detail?: string }}
 *   `problem` is a key the component turns into a label; `detail` the offending value.
 */
export function literalFor(kind, operator, rawValue) {
  const value = String(rawValue ?? '').trim();
  if (value === '') return { ok: false, problem: 'valueMissing' };
  switch (kind) {
    case 'text':
    case 'multipicklist':
      // Text keeps its spaces: 'Acme ' and 'Acme' are different values.
      return { ok: true, literal: quoteString(String(rawValue)) };
    case 'id':
      return SALESFORCE_ID.test(value)
        ? { ok: true, literal: `'${value}'` }
        : { ok: false, problem: 'invalidId', detail: value };
    case 'boolean':
      return /^(true|false)$/i.test(value)
        ? { ok: true, literal: value.toLowerCase() }
        : { ok: false, problem: 'invalidBoolean', detail: value };
    case 'number':
      return NUMBER.test(value)
        ? { ok: true, literal: value }
        : { ok: false, problem: 'invalidNumber', detail: value };
    case 'date': {
      const relative = dateLiteral(value);
      if (relative) return { ok: true, literal: relative };
      const match = DATE.exec(value);
      return match && isCalendarDate(match[1], match[2], match[3])
        ? { ok: true, literal: value }
        : { ok: false, problem: 'invalidDate', detail: value };
    }
    case 'datetime': {
      const relative = dateLiteral(value);
      if (relative) return { ok: true, literal: relative };
      const match = DATETIME.exec(value);
      if (!match || !isCalendarDate(match[1], match[2], match[3]) || Number(match[4]) > 23) {
        return { ok: false, problem: 'invalidDateTime', detail: value };
      }
      // Whole seconds in UTC: the form every SOQL parser takes.
      return { ok: true, literal: new Date(value).toISOString().replace(/\.\d{3}Z$/, 'Z') };
    }
    default:
      return { ok: false, problem: 'unsupportedField', detail: operator };
  }
}

/** Splits a list operator's value (one value per line) into its values. */
export function valuesOf(row) {
  const raw = Array.isArray(row.values) ? row.values : String(row.value ?? '').split(/\r?\n/);
  return raw.filter((value) => String(value).trim() !== '');
}

/**
 * Checks one row and writes it as a condition.
 * @returns {{ ok: true, text: string } | { ok: false, problem: string, detail?: string }}
 */
export function conditionFor(row, objectInfo) {
  const field = fieldOf(objectInfo, row.field);
  if (!row.field) return { ok: false, problem: 'fieldMissing' };
  const kind = fieldKind(field);
  if (!field || !field.filterable || !kind)
    return { ok: false, problem: 'unsupportedField', detail: row.field };
  const operator = OPERATORS[row.operator];
  if (!operator || !operatorsFor(field).includes(row.operator)) {
    return { ok: false, problem: 'unsupportedOperator', detail: row.operator };
  }
  if (operator.blank) return { ok: true, text: `${field.apiName} ${operator.soql} null` };
  if (operator.list) {
    const values = valuesOf(row);
    if (values.length === 0) return { ok: false, problem: 'valueMissing' };
    const literals = [];
    for (const value of values) {
      const literal = literalFor(kind, row.operator, value);
      if (!literal.ok) return literal;
      literals.push(literal.literal);
    }
    return { ok: true, text: `${field.apiName} ${operator.soql} (${literals.join(', ')})` };
  }
  const literal = literalFor(kind, row.operator, row.value);
  if (!literal.ok) return literal;
  return { ok: true, text: `${field.apiName} ${operator.soql} ${literal.literal}` };
}

/**
 * The condition for all rows joined by `logic`; an empty list is no criteria ('').
 * @returns {{ ok: true, text: string } | { ok: false, errors: Array<{ index: number, problem: string, detail?: string }> }}
 */
export function buildCriteria(rows, logic, objectInfo) {
  if (!LOGIC.includes(logic))
    return { ok: false, errors: [{ index: -1, problem: 'unsupportedLogic', detail: logic }] };
  const texts = [];
  const errors = [];
  rows.forEach((row, index) => {
    const condition = conditionFor(row, objectInfo);
    if (condition.ok) texts.push(condition.text);
    else errors.push({ index, problem: condition.problem, detail: condition.detail });
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, text: texts.join(` ${logic} `) };
}

// ---- Reading criteria back into rows -------------------------------------------------------

const SYMBOLS = ['!=', '<=', '>=', '=', '<', '>', '(', ')', ','];

/** Splits criteria into tokens: words, strings (unescaped), symbols. Null when it cannot be read. */
function tokenize(text) {
  const tokens = [];
  let i = 0;
  while (i < text.length) {
    const character = text[i];
    if (/\s/.test(character)) {
      i++;
    } else if (character === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) return null;
        const c = text[i];
        if (c === '\\') {
          const next = text[i + 1];
          if (next === undefined) return null;
          value += UNESCAPES[next] ?? next;
          i += 2;
        } else if (c === "'") {
          i++;
          break;
        } else {
          value += c;
          i++;
        }
      }
      tokens.push({ type: 'string', value });
    } else {
      const rest = text.slice(i);
      const symbol = SYMBOLS.find((candidate) => rest.startsWith(candidate));
      if (symbol) {
        tokens.push({ type: 'symbol', value: symbol });
        i += symbol.length;
      } else {
        const match = /^[A-Za-z0-9_.:+-]+/.exec(rest);
        if (!match) return null;
        tokens.push({ type: 'word', value: match[0] });
        i += match[0].length;
      }
    }
  }
  return tokens;
}

function operatorKey(symbol, isNull, isList) {
  if (isNull) return symbol === '=' ? 'isBlank' : symbol === '!=' ? 'isNotBlank' : null;
  return (
    Object.keys(OPERATORS).find(
      (key) =>
        OPERATORS[key].soql === symbol && !OPERATORS[key].blank && Boolean(OPERATORS[key].list) === isList
    ) ?? null
  );
}

/** One literal token as the value the row holds, or undefined when it is not a plain value. */
function valueOfToken(token) {
  if (token?.type === 'string') return token.value;
  if (
    token?.type === 'word' &&
    /^(?:[+-]?[\d.]+|true|false|[A-Z_]+(?::\d+)?|[\d\-T:.Z+]+)$/i.test(token.value)
  ) {
    return token.value;
  }
  return undefined;
}

/**
 * Reads criteria the builder can show as rows: conditions on the source object's own fields
 * joined by one logical operator. Anything else (parentheses, NOT, mixed AND/OR, functions,
 * relationship fields) is left as text: { ok: false }.
 * @returns {{ ok: true, rows: object[], logic: string } | { ok: false }}
 */
export function parseCriteria(text, objectInfo) {
  const trimmed = String(text ?? '').trim();
  if (trimmed === '') return { ok: true, rows: [], logic: 'AND' };
  const tokens = tokenize(trimmed);
  if (!tokens) return { ok: false };
  const rows = [];
  let logic = null;
  let i = 0;
  /** The upper-cased word `offset` tokens ahead, or null when that token is not a word. */
  const word = (offset = 0) => {
    const token = tokens[i + offset];
    return token?.type === 'word' ? token.value.toUpperCase() : null;
  };
  while (i < tokens.length) {
    if (rows.length > 0) {
      const joiner = word();
      if (joiner !== 'AND' && joiner !== 'OR') return { ok: false };
      if (logic && logic !== joiner) return { ok: false };
      logic = joiner;
      i++;
    }
    const fieldToken = tokens[i];
    if (fieldToken?.type !== 'word') return { ok: false };
    const field = fieldOf(objectInfo, fieldToken.value);
    if (!field || !fieldKind(field)) return { ok: false };
    i++;
    let symbol;
    if (tokens[i]?.type === 'symbol' && !['(', ')', ','].includes(tokens[i].value)) {
      symbol = tokens[i].value;
      i++;
    } else if (word() === 'NOT' && word(1) === 'IN') {
      symbol = 'NOT IN';
      i += 2;
    } else if (['IN', 'LIKE', 'INCLUDES', 'EXCLUDES'].includes(word())) {
      symbol = word();
      i++;
    } else {
      return { ok: false };
    }
    let row;
    if (tokens[i]?.type === 'symbol' && tokens[i].value === '(') {
      i++;
      const values = [];
      for (;;) {
        const value = valueOfToken(tokens[i]);
        if (value === undefined) return { ok: false };
        values.push(value);
        i++;
        if (tokens[i]?.type === 'symbol' && tokens[i].value === ',') i++;
        else if (tokens[i]?.type === 'symbol' && tokens[i].value === ')') {
          i++;
          break;
        } else return { ok: false };
      }
      const key = operatorKey(symbol, false, true);
      if (!key) return { ok: false };
      row = { field: field.apiName, operator: key, value: values.join('\n') };
    } else {
      const isNull = tokens[i]?.type === 'word' && tokens[i].value.toLowerCase() === 'null';
      const value = isNull ? '' : valueOfToken(tokens[i]);
      if (value === undefined) return { ok: false };
      i++;
      const key = operatorKey(symbol, isNull, false);
      if (!key) return { ok: false };
      row = { field: field.apiName, operator: key, value };
    }
    // Only what the builder would write back the same way is shown as rows.
    if (!conditionFor(row, objectInfo).ok) return { ok: false };
    rows.push(row);
  }
  return { ok: true, rows, logic: logic ?? 'AND' };
}
