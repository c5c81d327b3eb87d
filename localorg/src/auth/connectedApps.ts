// Connected apps of the local org, and the two server-to-server OAuth grants Salesforce offers
// through them: the JWT bearer flow (an RS256 assertion signed with the private key of the
// certificate uploaded to the app) and the client credentials flow (consumer key and secret,
// running as the app's Run As user). Failures carry the {error, error_description} pairs
// Salesforce's token endpoint answers with.
import {
  createHash,
  createPublicKey,
  timingSafeEqual,
  verify,
  X509Certificate,
  type KeyObject
} from 'node:crypto';
import type { Db } from '../store/db.ts';

export interface ConnectedAppConfig {
  /** The consumer key (client_id; the `iss` of JWT assertions). */
  consumerKey: string;
  /**
   * The X.509 certificate uploaded under "Use digital signatures", in PEM (a PEM public key is
   * accepted too). Enables the JWT bearer flow.
   */
  certificatePem?: string;
  /** The consumer secret. With runAsUsername, enables the client credentials flow. */
  clientSecret?: string;
  /** The user the client credentials flow runs as ("Run As" in the app's policies). */
  runAsUsername?: string;
  /**
   * The users pre-authorized to use the app (Salesforce: Permitted Users "Admin approved users
   * are pre-authorized" and a profile or permission set such as Connector_Integration).
   * Absent: every active user.
   */
  preAuthorizedUsernames?: readonly string[];
}

export type Grant =
  { ok: true; userId: string; scope: string } | { ok: false; error: string; description: string };

export interface ConnectedApps {
  /** Checks a JWT bearer assertion: issuer, signature, audience, expiry, subject. */
  jwtBearer(assertion: unknown, audiences: readonly string[]): Promise<Grant>;
  clientCredentials(clientId: unknown, clientSecret: unknown): Promise<Grant>;
}

interface App {
  config: ConnectedAppConfig;
  publicKey: KeyObject | null;
  secretDigest: Buffer | null;
}

const fail = (error: string, description: string): Grant => ({ ok: false, error, description });
const INVALID_ASSERTION = fail('invalid_grant', 'invalid assertion');
const UNKNOWN_CLIENT = fail('invalid_client_id', 'client identifier invalid');
const NOT_APPROVED = fail('invalid_grant', "user hasn't approved this consumer");

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function publicKeyOf(app: ConnectedAppConfig): KeyObject | null {
  if (app.certificatePem === undefined) return null;
  let key: KeyObject;
  try {
    key = app.certificatePem.includes('BEGIN CERTIFICATE')
      ? new X509Certificate(app.certificatePem).publicKey
      : createPublicKey(app.certificatePem);
  } catch (cause) {
    throw new Error(
      `Connected app ${app.consumerKey}: certificatePem is not a PEM certificate or public key`,
      {
        cause
      }
    );
  }
  if (key.asymmetricKeyType !== 'rsa')
    throw new Error(
      `Connected app ${app.consumerKey}: the certificate's key must be RSA (JWT assertions are RS256)`
    );
  return key;
}

function decodeSegment(segment: string | undefined): Record<string, unknown> | null {
  if (!segment || !/^[A-Za-z0-9_-]+$/.test(segment)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

async function activeUserId(db: Db, username: string): Promise<string | undefined> {
  const { rows } = await db.query<{ id: string }>(
    `select id from "user" where lower(username) = lower($1) and isactive and not isdeleted`,
    [username]
  );
  return rows[0]?.id;
}

export function createConnectedApps(
  db: Db,
  configs: readonly ConnectedAppConfig[],
  now: () => number = Date.now
): ConnectedApps {
  const apps = new Map<string, App>();
  for (const config of configs) {
    if (apps.has(config.consumerKey))
      throw new Error(`Connected app ${config.consumerKey} is configured twice`);
    apps.set(config.consumerKey, {
      config,
      publicKey: publicKeyOf(config),
      secretDigest: config.clientSecret === undefined ? null : digest(config.clientSecret)
    });
  }

  const approved = (app: App, username: string): boolean =>
    !app.config.preAuthorizedUsernames ||
    app.config.preAuthorizedUsernames.some((name) => name.toLowerCase() === username.toLowerCase());

  return {
    async jwtBearer(assertion, audiences) {
      if (typeof assertion !== 'string') return INVALID_ASSERTION;
      const [headerPart, payloadPart, signaturePart, ...rest] = assertion.split('.');
      const header = decodeSegment(headerPart);
      const claims = decodeSegment(payloadPart);
      if (rest.length > 0 || !header || !claims || header.alg !== 'RS256' || !signaturePart)
        return INVALID_ASSERTION;
      const app = typeof claims.iss === 'string' ? apps.get(claims.iss) : undefined;
      if (!app) return UNKNOWN_CLIENT;
      // An app without "Use digital signatures" cannot take assertions at all.
      if (
        !app.publicKey ||
        !verify(
          'sha256',
          Buffer.from(`${headerPart}.${payloadPart}`),
          app.publicKey,
          Buffer.from(signaturePart, 'base64url')
        )
      )
        return INVALID_ASSERTION;
      const audience = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
      if (!audience.some((aud) => typeof aud === 'string' && audiences.includes(aud.replace(/\/+$/, ''))))
        return fail('invalid_grant', 'audience is invalid');
      if (typeof claims.exp !== 'number') return INVALID_ASSERTION;
      if (claims.exp * 1000 <= now()) return fail('invalid_grant', 'expired authorization code');
      if (typeof claims.sub !== 'string' || claims.sub === '') return INVALID_ASSERTION;
      const userId = await activeUserId(db, claims.sub);
      if (!userId || !approved(app, claims.sub)) return NOT_APPROVED;
      return { ok: true, userId, scope: 'api' };
    },

    async clientCredentials(clientId, clientSecret) {
      const app = typeof clientId === 'string' ? apps.get(clientId) : undefined;
      if (!app) return UNKNOWN_CLIENT;
      const given = typeof clientSecret === 'string' ? digest(clientSecret) : null;
      if (!app.secretDigest || !given || !timingSafeEqual(app.secretDigest, given))
        return fail('invalid_client', 'invalid client credentials');
      const runAs = app.config.runAsUsername;
      const userId = runAs ? await activeUserId(db, runAs) : undefined;
      if (!userId) return fail('invalid_grant', 'no client credentials user enabled');
      return { ok: true, userId, scope: 'api' };
    }
  };
}
