/**
 * Which status steps a user may take on a business plan, decided the way the plan's validation
 * rules decide them (force-app/main/default/objects/Business_Plan__c/validationRules), so the
 * page offers only saves the org will accept:
 * - Status_Moves_One_Step_At_A_Time: one step forward or back along STATUSES.
 * - Only_Channel_Manager_Changes_Status: every move but the approval is the channel manager's
 *   (Channel Manager, or the owner while it is empty) or a holder of Override_Plan_Workflow.
 * - Only_Partner_Or_Channel_Manager_Approves: Draft → In Progress is made by the primary partner
 *   contact's user or the channel manager; Override_Plan_Workflow does not approve for a partner.
 * - Completed_Plans_Are_Closed: a completed plan changes only with Override_Plan_Workflow.
 * - Templates_Stay_In_Draft_Outline: a template never moves.
 * Pure: the component passes in who the user is and what the record holds.
 */

export const STATUSES = Object.freeze(['Draft Outline', 'Draft', 'In Progress', 'Completed']);

/**
 * @param {object} facts
 * @param {string} facts.status the plan's Status__c
 * @param {boolean} facts.isTemplate Is_Template__c
 * @param {string} facts.userId the signed-in user
 * @param {string|null} facts.userContactId the user's ContactId (partner users only)
 * @param {string|null} facts.channelManagerId Channel_Manager__c
 * @param {string} facts.ownerId OwnerId
 * @param {string|null} facts.primaryContactId Primary_Partner_Contact__c
 * @param {boolean} facts.overridesWorkflow holds the Override_Plan_Workflow custom permission
 * @param {boolean} facts.canEditStatus field-level security lets the user edit Status__c
 * @param {boolean} facts.canStampApproval ... and Partner_Approved_By__c and Partner_Approved_On__c
 * @returns {Array<{ kind: 'send'|'approve'|'complete'|'stepBack', to: string }>} forward step first
 */
export function nextSteps(facts) {
  const index = STATUSES.indexOf(facts.status);
  if (index < 0 || facts.isTemplate || !facts.canEditStatus) return [];
  const isChannelManager =
    Boolean(facts.userId) && facts.userId === (facts.channelManagerId || facts.ownerId);
  const isPrimaryPartner = Boolean(facts.userContactId) && facts.userContactId === facts.primaryContactId;
  const manages = isChannelManager || facts.overridesWorkflow;
  const steps = [];
  switch (facts.status) {
    case 'Draft Outline':
      if (manages) steps.push({ kind: 'send', to: 'Draft' });
      break;
    case 'Draft':
      if ((isPrimaryPartner || isChannelManager) && facts.canStampApproval) {
        steps.push({ kind: 'approve', to: 'In Progress' });
      }
      break;
    case 'In Progress':
      if (manages) steps.push({ kind: 'complete', to: 'Completed' });
      break;
    default:
      break;
  }
  // Stepping back: the channel manager before Completed; only the override reopens a completed plan.
  const mayStepBack = facts.status === 'Completed' ? facts.overridesWorkflow : manages;
  if (index > 0 && mayStepBack) steps.push({ kind: 'stepBack', to: STATUSES[index - 1] });
  return steps;
}
