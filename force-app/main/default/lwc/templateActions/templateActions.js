import { LightningElement, api, wire } from 'lwc';
import { NavigationMixin } from 'lightning/navigation';
import { createRecord, getFieldValue, getRecord } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';
import { getObjectInfo } from 'lightning/uiObjectInfoApi';
// eslint-disable-next-line @lwc/lwc/newer-version-available -- the local org implements lightning/uiGraphQLApi
import { gql, graphql } from 'lightning/uiGraphQLApi';
import { fieldsCreateable, reduceErrors } from 'c/ldsUtils';

import PLAN_OBJECT from '@salesforce/schema/Business_Plan__c';
import PLAN_NAME_FIELD from '@salesforce/schema/Business_Plan__c.Name';
import IS_TEMPLATE_FIELD from '@salesforce/schema/Business_Plan__c.Is_Template__c';
import START_DATE_FIELD from '@salesforce/schema/Business_Plan__c.Start_Date__c';
import END_DATE_FIELD from '@salesforce/schema/Business_Plan__c.End_Date__c';
import SUMMARY_FIELD from '@salesforce/schema/Business_Plan__c.Summary__c';
import VALUE_PROPOSITION_FIELD from '@salesforce/schema/Business_Plan__c.Joint_Value_Proposition__c';
import GO_TO_MARKET_FIELD from '@salesforce/schema/Business_Plan__c.Go_To_Market_Strategy__c';
import VENDOR_INVESTMENT_FIELD from '@salesforce/schema/Business_Plan__c.Vendor_Investment__c';
import RISKS_FIELD from '@salesforce/schema/Business_Plan__c.Risks_And_Escalation_Path__c';
import OBJECTIVE_OBJECT from '@salesforce/schema/Plan_Objective__c';
import OBJECTIVE_PLAN_FIELD from '@salesforce/schema/Plan_Objective__c.Business_Plan__c';
import OBJECTIVE_NAME_FIELD from '@salesforce/schema/Plan_Objective__c.Name';
import OBJECTIVE_TYPE_FIELD from '@salesforce/schema/Plan_Objective__c.Type__c';
import OBJECTIVE_CATEGORY_FIELD from '@salesforce/schema/Plan_Objective__c.Category__c';
import OBJECTIVE_DESCRIPTION_FIELD from '@salesforce/schema/Plan_Objective__c.Description__c';
import OBJECTIVE_WEIGHT_FIELD from '@salesforce/schema/Plan_Objective__c.Weight__c';
import OBJECTIVE_TARGET_FIELD from '@salesforce/schema/Plan_Objective__c.Target__c';
import OBJECTIVE_PERIOD_TYPE_FIELD from '@salesforce/schema/Plan_Objective__c.Period_Type__c';
import OBJECTIVE_FUNCTION_FIELD from '@salesforce/schema/Plan_Objective__c.Aggregate_Function__c';
import OBJECTIVE_AGGREGATE_FIELD from '@salesforce/schema/Plan_Objective__c.Aggregate_Field__c';
import OBJECTIVE_CRITERIA_FIELD from '@salesforce/schema/Plan_Objective__c.Criteria__c';
import JOB_OBJECT from '@salesforce/schema/Plan_Job__c';
import JOB_TYPE_FIELD from '@salesforce/schema/Plan_Job__c.Type__c';
import JOB_PLAN_FIELD from '@salesforce/schema/Plan_Job__c.Business_Plan__c';
import JOB_PARAMETERS_FIELD from '@salesforce/schema/Plan_Job__c.Parameters__c';

import titleLabel from '@salesforce/label/c.TemplateActions_Title';
import loadingLabel from '@salesforce/label/c.TemplateActions_Loading';
import loadErrorLabel from '@salesforce/label/c.TemplateActions_LoadError';
import saveAsTemplateLabel from '@salesforce/label/c.TemplateActions_SaveAsTemplate';
import duplicateLabel from '@salesforce/label/c.TemplateActions_Duplicate';
import applyLabel from '@salesforce/label/c.TemplateActions_Apply';
import templateNameLabel from '@salesforce/label/c.TemplateActions_TemplateName';
import templateNameDefaultLabel from '@salesforce/label/c.TemplateActions_TemplateNameDefault';
import copyNameDefaultLabel from '@salesforce/label/c.TemplateActions_CopyNameDefault';
import copyHelpLabel from '@salesforce/label/c.TemplateActions_CopyHelp';
import createLabel from '@salesforce/label/c.TemplateActions_Create';
import cancelLabel from '@salesforce/label/c.TemplateActions_Cancel';
import copyFailedLabel from '@salesforce/label/c.TemplateActions_CopyFailed';
import copiedLabel from '@salesforce/label/c.TemplateActions_Copied';
import objectivesNotCopiedLabel from '@salesforce/label/c.TemplateActions_ObjectivesNotCopied';
import openTemplateLabel from '@salesforce/label/c.TemplateActions_OpenTemplate';
import searchAccountsLabel from '@salesforce/label/c.TemplateActions_SearchAccounts';
import searchPlaceholderLabel from '@salesforce/label/c.TemplateActions_SearchPlaceholder';
import searchErrorLabel from '@salesforce/label/c.TemplateActions_SearchError';
import noMatchesLabel from '@salesforce/label/c.TemplateActions_NoMatches';
import addAccountLabel from '@salesforce/label/c.TemplateActions_AddAccount';
import selectedAccountsLabel from '@salesforce/label/c.TemplateActions_SelectedAccounts';
import noAccountsSelectedLabel from '@salesforce/label/c.TemplateActions_NoAccountsSelected';
import chooseAccountsLabel from '@salesforce/label/c.TemplateActions_ChooseAccounts';
import tooManyAccountsLabel from '@salesforce/label/c.TemplateActions_TooManyAccounts';
import timingLabel from '@salesforce/label/c.TemplateActions_Timing';
import byFiscalYearLabel from '@salesforce/label/c.TemplateActions_ByFiscalYear';
import byStartDateLabel from '@salesforce/label/c.TemplateActions_ByStartDate';
import fiscalYearLabel from '@salesforce/label/c.TemplateActions_FiscalYear';
import fiscalYearInvalidLabel from '@salesforce/label/c.TemplateActions_FiscalYearInvalid';
import startDateLabel from '@salesforce/label/c.TemplateActions_StartDate';
import requestApplyLabel from '@salesforce/label/c.TemplateActions_RequestApply';
import applyFailedLabel from '@salesforce/label/c.TemplateActions_ApplyFailed';

const qualifiedName = ({ objectApiName, fieldApiName }) => `${objectApiName}.${fieldApiName}`;

/** The plan's narrative: a template carries it to every plan made from it. */
const NARRATIVE_FIELDS = [
  SUMMARY_FIELD,
  VALUE_PROPOSITION_FIELD,
  GO_TO_MARKET_FIELD,
  VENDOR_INVESTMENT_FIELD,
  RISKS_FIELD
];
// Currency is copied when the org has multiple currencies; elsewhere the field does not exist.
const CURRENCY_FIELD = 'Business_Plan__c.CurrencyIsoCode';
const PLAN_FIELDS = [PLAN_NAME_FIELD];
// Optional: partner users cannot read Is Template (a plan without it is no template to them).
const PLAN_OPTIONAL_FIELDS = [IS_TEMPLATE_FIELD, START_DATE_FIELD, END_DATE_FIELD, ...NARRATIVE_FIELDS]
  .map(qualifiedName)
  .concat(CURRENCY_FIELD);

/**
 * What defines an objective, as Apply Template copies it (connector/src/jobs/templateCopy.ts,
 * OBJECTIVE_COPY_FIELDS): actuals, progress and calculation status belong to each plan.
 */
const OBJECTIVE_COPY_FIELDS = [
  OBJECTIVE_NAME_FIELD,
  OBJECTIVE_TYPE_FIELD,
  OBJECTIVE_CATEGORY_FIELD,
  OBJECTIVE_DESCRIPTION_FIELD,
  OBJECTIVE_WEIGHT_FIELD,
  OBJECTIVE_TARGET_FIELD,
  OBJECTIVE_PERIOD_TYPE_FIELD,
  OBJECTIVE_FUNCTION_FIELD,
  OBJECTIVE_AGGREGATE_FIELD,
  OBJECTIVE_CRITERIA_FIELD
];

/** The Apply Template job takes at most this many partner accounts (connector/src/jobs/applyTemplate.ts). */
export const MAX_ACCOUNTS = 200;
const SEARCH_LIMIT = 20;
const FISCAL_YEAR_MIN = 1900;
const FISCAL_YEAR_MAX = 9999;
const APPLY_TEMPLATE = 'Apply Template';
const BY_FISCAL_YEAR = 'fiscalYear';
const BY_START_DATE = 'startDate';

/** Partner accounts whose name matches, for the picker. Only IsPartner accounts can get a plan. */
const PARTNER_ACCOUNTS_QUERY = gql`
  query partnerAccounts($name: String, $first: Int) {
    uiapi {
      query {
        Account(
          where: { and: [{ IsPartner: { eq: true } }, { Name: { like: $name } }] }
          orderBy: { Name: { order: ASC } }
          first: $first
        ) {
          edges {
            node {
              Id
              Name {
                value
              }
            }
          }
        }
      }
    }
  }
`;

const format = (template, ...values) =>
  values.reduce((text, value, i) => text.replace(`{${i}}`, value), template);

/** A LIKE pattern that matches the typed text literally: % and _ in it are not wildcards. */
const likePattern = (text) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Template actions on a business plan's record page. On a plan: "Save as template" copies its
 * narrative, dates and objectives into a new template. On a template: "Duplicate template" does
 * the same into a new template, and "Apply to partner accounts" asks the connector for an Apply
 * Template job (a Plan_Job__c) for the chosen partner accounts and fiscal year or start date,
 * then follows the job until it is done or failed and lists the plans it created.
 *
 * Copying runs in the browser, one createRecord per record: the connector has no copy job, and
 * a template holds a few objectives. Each objective that fails is named with the reason, and the
 * new template stays so nothing already saved is lost. Period targets are not copied: the sync
 * splits each objective's target over its periods. Only users who may create templates
 * (Is Template is editable for them) see the copy actions, and only those who may request jobs
 * see the apply action; with neither, the component shows nothing.
 */
export default class TemplateActions extends NavigationMixin(LightningElement) {
  /** The business plan, set by the record page. */
  @api recordId;

  label = {
    title: titleLabel,
    loading: loadingLabel,
    loadError: loadErrorLabel,
    saveAsTemplate: saveAsTemplateLabel,
    duplicate: duplicateLabel,
    apply: applyLabel,
    templateName: templateNameLabel,
    copyHelp: copyHelpLabel,
    create: createLabel,
    cancel: cancelLabel,
    copyFailed: copyFailedLabel,
    objectivesNotCopied: objectivesNotCopiedLabel,
    openTemplate: openTemplateLabel,
    searchAccounts: searchAccountsLabel,
    searchPlaceholder: searchPlaceholderLabel,
    searchError: searchErrorLabel,
    noMatches: noMatchesLabel,
    selectedAccounts: selectedAccountsLabel,
    noAccountsSelected: noAccountsSelectedLabel,
    timing: timingLabel,
    fiscalYear: fiscalYearLabel,
    startDate: startDateLabel,
    requestApply: requestApplyLabel,
    applyFailed: applyFailedLabel
  };

  /** 'copy' or 'apply' while a form is open. */
  openForm;
  saving = false;
  formError;

  templateName = '';
  /** After a copy: the new template, and the objectives that could not be copied. */
  copyResult;

  searchText = '';
  /** { id, name } of the chosen partner accounts, in the order they were added. */
  selectedAccounts = [];
  accountsError;
  timing = BY_FISCAL_YEAR;
  fiscalYear = '';
  startDate = '';
  jobId;

  @wire(getRecord, { recordId: '$recordId', fields: PLAN_FIELDS, optionalFields: PLAN_OPTIONAL_FIELDS })
  plan;

  @wire(getObjectInfo, { objectApiName: PLAN_OBJECT })
  planInfo;

  // Read only when they can matter, so users who may not read objectives or jobs (partner
  // users) never ask; an error from them still only means "no action".
  @wire(getObjectInfo, { objectApiName: '$objectiveObjectApiName' })
  objectiveInfo;

  @wire(getObjectInfo, { objectApiName: '$jobObjectApiName' })
  jobInfo;

  /** Copies need a user who may create templates. */
  get objectiveObjectApiName() {
    return fieldsCreateable(this.planInfo?.data, [IS_TEMPLATE_FIELD])
      ? OBJECTIVE_OBJECT.objectApiName
      : undefined;
  }

  /** Applying is offered on templates only. */
  get jobObjectApiName() {
    return this.plan?.data && getFieldValue(this.plan.data, IS_TEMPLATE_FIELD) === true
      ? JOB_OBJECT.objectApiName
      : undefined;
  }

  @wire(getRelatedListRecords, {
    parentRecordId: '$objectivesParentId',
    relatedListId: 'Plan_Objectives__r',
    optionalFields: OBJECTIVE_COPY_FIELDS.map(qualifiedName),
    sortBy: [qualifiedName(OBJECTIVE_NAME_FIELD)]
  })
  objectiveList;

  @wire(graphql, {
    query: PARTNER_ACCOUNTS_QUERY,
    variables: '$accountSearchVariables',
    operationName: 'partnerAccounts'
  })
  partnerAccounts;

  /** Objectives are read only for users who may copy them. */
  get objectivesParentId() {
    return this.planInfo?.data && this.canCopyRecords ? this.recordId : undefined;
  }

  /** Searched only while the apply form is open; undefined keeps the wire idle. */
  get accountSearchVariables() {
    if (this.openForm !== 'apply') return undefined;
    return { name: likePattern(this.searchText.trim()), first: SEARCH_LIMIT };
  }

  get errors() {
    return [this.plan?.error, this.planInfo?.error].filter(Boolean);
  }

  get hasError() {
    return this.errors.length > 0;
  }

  get isLoading() {
    if (this.hasError) return false;
    if (!this.plan?.data || !this.planInfo?.data) return true;
    const pending = (objectApiName, wired) => Boolean(objectApiName) && !wired?.data && !wired?.error;
    if (
      pending(this.objectiveObjectApiName, this.objectiveInfo) ||
      pending(this.jobObjectApiName, this.jobInfo)
    ) {
      return true;
    }
    // The objectives must be in before a copy can be offered.
    return this.canCopyRecords && !this.objectiveList?.data && !this.objectiveList?.error;
  }

  get isTemplate() {
    return getFieldValue(this.plan.data, IS_TEMPLATE_FIELD) === true;
  }

  get planName() {
    return getFieldValue(this.plan.data, PLAN_NAME_FIELD) ?? '';
  }

  /** Creating templates: the plan object, Is Template and the objectives must all be creatable. */
  get canCopyRecords() {
    return (
      fieldsCreateable(this.planInfo.data, [IS_TEMPLATE_FIELD, PLAN_NAME_FIELD]) &&
      this.objectiveInfo?.data?.createable === true
    );
  }

  get canApply() {
    return (
      Boolean(this.isTemplate) &&
      fieldsCreateable(this.jobInfo?.data, [JOB_TYPE_FIELD, JOB_PLAN_FIELD, JOB_PARAMETERS_FIELD])
    );
  }

  get canSaveAsTemplate() {
    return !this.isTemplate && this.canCopyRecords;
  }

  get canDuplicate() {
    return this.isTemplate && this.canCopyRecords;
  }

  get hasActions() {
    return this.canSaveAsTemplate || this.canDuplicate || this.canApply;
  }

  /** Users who can take no template action on this plan get no card at all. */
  get showCard() {
    return this.isLoading || this.hasError || this.hasActions || Boolean(this.copyResult || this.jobId);
  }

  get isCopyForm() {
    return this.openForm === 'copy';
  }

  get isApplyForm() {
    return this.openForm === 'apply';
  }

  get showButtons() {
    return !this.openForm;
  }

  get copyTitle() {
    return this.isTemplate ? duplicateLabel : saveAsTemplateLabel;
  }

  handleOpenCopy() {
    this.openForm = 'copy';
    this.formError = undefined;
    this.copyResult = undefined;
    this.templateName = format(
      this.isTemplate ? copyNameDefaultLabel : templateNameDefaultLabel,
      this.planName
    );
  }

  handleOpenApply() {
    this.openForm = 'apply';
    this.formError = undefined;
    this.jobId = undefined;
    this.accountsError = undefined;
  }

  handleCancel() {
    this.openForm = undefined;
    this.formError = undefined;
  }

  handleTemplateNameChange(event) {
    this.templateName = event.detail.value;
  }

  /** The fields of the new template: this plan's narrative and dates, marked as a template. */
  templateFields() {
    const record = this.plan.data;
    const copied = [START_DATE_FIELD, END_DATE_FIELD, ...NARRATIVE_FIELDS]
      .filter((field) => record.fields[field.fieldApiName] !== undefined)
      .map((field) => [field.fieldApiName, getFieldValue(record, field)]);
    if (record.fields.CurrencyIsoCode !== undefined)
      copied.push(['CurrencyIsoCode', record.fields.CurrencyIsoCode.value]);
    return {
      ...Object.fromEntries(copied),
      [PLAN_NAME_FIELD.fieldApiName]: this.templateName.trim(),
      [IS_TEMPLATE_FIELD.fieldApiName]: true
    };
  }

  /** An objective's defining fields, for the new template; fields this user cannot read are left out. */
  objectiveFields(objective, templateId) {
    const copied = OBJECTIVE_COPY_FIELDS.filter(
      (field) => objective.fields[field.fieldApiName] !== undefined
    ).map((field) => [field.fieldApiName, getFieldValue(objective, field)]);
    return { ...Object.fromEntries(copied), [OBJECTIVE_PLAN_FIELD.fieldApiName]: templateId };
  }

  async handleCopy() {
    const input = this.template.querySelector('lightning-input.template-name');
    if (!input.reportValidity()) return;
    this.saving = true;
    this.formError = undefined;
    try {
      const template = await createRecord({
        apiName: PLAN_OBJECT.objectApiName,
        fields: this.templateFields()
      });
      const failed = [];
      // One at a time, so that each failure is named against its objective.
      for (const objective of this.objectiveList.data.records) {
        try {
          // eslint-disable-next-line no-await-in-loop
          await createRecord({
            apiName: OBJECTIVE_OBJECT.objectApiName,
            fields: this.objectiveFields(objective, template.id)
          });
        } catch (error) {
          failed.push({
            id: objective.id,
            name: getFieldValue(objective, OBJECTIVE_NAME_FIELD) ?? objective.id,
            reason: reduceErrors(error).join(' ')
          });
        }
      }
      const url = await this[NavigationMixin.GenerateUrl]({
        type: 'standard__recordPage',
        attributes: { recordId: template.id, objectApiName: PLAN_OBJECT.objectApiName, actionName: 'view' }
      });
      const name = getFieldValue(template, PLAN_NAME_FIELD) ?? this.templateName.trim();
      this.copyResult = {
        id: template.id,
        url,
        message: format(copiedLabel, name, this.objectiveList.data.records.length - failed.length),
        failed,
        hasFailed: failed.length > 0
      };
      this.openForm = undefined;
    } catch (error) {
      this.formError = error;
    } finally {
      this.saving = false;
    }
  }

  // Partner account picker

  handleSearchChange(event) {
    this.searchText = event.detail.value ?? '';
  }

  get searchErrors() {
    return this.partnerAccounts?.errors;
  }

  get isSearching() {
    return !this.searchErrors && !this.partnerAccounts?.data;
  }

  /** Matching partner accounts not chosen yet. */
  get searchResults() {
    const chosen = new Set(this.selectedAccounts.map((account) => account.id));
    const edges = this.partnerAccounts?.data?.uiapi?.query?.Account?.edges ?? [];
    return edges
      .map(({ node }) => ({
        id: node.Id,
        name: node.Name?.value ?? node.Id,
        addLabel: format(addAccountLabel, node.Name?.value ?? node.Id)
      }))
      .filter((account) => !chosen.has(account.id));
  }

  get hasSearchResults() {
    return this.searchResults.length > 0;
  }

  handleAddAccount(event) {
    const { id, name } = event.currentTarget.dataset;
    if (this.selectedAccounts.some((account) => account.id === id)) return;
    this.selectedAccounts = [...this.selectedAccounts, { id, name }];
    this.accountsError = undefined;
  }

  get selectedPills() {
    return this.selectedAccounts.map((account) => ({ name: account.id, label: account.name }));
  }

  get hasSelectedAccounts() {
    return this.selectedAccounts.length > 0;
  }

  handleRemoveAccount(event) {
    const id = event.detail.item.name;
    this.selectedAccounts = this.selectedAccounts.filter((account) => account.id !== id);
  }

  get timingOptions() {
    return [
      { label: byFiscalYearLabel, value: BY_FISCAL_YEAR },
      { label: byStartDateLabel, value: BY_START_DATE }
    ];
  }

  get byFiscalYear() {
    return this.timing === BY_FISCAL_YEAR;
  }

  handleTimingChange(event) {
    this.timing = event.detail.value;
  }

  handleFiscalYearChange(event) {
    this.fiscalYear = event.detail.value;
  }

  handleStartDateChange(event) {
    this.startDate = event.detail.value;
  }

  get fiscalYearMin() {
    return FISCAL_YEAR_MIN;
  }

  get fiscalYearMax() {
    return FISCAL_YEAR_MAX;
  }

  get fiscalYearMessage() {
    return format(fiscalYearInvalidLabel, FISCAL_YEAR_MIN, FISCAL_YEAR_MAX);
  }

  /** Checks the apply form; shows each problem where it is and returns the job's Parameters, or null. */
  applyParameters() {
    const inputs = [...this.template.querySelectorAll('.apply-form lightning-input.timing-value')];
    const inputsValid = inputs.map((input) => input.reportValidity()).every(Boolean);
    if (this.selectedAccounts.length === 0) this.accountsError = chooseAccountsLabel;
    else if (this.selectedAccounts.length > MAX_ACCOUNTS)
      this.accountsError = format(tooManyAccountsLabel, MAX_ACCOUNTS);
    else this.accountsError = undefined;
    if (!inputsValid || this.accountsError) return null;
    const timing = this.byFiscalYear
      ? { fiscalYear: Number(this.fiscalYear) }
      : { startDate: this.startDate };
    return {
      templateId: this.recordId,
      partnerAccountIds: this.selectedAccounts.map((account) => account.id),
      ...timing
    };
  }

  async handleApply() {
    const parameters = this.applyParameters();
    if (!parameters) return;
    this.saving = true;
    this.formError = undefined;
    try {
      const job = await createRecord({
        apiName: JOB_OBJECT.objectApiName,
        fields: {
          [JOB_TYPE_FIELD.fieldApiName]: APPLY_TEMPLATE,
          [JOB_PLAN_FIELD.fieldApiName]: this.recordId,
          [JOB_PARAMETERS_FIELD.fieldApiName]: JSON.stringify(parameters)
        }
      });
      this.jobId = job.id;
      this.openForm = undefined;
      this.selectedAccounts = [];
    } catch (error) {
      this.formError = error;
    } finally {
      this.saving = false;
    }
  }
}
