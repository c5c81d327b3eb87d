import { nextSteps } from '../workflow';

const CASEY = '005Lo000Vd4nLtcIIE';
const JORDAN = '005Lo000Vd4nLteIIE';
const ADMIN = '005Lo000Vd4nLtJIIU';
const AVA = '005Lo000Vd4nLttIIE';
const AVA_CONTACT = '003Lo000Vd4nLtjIIE';
const NOAH_CONTACT = '003Lo000Vd4nLtwIIE';

// A plan Casey manages (Channel_Manager__c) and Jordan owns; Ava's contact approves it.
const plan = { channelManagerId: CASEY, ownerId: JORDAN, primaryContactId: AVA_CONTACT, isTemplate: false };
const users = {
  casey: { userId: CASEY, userContactId: null, overridesWorkflow: false },
  jordan: { userId: JORDAN, userContactId: null, overridesWorkflow: false },
  admin: { userId: ADMIN, userContactId: null, overridesWorkflow: true },
  ava: { userId: AVA, userContactId: AVA_CONTACT, overridesWorkflow: false },
  noah: { userId: '005Lo000Vd4nLtxIIE', userContactId: NOAH_CONTACT, overridesWorkflow: false }
};
const editable = { canEditStatus: true, canStampApproval: true };

const steps = (user, status, extra = {}) =>
  nextSteps({ ...plan, ...users[user], ...editable, status, ...extra }).map((s) => `${s.kind}→${s.to}`);

describe('nextSteps', () => {
  // Hand-worked from the validation rules, persona by status.
  it.each([
    ['casey', 'Draft Outline', ['send→Draft']],
    ['casey', 'Draft', ['approve→In Progress', 'stepBack→Draft Outline']],
    ['casey', 'In Progress', ['complete→Completed', 'stepBack→Draft']],
    ['casey', 'Completed', []],
    // The owner is not the channel manager while Channel_Manager__c is set.
    ['jordan', 'Draft Outline', []],
    ['jordan', 'Draft', []],
    // Admins move the plan and reopen a completed one, but never approve for the partner.
    ['admin', 'Draft Outline', ['send→Draft']],
    ['admin', 'Draft', ['stepBack→Draft Outline']],
    ['admin', 'In Progress', ['complete→Completed', 'stepBack→Draft']],
    ['admin', 'Completed', ['stepBack→In Progress']],
    // The primary partner contact's user approves a draft and does nothing else.
    ['ava', 'Draft Outline', []],
    ['ava', 'Draft', ['approve→In Progress']],
    ['ava', 'In Progress', []],
    ['ava', 'Completed', []],
    // Another user of the same partner is not the primary contact.
    ['noah', 'Draft', []]
  ])('%s on a %s plan may take %j', (user, status, expected) => {
    expect(steps(user, status)).toEqual(expected);
  });

  it('treats the owner as channel manager while Channel_Manager__c is empty', () => {
    expect(steps('jordan', 'Draft Outline', { channelManagerId: null })).toEqual(['send→Draft']);
    expect(steps('casey', 'Draft Outline', { channelManagerId: null })).toEqual([]);
  });

  it('offers nothing on a template, an unknown status or without edit access to Status__c', () => {
    expect(steps('casey', 'Draft Outline', { isTemplate: true })).toEqual([]);
    expect(steps('casey', 'Archived')).toEqual([]);
    expect(steps('casey', 'In Progress', { canEditStatus: false })).toEqual([]);
  });

  it('offers approval only to users who can write the approval stamp', () => {
    expect(steps('ava', 'Draft', { canStampApproval: false })).toEqual([]);
  });

  it('does not take a user without a contact for a plan without a primary contact', () => {
    expect(steps('jordan', 'Draft', { primaryContactId: null, channelManagerId: CASEY })).toEqual([]);
  });
});
