// Starts the local org in this process (records on disk in a temporary folder) and fills it
// with the generated org. Accounts, plans and objectives, and the first collection of each
// source object, go through REST (sObject Collections of 200), so the org checks them as it
// checks any client's records. With load 'store' the rest of the source records are written
// straight into the org's store while it is stopped (bench/storeLoad.ts), and the org starts
// again on the same data. The measured runs then talk to it over HTTP only.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalOrg, type LocalOrg, type LocalOrgOptions } from '../localorg/src/index.ts';
import { silentLogger } from '../connector/src/logger.ts';
import {
  COLLECTION_LIMIT,
  SalesforceClient,
  type SalesforceApi,
  type SObjectRecord
} from '../connector/src/salesforce/client.ts';
import {
  BENCH_TIME_ZONE,
  resolvePartners,
  SOURCE_OBJECTS,
  sourceValues,
  type GeneratedOrg,
  type SourceObject
} from './generateOrg.ts';
import type { BenchOptions } from './options.ts';
import { openStoreLoader, whyNotStoreLoadable } from './storeLoad.ts';

/** API requests a day: far more than the naive strategy needs, so no run stops at the limit. */
export const BENCH_DAILY_API_LIMIT = 100_000_000;
export const API_VERSION = '62.0';

export interface BenchOrg {
  org: LocalOrg;
  /** Source record Ids, in the generated order. */
  ids: Record<SourceObject, string[]>;
  partnerIds: string[];
  /** Records loaded through REST and into the store. */
  loaded: { rest: number; store: number };
  /** Stops the org and deletes its data folder. */
  dispose(): Promise<void>;
}

/** A client for the bench's own reads and writes, counted apart from the strategies measured. */
export function harnessClient(
  org: Pick<LocalOrg, 'url' | 'adminUsername' | 'adminPassword'>
): SalesforceClient {
  return new SalesforceClient({
    auth: 'password',
    loginUrl: org.url,
    apiVersion: API_VERSION,
    username: org.adminUsername,
    password: org.adminPassword,
    logger: silentLogger(),
    apiHeadroomPercent: 0
  });
}

/** Creates the records and returns their Ids; any refused record stops the bench with the org's reason. */
export async function createAll(
  api: SalesforceApi,
  object: string,
  records: readonly SObjectRecord[]
): Promise<string[]> {
  const outcomes = await api.create(object, records);
  return outcomes.map((outcome, index) => {
    if (!outcome.success || outcome.id === null) {
      const why = outcome.errors.map((e) => `${e.code}: ${e.message}`).join('; ');
      throw new Error(`The org refused generated ${object} #${index + 1}: ${why}`);
    }
    return outcome.id;
  });
}

export async function buildOrg(
  generated: GeneratedOrg,
  options: Pick<BenchOptions, 'load'>,
  progress: (message: string) => void
): Promise<BenchOrg> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'pbp-bench-org-'));
  const orgOptions: LocalOrgOptions = {
    seed: false,
    ui: false,
    dataDir,
    timeZoneSidKey: BENCH_TIME_ZONE,
    fiscalYearStartMonth: 1,
    dailyApiLimit: BENCH_DAILY_API_LIMIT
  };
  let org: LocalOrg | null = null;
  const dispose = async (): Promise<void> => {
    await org?.close();
    org = null;
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    progress('starting the local org');
    org = await startLocalOrg(orgOptions);
    const client = harnessClient(org);
    const api = client.forRun();
    const adminId = (await api.identity()).userId;
    const partnerIds = await createAll(api, 'Account', generated.partners);
    const [customerId] = await createAll(api, 'Account', [generated.customer]);
    const planIds = await createAll(
      api,
      'Business_Plan__c',
      generated.plans.map((plan) =>
        resolvePartners({ ...plan.values, Partner_Account__c: { partner: plan.partner } }, partnerIds)
      )
    );
    await createAll(
      api,
      'Plan_Objective__c',
      generated.objectives.map((objective) => ({
        ...objective.values,
        Business_Plan__c: planIds[objective.plan]
      }))
    );
    const ids = { Lead: [], Opportunity: [], Course_Assignment__c: [] } as Record<SourceObject, string[]>;
    const deferred: { object: SourceObject; records: SObjectRecord[] }[] = [];
    const loaded = { rest: 0, store: 0 };
    for (const object of SOURCE_OBJECTS) {
      const records = generated.sources[object].map((record) => ({
        ...sourceValues(object, record, partnerIds),
        ...(object === 'Opportunity' ? { AccountId: customerId } : {})
      }));
      const definition = org.schema.object(object);
      if (!definition) throw new Error(`The local org has no ${object}; is force-app deployed in full?`);
      const storable = options.load === 'store' && whyNotStoreLoadable(definition) === null;
      const viaRest = storable ? records.slice(0, COLLECTION_LIMIT) : records;
      progress(`loading ${viaRest.length} ${object} records through REST`);
      ids[object].push(...(await createAll(api, object, viaRest)));
      loaded.rest += viaRest.length;
      if (viaRest.length < records.length) deferred.push({ object, records: records.slice(viaRest.length) });
    }
    await client.close();
    if (deferred.length > 0) {
      const schema = org.schema;
      await org.close();
      org = null;
      // Stamped an hour back, as records of the past are: otherwise the first incremental scan,
      // which reaches back SYNC_OVERLAP_SECONDS (300) before the full run's watermark, would
      // read every record loaded just before the full run again.
      const loader = await openStoreLoader({
        dataDir,
        schema,
        ownerId: adminId,
        now: () => new Date(Date.now() - 3_600_000)
      });
      try {
        for (const { object, records } of deferred) {
          progress(`writing ${records.length} ${object} records into the stopped org's store`);
          ids[object].push(...(await loader.insert(object, records)));
          loaded.store += records.length;
        }
      } finally {
        await loader.close();
      }
      progress('starting the local org again on the loaded data');
      org = await startLocalOrg(orgOptions);
    }
    return {
      org,
      ids,
      partnerIds,
      loaded,
      dispose
    };
  } catch (error) {
    await dispose().catch(() => {});
    throw error;
  }
}
