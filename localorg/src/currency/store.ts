// Currency rules the database keeps for every write path (REST, UI API, tree import, seeds):
// - a record saved without a currency gets the corporate currency;
// - a detail takes its master's currency, and follows it when the master's changes;
// - a dated rate's NextStartDate is the StartDate of the currency's next rate.
// They are PostgreSQL triggers so they run inside the saving transaction. The CurrencyIsoCode
// picklist follows the active CurrencyType records: currencyPicklist() reloads it after they change.
import type { ObjectDef, PicklistValue, Schema } from '../schema/types.ts';
import type { Db } from '../store/db.ts';
import { quoteIdent } from '../store/naming.ts';
import type { RecordStore } from '../store/records.ts';
import {
  CURRENCY_FIELD,
  CURRENCY_TYPE,
  DATED_CONVERSION_RATE,
  hasCurrency,
  primaryMaster
} from './schema.ts';
import type { CurrencySettings } from './settings.ts';

/** The first dated rate of each currency starts here: before any later rate, the static rate applies. */
export const FIRST_RATE_DATE = '0001-01-01';

function tableOf(schema: Schema, name: string): string {
  const o = schema.object(name);
  if (!o) throw new Error(`The multi-currency schema has no ${name}`);
  return quoteIdent(o.table);
}

function columnOf(schema: Schema, o: ObjectDef, name: string): string {
  const f = schema.field(o, name);
  if (!f) throw new Error(`${o.name} has no ${name}`);
  return quoteIdent(f.column);
}

/** Trigger and function names are derived from table names, which are lower-case API names. */
const routine = (prefix: string, o: ObjectDef): string => quoteIdent(`${prefix}_${o.table}`);

function defaultCurrencyDdl(schema: Schema, o: ObjectDef): string[] {
  const column = columnOf(schema, o, CURRENCY_FIELD);
  const fn = routine('currency_default', o);
  const master = primaryMaster(o);
  const masterObject = master ? schema.object(master.referenceTo[0] ?? '') : undefined;
  const inherited =
    master && masterObject
      ? `new.${column} := coalesce((select m.${columnOf(schema, masterObject, CURRENCY_FIELD)} from ${quoteIdent(masterObject.table)} m where m."id" = new.${quoteIdent(master.column)}), new.${column});`
      : '';
  const corporate = `(select ${quoteIdent('isocode')} from ${tableOf(schema, CURRENCY_TYPE)} where ${quoteIdent('iscorporate')} limit 1)`;
  return [
    `create or replace function ${fn}() returns trigger language plpgsql as $$ begin
       new.${column} := coalesce(new.${column}, ${corporate});
       ${inherited}
       return new;
     end $$`,
    `drop trigger if exists ${fn} on ${quoteIdent(o.table)}`,
    `create trigger ${fn} before insert or update on ${quoteIdent(o.table)} for each row execute function ${fn}()`
  ];
}

/** On a master: its details (through their primary master-detail field) follow its currency. */
function cascadeDdl(schema: Schema, master: ObjectDef): string[] {
  const details = schema.objects.filter((o) => {
    const field = primaryMaster(o);
    return (
      field !== undefined &&
      hasCurrency(o) &&
      field.referenceTo[0]?.toLowerCase() === master.name.toLowerCase()
    );
  });
  if (details.length === 0) return [];
  const column = columnOf(schema, master, CURRENCY_FIELD);
  const updates = details.map((detail) => {
    const link = quoteIdent((primaryMaster(detail) as { column: string }).column);
    const detailColumn = columnOf(schema, detail, CURRENCY_FIELD);
    return `update ${quoteIdent(detail.table)} set ${detailColumn} = new.${column} where ${link} = new."id" and ${detailColumn} is distinct from new.${column};`;
  });
  const fn = routine('currency_cascade', master);
  return [
    `create or replace function ${fn}() returns trigger language plpgsql as $$ begin
       ${updates.join('\n       ')}
       return null;
     end $$`,
    `drop trigger if exists ${fn} on ${quoteIdent(master.table)}`,
    `create trigger ${fn} after update of ${column} on ${quoteIdent(master.table)} for each row execute function ${fn}()`
  ];
}

function nextStartDateDdl(schema: Schema): string[] {
  const table = tableOf(schema, DATED_CONVERSION_RATE);
  return [
    `create or replace function dated_rate_next_start() returns trigger language plpgsql as $$ begin
       update ${table} d set "nextstartdate" = n.next
         from (select "id", lead("startdate") over (partition by "isocode" order by "startdate") as next
               from ${table} where not "isdeleted") n
        where d."id" = n."id" and d."nextstartdate" is distinct from n.next;
       return null;
     end $$`,
    `drop trigger if exists dated_rate_next_start on ${table}`,
    `create trigger dated_rate_next_start after insert or delete or update of "startdate", "isocode", "isdeleted"
       on ${table} for each statement execute function dated_rate_next_start()`
  ];
}

export interface CurrencyRulesDeps {
  db: Db;
  schema: Schema;
  settings: CurrencySettings;
  newId: (keyPrefix: string) => string;
  clock: () => Date;
  adminId: string;
}

async function seed({ db, schema, settings, newId, clock, adminId }: CurrencyRulesDeps): Promise<void> {
  const types = tableOf(schema, CURRENCY_TYPE);
  const { rows } = await db.query(`select 1 from ${types} limit 1`);
  // A persisted org keeps the currencies it has; the settings only seed a new one.
  if (rows.length > 0) return;
  const now = clock().toISOString();
  for (const c of settings.currencies) {
    await db.query(
      `insert into ${types} ("id", "isocode", "conversionrate", "decimalplaces", "isactive", "iscorporate", "isdeleted",
         "createddate", "createdbyid", "lastmodifieddate", "lastmodifiedbyid", "systemmodstamp")
       values ($1, $2, $3, $4, $5, $6, false, $7, $8, $7, $8, $7)`,
      [
        newId('02N'),
        c.isoCode,
        c.conversionRate,
        c.decimalPlaces,
        c.isActive,
        c.isoCode === settings.corporateCurrency,
        now,
        adminId
      ]
    );
  }
  if (!settings.advancedCurrencyManagement) return;
  const dated = tableOf(schema, DATED_CONVERSION_RATE);
  const initial = settings.currencies.map((c) => ({
    isoCode: c.isoCode,
    conversionRate: c.conversionRate,
    startDate: FIRST_RATE_DATE
  }));
  for (const rate of [...initial, ...settings.datedRates]) {
    await db.query(
      `insert into ${dated} ("id", "isocode", "conversionrate", "startdate", "isdeleted",
         "createddate", "createdbyid", "lastmodifieddate", "lastmodifiedbyid", "systemmodstamp")
       values ($1, $2, $3, $4, false, $5, $6, $5, $6, $5)`,
      [newId('04w'), rate.isoCode, rate.conversionRate, rate.startDate, now, adminId]
    );
  }
}

/**
 * Creates the triggers and seeds a new org's currencies. Records written before (the
 * Organization's administrator, during bootstrap) get the corporate currency here.
 */
export async function installCurrencyRules(deps: CurrencyRulesDeps): Promise<void> {
  const { db, schema } = deps;
  const statements: string[] = [];
  const tables: ObjectDef[] = schema.objects.filter((o) => schema.field(o, CURRENCY_FIELD));
  for (const o of tables) statements.push(...defaultCurrencyDdl(schema, o), ...cascadeDdl(schema, o));
  if (deps.settings.advancedCurrencyManagement) statements.push(...nextStartDateDdl(schema));
  for (const statement of statements) await db.exec(statement);
  await seed(deps);
  for (const o of tables) {
    const column = columnOf(schema, o, CURRENCY_FIELD);
    await db.query(`update ${quoteIdent(o.table)} set ${column} = null where ${column} is null`);
  }
}

export interface CurrencyPicklist {
  /** Reloads the CurrencyIsoCode picklist from the active CurrencyType records. */
  refresh(connection?: Db): Promise<void>;
  /**
   * A record store writing through `connection` that refreshes the picklist after CurrencyType
   * changes, reading through the same connection (inside a transaction, the root one waits).
   */
  wrap(store: RecordStore, connection: Db): RecordStore;
}

/** `picklistValues` is the list every CurrencyIsoCode field shares (schema.ts). */
export function currencyPicklist(db: Db, schema: Schema, picklistValues: PicklistValue[]): CurrencyPicklist {
  const refresh = async (connection: Db = db): Promise<void> => {
    const { rows } = await connection.query<{ isocode: string; iscorporate: boolean }>(
      `select "isocode", "iscorporate" from ${tableOf(schema, CURRENCY_TYPE)} where "isactive" and not "isdeleted" order by "isocode"`
    );
    const values = rows.map((r) => ({
      value: r.isocode,
      label: r.isocode,
      defaultValue: r.iscorporate,
      active: true
    }));
    picklistValues.splice(0, picklistValues.length, ...values);
  };
  const touchesCurrencies = (objectName: string): boolean =>
    objectName.toLowerCase() === CURRENCY_TYPE.toLowerCase();
  return {
    refresh,
    wrap: (store, connection) => ({
      ...store,
      create: async (objectName, values, user) => {
        const id = await store.create(objectName, values, user);
        if (touchesCurrencies(objectName)) await refresh(connection);
        return id;
      },
      update: async (objectName, id, values, user) => {
        await store.update(objectName, id, values, user);
        if (touchesCurrencies(objectName)) await refresh(connection);
      },
      upsert: async (objectName, field, value, values, user) => {
        const result = await store.upsert(objectName, field, value, values, user);
        if (touchesCurrencies(objectName)) await refresh(connection);
        return result;
      }
    })
  };
}
