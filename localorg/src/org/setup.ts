// Setup records that follow force-app and the org's configuration, brought up to date at
// every start: one PermissionSet per permission set in force-app (so the API can assign
// them), and the Organization group (All Internal Users) that sharing entries can name.
import type { SecurityMetadata } from '../security/metadata.ts';
import type { Db } from '../store/db.ts';

export interface SetupSyncDeps {
  db: Db;
  newId: (keyPrefix: string) => string;
  clock: () => Date;
  adminId: string;
  metadata: SecurityMetadata;
}

export async function syncSetup({ db, newId, clock, adminId, metadata }: SetupSyncDeps): Promise<void> {
  const now = clock().toISOString();
  const audit = [now, adminId];
  for (const set of metadata.permissionSets) {
    const { rows } = await db.query<{ id: string }>(
      'select id from permissionset where name = $1 and not isdeleted',
      [set.name]
    );
    if (rows[0]) {
      await db.query(
        `update permissionset set label = $2, description = $3, hasactivationrequired = $4, systemmodstamp = $5
         where id = $1`,
        [rows[0].id, set.label, set.description, set.hasActivationRequired, now]
      );
      continue;
    }
    await db.query(
      `insert into permissionset (id, name, label, description, isownedbyprofile, iscustom, hasactivationrequired,
         isdeleted, createddate, createdbyid, lastmodifieddate, lastmodifiedbyid, systemmodstamp)
       values ($1, $2, $3, $4, false, true, $5, false, $6, $7, $6, $7, $6)`,
      [newId('0PS'), set.name, set.label, set.description, set.hasActivationRequired, ...audit]
    );
  }
  const { rows } = await db.query(`select id from "group" where type = 'Organization' and not isdeleted`);
  if (rows.length === 0) {
    await db.query(
      `insert into "group" (id, name, developername, type, doesincludebosses, ownerid, isdeleted,
         createddate, createdbyid, lastmodifieddate, lastmodifiedbyid, systemmodstamp)
       values ($1, 'All Internal Users', 'AllInternalUsers', 'Organization', true, $3, false, $2, $3, $2, $3, $2)`,
      [newId('00G'), ...audit]
    );
  }
}
