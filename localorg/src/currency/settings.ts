// The org's currency settings, as Setup's Company Information and Manage Currencies hold them:
// whether multiple currencies are on, the corporate currency, the other currencies with their
// static rates (CurrencyType), and whether advanced currency management (dated exchange rates,
// DatedConversionRate) is on. A bad setting stops start-up with the setting named.

export interface CurrencySetting {
  /** ISO 4217 code, e.g. EUR. */
  isoCode: string;
  /** Units of this currency per unit of the corporate currency. */
  conversionRate: number;
  /** Digits after the point (0 for JPY, 2 for most); 2 when absent. */
  decimalPlaces?: number;
  /** Inactive currencies keep their rates but records cannot take them; active when absent. */
  isActive?: boolean;
}

export interface DatedRateSetting {
  isoCode: string;
  conversionRate: number;
  /** 'YYYY-MM-DD': the rate applies from this day until the next rate of the currency starts. */
  startDate: string;
}

export interface MultiCurrencyOptions {
  /** ISO code of the corporate currency; its rate is always 1. */
  corporateCurrency: string;
  /** The other currencies. */
  currencies?: readonly CurrencySetting[];
  /** Advanced currency management: dated exchange rates for opportunities. */
  advancedCurrencyManagement?: boolean;
  /** Dated rates after the initial ones (ACM only). */
  datedRates?: readonly DatedRateSetting[];
}

/** The settings once checked: every currency, the corporate one first with rate 1. */
export interface CurrencySettings {
  corporateCurrency: string;
  currencies: Required<CurrencySetting>[];
  advancedCurrencyManagement: boolean;
  datedRates: DatedRateSetting[];
}

const ISO_CODE = /^[A-Z]{3}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function fail(setting: string, expected: string): never {
  throw new Error(`multiCurrency.${setting} must be ${expected}`);
}

function checkRate(setting: string, rate: number): void {
  if (!Number.isFinite(rate) || rate <= 0) fail(setting, 'a positive number');
}

export function checkCurrencySettings(options: MultiCurrencyOptions): CurrencySettings {
  const corporate = options.corporateCurrency;
  if (!ISO_CODE.test(corporate)) fail('corporateCurrency', 'a three-letter ISO 4217 code such as USD');
  const currencies: Required<CurrencySetting>[] = [
    { isoCode: corporate, conversionRate: 1, decimalPlaces: 2, isActive: true }
  ];
  for (const [index, currency] of (options.currencies ?? []).entries()) {
    const setting = `currencies[${index}]`;
    if (!ISO_CODE.test(currency.isoCode)) fail(`${setting}.isoCode`, 'a three-letter ISO 4217 code');
    if (currencies.some((c) => c.isoCode === currency.isoCode))
      fail(
        `${setting}.isoCode`,
        `listed once (${currency.isoCode} is repeated or is the corporate currency)`
      );
    checkRate(`${setting}.conversionRate`, currency.conversionRate);
    const decimalPlaces = currency.decimalPlaces ?? 2;
    if (!Number.isInteger(decimalPlaces) || decimalPlaces < 0 || decimalPlaces > 10)
      fail(`${setting}.decimalPlaces`, 'a whole number from 0 to 10');
    currencies.push({ ...currency, decimalPlaces, isActive: currency.isActive ?? true });
  }
  const acm = options.advancedCurrencyManagement === true;
  const datedRates = [...(options.datedRates ?? [])];
  if (datedRates.length > 0 && !acm) fail('datedRates', 'empty unless advancedCurrencyManagement is on');
  for (const [index, rate] of datedRates.entries()) {
    const setting = `datedRates[${index}]`;
    if (!currencies.some((c) => c.isoCode === rate.isoCode))
      fail(`${setting}.isoCode`, 'the corporate currency or one of multiCurrency.currencies');
    if (!DATE.test(rate.startDate) || Number.isNaN(Date.parse(rate.startDate)))
      fail(`${setting}.startDate`, "a date 'YYYY-MM-DD'");
    checkRate(`${setting}.conversionRate`, rate.conversionRate);
    if (rate.isoCode === corporate && rate.conversionRate !== 1)
      fail(`${setting}.conversionRate`, '1 for the corporate currency');
  }
  return { corporateCurrency: corporate, currencies, advancedCurrencyManagement: acm, datedRates };
}
