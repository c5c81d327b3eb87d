// Multiple currencies through jsforce over HTTP: CurrencyType and DatedConversionRate, the
// CurrencyIsoCode every record carries (corporate by default, a detail's from its master), and
// aggregates of currency fields in the corporate currency. The org: corporate USD, EUR at
// 0.8 and GBP at 0.5 per dollar (static); with advanced currency management, EUR moves to 0.9
// on 2026-02-15. Expected figures are worked by hand in the comments.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Connection } from 'jsforce';
import { startLocalOrg, type LocalOrg } from '../src/index.ts';
import { createRecord, signIn } from '../../test/support/salesforce.ts';

const CURRENCIES = {
  corporateCurrency: 'USD',
  currencies: [
    { isoCode: 'EUR', conversionRate: 0.8 },
    { isoCode: 'GBP', conversionRate: 0.5 },
    { isoCode: 'JPY', conversionRate: 150, decimalPlaces: 0, isActive: false }
  ]
};

async function rows(conn: Connection, soql: string): Promise<Record<string, unknown>[]> {
  const result = await conn.query<Record<string, unknown>>(soql);
  return result.records.map(({ attributes: _attributes, ...values }) => values);
}

async function rejects(promise: PromiseLike<unknown>, errorCode: string): Promise<void> {
  await assert.rejects(Promise.resolve(promise), (error: { errorCode?: string; name?: string }) => {
    assert.equal(error.errorCode ?? error.name, errorCode);
    return true;
  });
}

describe('a single-currency org', () => {
  let org: LocalOrg;
  let conn: Connection;
  before(async () => {
    org = await startLocalOrg({ ui: false });
    conn = await signIn(org);
  });
  after(() => org.close());

  test('has no CurrencyType, DatedConversionRate or CurrencyIsoCode', async () => {
    await rejects(conn.query('SELECT Id FROM CurrencyType'), 'INVALID_TYPE');
    await rejects(conn.query('SELECT Id FROM DatedConversionRate'), 'INVALID_TYPE');
    const opportunity = await conn.sobject('Opportunity').describe();
    assert.equal(
      opportunity.fields.some((f) => f.name === 'CurrencyIsoCode'),
      false
    );
  });
});

describe('a multi-currency org without advanced currency management', () => {
  let org: LocalOrg;
  let conn: Connection;
  let partnerId: string;
  before(async () => {
    org = await startLocalOrg({ ui: false, multiCurrency: CURRENCIES });
    conn = await signIn(org);
    partnerId = await createRecord(conn, 'Account', { Name: 'Northwind', IsPartner: true });
    const opportunity = (CurrencyIsoCode: string | null, Amount: number, CloseDate: string) =>
      createRecord(conn, 'Opportunity', {
        Name: `${CurrencyIsoCode ?? 'default'} ${Amount}`,
        StageName: 'Closed Won',
        PartnerAccountId: partnerId,
        CloseDate,
        Amount,
        ...(CurrencyIsoCode ? { CurrencyIsoCode } : {})
      });
    await opportunity('GBP', 1000, '2026-01-10'); // 1000 / 0.5 = 2000 USD
    await opportunity('EUR', 800, '2026-02-20'); // 800 / 0.8 = 1000 USD
    await opportunity(null, 500, '2026-02-25'); // USD by default
  });
  after(() => org.close());

  test('CurrencyType lists the currencies with their static rates', async () => {
    assert.deepEqual(
      await rows(
        conn,
        'SELECT IsoCode, ConversionRate, DecimalPlaces, IsActive, IsCorporate FROM CurrencyType ORDER BY IsoCode'
      ),
      [
        { IsoCode: 'EUR', ConversionRate: 0.8, DecimalPlaces: 2, IsActive: true, IsCorporate: false },
        { IsoCode: 'GBP', ConversionRate: 0.5, DecimalPlaces: 2, IsActive: true, IsCorporate: false },
        { IsoCode: 'JPY', ConversionRate: 150, DecimalPlaces: 0, IsActive: false, IsCorporate: false },
        { IsoCode: 'USD', ConversionRate: 1, DecimalPlaces: 2, IsActive: true, IsCorporate: true }
      ]
    );
    await rejects(conn.query('SELECT Id FROM DatedConversionRate'), 'INVALID_TYPE');
  });

  test('records take the corporate currency unless given an active one', async () => {
    assert.deepEqual(await rows(conn, 'SELECT CurrencyIsoCode, Amount FROM Opportunity ORDER BY CloseDate'), [
      { CurrencyIsoCode: 'GBP', Amount: 1000 },
      { CurrencyIsoCode: 'EUR', Amount: 800 },
      { CurrencyIsoCode: 'USD', Amount: 500 }
    ]);
    const [admin] = await rows(
      conn,
      "SELECT CurrencyIsoCode FROM User WHERE Username = 'admin@localorg.test'"
    );
    assert.equal(admin?.CurrencyIsoCode, 'USD');
    // JPY exists but is inactive; XYZ is no currency of the org.
    for (const code of ['JPY', 'XYZ']) {
      await rejects(
        conn.sobject('Account').create({ Name: 'Yen', CurrencyIsoCode: code }),
        'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST'
      );
    }
  });

  test('a currency activated through the API can be used at once', async () => {
    const [jpy] = await rows(conn, "SELECT Id FROM CurrencyType WHERE IsoCode = 'JPY'");
    await conn.sobject('CurrencyType').update({ Id: jpy?.Id as string, IsActive: true });
    const id = await createRecord(conn, 'Account', { Name: 'Yen', CurrencyIsoCode: 'JPY' });
    const [account] = await rows(conn, `SELECT CurrencyIsoCode FROM Account WHERE Id = '${id}'`);
    assert.equal(account?.CurrencyIsoCode, 'JPY');
    await conn.sobject('CurrencyType').update({ Id: jpy?.Id as string, IsActive: false });
  });

  test('aggregates of a currency field are in the corporate currency, with or without GROUP BY', async () => {
    // Records in USD: 2000 (GBP), 1000 (EUR), 500.
    assert.deepEqual(
      await rows(
        conn,
        'SELECT SUM(Amount) total, AVG(Amount) average, MIN(Amount) least, MAX(Amount) most, COUNT(Id) n FROM Opportunity'
      ),
      [{ total: 3500, average: 3500 / 3, least: 500, most: 2000, n: 3 }]
    );
    assert.deepEqual(
      await rows(
        conn,
        'SELECT CALENDAR_MONTH(CloseDate) m, SUM(Amount) total FROM Opportunity GROUP BY CALENDAR_MONTH(CloseDate) ORDER BY CALENDAR_MONTH(CloseDate)'
      ),
      [
        { m: 1, total: 2000 },
        { m: 2, total: 1500 }
      ]
    );
    assert.deepEqual(
      await rows(
        conn,
        'SELECT CurrencyIsoCode, SUM(Amount) total FROM Opportunity GROUP BY CurrencyIsoCode HAVING SUM(Amount) > 900 ORDER BY CurrencyIsoCode'
      ),
      [
        { CurrencyIsoCode: 'EUR', total: 1000 },
        { CurrencyIsoCode: 'GBP', total: 2000 }
      ]
    );
  });

  test('details take their master’s currency and follow it when it changes', async () => {
    const planId = await createRecord(conn, 'Business_Plan__c', {
      Name: 'Euro plan',
      Partner_Account__c: partnerId,
      Status__c: 'Draft Outline',
      Start_Date__c: '2026-01-01',
      End_Date__c: '2026-12-31',
      CurrencyIsoCode: 'EUR'
    });
    const objectiveId = await createRecord(conn, 'Plan_Objective__c', {
      Name: 'Revenue',
      Business_Plan__c: planId,
      Type__c: 'Qualified Deal Registration',
      Weight__c: 100,
      Target__c: 10000
    });
    const objective = await conn.sobject('Plan_Objective__c').describe();
    const field = objective.fields.find((f) => f.name === 'CurrencyIsoCode');
    assert.deepEqual([field?.createable, field?.updateable], [false, false]);
    await rejects(
      conn.sobject('Plan_Objective__c').update({ Id: objectiveId, CurrencyIsoCode: 'GBP' }),
      'INVALID_FIELD_FOR_INSERT_UPDATE'
    );
    const currencyOf = async (object: string, id: string) =>
      (await rows(conn, `SELECT CurrencyIsoCode FROM ${object} WHERE Id = '${id}'`))[0]?.CurrencyIsoCode;
    assert.equal(await currencyOf('Plan_Objective__c', objectiveId), 'EUR');
    await conn.sobject('Business_Plan__c').update({ Id: planId, CurrencyIsoCode: 'GBP' });
    assert.equal(await currencyOf('Plan_Objective__c', objectiveId), 'GBP');
  });
});

describe('a multi-currency org with advanced currency management', () => {
  let org: LocalOrg;
  let conn: Connection;
  before(async () => {
    org = await startLocalOrg({
      ui: false,
      multiCurrency: {
        ...CURRENCIES,
        advancedCurrencyManagement: true,
        datedRates: [{ isoCode: 'EUR', conversionRate: 0.9, startDate: '2026-02-15' }]
      }
    });
    conn = await signIn(org);
    await createRecord(conn, 'Opportunity', {
      Name: 'Euro deal',
      StageName: 'Closed Won',
      CloseDate: '2026-03-01',
      Amount: 900,
      CurrencyIsoCode: 'EUR'
    });
  });
  after(() => org.close());

  test('DatedConversionRate holds each currency’s rates with NextStartDate kept in step', async () => {
    const eur =
      "SELECT ConversionRate, StartDate, NextStartDate FROM DatedConversionRate WHERE IsoCode = 'EUR' ORDER BY StartDate";
    assert.deepEqual(await rows(conn, eur), [
      { ConversionRate: 0.8, StartDate: '0001-01-01', NextStartDate: '2026-02-15' },
      { ConversionRate: 0.9, StartDate: '2026-02-15', NextStartDate: null }
    ]);
    const id = await createRecord(conn, 'DatedConversionRate', {
      IsoCode: 'EUR',
      ConversionRate: 0.85,
      StartDate: '2026-04-01'
    });
    assert.deepEqual(await rows(conn, eur), [
      { ConversionRate: 0.8, StartDate: '0001-01-01', NextStartDate: '2026-02-15' },
      { ConversionRate: 0.9, StartDate: '2026-02-15', NextStartDate: '2026-04-01' },
      { ConversionRate: 0.85, StartDate: '2026-04-01', NextStartDate: null }
    ]);
    await conn.sobject('DatedConversionRate').destroy(id);
    assert.equal((await rows(conn, eur))[1]?.NextStartDate, null);
    await rejects(
      conn
        .sobject('DatedConversionRate')
        .create({ IsoCode: 'XYZ', ConversionRate: 1, StartDate: '2026-05-01' }),
      'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST'
    );
  });

  test('aggregates still use the static rate: dated rates are for convertCurrency() and reports', async () => {
    // 900 EUR / 0.8 (CurrencyType), not / 0.9 (the dated rate on its close date).
    assert.deepEqual(await rows(conn, 'SELECT SUM(Amount) total FROM Opportunity'), [{ total: 1125 }]);
  });
});
