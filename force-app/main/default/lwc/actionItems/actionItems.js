import { LightningElement, api, wire } from 'lwc';
import { createRecord, getFieldValue, getRecord, refresh, updateRecord } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';
import { getObjectInfo, getPicklistValues } from 'lightning/uiObjectInfoApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { fieldUpdateable, reduceErrors } from 'c/ldsUtils';
import { todayIn } from './today';
import userId from '@salesforce/user/Id';
import timeZone from '@salesforce/i18n/timeZone';
import hasCheckOffPermission from '@salesforce/customPermission/Check_Off_Action_Items';

import ACTION_ITEM_OBJECT from '@salesforce/schema/Plan_Action_Item__c';
import NAME_FIELD from '@salesforce/schema/Plan_Action_Item__c.Name';
import PLAN_FIELD from '@salesforce/schema/Plan_Action_Item__c.Business_Plan__c';
import DUE_DATE_FIELD from '@salesforce/schema/Plan_Action_Item__c.Due_Date__c';
import STATUS_FIELD from '@salesforce/schema/Plan_Action_Item__c.Status__c';
import PARTY_FIELD from '@salesforce/schema/Plan_Action_Item__c.Responsible_Party__c';
import ASSIGNEE_FIELD from '@salesforce/schema/Plan_Action_Item__c.Assignee__c';
import ASSIGNEE_NAME_FIELD from '@salesforce/schema/Plan_Action_Item__c.Assignee__r.Name';
import COMPLETED_BY_FIELD from '@salesforce/schema/Plan_Action_Item__c.Completed_By__c';
import COMPLETED_BY_NAME_FIELD from '@salesforce/schema/Plan_Action_Item__c.Completed_By__r.Name';
import COMPLETED_ON_FIELD from '@salesforce/schema/Plan_Action_Item__c.Completed_On__c';
import PLAN_OWNER_FIELD from '@salesforce/schema/Business_Plan__c.OwnerId';
import PLAN_OWNER_NAME_FIELD from '@salesforce/schema/Business_Plan__c.Owner.Name';
import PLAN_MANAGER_FIELD from '@salesforce/schema/Business_Plan__c.Channel_Manager__c';
import PLAN_MANAGER_NAME_FIELD from '@salesforce/schema/Business_Plan__c.Channel_Manager__r.Name';
import USER_NAME_FIELD from '@salesforce/schema/User.Name';

import titleLabel from '@salesforce/label/c.ActionItems_Title';
import loadingLabel from '@salesforce/label/c.ActionItems_Loading';
import loadErrorLabel from '@salesforce/label/c.ActionItems_LoadError';
import emptyLabel from '@salesforce/label/c.ActionItems_Empty';
import newItemLabel from '@salesforce/label/c.ActionItems_NewItem';
import nameLabel from '@salesforce/label/c.ActionItems_Name';
import dueDateLabel from '@salesforce/label/c.ActionItems_DueDate';
import partyLabel from '@salesforce/label/c.ActionItems_ResponsibleParty';
import assigneeLabel from '@salesforce/label/c.ActionItems_Assignee';
import unassignedLabel from '@salesforce/label/c.ActionItems_Unassigned';
import meLabel from '@salesforce/label/c.ActionItems_Me';
import addLabel from '@salesforce/label/c.ActionItems_Add';
import addedLabel from '@salesforce/label/c.ActionItems_Added';
import addFailedLabel from '@salesforce/label/c.ActionItems_AddFailed';
import columnDoneLabel from '@salesforce/label/c.ActionItems_ColumnDone';
import columnItemLabel from '@salesforce/label/c.ActionItems_ColumnItem';
import columnStatusLabel from '@salesforce/label/c.ActionItems_ColumnStatus';
import checkOffLabel from '@salesforce/label/c.ActionItems_CheckOff';
import checkOffNotAllowedLabel from '@salesforce/label/c.ActionItems_CheckOffNotAllowed';
import overdueLabel from '@salesforce/label/c.ActionItems_Overdue';
import completedByLabel from '@salesforce/label/c.ActionItems_CompletedBy';
import rowInputLabel from '@salesforce/label/c.ActionItems_RowInput';
import saveFailedLabel from '@salesforce/label/c.ActionItems_SaveFailed';

const qualifiedName = ({ objectApiName, fieldApiName }) => `${objectApiName}.${fieldApiName}`;
const ACTION_ITEM_FIELDS = [
  NAME_FIELD,
  DUE_DATE_FIELD,
  STATUS_FIELD,
  PARTY_FIELD,
  ASSIGNEE_FIELD,
  ASSIGNEE_NAME_FIELD,
  COMPLETED_BY_FIELD,
  COMPLETED_BY_NAME_FIELD,
  COMPLETED_ON_FIELD
].map(qualifiedName);
// The UI API sorts related lists by one field.
const SORT_BY = [qualifiedName(DUE_DATE_FIELD)];
const PLAN_FIELDS = [PLAN_OWNER_FIELD, PLAN_OWNER_NAME_FIELD, PLAN_MANAGER_FIELD, PLAN_MANAGER_NAME_FIELD];

const COMPLETED = 'Completed';
// A reopened item goes back to work in progress: it was started, or it could not have been done.
const REOPENED = 'In Progress';

const format = (template, ...values) =>
  values.reduce((text, value, i) => text.replace(`{${i}}`, value), template);

/**
 * A business plan's action items: add them, assign them, set due dates, and check them off.
 * Only users with the Check Off Action Items custom permission (and edit access to the
 * completion fields) get an enabled checkbox, because validation rule Check_Off_Needs_Permission
 * refuses the save for anyone else; checking off records who and when, as rules
 * Completion_Is_Recorded and Completion_Recorded_By_Checker require. Overdue open items are
 * marked with an icon and text, not colour alone.
 */
export default class ActionItems extends LightningElement {
  /** The business plan, set by the record page. */
  @api recordId;

  label = {
    title: titleLabel,
    loading: loadingLabel,
    loadError: loadErrorLabel,
    empty: emptyLabel,
    newItem: newItemLabel,
    name: nameLabel,
    dueDate: dueDateLabel,
    party: partyLabel,
    assignee: assigneeLabel,
    add: addLabel,
    columnDone: columnDoneLabel,
    columnItem: columnItemLabel,
    columnStatus: columnStatusLabel,
    columnDueDate: dueDateLabel,
    columnParty: partyLabel,
    columnAssignee: assigneeLabel,
    checkOffNotAllowed: checkOffNotAllowedLabel,
    overdue: overdueLabel
  };

  newName = '';
  newDueDate = null;
  newParty;
  newAssignee = '';
  adding = false;
  addError;
  /** Save errors by action item Id. */
  rowErrors = {};
  /** Action item Ids with a save under way. */
  busyIds = [];

  @wire(getRelatedListRecords, {
    parentRecordId: '$recordId',
    relatedListId: 'Plan_Action_Items__r',
    fields: ACTION_ITEM_FIELDS,
    sortBy: SORT_BY
  })
  itemList;

  @wire(getObjectInfo, { objectApiName: ACTION_ITEM_OBJECT })
  objectInfo;

  @wire(getPicklistValues, { recordTypeId: '$recordTypeId', fieldApiName: PARTY_FIELD })
  partyValues;

  @wire(getPicklistValues, { recordTypeId: '$recordTypeId', fieldApiName: STATUS_FIELD })
  statusValues;

  // The people an item is usually assigned to: the plan's owner and channel manager, and the user.
  @wire(getRecord, { recordId: '$recordId', optionalFields: PLAN_FIELDS })
  plan;

  @wire(getRecord, { recordId: userId, fields: [USER_NAME_FIELD] })
  currentUser;

  get recordTypeId() {
    return this.objectInfo?.data?.defaultRecordTypeId;
  }

  get wires() {
    return [this.itemList, this.objectInfo, this.partyValues, this.statusValues, this.plan, this.currentUser];
  }

  get errors() {
    return this.wires.map((wired) => wired?.error).filter(Boolean);
  }

  get hasError() {
    return this.errors.length > 0;
  }

  get isLoading() {
    return !this.hasError && !this.wires.every((wired) => wired?.data);
  }

  get records() {
    return this.itemList.data.records;
  }

  get hasItems() {
    return this.records.length > 0;
  }

  get canCreate() {
    return this.objectInfo.data.createable;
  }

  /** The custom permission the validation rule checks, and edit access to everything a check-off writes. */
  get canCheckOff() {
    return (
      hasCheckOffPermission === true &&
      [STATUS_FIELD, COMPLETED_BY_FIELD, COMPLETED_ON_FIELD].every((field) =>
        fieldUpdateable(this.objectInfo.data, field)
      )
    );
  }

  get partyOptions() {
    return this.partyValues.data.values.map(({ label, value }) => ({ label, value }));
  }

  get newPartyValue() {
    return this.newParty ?? this.partyValues.data.defaultValue?.value ?? null;
  }

  /** Unassigned, the user, the plan's owner and channel manager, and whoever items are assigned to now. */
  get assigneeOptions() {
    const people = new Map();
    const add = (id, name) => {
      if (id && !people.has(id)) people.set(id, name ?? id);
    };
    add(userId, format(meLabel, getFieldValue(this.currentUser.data, USER_NAME_FIELD) ?? ''));
    add(
      getFieldValue(this.plan.data, PLAN_MANAGER_FIELD),
      getFieldValue(this.plan.data, PLAN_MANAGER_NAME_FIELD)
    );
    add(
      getFieldValue(this.plan.data, PLAN_OWNER_FIELD),
      getFieldValue(this.plan.data, PLAN_OWNER_NAME_FIELD)
    );
    for (const record of this.records) {
      add(getFieldValue(record, ASSIGNEE_FIELD), getFieldValue(record, ASSIGNEE_NAME_FIELD));
    }
    return [
      { label: unassignedLabel, value: '' },
      ...[...people].map(([value, label]) => ({ label, value }))
    ];
  }

  get today() {
    return todayIn(timeZone, new Date());
  }

  get items() {
    const today = this.today;
    const canCheckOff = this.canCheckOff;
    const canEditDueDate = fieldUpdateable(this.objectInfo.data, DUE_DATE_FIELD);
    const canEditParty = fieldUpdateable(this.objectInfo.data, PARTY_FIELD);
    const canEditAssignee = fieldUpdateable(this.objectInfo.data, ASSIGNEE_FIELD);
    const statusLabels = new Map(this.statusValues.data.values.map(({ label, value }) => [value, label]));
    const partyLabels = new Map(this.partyValues.data.values.map(({ label, value }) => [value, label]));
    return this.records.map((record) => {
      const name = getFieldValue(record, NAME_FIELD);
      const status = getFieldValue(record, STATUS_FIELD);
      const dueDate = getFieldValue(record, DUE_DATE_FIELD);
      const completed = status === COMPLETED;
      // Dates compare as YYYY-MM-DD text; "today" is the user's day in their time zone.
      const overdue = Boolean(dueDate) && dueDate < today && !completed && status !== 'Cancelled';
      const party = getFieldValue(record, PARTY_FIELD);
      return {
        id: record.id,
        name,
        status,
        statusLabel: statusLabels.get(status) ?? status,
        completed,
        checkboxLabel: format(checkOffLabel, name),
        checkboxDisabled: !canCheckOff || this.busyIds.includes(record.id),
        // Why the box is locked, for those who may not check items off.
        showCheckOffHelp: !canCheckOff,
        dueDate,
        overdue,
        dueDateClass: overdue ? 'due-date slds-text-color_error' : 'due-date',
        party,
        partyLabel: partyLabels.get(party) ?? party,
        assignee: getFieldValue(record, ASSIGNEE_FIELD) ?? '',
        assigneeName: getFieldValue(record, ASSIGNEE_NAME_FIELD),
        completedBy: getFieldValue(record, COMPLETED_BY_NAME_FIELD),
        completedOn: getFieldValue(record, COMPLETED_ON_FIELD),
        completedByText: completed
          ? format(completedByLabel, getFieldValue(record, COMPLETED_BY_NAME_FIELD) ?? '')
          : undefined,
        canEditDueDate,
        canEditParty,
        canEditAssignee,
        dueDateInputLabel: format(rowInputLabel, dueDateLabel, name),
        partyInputLabel: format(rowInputLabel, partyLabel, name),
        assigneeInputLabel: format(rowInputLabel, assigneeLabel, name),
        busy: this.busyIds.includes(record.id),
        rowClass: overdue ? 'action-item overdue slds-hint-parent' : 'action-item slds-hint-parent',
        error: this.rowErrors[record.id]
      };
    });
  }

  get addDisabled() {
    return this.adding;
  }

  handleNewName(event) {
    this.newName = event.detail.value ?? '';
  }

  handleNewDueDate(event) {
    this.newDueDate = event.detail.value || null;
  }

  handleNewParty(event) {
    this.newParty = event.detail.value;
  }

  handleNewAssignee(event) {
    this.newAssignee = event.detail.value;
  }

  async handleAdd() {
    const inputs = [
      ...this.template.querySelectorAll('.new-item lightning-input, .new-item lightning-combobox')
    ];
    const valid = inputs.reduce((ok, input) => input.reportValidity() && ok, true);
    if (!valid) return;
    const fields = {
      [PLAN_FIELD.fieldApiName]: this.recordId,
      [NAME_FIELD.fieldApiName]: this.newName.trim(),
      [DUE_DATE_FIELD.fieldApiName]: this.newDueDate,
      [PARTY_FIELD.fieldApiName]: this.newPartyValue,
      [ASSIGNEE_FIELD.fieldApiName]: this.newAssignee || null
    };
    // The API does not apply picklist defaults; the UI does, as a new record form would.
    const defaultStatus = this.statusValues.data.defaultValue?.value;
    if (defaultStatus) fields[STATUS_FIELD.fieldApiName] = defaultStatus;
    this.adding = true;
    this.addError = undefined;
    try {
      await createRecord({ apiName: ACTION_ITEM_OBJECT.objectApiName, fields });
      this.dispatchEvent(
        new ShowToastEvent({ title: format(addedLabel, fields.Name), message: '', variant: 'success' })
      );
      this.newName = '';
      this.newDueDate = null;
      this.newAssignee = '';
      this.newParty = undefined;
      await refresh(this.itemList);
    } catch (error) {
      this.addError = `${addFailedLabel} ${reduceErrors(error).join(' ')}`;
    }
    this.adding = false;
  }

  /** Checking off stamps who and when in the same save; reopening clears both, as the rules require. */
  handleCheck(event) {
    const box = event.target;
    const { id } = box.dataset;
    const { checked } = box;
    const fields = checked
      ? {
          [STATUS_FIELD.fieldApiName]: COMPLETED,
          [COMPLETED_BY_FIELD.fieldApiName]: userId,
          [COMPLETED_ON_FIELD.fieldApiName]: new Date().toISOString()
        }
      : {
          [STATUS_FIELD.fieldApiName]: REOPENED,
          [COMPLETED_BY_FIELD.fieldApiName]: null,
          [COMPLETED_ON_FIELD.fieldApiName]: null
        };
    this.save(id, fields, () => {
      // A refused save leaves the box as the record is, not as it was clicked.
      box.checked = !checked;
    });
  }

  handleDueDateChange(event) {
    this.save(event.target.dataset.id, { [DUE_DATE_FIELD.fieldApiName]: event.detail.value || null });
  }

  handlePartyChange(event) {
    this.save(event.target.dataset.id, { [PARTY_FIELD.fieldApiName]: event.detail.value });
  }

  handleAssigneeChange(event) {
    this.save(event.target.dataset.id, { [ASSIGNEE_FIELD.fieldApiName]: event.detail.value || null });
  }

  async save(id, fields, onFailure) {
    this.busyIds = [...this.busyIds, id];
    const rowErrors = { ...this.rowErrors };
    delete rowErrors[id];
    try {
      await updateRecord({ fields: { Id: id, ...fields } });
    } catch (error) {
      rowErrors[id] = `${saveFailedLabel} ${reduceErrors(error).join(' ')}`;
      onFailure?.();
    }
    this.rowErrors = rowErrors;
    this.busyIds = this.busyIds.filter((busy) => busy !== id);
  }
}
