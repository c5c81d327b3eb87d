// Currency conversion with hand-worked figures. The org: corporate USD; EUR 0.9 and GBP 0.8
// per dollar (CurrencyType). With advanced currency management, GBP moves to 0.75 on
// 2026-02-01 and EUR to 0.95 on 2026-02-15, in the middle of the quarter.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  convert,
  CurrencyProblem,
  currencyRates,
  datedRateField,
  monthValues,
  rateOf,
  scaleValues
} from '../src/engine/currency.ts';
import { combineMonths } from '../src/engine/aggregate.ts';

const TYPES = [
  { IsoCode: 'USD', ConversionRate: 1, IsCorporate: true },
  { IsoCode: 'EUR', ConversionRate: 0.9, IsCorporate: false },
  { IsoCode: 'GBP', ConversionRate: 0.8, IsCorporate: false }
];
// As the org returns them, out of order; NextStartDate is what Salesforce maintains.
const DATED = [
  { IsoCode: 'GBP', ConversionRate: 0.75, StartDate: '2026-02-01', NextStartDate: null },
  { IsoCode: 'GBP', ConversionRate: 0.8, StartDate: '0001-01-01', NextStartDate: '2026-02-01' },
  { IsoCode: 'EUR', ConversionRate: 0.9, StartDate: '0001-01-01', NextStartDate: '2026-02-15' },
  { IsoCode: 'EUR', ConversionRate: 0.95, StartDate: '2026-02-15', NextStartDate: null },
  { IsoCode: 'USD', ConversionRate: 1, StartDate: '0001-01-01', NextStartDate: null }
];

const close = (actual: number, expected: number): void =>
  assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} is not ${expected}`);

describe('static rates (CurrencyType)', () => {
  const rates = currencyRates(TYPES, null);

  test('convert through the corporate currency', () => {
    // 1000 GBP = 1000 / 0.8 = 1250 USD = 1250 × 0.9 = 1125 EUR.
    close(convert(1000, 'GBP', 'EUR', rates, null), 1125);
    // 450 EUR = 500 USD.
    close(convert(450, 'EUR', 'USD', rates, null), 500);
    assert.equal(convert(77, 'EUR', 'EUR', rates, null), 77);
    assert.equal(rates.corporate, 'USD');
  });

  test('no dated rates and no dated-rate field without advanced currency management', () => {
    assert.equal(datedRateField(rates, 'Opportunity'), null);
  });

  test('corporate-currency aggregates scale into the plan currency; counts do not', () => {
    const values = {
      months: new Map([['P1', new Map([['2026-01', [3000, 2] as (number | null)[]]])]]),
      windows: new Map([['P1', new Map<string, number | null>([['plan', 100]])]]),
      unplaced: 0
    };
    // AVG reads [SUM, COUNT] per month: 3000 USD over 2 records → 2700 EUR over 2 → 1350 EUR each.
    const avg = scaleValues(values, 'AVG', rateOf(rates, 'EUR', null));
    assert.deepEqual(avg.months.get('P1')?.get('2026-01'), [2700, 2]);
    close(combineMonths('AVG', [avg.months.get('P1')?.get('2026-01') ?? []]) as number, 1350);
    assert.equal(avg.windows.get('P1')?.get('plan'), 90);
    const count = scaleValues(values, 'COUNT', 0.9);
    assert.deepEqual(count.months.get('P1')?.get('2026-01'), [3000, 2]);
    assert.equal(count.windows.get('P1')?.get('plan'), 100);
  });

  test('unknown currencies and missing corporate currency are named', () => {
    assert.throws(
      () => rateOf(rates, 'JPY', null),
      (e: Error) => e instanceof CurrencyProblem && /JPY/.test(e.message)
    );
    assert.throws(
      () => currencyRates([{ IsoCode: 'USD', ConversionRate: 1, IsCorporate: false }], null),
      /corporate/
    );
    assert.throws(
      () => currencyRates([{ IsoCode: 'USD', ConversionRate: 0, IsCorporate: true }], null),
      /USD/
    );
  });
});

describe('dated rates (advanced currency management)', () => {
  const rates = currencyRates(TYPES, DATED);

  test('apply to opportunities by CloseDate, not to leads or custom objects', () => {
    assert.equal(datedRateField(rates, 'Opportunity'), 'CloseDate');
    assert.equal(datedRateField(rates, 'Lead'), null);
    assert.equal(datedRateField(rates, 'Course_Assignment__c'), null);
  });

  test('the rate in force on the day: from StartDate, until the next StartDate', () => {
    assert.equal(rateOf(rates, 'GBP', '2026-01-31'), 0.8);
    assert.equal(rateOf(rates, 'GBP', '2026-02-01'), 0.75);
    assert.equal(rateOf(rates, 'EUR', '2026-02-14'), 0.9);
    assert.equal(rateOf(rates, 'EUR', '2026-02-15'), 0.95);
    // Static rates still answer when no day is given.
    assert.equal(rateOf(rates, 'GBP', null), 0.8);
  });

  test('both legs of a conversion use the rates of the record’s day', () => {
    // 10 Jan: 1000 GBP / 0.8 × 0.9 = 1125 EUR.
    close(convert(1000, 'GBP', 'EUR', rates, '2026-01-10'), 1125);
    // 5 Feb: GBP moved, EUR not yet: 1000 / 0.75 × 0.9 = 1200 EUR.
    close(convert(1000, 'GBP', 'EUR', rates, '2026-02-05'), 1200);
    // 20 Feb: both moved: 1000 / 0.75 × 0.95 = 1266.666… EUR.
    close(convert(1000, 'GBP', 'EUR', rates, '2026-02-20'), 3800 / 3);
    // An EUR deal stays what it is whatever the day.
    assert.equal(convert(500, 'EUR', 'EUR', rates, '2026-02-20'), 500);
  });

  test('a day no dated rate covers is named', () => {
    const gap = currencyRates(TYPES, [{ IsoCode: 'GBP', ConversionRate: 0.8, StartDate: '2026-03-01' }]);
    assert.throws(() => rateOf(gap, 'GBP', '2026-02-01'), /GBP.*2026-02-01/);
  });
});

describe('monthValues: extracted records aggregated as a grouped query would', () => {
  // Partner P1: January 1125 and an empty amount, February 1200; partner P2: February 500.
  const records = [
    { partnerId: 'P1', month: '2026-01', value: 1125 },
    { partnerId: 'P1', month: '2026-01', value: null },
    { partnerId: 'P1', month: '2026-02', value: 1200 },
    { partnerId: 'P2', month: '2026-02', value: 500 }
  ];

  test('SUM, COUNT, AVG, MIN and MAX rows per partner and month', () => {
    assert.deepEqual(
      [...(monthValues(records, 'SUM').months.get('P1') ?? [])],
      [
        ['2026-01', [1125]],
        ['2026-02', [1200]]
      ]
    );
    // COUNT counts records, empty amounts included; AVG's divisor counts only amounts.
    assert.deepEqual(monthValues(records, 'COUNT').months.get('P1')?.get('2026-01'), [2]);
    assert.deepEqual(monthValues(records, 'AVG').months.get('P1')?.get('2026-01'), [1125, 1]);
    assert.deepEqual(monthValues(records, 'MIN').months.get('P1')?.get('2026-02'), [1200]);
    assert.deepEqual(monthValues(records, 'MAX').months.get('P2')?.get('2026-02'), [500]);
    // The quarter for P1: (1125 + 1200) / 2 = 1162.5.
    const avg = monthValues(records, 'AVG').months.get('P1') ?? new Map();
    assert.equal(combineMonths('AVG', [...avg.values()]), 1162.5);
  });

  test('a month of only empty amounts sums to nothing, as SOQL’s SUM does', () => {
    assert.deepEqual(
      monthValues([{ partnerId: 'P3', month: '2026-03', value: null }], 'SUM')
        .months.get('P3')
        ?.get('2026-03'),
      [null]
    );
  });

  test('COUNT_DISTINCT cannot be rebuilt from months', () => {
    assert.throws(() => monthValues(records, 'COUNT_DISTINCT'), /COUNT_DISTINCT/);
  });
});
