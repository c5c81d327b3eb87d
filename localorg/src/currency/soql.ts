// Currency in SOQL for multi-currency orgs (SOQL reference, "convertCurrency()" and its
// considerations): aggregate functions over a currency field (SUM, AVG, MIN, MAX) return the
// org's corporate currency, every record converted with the static CurrencyType rate, with or
// without GROUP BY. Advanced currency management does not change that: only convertCurrency()
// and reports use dated rates, and only for opportunities.
import type { FieldDef, Schema } from '../schema/types.ts';
import { quoteIdent } from '../store/naming.ts';
import type { Resolved } from '../soql/resolve.ts';
import { CURRENCY_FIELD, CURRENCY_TYPE } from './schema.ts';

/**
 * `valueSql` (the currency field `resolved`, as SQL) in the corporate currency, or the plain
 * value when the field is not a currency field of an object with a currency.
 */
export function inCorporateCurrency(schema: Schema, resolved: Resolved, valueSql: string): string {
  if (resolved.field.type !== 'currency') return valueSql;
  const currency: FieldDef | undefined = schema.field(resolved.object, CURRENCY_FIELD);
  const types = schema.object(CURRENCY_TYPE);
  if (!currency || !types) return valueSql;
  // The record's currency column sits next to the value, in the same table alias.
  const alias = resolved.column.slice(0, resolved.column.lastIndexOf('.'));
  const rate = `(select ct."conversionrate" from ${quoteIdent(types.table)} ct where ct."isocode" = ${alias}.${quoteIdent(currency.column)} and not ct."isdeleted")`;
  return `(${valueSql} / ${rate})`;
}
