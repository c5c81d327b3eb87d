// How the connector gets a Salesforce session, one authenticator per sign-in flow. The OAuth
// flows are one form POST each to the org's token endpoint, made here with fetch; the JWT
// assertion is signed with node:crypto (RS256, as Salesforce requires). SOAP login stays in
// client.ts, the only module that imports jsforce, and the sf CLI flow in sfCli.ts, which loads
// @salesforce/core only when it is used.
import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import type { JwtSettings, SalesforceSettings, SignInFlow } from '../config.ts';
import { ConnectorError } from '../errors.ts';
import { fromOAuth, fromSalesforce, salesforceError } from './errors.ts';

export interface Identity {
  userId: string;
  organizationId: string;
}

/** A signed-in session: what jsforce needs to call the org. */
export interface Session {
  accessToken: string;
  instanceUrl: string;
  /** Who signed in, when the sign-in itself said so (token response, SOAP login, sf CLI auth file). */
  identity: Identity | null;
  /** A SOAP login() session id: ended with SOAP logout() rather than OAuth revoke. */
  soap?: boolean;
}

export interface Authenticator {
  readonly flow: SignInFlow;
  /** What the logs say about the sign-in. Never a secret. */
  readonly about: Readonly<Record<string, string>>;
  signIn(): Promise<Session>;
  /**
   * A new session after Salesforce rejected the current one mid-run. Absent when the flow cannot
   * get one by itself (a given access token).
   */
  refresh?(): Promise<Session>;
  /** Whether the connector ends the session when it closes: not a session borrowed from elsewhere. */
  readonly ownsSession: boolean;
  /** What to report when Salesforce rejects the session and no new one can be had. */
  sessionRejected(cause: ConnectorError): ConnectorError;
}

/** How long a JWT bearer assertion is valid; Salesforce's own example uses a few minutes. */
export const ASSERTION_LIFETIME_SECONDS = 180;

const TOKEN_TIMEOUT_MS = 30_000;

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

export interface AssertionClaims {
  /** The connected app's consumer key. */
  clientId: string;
  /** The username of the user to sign in as. */
  username: string;
  /** https://login.salesforce.com, https://test.salesforce.com or the org's My Domain URL. */
  audience: string;
}

/**
 * The JWT bearer assertion Salesforce expects: header {"alg":"RS256"}, claims iss (consumer key),
 * sub (username), aud (login URL) and exp (seconds since the epoch), signed with SHA-256 RSA.
 */
export function jwtAssertion(
  claims: AssertionClaims,
  privateKey: string | KeyObject,
  nowMs: number = Date.now()
): string {
  const header = base64url(JSON.stringify({ alg: 'RS256' }));
  const payload = base64url(
    JSON.stringify({
      iss: claims.clientId,
      sub: claims.username,
      aud: claims.audience,
      exp: Math.floor(nowMs / 1000) + ASSERTION_LIFETIME_SECONDS
    })
  );
  const input = `${header}.${payload}`;
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  return `${input}.${base64url(sign('sha256', Buffer.from(input), key))}`;
}

const tokenResponse = z.object({
  access_token: z.string().min(1),
  instance_url: z.url(),
  /** The identity URL: https://login.salesforce.com/id/<org id>/<user id>. */
  id: z.string().optional()
});

const oauthErrorBody = z.object({ error: z.string().min(1), error_description: z.string().optional() });

/** The org and user ids at the end of an identity URL. */
export function identityFromIdUrl(idUrl: string | undefined): Identity | null {
  const match = idUrl ? /\/id\/([A-Za-z0-9]{15,18})\/([A-Za-z0-9]{15,18})\/?$/.exec(idUrl) : null;
  return match?.[1] && match[2] ? { organizationId: match[1], userId: match[2] } : null;
}

export function tokenUrl(loginUrl: string): string {
  return new URL('/services/oauth2/token', loginUrl).toString();
}

/** POSTs a grant to the token endpoint and returns the session, or throws what Salesforce said. */
export async function requestToken(
  url: string,
  grant: Readonly<Record<string, string>>,
  doing: string
): Promise<Session> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { accept: 'application/json' },
      body: new URLSearchParams(grant),
      redirect: 'manual',
      signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS)
    });
  } catch (error) {
    throw fromSalesforce(error, doing);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (response.ok) {
    const token = tokenResponse.safeParse(body);
    if (!token.success)
      throw new ConnectorError('OAUTH_ERROR', `${url} answered without an access token while ${doing}`, {
        actions: ["Check SF_LOGIN_URL: it should be the org's login URL, not another service."]
      });
    return {
      accessToken: token.data.access_token,
      instanceUrl: token.data.instance_url,
      identity: identityFromIdUrl(token.data.id)
    };
  }
  const failure = oauthErrorBody.safeParse(body);
  if (failure.success) throw fromOAuth(failure.data.error, failure.data.error_description ?? '', doing);
  if (response.status >= 500)
    throw salesforceError('SERVER_UNAVAILABLE', `HTTP ${response.status} from ${url} while ${doing}`);
  const location = response.headers.get('location');
  throw new ConnectorError(
    'OAUTH_ERROR',
    `${url} answered HTTP ${response.status}${location ? ` redirecting to ${location}` : ''} instead of a token while ${doing}`,
    {
      actions: [
        location
          ? `Set SF_LOGIN_URL to ${new URL(location).origin}.`
          : 'Check SF_LOGIN_URL: https://<MyDomain>.my.salesforce.com, https://login.salesforce.com or https://test.salesforce.com.'
      ]
    }
  );
}

function jwtAuthenticator(settings: JwtSettings): Authenticator {
  const key = createPrivateKey(settings.privateKey);
  const url = tokenUrl(settings.loginUrl);
  const signIn = (): Promise<Session> =>
    requestToken(
      url,
      {
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion: jwtAssertion(
          { clientId: settings.clientId, username: settings.username, audience: settings.audience },
          key
        )
      },
      `signing in to ${settings.loginUrl} as ${settings.username} (JWT bearer)`
    );
  return {
    flow: 'jwt',
    about: { loginUrl: settings.loginUrl, username: settings.username, audience: settings.audience },
    signIn,
    refresh: signIn,
    ownsSession: true,
    sessionRejected: (cause) => cause
  };
}

function clientCredentialsAuthenticator(
  settings: Extract<SalesforceSettings, { auth: 'client-credentials' }>
): Authenticator {
  const url = tokenUrl(settings.loginUrl);
  const signIn = (): Promise<Session> =>
    requestToken(
      url,
      {
        grant_type: 'client_credentials',
        client_id: settings.clientId,
        client_secret: settings.clientSecret
      },
      `signing in to ${settings.loginUrl} with the connected app's client credentials`
    );
  return {
    flow: 'client-credentials',
    about: { loginUrl: settings.loginUrl },
    signIn,
    refresh: signIn,
    ownsSession: true,
    sessionRejected: (cause) => cause
  };
}

function accessTokenAuthenticator(
  settings: Extract<SalesforceSettings, { auth: 'access-token' }>
): Authenticator {
  return {
    flow: 'access-token',
    about: { instanceUrl: settings.instanceUrl },
    signIn: async () => ({
      accessToken: settings.accessToken,
      instanceUrl: settings.instanceUrl,
      identity: null
    }),
    ownsSession: false,
    sessionRejected: (cause) =>
      new ConnectorError(
        'ACCESS_TOKEN_EXPIRED',
        `The access token in SF_ACCESS_TOKEN expired or was revoked; get a new one (${cause.message})`,
        {
          cause,
          actions: [
            'Get a new access token (for an org the sf CLI knows: `sf org display --target-org <alias> --json`, result.accessToken), set SF_ACCESS_TOKEN and restart the connector.',
            'For unattended runs use SF_AUTH=jwt or SF_AUTH=client-credentials, which sign in again by themselves.'
          ]
        }
      )
  };
}

/**
 * The authenticator for every OAuth-based flow. `password` (SOAP login through jsforce) and
 * `sf-cli` (@salesforce/core) are built where their libraries are imported.
 */
export function tokenAuthenticator(
  settings: Extract<SalesforceSettings, { auth: 'jwt' | 'client-credentials' | 'access-token' }>
): Authenticator {
  switch (settings.auth) {
    case 'jwt':
      return jwtAuthenticator(settings);
    case 'client-credentials':
      return clientCredentialsAuthenticator(settings);
    case 'access-token':
      return accessTokenAuthenticator(settings);
  }
}
