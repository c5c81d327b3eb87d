// Starts a local org: schema from force-app, records in PGlite, and the REST, UI API and
// browser pages on one HTTP port. Tests, the demo and `npm run localorg` all start it here.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import { createCredentials } from './auth/credentials.ts';
import { createSessions } from './auth/sessions.ts';
import { createAuthRouter } from './api/auth.ts';
import type { ConnectedAppConfig } from './auth/connectedApps.ts';
import { faultyRecords, requestFaults, type LocalOrgFaults } from './api/faults.ts';
import { createOutbox, type Outbox } from './api/actions.ts';
import { apiErrorHandler } from './api/http.ts';
import { createApiUsage, type ApiUsage } from './api/limits.ts';
import { createBulkQueryRouter } from './api/bulkQuery.ts';
import { createRestRouter } from './api/rest.ts';
import { createSoapRouter } from './api/soap.ts';
import { createUiApiRouter } from './api/uiApi.ts';
import { createGraphQLRouter } from './api/graphql/router.ts';
import { ADMIN_PASSWORD, ADMIN_USERNAME, bootstrapOrg } from './org/bootstrap.ts';
import { installFiscalYears, type CustomFiscalYearOption } from './org/fiscalYears.ts';
import { syncSetup } from './org/setup.ts';
import { createDirectory } from './org/users.ts';
import { loadSchema } from './schema/index.ts';
import { loadListViews } from './schema/listViews.ts';
import type { Schema } from './schema/types.ts';
import { loadSecurityMetadata } from './security/metadata.ts';
import { createAccessPolicy } from './security/policy.ts';
import { createSecureRecordStores } from './security/records.ts';
import { createUserLoader } from './security/users.ts';
import { seedDemo } from './seed/demo.ts';
import { createQueryService } from './soql/service.ts';
import { openDb } from './store/db.ts';
import { createTables } from './store/ddl.ts';
import { assertDefaultsSupported } from './store/defaults.ts';
import { createIdGenerator } from './store/ids.ts';
import { withMultiCurrency } from './currency/schema.ts';
import { checkCurrencySettings, type MultiCurrencyOptions } from './currency/settings.ts';
import { currencyPicklist, installCurrencyRules } from './currency/store.ts';
import type { PicklistValue } from './schema/types.ts';
import { createRecordStore } from './store/records.ts';
import { assertValidationRulesEvaluable } from './store/validationRules.ts';
import { buildUiBundle } from './ui/build.ts';
import { createUiPageRouter } from './ui/pages.ts';

export { ADMIN_PASSWORD, ADMIN_USERNAME } from './org/bootstrap.ts';
export type { MultiCurrencyOptions } from './currency/settings.ts';
export { CUSTOM_YEAR_TEMPLATES, type CustomFiscalYearOption } from './org/fiscalYears.ts';
export type { LocalOrgFaults, RequestFault, SaveAttempt } from './api/faults.ts';

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
  /**
   * Custom fiscal years (FiscalYearSettings with IsStandardYear = false and their Period rows),
   * in order and without gaps; standard years from fiscalYearStartMonth end where the first starts.
   */
  customFiscalYears?: readonly CustomFiscalYearOption[];
  /** Build and serve the browser pages (on by default; API-only tests turn it off to start faster). */
  ui?: boolean;
  /** Connected apps for the JWT bearer and client credentials OAuth flows. */
  connectedApps?: readonly ConnectedAppConfig[];
  /** Test hooks that make saves or REST requests fail as they sometimes do in real orgs. */
  faults?: LocalOrgFaults;
  /** Multiple currencies (and advanced currency management); a single-currency org when absent. */
  multiCurrency?: MultiCurrencyOptions;
}

export interface LocalOrg {
  url: string;
  schema: Schema;
  usage: ApiUsage;
  adminUsername: string;
  adminPassword: string;
  /** The emails the org's emailSimple action has sent. */
  outbox: Outbox;
  close(): Promise<void>;
}

const ADMIN_PERMISSION_SET = 'Business_Planning_Admin';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

export async function startLocalOrg(options: LocalOrgOptions = {}): Promise<LocalOrg> {
  const clock = options.clock ?? (() => new Date());
  const packageDir = options.packageDir ?? path.join(repoRoot, 'force-app');
  const currencies = options.multiCurrency ? checkCurrencySettings(options.multiCurrency) : null;
  const currencyCodes: PicklistValue[] = [];
  const schema = await loadSchema(packageDir, (objects) =>
    currencies ? withMultiCurrency(objects, currencies, currencyCodes) : objects
  );
  const listViews = await loadListViews(packageDir, schema);
  const security = await loadSecurityMetadata(packageDir, schema);
  assertDefaultsSupported(schema.objects);
  assertValidationRulesEvaluable(schema, { customPermissions: security.customPermissions });
  const db = await openDb(options.dataDir);
  await createTables(db, schema);
  const newId = createIdGenerator();
  const picklist = currencies ? currencyPicklist(db, schema, currencyCodes) : null;
  // Every write goes through the saving user's object, field and record access.
  const secureRecordsFor = createSecureRecordStores({
    schema,
    clock,
    recordsFor: (connection) => {
      const store = createRecordStore({
        db: connection,
        schema,
        clock,
        newId,
        customPermissions: async (user) => user.access.permissions.customPermissions
      });
      return picklist ? picklist.wrap(store, connection) : store;
    }
  });
  const { faults } = options;
  const recordsFor: typeof secureRecordsFor = faults
    ? (connection) => faultyRecords(secureRecordsFor(connection), faults)
    : secureRecordsFor;
  const credentials = await createCredentials(db);
  const identity = await bootstrapOrg({
    db,
    credentials,
    newId,
    clock,
    timeZoneSidKey: options.timeZoneSidKey ?? 'America/Los_Angeles',
    fiscalYearStartMonth: options.fiscalYearStartMonth ?? 1
  });
  await syncSetup({ db, newId, clock, adminId: identity.adminId, metadata: security });
  await installFiscalYears({
    db,
    newId,
    clock,
    fiscalYearStartMonth: options.fiscalYearStartMonth ?? 1,
    usesStartDateAsFiscalYearName: false,
    customFiscalYears: options.customFiscalYears ?? []
  });
  if (currencies && picklist) {
    await installCurrencyRules({ db, schema, settings: currencies, newId, clock, adminId: identity.adminId });
    await picklist.refresh();
  }
  const directory = createDirectory({ db, schema, credentials, newId, clock, actorId: identity.adminId });
  // The administrator holds the product's admin persona in every org, seeded or not, as an
  // admin who installs the package assigns it to themselves.
  if (security.permissionSets.some((p) => p.name === ADMIN_PERMISSION_SET)) {
    await directory.assignPermissionSet(identity.adminId, ADMIN_PERMISSION_SET);
  }
  const loadUser = createUserLoader(db, schema, security, clock);
  const sessions = createSessions(identity.orgId, loadUser);
  const usage = createApiUsage(options.dailyApiLimit ?? 100_000, clock);
  const access = createAccessPolicy(schema);
  const queries = createQueryService({
    db,
    schema,
    access,
    org: { fiscalYearStartMonth: options.fiscalYearStartMonth ?? 1, usesStartDateAsFiscalYearName: false },
    clock
  });
  if (options.seed) {
    await seedDemo({
      records: recordsFor(db),
      directory,
      permissionSets: security.permissionSets.map((p) => p.name),
      adminId: identity.adminId,
      loadUser,
      clock
    });
  }

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  // Ahead of auth.ts's SOAP sign-in, which takes every envelope it is given.
  app.use(createSoapRouter({ db, recordsFor, sessions, usage }));
  app.use(
    createAuthRouter({
      credentials,
      sessions,
      orgId: identity.orgId,
      db,
      connectedApps: options.connectedApps
    })
  );
  if (faults) app.use('/services/data', requestFaults(faults));
  const outbox = createOutbox();
  // Ahead of the REST router, which would otherwise count the call and answer NOT_FOUND.
  app.use(createBulkQueryRouter({ queries, sessions, usage, clock, newId }));
  app.use(createRestRouter({ db, schema, queries, recordsFor, sessions, usage, outbox, clock }));
  app.use(createUiApiRouter({ schema, queries, sessions, records: recordsFor(db), access, listViews }));
  app.use(createGraphQLRouter({ schema, queries, sessions, access }));
  if (options.ui !== false) {
    const bundle = await buildUiBundle({ packageDir, schema });
    app.use(createUiPageRouter({ schema, sessions, bundle, listViews, queries, access }));
  }
  app.use(apiErrorHandler);

  const server = app.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  // Node closes idle keep-alive sockets after 5 s, so a client reusing one at that moment gets
  // EPIPE; Salesforce's front end keeps them open far longer, and so does the local org.
  server.keepAliveTimeout = 120_000;
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    schema,
    usage,
    adminUsername: ADMIN_USERNAME,
    adminPassword: ADMIN_PASSWORD,
    outbox,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve()))
      );
      await db.close();
    }
  };
}
