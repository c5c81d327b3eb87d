// Setting up a browser test's org: starting it with Chromium for a test file, and who may do what
// in it, through the API as an administrator does: permission set assignments and users.
import { after, before } from 'node:test';
import type { Connection } from 'jsforce';
import type { Browser } from 'playwright-core';
import { startLocalOrg, type LocalOrg } from '../../localorg/src/index.ts';
import { createRecord, signIn } from '../support/salesforce.ts';
import { launchBrowser } from './browser.ts';

export interface OrgAndBrowser {
  org: LocalOrg;
  /** The administrator's API session. */
  admin: Connection;
  browser: Browser;
}

/**
 * Starts a local org (with the demo data when `seed`) and Chromium before the file's tests, signs
 * the administrator in, and closes both after the tests. The `before` hook fills the returned
 * object in, so tests read its fields when they run rather than destructuring it at load time.
 */
export function useOrgAndBrowser(options: { seed: boolean }): OrgAndBrowser {
  const env = {} as OrgAndBrowser;
  before(async () => {
    [env.org, env.browser] = await Promise.all([
      startLocalOrg({ port: 0, seed: options.seed }),
      launchBrowser()
    ]);
    env.admin = await signIn(env.org);
  });
  after(async () => {
    await env.browser?.close();
    await env.org?.close();
  });
  return env;
}

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
