// What every org has before anyone signs in: the Organization record, the standard
// profiles and one administrator. Idempotent, so a persisted org can start again.
import type { Credentials } from '../auth/credentials.ts';
import { ADMIN_PROFILE, PROFILES } from '../security/profiles.ts';
import type { Db } from '../store/db.ts';

export const ADMIN_USERNAME = 'admin@localorg.test';
export const ADMIN_PASSWORD = 'localorg';

export interface OrgIdentity {
  orgId: string;
  adminId: string;
}

export interface BootstrapOptions {
  db: Db;
  credentials: Credentials;
  newId: (keyPrefix: string) => string;
  clock: () => Date;
  timeZoneSidKey: string;
  fiscalYearStartMonth: number;
}

async function one<T>(db: Db, sql: string, params: unknown[] = []): Promise<T | undefined> {
  return (await db.query<T>(sql, params)).rows[0];
}

export async function bootstrapOrg(options: BootstrapOptions): Promise<OrgIdentity> {
  const { db, credentials, newId, clock } = options;
  const existing = await one<{ id: string }>(db, 'select id from organization limit 1');
  if (existing) {
    const admin = await one<{ id: string }>(db, 'select id from "user" where username = $1', [
      ADMIN_USERNAME
    ]);
    if (!admin)
      throw new Error(`The stored org has no ${ADMIN_USERNAME}; delete its data folder to start afresh.`);
    return { orgId: existing.id, adminId: admin.id };
  }
  const now = clock().toISOString();
  const orgId = newId('00D');
  const adminId = newId('005');
  // The Organization and the first administrator exist before any user can save
  // records, so they are written directly; everything after goes through the API.
  await db.query(
    `insert into organization (id, name, fiscalyearstartmonth, usesstartdateasfiscalyearname, timezonesidkey,
       defaultlocalesidkey, languagelocalekey, organizationtype, issandbox, instancename,
       createddate, createdbyid, lastmodifieddate, lastmodifiedbyid, systemmodstamp)
     values ($1, 'Local Org', $2, false, $3, 'en_US', 'en_US', 'Developer Edition', false, 'LOCAL', $4, $5, $4, $5, $4)`,
    [orgId, options.fiscalYearStartMonth, options.timeZoneSidKey, now, adminId]
  );
  const profileIds = new Map<string, string>();
  for (const { name, userType } of PROFILES) {
    const id = newId('00e');
    profileIds.set(name, id);
    await db.query(
      `insert into profile (id, name, usertype, createddate, createdbyid, lastmodifieddate, lastmodifiedbyid, systemmodstamp)
       values ($1, $2, $3, $4, $5, $4, $5, $4)`,
      [id, name, userType, now, adminId]
    );
  }
  await db.query(
    `insert into "user" (id, username, firstname, lastname, name, email, alias, isactive, timezonesidkey,
       localesidkey, languagelocalekey, emailencodingkey, profileid, usertype,
       createddate, createdbyid, lastmodifieddate, lastmodifiedbyid, systemmodstamp)
     values ($1, $2, 'Local', 'Admin', 'Local Admin', $2, 'ladmin', true, $3, 'en_US', 'en_US', 'UTF-8', $4, 'Standard',
       $5, $1, $5, $1, $5)`,
    [adminId, ADMIN_USERNAME, options.timeZoneSidKey, profileIds.get(ADMIN_PROFILE), now]
  );
  await credentials.setPassword(adminId, ADMIN_PASSWORD);
  return { orgId, adminId };
}
