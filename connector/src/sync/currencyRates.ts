// What a multi-currency org adds to a run: its exchange rates and each plan's currency (which
// the plan's objectives inherit, as master-detail children do). Read once per run, and only in
// orgs that have multiple currencies, so single-currency orgs spend no call on it.
import { isSfDate } from '../engine/dates.ts';
import { currencyRates, CurrencyProblem, type CurrencyRates } from '../engine/currency.ts';
import { findField, type SObjectDescribe } from '../engine/describe.ts';
import type { BusinessPlan } from '../engine/model.ts';
import { ConnectorError } from '../errors.ts';
import type { SalesforceApi } from '../salesforce/client.ts';
import { PLAN } from './schema.ts';

/** The field every record of a multi-currency org carries; absent from single-currency orgs. */
export const CURRENCY_FIELD = 'CurrencyIsoCode';

/** Plan Ids per IN list: keeps the query text (sent in a GET URL) well under URL limits. */
const MAX_IDS_PER_QUERY = 200;

export interface MoneyContext {
  rates: CurrencyRates;
  /** The currency of each plan read, by plan Id. */
  planCurrencies: ReadonlyMap<string, string>;
}

/** A plan's currency, or a CurrencyProblem naming the plan when it was not read. */
export function planCurrency(money: MoneyContext, plan: BusinessPlan): string {
  const currency = money.planCurrencies.get(plan.id);
  if (currency === undefined)
    throw new CurrencyProblem(`The currency of plan ${plan.name} could not be read.`);
  return currency;
}

/**
 * The rates and the plans' currencies; null in a single-currency org. Multiple currencies show
 * as a CurrencyIsoCode field on the plan object (the run has described it already). Advanced
 * currency management shows as the DatedConversionRate object: Salesforce offers it only when
 * that feature is on ("not available in single-currency organizations, nor if advanced currency
 * management is not enabled", Object Reference), and answers INVALID_TYPE otherwise. Only the
 * dated rates in force during the plans are read.
 */
export async function readMoneyContext(
  sf: SalesforceApi,
  planDescribe: SObjectDescribe,
  plans: readonly BusinessPlan[]
): Promise<MoneyContext | null> {
  if (!findField(planDescribe, CURRENCY_FIELD) || plans.length === 0) return null;
  const types = await sf.query('SELECT IsoCode, ConversionRate, IsCorporate FROM CurrencyType');
  const dated = await readDatedRates(sf, plans);
  let rates: CurrencyRates;
  try {
    rates = currencyRates(types, dated);
  } catch (error) {
    if (!(error instanceof CurrencyProblem)) throw error;
    throw new ConnectorError(
      'CURRENCY_RATES_UNREADABLE',
      `The org's exchange rates cannot be used: ${error.message}`,
      {
        cause: error,
        actions: ['Check the currencies under Setup > Company Information > Currencies.']
      }
    );
  }
  return {
    rates,
    planCurrencies: await readPlanCurrencies(
      sf,
      plans.map((plan) => plan.id)
    )
  };
}

async function readDatedRates(
  sf: SalesforceApi,
  plans: readonly BusinessPlan[]
): Promise<Record<string, unknown>[] | null> {
  const days = plans
    .flatMap((plan) => [plan.startDate, plan.endDate])
    .filter(isSfDate)
    .sort();
  const [first, last] = [days[0], days[days.length - 1]];
  // Dates were checked as YYYY-MM-DD, so they are single SOQL date literals.
  const during =
    first && last ? ` WHERE StartDate <= ${last} AND (NextStartDate = null OR NextStartDate > ${first})` : '';
  try {
    return await sf.query(
      `SELECT IsoCode, ConversionRate, StartDate, NextStartDate FROM DatedConversionRate${during} ORDER BY IsoCode, StartDate`
    );
  } catch (error) {
    if (error instanceof ConnectorError && error.code === 'INVALID_TYPE') return null;
    throw error;
  }
}

async function readPlanCurrencies(
  sf: SalesforceApi,
  planIds: readonly string[]
): Promise<Map<string, string>> {
  const currencies = new Map<string, string>();
  for (let i = 0; i < planIds.length; i += MAX_IDS_PER_QUERY) {
    // Plan Ids come from Salesforce and were checked as Ids when the plans were read.
    const ids = planIds.slice(i, i + MAX_IDS_PER_QUERY).map((id) => `'${id}'`);
    const plans = await sf.query(
      `SELECT Id, ${CURRENCY_FIELD} FROM ${PLAN.object} WHERE Id IN (${ids.join(', ')})`
    );
    for (const plan of plans) {
      const currency = plan[CURRENCY_FIELD];
      if (typeof plan.Id === 'string' && typeof currency === 'string') currencies.set(plan.Id, currency);
    }
  }
  return currencies;
}
