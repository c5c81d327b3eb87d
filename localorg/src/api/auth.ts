// Sign-in as Salesforce offers it to API clients and browsers: SOAP login() (jsforce's
// conn.login), the OAuth 2.0 token endpoint (username-password, JWT bearer and client
// credentials grants; the last two through the connected apps in auth/connectedApps.ts), the
// identity URL, frontdoor.jsp for handing a session to a browser, and a login page for people.
import express, { type Request, type Response, type Router } from 'express';
import { XMLParser } from 'fast-xml-parser';
import { createConnectedApps, type ConnectedAppConfig, type Grant } from '../auth/connectedApps.ts';
import type { Credentials } from '../auth/credentials.ts';
import type { Sessions } from '../auth/sessions.ts';
import type { SessionUser } from '../session.ts';
import type { Db } from '../store/db.ts';
import { sessionIdOf } from './http.ts';

export interface AuthDeps {
  credentials: Credentials;
  sessions: Sessions;
  orgId: string;
  db: Db;
  /** The org's connected apps, for the JWT bearer and client credentials grants. */
  connectedApps?: readonly ConnectedAppConfig[];
}

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/**
 * The audiences a JWT assertion may name for this org: its own URL (its "My Domain") and, as a
 * production org, https://login.salesforce.com.
 */
function audiences(req: Request): string[] {
  return [baseUrl(req), 'https://login.salesforce.com'];
}

/** client_id and client_secret from the form, or from an HTTP Basic authorization header. */
function clientCredentialsOf(req: Request, body: Record<string, string | undefined>): [unknown, unknown] {
  const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
  if (!basic?.[1]) return [body.client_id, body.client_secret];
  const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0
    ? [undefined, undefined]
    : [decodeURIComponent(decoded.slice(0, colon)), decodeURIComponent(decoded.slice(colon + 1))];
}

const INVALID_LOGIN = 'Invalid username, password, security token; or user locked out.';

export function baseUrl(req: Request): string {
  return `${req.protocol}://${req.get('host')}`;
}

export function xml(value: string): string {
  return value.replace(
    /[<>&'"]/g,
    (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', "'": 'apos', '"': 'quot' }[c]};`
  );
}

export function soapEnvelope(body: string, namespaces = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"${namespaces}><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;
}

function soapLoginFault(res: Response): void {
  res
    .status(500)
    .type('text/xml')
    .send(
      soapEnvelope(
        `<soapenv:Fault><faultcode>sf:INVALID_LOGIN</faultcode><faultstring>INVALID_LOGIN: ${INVALID_LOGIN}</faultstring><detail><sf:LoginFault xsi:type="sf:LoginFault"><sf:exceptionCode>INVALID_LOGIN</sf:exceptionCode><sf:exceptionMessage>${INVALID_LOGIN}</sf:exceptionMessage></sf:LoginFault></detail></soapenv:Fault>`,
        ' xmlns:sf="urn:fault.partner.soap.sforce.com"'
      )
    );
}

function soapLoginResult(
  base: string,
  version: string,
  orgId: string,
  sessionId: string,
  user: SessionUser
): string {
  const userInfo = [
    `<organizationId>${orgId}</organizationId>`,
    `<organizationName>Local Org</organizationName>`,
    `<profileId xsi:nil="true"/>`,
    `<sessionSecondsValid>7200</sessionSecondsValid>`,
    `<userFullName>${xml(user.name)}</userFullName>`,
    `<userId>${user.id}</userId>`,
    `<userName>${xml(user.username)}</userName>`,
    `<userTimeZone>${xml(user.timeZoneSidKey)}</userTimeZone>`,
    `<userType>${user.isPortalUser ? 'PowerPartner' : 'Standard'}</userType>`
  ].join('');
  return soapEnvelope(
    `<loginResponse><result><metadataServerUrl>${base}/services/Soap/m/${version}/${orgId}</metadataServerUrl><passwordExpired>false</passwordExpired><sandbox>false</sandbox><serverUrl>${base}/services/Soap/u/${version}/${orgId}</serverUrl><sessionId>${sessionId}</sessionId><userId>${user.id}</userId><userInfo>${userInfo}</userInfo></result></loginResponse>`,
    ' xmlns="urn:partner.soap.sforce.com"'
  );
}

const soapParser = new XMLParser({ removeNSPrefix: true, parseTagValue: false });

function loginPage(startUrl: string, error?: string): string {
  const message = error
    ? `<div class="slds-notify slds-notify_alert slds-alert_error" role="alert"><h2>${xml(error)}</h2></div>`
    : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Login | Local Org</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/styles/salesforce-lightning-design-system.min.css"></head>
<body class="slds-theme_shade"><div class="slds-align_absolute-center" style="min-height:100vh">
<form method="post" action="/login" class="slds-box slds-theme_default" style="width:24rem">
<h1 class="slds-text-heading_medium slds-m-bottom_medium">Log in to the local org</h1>${message}
<input type="hidden" name="startURL" value="${xml(startUrl)}">
<div class="slds-form-element slds-m-bottom_small"><label class="slds-form-element__label" for="username">Username</label>
<div class="slds-form-element__control"><input class="slds-input" id="username" name="username" autocomplete="username" required></div></div>
<div class="slds-form-element slds-m-bottom_medium"><label class="slds-form-element__label" for="password">Password</label>
<div class="slds-form-element__control"><input class="slds-input" id="password" name="password" type="password" autocomplete="current-password" required></div></div>
<button class="slds-button slds-button_brand slds-button_stretch" type="submit">Log In</button>
</form></div></body></html>`;
}

/** Only same-site paths: an open redirect would hand a session to another site. */
function safeReturnPath(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}

function setSessionCookie(res: Response, sessionId: string): void {
  res.cookie('sid', sessionId, { httpOnly: true, sameSite: 'lax', path: '/' });
}

export function createAuthRouter({ credentials, sessions, orgId, db, connectedApps = [] }: AuthDeps): Router {
  const router = express.Router();
  const apps = createConnectedApps(db, connectedApps);
  const formBody = express.urlencoded({ extended: false });

  async function signIn(
    username: unknown,
    password: unknown
  ): Promise<{ sessionId: string; user: SessionUser } | undefined> {
    if (typeof username !== 'string' || typeof password !== 'string') return undefined;
    const userId = await credentials.verify(username, password);
    if (!userId) return undefined;
    const sessionId = sessions.issue(userId);
    const user = await sessions.resolve(sessionId);
    return user ? { sessionId, user } : undefined;
  }

  router.post('/services/Soap/u/:version', express.text({ type: () => true }), async (req, res) => {
    const envelope = soapParser.parse(typeof req.body === 'string' ? req.body : '') as {
      Envelope?: {
        Header?: { SessionHeader?: { sessionId?: string } };
        Body?: { login?: { username?: string; password?: string }; logout?: unknown };
      };
    };
    if (envelope.Envelope?.Body && 'logout' in envelope.Envelope.Body) {
      const sessionId = envelope.Envelope.Header?.SessionHeader?.sessionId;
      if (sessionId) sessions.revoke(sessionId);
      res.type('text/xml').send(soapEnvelope('<logoutResponse/>', ' xmlns="urn:partner.soap.sforce.com"'));
      return;
    }
    const login = envelope.Envelope?.Body?.login;
    const session = await signIn(login?.username, login?.password);
    if (!session) return soapLoginFault(res);
    res
      .type('text/xml')
      .send(
        soapLoginResult(baseUrl(req), String(req.params.version), orgId, session.sessionId, session.user)
      );
  });

  function sendToken(req: Request, res: Response, sessionId: string, userId: string, scope: string): void {
    const base = baseUrl(req);
    res.json({
      access_token: sessionId,
      instance_url: base,
      id: `${base}/id/${orgId}/${userId}`,
      token_type: 'Bearer',
      issued_at: String(Date.now()),
      scope
    });
  }

  function sendGrant(req: Request, res: Response, grant: Grant): void {
    if (!grant.ok) {
      res.status(400).json({ error: grant.error, error_description: grant.description });
      return;
    }
    sendToken(req, res, sessions.issue(grant.userId), grant.userId, grant.scope);
  }

  router.post('/services/oauth2/token', formBody, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, string | undefined>;
    if (body.grant_type === JWT_BEARER) {
      sendGrant(req, res, await apps.jwtBearer(body.assertion, audiences(req)));
      return;
    }
    if (body.grant_type === 'client_credentials') {
      const [clientId, clientSecret] = clientCredentialsOf(req, body);
      sendGrant(req, res, await apps.clientCredentials(clientId, clientSecret));
      return;
    }
    if (body.grant_type !== 'password') {
      res
        .status(400)
        .json({ error: 'unsupported_grant_type', error_description: 'grant type not supported' });
      return;
    }
    if (!body.client_id) {
      res.status(400).json({ error: 'invalid_client_id', error_description: 'client identifier invalid' });
      return;
    }
    const session = await signIn(body.username, body.password);
    if (!session) {
      res.status(400).json({ error: 'invalid_grant', error_description: 'authentication failure' });
      return;
    }
    sendToken(req, res, session.sessionId, session.user.id, 'api web');
  });

  router.post('/services/oauth2/revoke', formBody, (req, res) => {
    const token = (req.body as Record<string, string | undefined>).token;
    if (token) sessions.revoke(token);
    res.status(200).end();
  });

  async function identity(req: Request, res: Response): Promise<void> {
    const sessionId = sessionIdOf(req);
    const user = sessionId ? await sessions.resolve(sessionId) : undefined;
    if (!user) {
      res.status(403).send('Bad_OAuth_Token');
      return;
    }
    const base = baseUrl(req);
    res.json({
      id: `${base}/id/${orgId}/${user.id}`,
      user_id: user.id,
      organization_id: orgId,
      username: user.username,
      display_name: user.name,
      user_type: user.isPortalUser ? 'POWER_PARTNER' : 'STANDARD',
      active: true,
      timezone: user.timeZoneSidKey,
      urls: { rest: `${base}/services/data/v{version}/`, query: `${base}/services/data/v{version}/query/` }
    });
  }
  router.get('/id/:orgId/:userId', identity);
  router.get('/services/oauth2/userinfo', identity);

  // Hands an API session to a browser, as Salesforce's frontdoor.jsp does.
  router.get('/secur/frontdoor.jsp', async (req, res) => {
    const sid = typeof req.query.sid === 'string' ? req.query.sid : '';
    if (!(await sessions.resolve(sid))) {
      res.redirect(302, `/login?startURL=${encodeURIComponent(safeReturnPath(req.query.retURL))}`);
      return;
    }
    setSessionCookie(res, sid);
    res.redirect(302, safeReturnPath(req.query.retURL));
  });

  router.get('/login', (req, res) => {
    res.type('html').send(loginPage(safeReturnPath(req.query.startURL)));
  });

  router.post('/login', formBody, async (req, res) => {
    const body = req.body as Record<string, string | undefined>;
    const session = await signIn(body.username, body.password);
    if (!session) {
      res
        .status(401)
        .type('html')
        .send(loginPage(safeReturnPath(body.startURL), `Please check your username and password.`));
      return;
    }
    setSessionCookie(res, session.sessionId);
    res.redirect(302, safeReturnPath(body.startURL));
  });

  router.get('/secur/logout.jsp', (req, res) => {
    const sid = sessionIdOf(req);
    if (sid) sessions.revoke(sid);
    res.clearCookie('sid', { path: '/' });
    res.redirect(302, '/login');
  });

  return router;
}
