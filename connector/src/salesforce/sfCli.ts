// Signing in as an org the sf CLI has authorized on this machine. @salesforce/core resolves the
// alias (~/.sfdx/alias.json) to a username, reads and decrypts that org's auth file
// (~/.sfdx/<username>.json, key in the OS keychain or ~/.sfdx/key.json) and, when Salesforce
// rejects the token, refreshes it with the refresh token or JWT key the CLI stored and writes it
// back. The connector only takes the access token and instance URL from it and hands them to
// jsforce. @salesforce/core is imported on first use: it is large and only this flow needs it.
import { ConnectorError } from '../errors.ts';
import type { Authenticator, Identity, Session } from './auth.ts';
import { fromSalesforce } from './errors.ts';

/** The session of an org connection, as @salesforce/core holds it. */
export interface CliConnection {
  accessToken?: string | null;
  instanceUrl: string;
  getAuthInfoFields(): { userId?: string; orgId?: string; username?: string };
}

export function sessionOf(connection: CliConnection): Session {
  const { userId, orgId } = connection.getAuthInfoFields();
  if (!connection.accessToken)
    throw new ConnectorError('SF_CLI_SESSION_EXPIRED', 'The sf CLI auth file holds no access token.');
  const identity: Identity | null = userId && orgId ? { userId, organizationId: orgId } : null;
  return { accessToken: connection.accessToken, instanceUrl: connection.instanceUrl, identity };
}

function loginAgain(targetOrg: string): string {
  return `Run \`sf org login web --alias ${targetOrg}\` (or \`sf org login jwt\`) again on this machine, as the user the connector runs as, then restart the connector.`;
}

/** @salesforce/core's SfErrors as ConnectorErrors. */
export function fromSfCli(error: unknown, targetOrg: string, doing: string): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'NamedOrgNotFoundError' || name === 'NoUsernameFoundError' || name === 'NoAuthInfoFoundError')
    return new ConnectorError(
      'SF_CLI_ORG_NOT_FOUND',
      `The sf CLI has no org called ${targetOrg} on this machine (no alias or username with an auth file).`,
      {
        cause: error,
        actions: [
          `Check SF_TARGET_ORG against \`sf org list\`, run as the user the connector runs as (HOME=${process.env.HOME ?? '?'}).`,
          loginAgain(targetOrg)
        ]
      }
    );
  const mapped = fromSalesforce(error, doing);
  if (mapped.code === 'SALESFORCE_UNREACHABLE') return mapped;
  return new ConnectorError(
    'SF_CLI_SESSION_EXPIRED',
    `The sf CLI session for ${targetOrg} could not be used or refreshed: ${mapped.message}`,
    { cause: error, actions: [loginAgain(targetOrg)] }
  );
}

export function sfCliAuthenticator(targetOrg: string): Authenticator {
  const connect = async (refresh: boolean): Promise<Session> => {
    const doing = `${refresh ? 'refreshing' : 'reading'} the sf CLI session of ${targetOrg}`;
    try {
      const { Org } = await import('@salesforce/core');
      // A new Org each time reads the auth file again: the CLI may have refreshed it meanwhile.
      const org = await Org.create({ aliasOrUsername: targetOrg });
      // Asks the org with the stored token; on 401 @salesforce/core refreshes it and saves it.
      if (refresh) await org.refreshAuth();
      return sessionOf(org.getConnection());
    } catch (error) {
      throw fromSfCli(error, targetOrg, doing);
    }
  };
  return {
    flow: 'sf-cli',
    about: { targetOrg },
    signIn: () => connect(false),
    refresh: () => connect(true),
    ownsSession: false,
    sessionRejected: (cause) =>
      new ConnectorError(
        'SF_CLI_SESSION_EXPIRED',
        `Salesforce rejected the sf CLI session of ${targetOrg} even after a refresh (${cause.message})`,
        { cause, actions: [loginAgain(targetOrg)] }
      )
  };
}
