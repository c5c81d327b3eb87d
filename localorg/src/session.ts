// Who is calling. Every API request runs as one signed-in user; the API layer resolves
// the bearer token to this and passes it down, so queries and writes can be checked
// against the user's permissions and sharing.
import type { UserAccess } from './security/types.ts';

export interface SessionUser {
  id: string;
  username: string;
  name: string;
  profileName: string;
  /** Portal users (partner community) belong to a partner account. */
  isPortalUser: boolean;
  accountId: string | null;
  timeZoneSidKey: string;
  /** Set by the org admin profile: bypasses sharing, object and field checks. */
  isAdmin: boolean;
  /** Permissions and sharing facts, loaded with the session on every request. */
  access: UserAccess;
}
