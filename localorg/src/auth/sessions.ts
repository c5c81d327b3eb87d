// Session ids: opaque tokens shaped like Salesforce's (<org id>!<secret>), mapped to the
// user they were issued to. They live in memory: restarting the org signs everyone out,
// as an expired session would.
import { randomBytes } from 'node:crypto';
import type { SessionResolver } from '../api/http.ts';
import type { SessionUser } from '../session.ts';

export interface Sessions extends SessionResolver {
  issue(userId: string): string;
  revoke(sessionId: string): void;
}

/**
 * @param loadUser loads the user with their permissions and sharing facts; undefined when the
 * user is missing or inactive. It runs on every request, so changes apply at once.
 */
export function createSessions(
  orgId: string,
  loadUser: (userId: string) => Promise<SessionUser | undefined>
): Sessions {
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
      return userId ? loadUser(userId) : undefined;
    }
  };
}
