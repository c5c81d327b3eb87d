import { LightningElement, api, wire } from 'lwc';
import { createRecord, deleteRecord, getFieldValue, refresh, updateRecord } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';
import { getObjectInfo, getPicklistValues } from 'lightning/uiObjectInfoApi';
import { getListRecordsByName } from 'lightning/uiListsApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import LightningConfirm from 'lightning/confirm';
import { fieldUpdateable, reduceErrors } from 'c/ldsUtils';

import TARGET_ACCOUNT_OBJECT from '@salesforce/schema/Plan_Target_Account__c';
import PLAN_FIELD from '@salesforce/schema/Plan_Target_Account__c.Business_Plan__c';
import ACCOUNT_FIELD from '@salesforce/schema/Plan_Target_Account__c.Account__c';
import ACCOUNT_NAME_FIELD from '@salesforce/schema/Plan_Target_Account__c.Account__r.Name';
import STATUS_FIELD from '@salesforce/schema/Plan_Target_Account__c.Status__c';
import POTENTIAL_VALUE_FIELD from '@salesforce/schema/Plan_Target_Account__c.Potential_Value__c';
import NOTES_FIELD from '@salesforce/schema/Plan_Target_Account__c.Notes__c';
import UNIQUE_KEY_FIELD from '@salesforce/schema/Plan_Target_Account__c.Unique_Key__c';
import NAME_FIELD from '@salesforce/schema/Plan_Target_Account__c.Name';
import ACCOUNT_OBJECT from '@salesforce/schema/Account';
import ACCOUNT_RECORD_NAME_FIELD from '@salesforce/schema/Account.Name';

import titleLabel from '@salesforce/label/c.TargetAccounts_Title';
import loadingLabel from '@salesforce/label/c.TargetAccounts_Loading';
import loadErrorLabel from '@salesforce/label/c.TargetAccounts_LoadError';
import emptyLabel from '@salesforce/label/c.TargetAccounts_Empty';
import searchLabel from '@salesforce/label/c.TargetAccounts_Search';
import searchPlaceholderLabel from '@salesforce/label/c.TargetAccounts_SearchPlaceholder';
import searchHintLabel from '@salesforce/label/c.TargetAccounts_SearchHint';
import searchingLabel from '@salesforce/label/c.TargetAccounts_Searching';
import noMatchesLabel from '@salesforce/label/c.TargetAccounts_NoMatches';
import searchErrorLabel from '@salesforce/label/c.TargetAccounts_SearchError';
import addAccountLabel from '@salesforce/label/c.TargetAccounts_AddAccount';
import alreadyAddedLabel from '@salesforce/label/c.TargetAccounts_AlreadyAdded';
import duplicateLabel from '@salesforce/label/c.TargetAccounts_Duplicate';
import addedLabel from '@salesforce/label/c.TargetAccounts_Added';
import addFailedLabel from '@salesforce/label/c.TargetAccounts_AddFailed';
import columnAccountLabel from '@salesforce/label/c.TargetAccounts_ColumnAccount';
import columnStatusLabel from '@salesforce/label/c.TargetAccounts_ColumnStatus';
import columnPotentialLabel from '@salesforce/label/c.TargetAccounts_ColumnPotential';
import columnNotesLabel from '@salesforce/label/c.TargetAccounts_ColumnNotes';
import columnActionsLabel from '@salesforce/label/c.TargetAccounts_ColumnActions';
import statusInputLabel from '@salesforce/label/c.TargetAccounts_StatusInput';
import potentialInputLabel from '@salesforce/label/c.TargetAccounts_PotentialInput';
import notesInputLabel from '@salesforce/label/c.TargetAccounts_NotesInput';
import removeLabel from '@salesforce/label/c.TargetAccounts_Remove';
import removeConfirmTitleLabel from '@salesforce/label/c.TargetAccounts_RemoveConfirmTitle';
import removeConfirmLabel from '@salesforce/label/c.TargetAccounts_RemoveConfirm';
import removedLabel from '@salesforce/label/c.TargetAccounts_Removed';
import saveFailedLabel from '@salesforce/label/c.TargetAccounts_SaveFailed';

const qualifiedName = ({ objectApiName, fieldApiName }) => `${objectApiName}.${fieldApiName}`;
const TARGET_ACCOUNT_FIELDS = [
  ACCOUNT_FIELD,
  ACCOUNT_NAME_FIELD,
  STATUS_FIELD,
  POTENTIAL_VALUE_FIELD,
  NOTES_FIELD
].map(qualifiedName);
// Target accounts in the order they were added (the auto-number).
const SORT_BY = [qualifiedName(NAME_FIELD)];
const SEARCH_RESULTS = 10;
const MIN_SEARCH_LENGTH = 2;
/** Wait for the user to stop typing before searching, as a lookup does. */
const SEARCH_DELAY_MS = 300;
const ALL_ACCOUNTS_LIST_VIEW = 'AllAccounts';

const format = (template, ...values) =>
  values.reduce((text, value, i) => text.replace(`{${i}}`, value), template);

/**
 * The key that keeps an account on a plan once: the 15-character forms of the plan and account
 * Ids, as validation rule Target_Account_Key_Matches expects them.
 */
const uniqueKeyOf = (planId, accountId) => `${planId.slice(0, 15)}${accountId.slice(0, 15)}`;

/** Whether a save failed because the unique key already exists, anywhere in a UI API error. */
function isDuplicate(error) {
  const output = error?.body?.output;
  const entries = [...(output?.errors ?? []), ...Object.values(output?.fieldErrors ?? {}).flat()];
  return entries.some((entry) => entry?.errorCode === 'DUPLICATE_VALUE');
}

/**
 * A business plan's target accounts: search accounts by name and add them, set each one's
 * status, potential value and notes inline, and remove them after a confirmation. Lightning
 * Data Service only; what the user may do follows the object info (create, edit, delete).
 */
export default class TargetAccounts extends LightningElement {
  /** The business plan, set by the record page. */
  @api recordId;

  label = {
    title: titleLabel,
    loading: loadingLabel,
    loadError: loadErrorLabel,
    empty: emptyLabel,
    search: searchLabel,
    searchPlaceholder: searchPlaceholderLabel,
    searchHint: searchHintLabel,
    searching: searchingLabel,
    noMatches: noMatchesLabel,
    searchError: searchErrorLabel,
    columnAccount: columnAccountLabel,
    columnStatus: columnStatusLabel,
    columnPotential: columnPotentialLabel,
    columnNotes: columnNotesLabel,
    columnActions: columnActionsLabel
  };

  searchTerm = '';
  /** The list view filter of the current search; undefined keeps the search wire idle. */
  accountWhere;
  searchObjectApiName;
  /** A problem adding an account, shown under the search box. */
  addError;
  /** Save errors by target account Id. */
  rowErrors = {};
  /** Target account Ids with a save or delete under way. */
  busyIds = [];
  searchTimer;

  @wire(getRelatedListRecords, {
    parentRecordId: '$recordId',
    relatedListId: 'Plan_Target_Accounts__r',
    fields: TARGET_ACCOUNT_FIELDS,
    sortBy: SORT_BY
  })
  targetAccountList;

  @wire(getObjectInfo, { objectApiName: TARGET_ACCOUNT_OBJECT })
  objectInfo;

  @wire(getPicklistValues, { recordTypeId: '$recordTypeId', fieldApiName: STATUS_FIELD })
  statusValues;

  // Accounts by name through the standard All Accounts list view: the user's sharing decides
  // which accounts they find. The object name stays unset until there is something to search.
  @wire(getListRecordsByName, {
    objectApiName: '$searchObjectApiName',
    listViewApiName: ALL_ACCOUNTS_LIST_VIEW,
    fields: [qualifiedName(ACCOUNT_RECORD_NAME_FIELD)],
    where: '$accountWhere',
    sortBy: [qualifiedName(ACCOUNT_RECORD_NAME_FIELD)],
    pageSize: SEARCH_RESULTS
  })
  searchResults;

  disconnectedCallback() {
    clearTimeout(this.searchTimer);
  }

  get recordTypeId() {
    return this.objectInfo?.data?.defaultRecordTypeId;
  }

  get errors() {
    return [this.targetAccountList?.error, this.objectInfo?.error, this.statusValues?.error].filter(Boolean);
  }

  get hasError() {
    return this.errors.length > 0;
  }

  get isLoading() {
    return (
      !this.hasError && !(this.targetAccountList?.data && this.objectInfo?.data && this.statusValues?.data)
    );
  }

  get records() {
    return this.targetAccountList.data.records;
  }

  get hasTargetAccounts() {
    return this.records.length > 0;
  }

  get canCreate() {
    return this.objectInfo.data.createable;
  }

  get canDelete() {
    return this.objectInfo.data.deletable;
  }

  get statusOptions() {
    return this.statusValues.data.values.map(({ label, value }) => ({ label, value }));
  }

  get rows() {
    const canEditStatus = fieldUpdateable(this.objectInfo.data, STATUS_FIELD);
    const canEditPotential = fieldUpdateable(this.objectInfo.data, POTENTIAL_VALUE_FIELD);
    const canEditNotes = fieldUpdateable(this.objectInfo.data, NOTES_FIELD);
    return this.records.map((record) => {
      const accountName = getFieldValue(record, ACCOUNT_NAME_FIELD);
      const status = getFieldValue(record, STATUS_FIELD);
      return {
        id: record.id,
        accountId: getFieldValue(record, ACCOUNT_FIELD),
        accountName,
        accountUrl: `/lightning/r/Account/${getFieldValue(record, ACCOUNT_FIELD)}/view`,
        status,
        statusLabel: this.statusValues.data.values.find((v) => v.value === status)?.label ?? status,
        potential: getFieldValue(record, POTENTIAL_VALUE_FIELD),
        notes: getFieldValue(record, NOTES_FIELD) ?? '',
        canEditStatus,
        canEditPotential,
        canEditNotes,
        statusInputLabel: format(statusInputLabel, accountName),
        potentialInputLabel: format(potentialInputLabel, accountName),
        notesInputLabel: format(notesInputLabel, accountName),
        removeLabel: format(removeLabel, accountName),
        busy: this.busyIds.includes(record.id),
        error: this.rowErrors[record.id]
      };
    });
  }

  get addedAccountIds() {
    return new Set(this.records.map((record) => getFieldValue(record, ACCOUNT_FIELD)));
  }

  get isSearching() {
    return Boolean(this.accountWhere) && !this.searchResults?.data && !this.searchResults?.error;
  }

  get searchError() {
    return this.searchResults?.error;
  }

  get showResults() {
    return Boolean(this.accountWhere) && Boolean(this.searchResults?.data);
  }

  get matches() {
    const added = this.addedAccountIds;
    return this.searchResults.data.records.map((record) => {
      const name = getFieldValue(record, ACCOUNT_RECORD_NAME_FIELD);
      const alreadyAdded = added.has(record.id);
      return {
        id: record.id,
        name,
        alreadyAdded,
        addLabel: alreadyAdded ? alreadyAddedLabel : format(addAccountLabel, name)
      };
    });
  }

  get hasMatches() {
    return this.matches.length > 0;
  }

  handleSearchChange(event) {
    this.searchTerm = event.detail.value ?? '';
    this.addError = undefined;
    clearTimeout(this.searchTimer);
    const term = this.searchTerm.trim();
    if (term.length < MIN_SEARCH_LENGTH) {
      this.accountWhere = undefined;
      this.searchObjectApiName = undefined;
      return;
    }
    // eslint-disable-next-line @lwc/lwc/no-async-operation
    this.searchTimer = setTimeout(() => {
      // JSON quoting is valid GraphQL string syntax, so the term cannot break out of the filter.
      this.accountWhere = `{ Name: { like: ${JSON.stringify(`%${term}%`)} } }`;
      this.searchObjectApiName = ACCOUNT_OBJECT.objectApiName;
    }, SEARCH_DELAY_MS);
  }

  async handleAdd(event) {
    const { id: accountId, name } = event.target.dataset;
    this.addError = undefined;
    if (this.addedAccountIds.has(accountId)) {
      this.addError = format(duplicateLabel, name);
      return;
    }
    const fields = {
      [PLAN_FIELD.fieldApiName]: this.recordId,
      [ACCOUNT_FIELD.fieldApiName]: accountId,
      [UNIQUE_KEY_FIELD.fieldApiName]: uniqueKeyOf(this.recordId, accountId)
    };
    // The API does not apply picklist defaults; the UI does, as a new record form would.
    const defaultStatus = this.statusValues.data.defaultValue?.value;
    if (defaultStatus) fields[STATUS_FIELD.fieldApiName] = defaultStatus;
    try {
      await createRecord({ apiName: TARGET_ACCOUNT_OBJECT.objectApiName, fields });
      this.dispatchEvent(
        new ShowToastEvent({ title: format(addedLabel, name), message: '', variant: 'success' })
      );
      await refresh(this.targetAccountList);
    } catch (error) {
      // Someone else may have added it since the list loaded: the unique key refuses the second row.
      this.addError = isDuplicate(error)
        ? format(duplicateLabel, name)
        : `${format(addFailedLabel, name)} ${reduceErrors(error).join(' ')}`;
    }
  }

  handleStatusChange(event) {
    this.saveField(event.target.dataset.id, STATUS_FIELD, event.detail.value);
  }

  /** Potential value saves when the user commits it (Enter or leaving the field), not on every keystroke. */
  handlePotentialCommit(event) {
    const input = event.target;
    if (!input.reportValidity()) return;
    const { id } = input.dataset;
    const value =
      input.value === '' || input.value === null || input.value === undefined ? null : Number(input.value);
    const record = this.records.find((r) => r.id === id);
    if (getFieldValue(record, POTENTIAL_VALUE_FIELD) === value) return;
    this.saveField(id, POTENTIAL_VALUE_FIELD, value);
  }

  handleNotesBlur(event) {
    const { id } = event.target.dataset;
    const value = event.target.value ?? '';
    const record = this.records.find((r) => r.id === id);
    if ((getFieldValue(record, NOTES_FIELD) ?? '') === value) return;
    this.saveField(id, NOTES_FIELD, value === '' ? null : value);
  }

  async saveField(id, field, value) {
    this.setBusy(id, true);
    const rowErrors = { ...this.rowErrors };
    delete rowErrors[id];
    try {
      await updateRecord({ fields: { Id: id, [field.fieldApiName]: value } });
    } catch (error) {
      rowErrors[id] = `${saveFailedLabel} ${reduceErrors(error).join(' ')}`;
    }
    this.rowErrors = rowErrors;
    this.setBusy(id, false);
  }

  async handleRemove(event) {
    const { id, name } = event.target.dataset;
    const confirmed = await LightningConfirm.open({
      label: removeConfirmTitleLabel,
      message: format(removeConfirmLabel, name),
      variant: 'header',
      theme: 'warning'
    });
    if (!confirmed) return;
    this.setBusy(id, true);
    try {
      await deleteRecord(id);
      this.dispatchEvent(
        new ShowToastEvent({ title: format(removedLabel, name), message: '', variant: 'success' })
      );
      await refresh(this.targetAccountList);
    } catch (error) {
      this.rowErrors = { ...this.rowErrors, [id]: reduceErrors(error).join(' ') };
    }
    this.setBusy(id, false);
  }

  setBusy(id, busy) {
    const others = this.busyIds.filter((other) => other !== id);
    this.busyIds = busy ? [...others, id] : others;
  }
}
