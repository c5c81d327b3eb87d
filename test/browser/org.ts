// Setting up who may do what in a browser test's org, through the API as an administrator
// does: permission set assignments and users.
import type { Connection } from 'jsforce';
import { createRecord } from '../support/salesforce.ts';

/** Assigns force-app's permission set (by API name) to the user, unless the user already has it. */
export async function grantPermissionSet(
  conn: Connection,
  userId: string,
  permissionSet: string
): Promise<void> {
  const set = await conn.query<{ Id: string }>(
    `SELECT Id FROM PermissionSet WHERE Name = '${permissionSet}'`
  );
  const permissionSetId = set.records[0]?.Id;
  if (!permissionSetId) throw new Error(`The org has no permission set ${permissionSet}`);
  const assigned = await conn.query(
    `SELECT Id FROM PermissionSetAssignment WHERE AssigneeId = '${userId}' AND PermissionSetId = '${permissionSetId}'`
  );
  if (assigned.totalSize > 0) return;
  await createRecord(conn, 'PermissionSetAssignment', {
    AssigneeId: userId,
    PermissionSetId: permissionSetId
  });
}

/** Creates an active internal user with the profile, signed in to nothing yet. */
export async function createUser(
  conn: Connection,
  user: { firstName: string; lastName: string; username: string; alias: string; profile: string }
): Promise<string> {
  const profile = await conn.query<{ Id: string }>(`SELECT Id FROM Profile WHERE Name = '${user.profile}'`);
  return createRecord(conn, 'User', {
    Username: user.username,
    FirstName: user.firstName,
    LastName: user.lastName,
    Email: user.username,
    Alias: user.alias,
    ProfileId: profile.records[0]?.Id,
    TimeZoneSidKey: 'America/Los_Angeles',
    LocaleSidKey: 'en_US',
    LanguageLocaleKey: 'en_US',
    EmailEncodingKey: 'UTF-8'
  });
}
