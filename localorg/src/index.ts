// Starts a local org: schema from force-app, records in PGlite, and the REST, UI API and
// browser pages on one HTTP port. Tests, the demo and `npm run localorg` all start it here.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import { createCredentials } from './auth/credentials.ts';
import { createSessions } from './auth/sessions.ts';
import { createAuthRouter } from './api/auth.ts';
import { apiErrorHandler } from './api/http.ts';
import { createApiUsage, type ApiUsage } from './api/limits.ts';
import { createRestRouter } from './api/rest.ts';
import { createUiApiRouter } from './api/uiApi.ts';
import { adminUser, ADMIN_PASSWORD, ADMIN_USERNAME, bootstrapOrg } from './org/bootstrap.ts';
import { loadSchema } from './schema/index.ts';
import type { Schema } from './schema/types.ts';
import { seedDemo } from './seed/demo.ts';
import { allowAll } from './soql/access.ts';
import { createQueryService } from './soql/service.ts';
import { openDb } from './store/db.ts';
import { createTables } from './store/ddl.ts';
import { assertDefaultsSupported } from './store/defaults.ts';
import { createIdGenerator } from './store/ids.ts';
import { createRecordStore } from './store/records.ts';
import { assertValidationRulesEvaluable } from './store/validationRules.ts';
import { buildUiBundle } from './ui/build.ts';
import { createUiPageRouter } from './ui/pages.ts';

export { ADMIN_PASSWORD, ADMIN_USERNAME } from './org/bootstrap.ts';

export interface LocalOrgOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** Load the demo partners, leads, opportunities and plans. */
  seed?: boolean;
  /** Keep records on disk in this folder; in memory when absent. */
  dataDir?: string;
  /** The SFDX package directory the schema and components come from. */
  packageDir?: string;
  clock?: () => Date;
  dailyApiLimit?: number;
  timeZoneSidKey?: string;
  fiscalYearStartMonth?: number;
  /** Build and serve the browser pages (on by default; API-only tests turn it off to start faster). */
  ui?: boolean;
}

export interface LocalOrg {
  url: string;
  schema: Schema;
  usage: ApiUsage;
  adminUsername: string;
  adminPassword: string;
  close(): Promise<void>;
}

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

export async function startLocalOrg(options: LocalOrgOptions = {}): Promise<LocalOrg> {
  const clock = options.clock ?? (() => new Date());
  const packageDir = options.packageDir ?? path.join(repoRoot, 'force-app');
  const schema = await loadSchema(packageDir);
  assertDefaultsSupported(schema.objects);
  assertValidationRulesEvaluable(schema);
  const db = await openDb(options.dataDir);
  await createTables(db, schema);
  const newId = createIdGenerator();
  const recordsFor = (connection: typeof db) => createRecordStore({ db: connection, schema, clock, newId });
  const credentials = await createCredentials(db);
  const identity = await bootstrapOrg({
    db,
    credentials,
    newId,
    clock,
    timeZoneSidKey: options.timeZoneSidKey ?? 'America/Los_Angeles',
    fiscalYearStartMonth: options.fiscalYearStartMonth ?? 1
  });
  const sessions = createSessions(db, identity.orgId);
  const usage = createApiUsage(options.dailyApiLimit ?? 100_000, clock);
  const queries = createQueryService({
    db,
    schema,
    access: allowAll,
    org: { fiscalYearStartMonth: options.fiscalYearStartMonth ?? 1, usesStartDateAsFiscalYearName: false },
    clock
  });
  if (options.seed)
    await seedDemo({ records: recordsFor(db), admin: await adminUser(db, identity.adminId), clock });

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(createAuthRouter({ credentials, sessions, orgId: identity.orgId }));
  app.use(createRestRouter({ db, schema, queries, recordsFor, sessions, usage }));
  app.use(createUiApiRouter({ schema, queries, sessions, records: recordsFor(db) }));
  if (options.ui !== false) {
    const bundle = await buildUiBundle({ packageDir, schema });
    app.use(createUiPageRouter({ schema, sessions, bundle }));
  }
  app.use(apiErrorHandler);

  const server = app.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    schema,
    usage,
    adminUsername: ADMIN_USERNAME,
    adminPassword: ADMIN_PASSWORD,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve()))
      );
      await db.close();
    }
  };
}
