// The local org's user switcher, a convenience of the local org only (Salesforce's own
// counterpart is an administrator's "Log in as"): an administrator's browser session may
// take on any active user's session and return to the administrator afterwards. Nothing
// here exists in force-app or in a real org's API.
import express, { type Request, type Router } from 'express';
import { sessionIdOf, type SessionResolver } from '../api/http.ts';
import type { SessionUser } from '../session.ts';
import type { QueryService } from '../soql/types.ts';
import type { SwitchableUser } from './shell.ts';

export interface SessionIssuer extends SessionResolver {
  issue(userId: string): string;
  revoke(sessionId: string): void;
}

export interface UserSwitcherDeps {
  sessions: SessionIssuer;
  /** Reads the org's users, as the administrator who asks. */
  queries: QueryService;
  apiVersion: string;
}

export interface UserSwitcher {
  /** POST /localorg/switch-user (userId) and POST /localorg/switch-back. */
  router: Router;
  /** Active users an administrator may switch to, by name. */
  switchableUsers(admin: SessionUser): Promise<SwitchableUser[]>;
  /** The administrator a switched session came from, while their session lasts. */
  returnTarget(sessionId: string): Promise<SessionUser | undefined>;
}

const USER_ID = /^005[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/;

/** A form posted from another site carries its own Origin; only the local org's pages may switch. */
function sameOrigin(req: Request): boolean {
  const origin = req.get('origin');
  return origin === undefined || origin === `${req.protocol}://${req.get('host')}`;
}

export function createUserSwitcher(deps: UserSwitcherDeps): UserSwitcher {
  /** Switched session → the administrator's session it came from. Kept in memory, as sessions are. */
  const cameFrom = new Map<string, string>();

  async function returnTarget(sessionId: string): Promise<SessionUser | undefined> {
    const adminSid = cameFrom.get(sessionId);
    const admin = adminSid ? await deps.sessions.resolve(adminSid) : undefined;
    return admin?.isAdmin ? admin : undefined;
  }

  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '2kb' });
  const setSession = (res: express.Response, sessionId: string): void => {
    res.cookie('sid', sessionId, { httpOnly: true, sameSite: 'lax', path: '/' });
  };

  router.post('/localorg/switch-user', form, async (req, res) => {
    const sid = sessionIdOf(req);
    const current = sid ? await deps.sessions.resolve(sid) : undefined;
    if (!sid || !current) {
      res.redirect(303, '/login');
      return;
    }
    if (!current.isAdmin || !sameOrigin(req)) {
      res.status(403).type('text').send('Only an administrator can switch users in the local org.');
      return;
    }
    const userId = String((req.body as Record<string, unknown> | undefined)?.userId ?? '');
    if (!USER_ID.test(userId)) {
      res.status(400).type('text').send('Choose a user to switch to.');
      return;
    }
    const sessionId = deps.sessions.issue(userId);
    if (!(await deps.sessions.resolve(sessionId))) {
      res.status(404).type('text').send('That user does not exist or is not active.');
      return;
    }
    cameFrom.set(sessionId, sid);
    setSession(res, sessionId);
    res.redirect(303, '/lightning/page/home');
  });

  router.post('/localorg/switch-back', async (req, res) => {
    const sid = sessionIdOf(req);
    const current = sid ? await deps.sessions.resolve(sid) : undefined;
    const adminSid = sid ? cameFrom.get(sid) : undefined;
    // The switched session must still be alive: after a logout there is nothing to return from.
    if (!sid || !current || !adminSid || !(await returnTarget(sid)) || !sameOrigin(req)) {
      res.status(403).type('text').send('There is no administrator session to return to.');
      return;
    }
    cameFrom.delete(sid);
    deps.sessions.revoke(sid);
    setSession(res, adminSid);
    res.redirect(303, '/lightning/page/home');
  });

  return {
    router,
    returnTarget,
    async switchableUsers(admin) {
      const result = await deps.queries.query(
        'SELECT Id, Name, Username, Profile.Name FROM User WHERE IsActive = true ORDER BY Name LIMIT 200',
        { user: admin, apiVersion: deps.apiVersion }
      );
      return result.records.map((r) => ({
        id: String(r.Id),
        name: String(r.Name),
        username: String(r.Username),
        profileName: String((r.Profile as { Name?: string } | null)?.Name ?? '')
      }));
    }
  };
}
