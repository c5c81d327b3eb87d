// The bench's fast loader writes rows into a stopped local org's store. It must write what the
// org's record store would (derived fields, defaults, audit fields) and refuse what the org
// would refuse, naming the record and field, without writing any of the batch.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { openStoreLoader, whyNotStoreLoadable, type StoreLoader } from '../../bench/storeLoad.ts';
import { loadSchema } from '../../localorg/src/schema/index.ts';
import type { Schema } from '../../localorg/src/schema/types.ts';
import { openDb } from '../../localorg/src/store/db.ts';
import { createTables } from '../../localorg/src/store/ddl.ts';
import { createIdGenerator } from '../../localorg/src/store/ids.ts';

const newId = createIdGenerator(1_000);
const ADMIN = newId('005');
const PARTNER = newId('001');
const NO_ACCOUNT = newId('001');
let dataDir: string;
let schema: Schema;
let loader: StoreLoader;

before(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'pbp-store-load-'));
  schema = await loadSchema(path.resolve(import.meta.dirname, '..', '..', 'force-app'));
  const db = await openDb(dataDir);
  await createTables(db, schema);
  await db.query('insert into "user" (id, isdeleted) values ($1, false)', [ADMIN]);
  await db.query('insert into account (id, isdeleted, name) values ($1, false, $2)', [PARTNER, 'Partner']);
  await db.close();
  loader = await openStoreLoader({
    dataDir,
    schema,
    ownerId: ADMIN,
    now: () => new Date('2026-03-01T12:00:00.000Z')
  });
});

after(async () => {
  await loader?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function rows(sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  // The loader holds the folder open; PGlite allows one instance per folder, so read through it.
  await loader.close();
  const db = await openDb(dataDir);
  try {
    return (await db.query<Record<string, unknown>>(sql, params)).rows;
  } finally {
    await db.close();
    loader = await openStoreLoader({ dataDir, schema, ownerId: ADMIN });
  }
}

test('rows are stored as the record store writes them: derived name, default status, owner and audit fields', async () => {
  const ids = await loader.insert('Lead', [
    {
      FirstName: 'Ada',
      LastName: 'Byron',
      Company: 'Analytical',
      AnnualRevenue: 25_000,
      PartnerAccountId: PARTNER,
      CreatedDate: '2025-06-30T03:30:00.000Z'
    },
    { LastName: 'Hopper', Company: 'Navy' }
  ]);
  assert.equal(ids.length, 2);
  assert.ok(ids.every((id) => /^00Q[A-Za-z0-9]{15}$/.test(id)));
  const stored = await rows(
    `select name, status, ownerid, createdbyid, partneraccountid, annualrevenue::text as revenue,
            createddate = '2025-06-30T03:30:00Z'::timestamptz as kept_created, systemmodstamp = '2026-03-01T12:00:00Z'::timestamptz as stamped,
            isdeleted, isconverted
       from lead where id = any($1::text[]) order by lastname`,
    [ids]
  );
  assert.deepEqual(stored, [
    {
      name: 'Ada Byron',
      status: 'Open - Not Contacted',
      ownerid: ADMIN,
      createdbyid: ADMIN,
      partneraccountid: PARTNER,
      revenue: '25000',
      kept_created: true,
      stamped: true,
      isdeleted: false,
      isconverted: false
    },
    {
      name: 'Hopper',
      status: 'Open - Not Contacted',
      ownerid: ADMIN,
      createdbyid: ADMIN,
      partneraccountid: null,
      revenue: null,
      kept_created: false,
      stamped: true,
      isdeleted: false,
      isconverted: false
    }
  ]);
});

test('what the org would refuse is refused, naming the record and the field, and nothing of the batch is written', async () => {
  const good = { LastName: 'Fine', Company: 'Ok' };
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ ...good, Nickname__c: 'x' }, /Lead #2: Lead has no field Nickname__c/],
    [{ ...good, Name: 'Set by hand' }, /Lead #2: Lead\.Name cannot be set on insert/],
    [{ Company: 'No name' }, /Lead #2: required fields are missing: LastName/],
    [{ ...good, AnnualRevenue: 'lots' }, /Lead #2: AnnualRevenue:/],
    [
      { ...good, PartnerAccountId: NO_ACCOUNT },
      new RegExp(`Lead\\.PartnerAccountId: no live Account has the Id ${NO_ACCOUNT}`)
    ],
    [
      { ...good, PartnerAccountId: ADMIN },
      new RegExp(`Lead\\.PartnerAccountId: ${ADMIN} is not the Id of a Account`)
    ],
    [{ ...good, PartnerAccountId: 'not an id' }, /Lead #2: PartnerAccountId: /]
  ];
  for (const [record, message] of cases) {
    await assert.rejects(loader.insert('Lead', [good, record]), message);
  }
  await assert.rejects(loader.insert('Nothing__c', [good]), /The org has no object Nothing__c/);
  const [{ count }] = (await rows(`select count(*)::int as count from lead where lastname = 'Fine'`)) as [
    { count: number }
  ];
  assert.equal(count, 0);
});

test('objects whose new records need an AutoNumber or a formula default are left to REST', async () => {
  const courses = schema.object('Course_Assignment__c');
  assert.ok(courses);
  assert.match(whyNotStoreLoadable(courses) ?? '', /^Course_Assignment__c\.Name takes its value from /);
  assert.equal(whyNotStoreLoadable(schema.object('Lead') as NonNullable<ReturnType<Schema['object']>>), null);
  await assert.rejects(
    loader.insert('Course_Assignment__c', [{ Status__c: 'Assigned' }]),
    /load Course_Assignment__c through REST/
  );
});
