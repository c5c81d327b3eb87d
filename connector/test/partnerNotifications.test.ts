// Which plans get the Draft notification, hand-worked: only a plan in Draft without a stamp is
// due; a stamped plan back in Draft Outline has its stamp cleared; a contact without an email
// address cannot be written to.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { notificationWork, type DraftPlan } from '../src/sync/partnerNotifications.ts';

const plan = (
  id: string,
  status: string,
  notifiedOn: string | null,
  email: string | null = 'ava@example.com'
): DraftPlan => ({
  id,
  name: `Plan ${id}`,
  status,
  notifiedOn,
  partnerName: 'Northwind Solutions',
  contact: { firstName: 'Ava', email },
  channelManager: { name: 'Casey Morgan', email: 'casey@example.com' }
});

test('only plans newly in Draft are emailed; stepped-back plans are unstamped; no address is reported', () => {
  const work = notificationWork([
    plan('due', 'Draft', null),
    plan('done', 'Draft', '2026-03-01T10:00:00.000Z'),
    plan('back', 'Draft Outline', '2026-03-01T10:00:00.000Z'),
    plan('never', 'Draft Outline', null),
    plan('approved', 'In Progress', null),
    plan('noEmail', 'Draft', null, null)
  ]);
  assert.deepEqual(
    work.emails.map((e) => e.plan.id),
    ['due']
  );
  assert.deepEqual(
    work.clears.map((p) => p.id),
    ['back']
  );
  assert.deepEqual(
    work.unreachable.map((p) => p.id),
    ['noEmail']
  );
});

test('the email names the plan, the partner and the channel manager, and goes to the contact only', () => {
  const [email] = notificationWork([plan('due', 'Draft', null)]).emails;
  assert.deepEqual(email?.input, {
    emailAddresses: 'ava@example.com',
    emailSubject: 'Business plan ready for your review: Plan due',
    emailBody:
      'Hello Ava,\n\nCasey Morgan has shared the business plan "Plan due" for Northwind Solutions with you. It is now a draft: please review it in the partner portal, add your part of the narrative, and approve it when you agree.\n\nQuestions about the plan? Write to casey@example.com.',
    senderType: 'CurrentUser'
  });
});
