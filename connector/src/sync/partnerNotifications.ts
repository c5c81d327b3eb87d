// The Draft notification: when a channel manager moves a plan from Draft Outline to Draft, the
// plan's primary partner contact gets an email (Salesforce's emailSimple action) saying the
// plan is ready for them.
//
// Once per move, across runs and restarts, without Apex: the connector stamps
// Partner_Notified_On__c on the plan. A plan in Draft without a stamp has moved to Draft since
// the last notice; a plan back in Draft Outline with a stamp has stepped back, and its stamp
// is cleared so the next move notifies again. The stamp is written before the email is sent,
// and taken off again when Salesforce refuses the email: a crash in between loses one email
// rather than sending it on every later run.
import type { Clock } from '../clock.ts';
import { sfDateTime } from '../engine/dates.ts';
import { ConnectorError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { SalesforceApi, SaveOutcome, SObjectRecord } from '../salesforce/client.ts';
import { reportedError, type SyncReport } from './report.ts';
import { PLAN } from './schema.ts';

const NOTIFIED = 'Partner_Notified_On__c';
const ACTION = 'emailSimple';
/** Inputs per action call: one call for up to this many plans. */
const INPUTS_PER_CALL = 200;

export interface DraftPlan {
  id: string;
  name: string;
  status: string;
  notifiedOn: string | null;
  partnerName: string | null;
  contact: { firstName: string | null; email: string | null } | null;
  channelManager: { name: string | null; email: string | null } | null;
}

export type EmailInput = {
  emailAddresses: string;
  emailSubject: string;
  emailBody: string;
  senderType: 'CurrentUser';
};

export interface NotificationWork {
  /** Plans moved to Draft whose contact can be written to, with the email for each. */
  emails: { plan: DraftPlan; input: EmailInput }[];
  /** Plans back in Draft Outline whose stamp comes off. */
  clears: DraftPlan[];
  /** Plans moved to Draft with no primary contact email to write to. */
  unreachable: DraftPlan[];
}

/** The email telling a partner contact that their plan is ready for them. */
export function draftEmail(plan: DraftPlan, email: string): EmailInput {
  const greeting = plan.contact?.firstName ? `Hello ${plan.contact.firstName},` : 'Hello,';
  const manager = plan.channelManager?.name ?? 'Your channel manager';
  const partner = plan.partnerName ? ` for ${plan.partnerName}` : '';
  const lines = [
    greeting,
    '',
    `${manager} has shared the business plan "${plan.name}"${partner} with you. It is now a draft: please review it in the partner portal, add your part of the narrative, and approve it when you agree.`,
    ...(plan.channelManager?.email
      ? ['', `Questions about the plan? Write to ${plan.channelManager.email}.`]
      : [])
  ];
  return {
    emailAddresses: email,
    emailSubject: `Business plan ready for your review: ${plan.name}`,
    emailBody: lines.join('\n'),
    senderType: 'CurrentUser'
  };
}

/** Decides, from the plans read, which to notify, which stamps to clear and which cannot be notified. */
export function notificationWork(plans: readonly DraftPlan[]): NotificationWork {
  const work: NotificationWork = { emails: [], clears: [], unreachable: [] };
  for (const plan of plans) {
    if (plan.status === 'Draft Outline' && plan.notifiedOn !== null) work.clears.push(plan);
    if (plan.status !== 'Draft' || plan.notifiedOn !== null) continue;
    const email = plan.contact?.email?.trim();
    if (email) work.emails.push({ plan, input: draftEmail(plan, email) });
    else work.unreachable.push(plan);
  }
  return work;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const parent = (record: SObjectRecord, name: string): SObjectRecord | null => {
  const value = record[name];
  return typeof value === 'object' && value !== null ? (value as SObjectRecord) : null;
};

function draftPlan(record: SObjectRecord): DraftPlan {
  const contact = parent(record, 'Primary_Partner_Contact__r');
  // Channel Manager defaults to the owner; until the connector has filled it in, the owner is the one.
  const manager = parent(record, 'Channel_Manager__r') ?? parent(record, 'Owner');
  const id = text(record.Id);
  const status = text(record[PLAN.status]);
  if (!id || !status)
    throw new ConnectorError('UNEXPECTED_RECORD', `${PLAN.object} ${String(record.Id)} has no Id or Status.`);
  return {
    id,
    name: text(record[PLAN.name]) ?? id,
    status,
    notifiedOn: text(record[NOTIFIED]),
    partnerName: text(parent(record, 'Partner_Account__r')?.Name),
    contact: contact ? { firstName: text(contact.FirstName), email: text(contact.Email) } : null,
    channelManager: manager ? { name: text(manager.Name), email: text(manager.Email) } : null
  };
}

/** The plans whose notice is due or whose stamp must come off: one query. */
async function readDraftPlans(sf: SalesforceApi): Promise<DraftPlan[]> {
  const records = await sf.query(
    `SELECT Id, ${PLAN.name}, ${PLAN.status}, ${NOTIFIED}, Partner_Account__r.Name, ` +
      'Primary_Partner_Contact__r.FirstName, Primary_Partner_Contact__r.Email, ' +
      'Channel_Manager__r.Name, Channel_Manager__r.Email, Owner.Name, Owner.Email ' +
      `FROM ${PLAN.object} WHERE (${PLAN.status} = 'Draft' AND ${NOTIFIED} = null) ` +
      `OR (${PLAN.status} = 'Draft Outline' AND ${NOTIFIED} != null) ORDER BY Id`
  );
  return records.map(draftPlan);
}

function reportFailures(outcomes: readonly SaveOutcome[], report: SyncReport): Set<string> {
  const saved = new Set<string>();
  for (const outcome of outcomes) {
    if (outcome.success) saved.add(outcome.ref);
    else
      for (const error of outcome.errors)
        report.errors.push({
          code: error.code,
          message: error.message,
          object: PLAN.object,
          ref: outcome.ref
        });
  }
  return saved;
}

/** Sends the Draft notifications that are due and clears the stamps of plans that stepped back. */
export async function notifyPartners(
  sf: SalesforceApi,
  report: SyncReport,
  log: Logger,
  clock: Clock
): Promise<void> {
  try {
    const work = notificationWork(await readDraftPlans(sf));
    const counts = report.notifications;
    counts.unreachable = work.unreachable.length;
    for (const plan of work.unreachable)
      report.problems.push({
        planId: plan.id,
        planName: plan.name,
        objectiveId: null,
        objectiveName: null,
        message:
          'The plan moved to Draft but its Primary Partner Contact has no email address, so the partner was not told. Add the email address; the next sync sends the notice.'
      });

    const now = sfDateTime(clock.now());
    const stamps = [
      ...work.emails.map(({ plan }) => ({ Id: plan.id, [NOTIFIED]: now })),
      ...work.clears.map((plan) => ({ Id: plan.id, [NOTIFIED]: null }))
    ];
    if (stamps.length === 0) return;
    const stamped = reportFailures(await sf.update(PLAN.object, stamps), report);
    const due = work.emails.filter(({ plan }) => stamped.has(plan.id));
    counts.failed += work.emails.length - due.length;

    const refused: string[] = [];
    for (let start = 0; start < due.length; start += INPUTS_PER_CALL) {
      const batch = due.slice(start, start + INPUTS_PER_CALL);
      const outcomes = await sf.invokeAction(
        ACTION,
        batch.map((d) => d.input)
      );
      outcomes.forEach((outcome, index) => {
        const plan = (batch[index] as (typeof batch)[number]).plan;
        if (outcome.success) {
          counts.sent++;
          return;
        }
        counts.failed++;
        refused.push(plan.id);
        for (const error of outcome.errors)
          report.errors.push({ code: error.code, message: error.message, object: PLAN.object, ref: plan.id });
      });
    }
    // Unstamped, a refused email is tried again on the next run.
    if (refused.length > 0)
      reportFailures(
        await sf.update(
          PLAN.object,
          refused.map((id) => ({ Id: id, [NOTIFIED]: null }))
        ),
        report
      );
    log.info({ ...counts, cleared: work.clears.length }, 'draft notifications');
  } catch (error) {
    const failure = ConnectorError.from(error);
    if (!NOTIFICATION_ERRORS.has(failure.code)) throw failure;
    report.errors.push({
      ...reportedError(failure, PLAN.object),
      actions: [
        `Deploy force-app (it adds ${PLAN.object}.${NOTIFIED}) and give the connector's user the Connector_Integration permission set.`
      ]
    });
    log.error({ err: failure, code: failure.code }, 'draft notifications not sent');
  }
}

/** Errors that mean the org lacks the field or the user the access; other errors stop the run. */
const NOTIFICATION_ERRORS: ReadonlySet<string> = new Set([
  'INVALID_FIELD',
  'INVALID_TYPE',
  'NOT_FOUND',
  'MALFORMED_QUERY',
  'INSUFFICIENT_ACCESS_OR_READONLY',
  'UNEXPECTED_RECORD'
]);
