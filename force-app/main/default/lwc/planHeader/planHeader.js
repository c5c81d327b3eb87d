import { LightningElement, api, wire } from 'lwc';
import { getRecord, getFieldValue, updateRecord } from 'lightning/uiRecordApi';
import { getObjectInfo, getPicklistValues } from 'lightning/uiObjectInfoApi';
import LightningConfirm from 'lightning/confirm';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { reduceErrors } from 'c/ldsUtils';
import USER_ID from '@salesforce/user/Id';
import hasOverridePlanWorkflow from '@salesforce/customPermission/Override_Plan_Workflow';

import PLAN_OBJECT from '@salesforce/schema/Business_Plan__c';
import STATUS_FIELD from '@salesforce/schema/Business_Plan__c.Status__c';
import CHANNEL_MANAGER_FIELD from '@salesforce/schema/Business_Plan__c.Channel_Manager__c';
import OWNER_FIELD from '@salesforce/schema/Business_Plan__c.OwnerId';
import PRIMARY_CONTACT_FIELD from '@salesforce/schema/Business_Plan__c.Primary_Partner_Contact__c';
import IS_TEMPLATE_FIELD from '@salesforce/schema/Business_Plan__c.Is_Template__c';
import APPROVED_BY_FIELD from '@salesforce/schema/Business_Plan__c.Partner_Approved_By__c';
import APPROVED_ON_FIELD from '@salesforce/schema/Business_Plan__c.Partner_Approved_On__c';
import USER_CONTACT_FIELD from '@salesforce/schema/User.ContactId';

import { nextSteps, STATUSES } from './workflow';

import titleLabel from '@salesforce/label/c.PlanHeader_Title';
import loadingLabel from '@salesforce/label/c.PlanHeader_Loading';
import loadErrorLabel from '@salesforce/label/c.PlanHeader_LoadError';
import saveErrorLabel from '@salesforce/label/c.PlanHeader_SaveError';
import sendLabel from '@salesforce/label/c.PlanHeader_Send';
import sendConfirmLabel from '@salesforce/label/c.PlanHeader_SendConfirm';
import sentLabel from '@salesforce/label/c.PlanHeader_Sent';
import approveLabel from '@salesforce/label/c.PlanHeader_Approve';
import approveConfirmLabel from '@salesforce/label/c.PlanHeader_ApproveConfirm';
import approvedLabel from '@salesforce/label/c.PlanHeader_Approved';
import completeLabel from '@salesforce/label/c.PlanHeader_Complete';
import completeConfirmLabel from '@salesforce/label/c.PlanHeader_CompleteConfirm';
import completedLabel from '@salesforce/label/c.PlanHeader_Completed';
import stepBackLabel from '@salesforce/label/c.PlanHeader_StepBack';
import stepBackConfirmLabel from '@salesforce/label/c.PlanHeader_StepBackConfirm';
import steppedBackLabel from '@salesforce/label/c.PlanHeader_SteppedBack';
import noStepLabel from '@salesforce/label/c.PlanHeader_NoStep';
import templateLabel from '@salesforce/label/c.PlanHeader_Template';
import actionsLabel from '@salesforce/label/c.PlanHeader_Actions';

const PLAN_FIELDS = [STATUS_FIELD, OWNER_FIELD];
// A user without read access to these still sees the path (partner users cannot read
// Is_Template__c: templates never reach them); without the others they get no actions.
const PLAN_OPTIONAL_FIELDS = [CHANNEL_MANAGER_FIELD, PRIMARY_CONTACT_FIELD, IS_TEMPLATE_FIELD];

/** How each step is offered: button label, confirmation text (with {0} the target status) and toast. */
const STEP_TEXT = {
  send: { label: sendLabel, confirm: sendConfirmLabel, done: sentLabel, variant: 'brand' },
  approve: { label: approveLabel, confirm: approveConfirmLabel, done: approvedLabel, variant: 'brand' },
  complete: { label: completeLabel, confirm: completeConfirmLabel, done: completedLabel, variant: 'brand' },
  stepBack: {
    label: stepBackLabel,
    confirm: stepBackConfirmLabel,
    done: steppedBackLabel,
    variant: 'neutral'
  }
};

const format = (template, ...values) =>
  values.reduce((text, value, index) => text.replaceAll(`{${index}}`, value ?? ''), template);

/**
 * A business plan's status as a path (Draft Outline → Draft → In Progress → Completed) with the
 * next steps the signed-in user may take, decided as the plan's validation rules decide them.
 * Each step asks for confirmation, saves through Lightning Data Service and shows the rule's
 * message when the org refuses it.
 */
export default class PlanHeader extends LightningElement {
  /** Set by the record page. */
  @api recordId;

  label = { title: titleLabel, loading: loadingLabel, loadError: loadErrorLabel, actions: actionsLabel };

  saving = false;
  saveError;

  @wire(getRecord, { recordId: '$recordId', fields: PLAN_FIELDS, optionalFields: PLAN_OPTIONAL_FIELDS })
  plan;

  @wire(getRecord, { recordId: USER_ID, fields: [USER_CONTACT_FIELD] })
  user;

  @wire(getObjectInfo, { objectApiName: PLAN_OBJECT })
  objectInfo;

  @wire(getPicklistValues, {
    recordTypeId: '$objectInfo.data.defaultRecordTypeId',
    fieldApiName: STATUS_FIELD
  })
  statusValues;

  get loadErrors() {
    return [this.plan?.error, this.user?.error, this.objectInfo?.error, this.statusValues?.error].filter(
      Boolean
    );
  }

  get hasLoadError() {
    return this.loadErrors.length > 0;
  }

  get isLoading() {
    return (
      !this.hasLoadError &&
      !(this.plan?.data && this.user?.data && this.objectInfo?.data && this.statusValues?.data)
    );
  }

  get status() {
    return getFieldValue(this.plan.data, STATUS_FIELD);
  }

  /** The path's steps in the admin's picklist order and labels; the workflow's four statuses only. */
  get steps() {
    return this.statusValues.data.values
      .filter((value) => STATUSES.includes(value.value))
      .map((value) => ({ value: value.value, label: value.label }));
  }

  labelOf(status) {
    return this.steps.find((step) => step.value === status)?.label ?? status;
  }

  get isTemplate() {
    return getFieldValue(this.plan.data, IS_TEMPLATE_FIELD) === true;
  }

  get templateNote() {
    return templateLabel;
  }

  get actions() {
    const fields = this.objectInfo.data.fields;
    const steps = nextSteps({
      status: this.status,
      isTemplate: this.isTemplate,
      userId: USER_ID,
      userContactId: getFieldValue(this.user.data, USER_CONTACT_FIELD),
      channelManagerId: getFieldValue(this.plan.data, CHANNEL_MANAGER_FIELD),
      ownerId: getFieldValue(this.plan.data, OWNER_FIELD),
      primaryContactId: getFieldValue(this.plan.data, PRIMARY_CONTACT_FIELD),
      overridesWorkflow: hasOverridePlanWorkflow === true,
      canEditStatus: fields.Status__c?.updateable === true,
      canStampApproval:
        fields.Partner_Approved_By__c?.updateable === true &&
        fields.Partner_Approved_On__c?.updateable === true
    });
    return steps.map((step) => {
      const text = STEP_TEXT[step.kind];
      const target = this.labelOf(step.to);
      return {
        ...step,
        key: step.kind,
        label: format(text.label, target),
        variant: text.variant,
        confirm: format(text.confirm, target, this.labelOf(this.status)),
        done: format(text.done, target)
      };
    });
  }

  get hasActions() {
    return !this.isTemplate && this.actions.length > 0;
  }

  get noStepMessage() {
    return this.isTemplate ? templateLabel : noStepLabel;
  }

  get saveErrorMessage() {
    return reduceErrors(this.saveError).join(' ') || saveErrorLabel;
  }

  async handleStep(event) {
    const action = this.actions.find((candidate) => candidate.kind === event.target.dataset.kind);
    if (!action || this.saving) return;
    const confirmed = await LightningConfirm.open({
      message: action.confirm,
      label: action.label,
      variant: 'header',
      theme: action.kind === 'stepBack' ? 'warning' : 'default'
    });
    if (!confirmed) return;
    const fields = { Id: this.recordId, [STATUS_FIELD.fieldApiName]: action.to };
    if (action.kind === 'approve') {
      // Approval_Records_Who_And_When: the save that approves names the approver and the moment.
      fields[APPROVED_BY_FIELD.fieldApiName] = USER_ID;
      fields[APPROVED_ON_FIELD.fieldApiName] = new Date().toISOString();
    }
    this.saving = true;
    this.saveError = undefined;
    try {
      await updateRecord({ fields });
      this.dispatchEvent(new ShowToastEvent({ title: action.done, message: '', variant: 'success' }));
    } catch (error) {
      this.saveError = error;
    } finally {
      this.saving = false;
    }
  }
}
