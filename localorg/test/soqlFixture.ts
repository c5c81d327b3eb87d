// A small org for the SOQL tests: the standard objects plus a three-level custom hierarchy
// (Business_Plan__c → Plan_Objective__c → Objective_Result__c), tables in an in-memory
// PGlite and rows written with plain SQL, so expected results are worked out by hand from
// the rows each test file inserts.
import { field, object, ownerField, systemFields } from '../src/schema/build.ts';
import { standardObjects } from '../src/schema/standardObjects.ts';
import type { ObjectDef, Schema } from '../src/schema/types.ts';
import { createSchema } from '../src/schema/build.ts';
import { administratorAccess } from '../src/security/permissions.ts';
import type { SessionUser } from '../src/session.ts';
import { allowAll } from '../src/soql/access.ts';
import { createQueryService } from '../src/soql/service.ts';
import type {
  AccessPolicy,
  OrgSettings,
  QueryOptions,
  QueryResult,
  QueryService
} from '../src/soql/types.ts';
import { type Db, openDb } from '../src/store/db.ts';
import { createTables } from '../src/store/ddl.ts';
import { columnName, quoteIdent } from '../src/store/naming.ts';
import { ApiError } from '../src/api/errors.ts';

function customObjects(): ObjectDef[] {
  const lookup = (name: string, target: string, relationshipName: string, childRelationshipName: string) =>
    field({
      name,
      type: 'reference',
      referenceTo: [target],
      relationshipName,
      childRelationshipName,
      groupable: true
    });
  const picklist = (values: string[]) =>
    values.map((value) => ({ value, label: value, defaultValue: false, active: true }));
  return [
    object({
      name: 'Business_Plan__c',
      keyPrefix: 'a00',
      label: 'Business Plan',
      fields: [
        ...systemFields(),
        ownerField(),
        field({ name: 'Name', type: 'string', nameField: true }),
        lookup('Partner_Account__c', 'Account', 'Partner_Account__r', 'Business_Plans__r'),
        // Picklist order differs from alphabetical on purpose.
        field({
          name: 'Status__c',
          type: 'picklist',
          picklistValues: picklist(['Draft', 'Active', 'Closed'])
        })
      ]
    }),
    object({
      name: 'Plan_Objective__c',
      keyPrefix: 'a01',
      label: 'Plan Objective',
      sharingModel: 'ControlledByParent',
      fields: [
        ...systemFields(),
        field({ name: 'Name', type: 'string', nameField: true }),
        lookup('Business_Plan__c', 'Business_Plan__c', 'Business_Plan__r', 'Plan_Objectives__r'),
        field({ name: 'Target__c', type: 'double' }),
        field({ name: 'Weight__c', type: 'percent' }),
        field({ name: 'Criteria__c', type: 'textarea', length: 32768 }),
        field({
          name: 'Tags__c',
          type: 'multipicklist',
          picklistValues: picklist(['Leads', 'Revenue', 'Training'])
        }),
        field({ name: 'Due_Date__c', type: 'date' })
      ]
    }),
    object({
      name: 'Objective_Result__c',
      keyPrefix: 'a02',
      label: 'Objective Result',
      fields: [
        ...systemFields(),
        field({ name: 'Name', type: 'string', nameField: true }),
        lookup('Plan_Objective__c', 'Plan_Objective__c', 'Plan_Objective__r', 'Objective_Results__r'),
        field({ name: 'Actual__c', type: 'double' })
      ]
    })
  ];
}

export const user: SessionUser = {
  id: '005000000000001AAA',
  username: 'ada@example.com',
  name: 'Ada Admin',
  profileName: 'System Administrator',
  isPortalUser: false,
  accountId: null,
  timeZoneSidKey: 'America/New_York',
  isAdmin: true,
  access: administratorAccess()
};

export const options: QueryOptions = { user, apiVersion: '62.0' };

export interface Org {
  db: Db;
  schema: Schema;
  service(settings?: { access?: AccessPolicy; org?: Partial<OrgSettings>; clock?: () => Date }): QueryService;
  /** Inserts rows given by field API name; IsDeleted defaults to false, CreatedDate to 2026-01-01. */
  insert(objectName: string, rows: Record<string, unknown>[]): Promise<void>;
  /** Runs a query with the default service and options. */
  query(soql: string, overrides?: Partial<QueryOptions>): Promise<QueryResult>;
  close(): Promise<void>;
}

/** Wednesday 15 April 2026, noon in New York. */
export const NOW = new Date('2026-04-15T16:00:00Z');

export async function createOrg(): Promise<Org> {
  const schema = createSchema([...standardObjects(), ...customObjects()]);
  const db = await openDb();
  await createTables(db, schema);
  const service: Org['service'] = (settings = {}) =>
    createQueryService({
      db,
      schema,
      access: settings.access ?? allowAll,
      org: { fiscalYearStartMonth: 1, usesStartDateAsFiscalYearName: false, ...settings.org },
      clock: settings.clock ?? (() => NOW)
    });
  const standard = service();
  return {
    db,
    schema,
    service,
    async insert(objectName, rows) {
      const o = schema.object(objectName);
      if (!o) throw new Error(`no object ${objectName}`);
      for (const row of rows) {
        const values: Record<string, unknown> = { CreatedDate: '2026-01-01T00:00:00Z', ...row };
        const names = Object.keys(values);
        const columns = names.map((n) => quoteIdent(columnName(n))).join(', ');
        const placeholders = names.map((_, i) => `$${i + 1}`).join(', ');
        await db.query(
          `insert into ${quoteIdent(o.table)} (${columns}) values (${placeholders})`,
          Object.values(values)
        );
      }
    },
    query: (soql, overrides = {}) => standard.query(soql, { ...options, ...overrides }),
    close: () => db.close()
  };
}

/** The ApiError a query fails with. */
export async function failure(call: Promise<unknown>): Promise<ApiError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the query to fail');
}

/** The human text of a query error, without the query excerpt and caret Salesforce puts first. */
export function errorText(error: ApiError): string {
  return error.message.replace(/^\n[^\n]*\n *\^\nERROR at Row:\d+:Column:\d+\n/, '');
}

/** Values of one field across records, for compact assertions. */
export function pluck(result: QueryResult, name: string): unknown[] {
  return result.records.map((r) => r[name]);
}
