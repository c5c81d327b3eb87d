// Session ids: opaque tokens shaped like Salesforce's (<org id>!<secret>), mapped to the
// user they were issued to. They live in memory: restarting the org signs everyone out,
// as an expired session would.
import { randomBytes } from 'node:crypto';
import type { SessionResolver } from '../api/http.ts';
import type { SessionUser } from '../session.ts';
import type { Db } from '../store/db.ts';

export interface Sessions extends SessionResolver {
  issue(userId: string): string;
  revoke(sessionId: string): void;
}

const ADMIN_PROFILE = 'System Administrator';

/** Loads the signed-in user's facts that permission and sharing checks need. */
export async function loadSessionUser(db: Db, userId: string): Promise<SessionUser | undefined> {
  const { rows } = await db.query<{
    id: string;
    username: string;
    name: string;
    usertype: string | null;
    accountid: string | null;
    timezonesidkey: string | null;
    profile: string | null;
  }>(
    `select u.id, u.username, u.name, u.usertype, u.accountid, u.timezonesidkey, p.name as profile
     from "user" u left join "profile" p on p.id = u.profileid
     where u.id = $1 and u.isactive and not u.isdeleted`,
    [userId]
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    id: row.id,
    username: row.username,
    name: row.name,
    profileName: row.profile ?? '',
    isPortalUser: row.usertype === 'PowerPartner',
    accountId: row.accountid,
    timeZoneSidKey: row.timezonesidkey ?? 'America/Los_Angeles',
    isAdmin: row.profile === ADMIN_PROFILE
  };
}

export function createSessions(db: Db, orgId: string): Sessions {
  const userBySession = new Map<string, string>();
  return {
    issue(userId) {
      const sessionId = `${orgId.slice(0, 15)}!${randomBytes(36).toString('base64url')}`;
      userBySession.set(sessionId, userId);
      return sessionId;
    },
    revoke(sessionId) {
      userBySession.delete(sessionId);
    },
    async resolve(sessionId) {
      const userId = userBySession.get(sessionId);
      // A deactivated user's sessions end with them.
      return userId ? loadSessionUser(db, userId) : undefined;
    }
  };
}
