// Partner share maintenance: a partner's people see a business plan only while it belongs to
// their account and has left Draft Outline. Sharing is Private, so the connector grants that
// access with one Business_Plan__Share row per plan, naming the RoleAndSubordinates group of
// the partner account's top portal role (its Partner Executive role: the account's people
// and, through the role hierarchy, its channel manager). Partners edit the narrative while a
// plan is Draft or In Progress (Edit); a Completed plan is frozen (Read).
//
// The rows are Manual sharing. An Apex sharing reason would keep them apart from what people
// share by hand, but only users with Modify All Data may write rows with one, which no
// least-privilege integration user should hold; Manual rows take full access to the plan,
// which Connector_Integration has through Modify All on Business_Plan__c alone. To leave
// people's own sharing alone, the connector only ever touches Manual rows naming a partner
// portal role's group: those are its to keep right, whoever created them. A new owner drops
// Manual rows (as Salesforce does on transfer); the next run grants them again.
//
// planShareChanges() is the pure diff; maintainPartnerShares() reads the org in four queries
// and writes only the difference through sObject Collections.
import { ConnectorError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { SalesforceApi, SaveOutcome, SObjectRecord } from '../salesforce/client.ts';
import { reportedError, type SyncReport } from './report.ts';
import { PLAN } from './schema.ts';

export const PLAN_SHARE = 'Business_Plan__Share';

export type ShareLevel = 'Read' | 'Edit';

/** The access a partner's people get to a plan in each status; no entry means none. */
const ACCESS_BY_STATUS: Readonly<Record<string, ShareLevel>> = {
  Draft: 'Edit',
  'In Progress': 'Edit',
  Completed: 'Read'
};

export interface SharedPlan {
  id: string;
  partnerAccountId: string | null;
  status: string | null;
}

/** A partner portal role (UserRole with PortalType Partner). */
export interface PortalRole {
  id: string;
  accountId: string;
  parentRoleId: string | null;
}

/** A group Salesforce keeps for a role: Type Role or RoleAndSubordinates, RelatedId the role. */
export interface RoleGroup {
  id: string;
  roleId: string;
  type: string;
}

/** A Manual Business_Plan__Share row naming a group. */
export interface PlanShare {
  id: string;
  planId: string;
  groupId: string;
  level: string;
}

export interface ShareGrant {
  planId: string;
  groupId: string;
  level: ShareLevel;
}

export interface ShareChanges {
  grants: ShareGrant[];
  /** Rows whose AccessLevel changes in place. */
  levelChanges: { id: string; level: ShareLevel }[];
  revokes: string[];
  /** Plans the partner should see but whose account has no partner roles yet (no partner users). */
  unreachable: SharedPlan[];
}

/** The access a partner gets to a plan in `status`; null for none (Draft Outline, or a status this version does not know). */
export function partnerAccess(status: string | null): ShareLevel | null {
  return (status !== null && ACCESS_BY_STATUS[status]) || null;
}

/**
 * The account's top portal roles (normally its one Partner Executive role): those whose parent
 * is not another role of the same account. Sharing with their RoleAndSubordinates group
 * reaches every portal role of the account.
 */
function topRoles(roles: readonly PortalRole[]): Map<string, string[]> {
  const byAccount = new Map<string, PortalRole[]>();
  for (const role of roles) byAccount.set(role.accountId, [...(byAccount.get(role.accountId) ?? []), role]);
  const tops = new Map<string, string[]>();
  for (const [account, own] of byAccount) {
    const ids = new Set(own.map((r) => r.id));
    tops.set(
      account,
      own
        .filter((r) => r.parentRoleId === null || !ids.has(r.parentRoleId))
        .map((r) => r.id)
        .sort()
    );
  }
  return tops;
}

/** What to grant, change and revoke so that exactly the right partner sees each plan. */
export function planShareChanges(input: {
  plans: readonly SharedPlan[];
  roles: readonly PortalRole[];
  groups: readonly RoleGroup[];
  shares: readonly PlanShare[];
}): ShareChanges {
  const portalRoleIds = new Set(input.roles.map((r) => r.id));
  const partnerGroups = new Set(input.groups.filter((g) => portalRoleIds.has(g.roleId)).map((g) => g.id));
  const subtreeGroup = new Map(
    input.groups.filter((g) => g.type === 'RoleAndSubordinates').map((g) => [g.roleId, g.id])
  );
  const tops = topRoles(input.roles);
  const sharesByPlan = new Map<string, PlanShare[]>();
  for (const share of input.shares) {
    if (!partnerGroups.has(share.groupId)) continue;
    sharesByPlan.set(share.planId, [...(sharesByPlan.get(share.planId) ?? []), share]);
  }

  const changes: ShareChanges = { grants: [], levelChanges: [], revokes: [], unreachable: [] };
  const seen = new Set<string>();
  for (const plan of input.plans) {
    seen.add(plan.id);
    const level = partnerAccess(plan.status);
    const wanted = new Map<string, ShareLevel>();
    if (level && plan.partnerAccountId) {
      const groups = (tops.get(plan.partnerAccountId) ?? []).flatMap((role) => subtreeGroup.get(role) ?? []);
      if (groups.length === 0) changes.unreachable.push(plan);
      for (const group of groups) wanted.set(group, level);
    }
    for (const share of sharesByPlan.get(plan.id) ?? []) {
      const want = wanted.get(share.groupId);
      if (want === undefined) {
        changes.revokes.push(share.id);
        continue;
      }
      // One row per group is enough; a second one for the same group goes.
      wanted.delete(share.groupId);
      if (share.level !== want) changes.levelChanges.push({ id: share.id, level: want });
    }
    for (const [groupId, want] of wanted) changes.grants.push({ planId: plan.id, groupId, level: want });
  }
  // Rows of plans the connector did not read are left alone: it cannot tell what they need.
  return changes;
}

const id = (record: SObjectRecord, field: string): string | null =>
  typeof record[field] === 'string' ? (record[field] as string) : null;

function required(record: SObjectRecord, field: string, object: string): string {
  const value = id(record, field);
  if (value === null)
    throw new ConnectorError('UNEXPECTED_RECORD', `${object} ${String(record.Id)} has no ${field}.`);
  return value;
}

/** Reads plans, partner roles, their groups and the Manual group shares: four queries. */
async function readSharing(sf: SalesforceApi): Promise<Parameters<typeof planShareChanges>[0]> {
  const plans = await sf.query(`SELECT Id, ${PLAN.partner}, ${PLAN.status} FROM ${PLAN.object} ORDER BY Id`);
  const roles = await sf.query(
    "SELECT Id, PortalAccountId, ParentRoleId FROM UserRole WHERE PortalType = 'Partner' ORDER BY Id"
  );
  const groups = await sf.query(
    "SELECT Id, RelatedId, Type FROM Group WHERE Type IN ('Role', 'RoleAndSubordinates') " +
      "AND RelatedId IN (SELECT Id FROM UserRole WHERE PortalType = 'Partner') ORDER BY Id"
  );
  const shares = await sf.query(
    `SELECT Id, ParentId, UserOrGroupId, AccessLevel FROM ${PLAN_SHARE} WHERE RowCause = 'Manual' ` +
      "AND UserOrGroupId IN (SELECT Id FROM Group WHERE Type IN ('Role', 'RoleAndSubordinates')) ORDER BY Id"
  );
  return {
    plans: plans.map((r) => ({
      id: required(r, 'Id', PLAN.object),
      partnerAccountId: id(r, PLAN.partner),
      status: id(r, PLAN.status)
    })),
    roles: roles.map((r) => ({
      id: required(r, 'Id', 'UserRole'),
      accountId: required(r, 'PortalAccountId', 'UserRole'),
      parentRoleId: id(r, 'ParentRoleId')
    })),
    groups: groups.map((r) => ({
      id: required(r, 'Id', 'Group'),
      roleId: required(r, 'RelatedId', 'Group'),
      type: required(r, 'Type', 'Group')
    })),
    shares: shares.map((r) => ({
      id: required(r, 'Id', PLAN_SHARE),
      planId: required(r, 'ParentId', PLAN_SHARE),
      groupId: required(r, 'UserOrGroupId', PLAN_SHARE),
      level: required(r, 'AccessLevel', PLAN_SHARE)
    }))
  };
}

/** Counts the saved outcomes and reports each refused record; returns how many were saved. */
function tally(outcomes: readonly SaveOutcome[], report: SyncReport): number {
  let saved = 0;
  for (const outcome of outcomes) {
    if (outcome.success) {
      saved++;
      continue;
    }
    report.partnerShares.failed++;
    for (const error of outcome.errors)
      report.errors.push({ code: error.code, message: error.message, object: PLAN_SHARE, ref: outcome.ref });
  }
  return saved;
}

/**
 * Grants, changes and revokes Business_Plan__Share rows so partners see exactly their plans
 * past Draft Outline. A failure to read or write sharing is reported and leaves the rest of
 * the run to go on, except the failures that would stop any call (session, limits).
 */
export async function maintainPartnerShares(
  sf: SalesforceApi,
  report: SyncReport,
  log: Logger
): Promise<void> {
  try {
    const data = await readSharing(sf);
    const changes = planShareChanges(data);
    const counts = report.partnerShares;
    counts.plans = data.plans.length;
    counts.unreachable = changes.unreachable.length;
    for (const plan of changes.unreachable)
      log.warn(
        { plan: plan.id, partnerAccount: plan.partnerAccountId },
        'the partner account has no partner users yet, so nobody at the partner can see this plan'
      );
    if (changes.grants.length > 0) {
      const rows = changes.grants.map((g) => ({
        ParentId: g.planId,
        UserOrGroupId: g.groupId,
        AccessLevel: g.level,
        RowCause: 'Manual'
      }));
      counts.granted += tally(await sf.create(PLAN_SHARE, rows), report);
    }
    if (changes.levelChanges.length > 0) {
      const rows = changes.levelChanges.map((c) => ({ Id: c.id, AccessLevel: c.level }));
      counts.changed += tally(await sf.update(PLAN_SHARE, rows), report);
    }
    if (changes.revokes.length > 0) counts.revoked += tally(await sf.remove(changes.revokes), report);
    log.info({ ...counts }, 'partner sharing maintained');
  } catch (error) {
    const failure = ConnectorError.from(error);
    if (!SHARING_ERRORS.has(failure.code)) throw failure;
    report.errors.push({
      ...reportedError(failure, PLAN_SHARE),
      actions: [
        "Give the connector's user the Connector_Integration permission set: it reads and manages plan sharing through Modify All on Business Plan."
      ]
    });
    log.error({ err: failure, code: failure.code }, 'partner sharing not maintained');
  }
}

/** Errors that mean the connector's user may not manage sharing; other errors stop the run. */
const SHARING_ERRORS: ReadonlySet<string> = new Set([
  'INSUFFICIENT_ACCESS',
  'INSUFFICIENT_ACCESS_OR_READONLY',
  'INVALID_TYPE',
  'INVALID_FIELD',
  'NOT_FOUND',
  'MALFORMED_QUERY',
  'UNEXPECTED_RECORD'
]);
