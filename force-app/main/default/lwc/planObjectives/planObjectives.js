import { LightningElement, api, wire } from 'lwc';
import { getRecord, getFieldValue, getFieldDisplayValue } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';

import PLAN_PROGRESS_FIELD from '@salesforce/schema/Business_Plan__c.Progress__c';
import PLAN_LAST_CALCULATED_FIELD from '@salesforce/schema/Business_Plan__c.Last_Calculated__c';
import NAME_FIELD from '@salesforce/schema/Plan_Objective__c.Name';
import TYPE_FIELD from '@salesforce/schema/Plan_Objective__c.Type__c';
import WEIGHT_FIELD from '@salesforce/schema/Plan_Objective__c.Weight__c';
import TARGET_FIELD from '@salesforce/schema/Plan_Objective__c.Target__c';
import ACTUAL_FIELD from '@salesforce/schema/Plan_Objective__c.Actual__c';
import PROGRESS_FIELD from '@salesforce/schema/Plan_Objective__c.Progress__c';

import titleLabel from '@salesforce/label/c.PlanObjectives_Title';
import planProgressLabel from '@salesforce/label/c.PlanObjectives_PlanProgress';
import lastCalculatedLabel from '@salesforce/label/c.PlanObjectives_LastCalculated';
import notCalculatedLabel from '@salesforce/label/c.PlanObjectives_NotCalculated';
import emptyLabel from '@salesforce/label/c.PlanObjectives_Empty';
import loadingLabel from '@salesforce/label/c.PlanObjectives_Loading';
import loadErrorLabel from '@salesforce/label/c.PlanObjectives_LoadError';
import columnNameLabel from '@salesforce/label/c.PlanObjectives_ColumnName';
import columnTypeLabel from '@salesforce/label/c.PlanObjectives_ColumnType';
import columnWeightLabel from '@salesforce/label/c.PlanObjectives_ColumnWeight';
import columnTargetLabel from '@salesforce/label/c.PlanObjectives_ColumnTarget';
import columnActualLabel from '@salesforce/label/c.PlanObjectives_ColumnActual';
import columnProgressLabel from '@salesforce/label/c.PlanObjectives_ColumnProgress';
import objectiveProgressLabel from '@salesforce/label/c.PlanObjectives_ObjectiveProgress';

const PLAN_FIELDS = [PLAN_PROGRESS_FIELD, PLAN_LAST_CALCULATED_FIELD];

/** The related list adapter takes qualified field names ('Plan_Objective__c.Name'), not field references. */
const qualifiedName = ({ objectApiName, fieldApiName }) => `${objectApiName}.${fieldApiName}`;
const OBJECTIVE_FIELDS = [
  NAME_FIELD,
  TYPE_FIELD,
  WEIGHT_FIELD,
  TARGET_FIELD,
  ACTUAL_FIELD,
  PROGRESS_FIELD
].map(qualifiedName);
const OBJECTIVES_SORT_BY = [qualifiedName(NAME_FIELD)];

/** Percent fields use Salesforce's 0–100 scale; an empty value means "not calculated yet". */
const percentOrZero = (value) => (typeof value === 'number' ? value : 0);

/**
 * The objectives of a business plan with their target, actual and progress, under the plan's
 * weighted progress. Reads through Lightning Data Service only, so it honours sharing and
 * field-level security and refreshes when the records change.
 */
export default class PlanObjectives extends LightningElement {
  /** Set by the record page. */
  @api recordId;

  label = {
    title: titleLabel,
    planProgress: planProgressLabel,
    lastCalculated: lastCalculatedLabel,
    notCalculated: notCalculatedLabel,
    empty: emptyLabel,
    loading: loadingLabel,
    loadError: loadErrorLabel,
    columnName: columnNameLabel,
    columnType: columnTypeLabel,
    columnWeight: columnWeightLabel,
    columnTarget: columnTargetLabel,
    columnActual: columnActualLabel,
    columnProgress: columnProgressLabel
  };

  @wire(getRecord, { recordId: '$recordId', fields: PLAN_FIELDS })
  plan;

  @wire(getRelatedListRecords, {
    parentRecordId: '$recordId',
    relatedListId: 'Plan_Objectives__r',
    fields: OBJECTIVE_FIELDS,
    sortBy: OBJECTIVES_SORT_BY
  })
  objectiveList;

  get errors() {
    return [this.plan?.error, this.objectiveList?.error].filter(Boolean);
  }

  get hasError() {
    return this.errors.length > 0;
  }

  get isLoading() {
    return !this.hasError && !(this.plan?.data && this.objectiveList?.data);
  }

  get planProgress() {
    return getFieldValue(this.plan.data, PLAN_PROGRESS_FIELD);
  }

  get planProgressBarValue() {
    return percentOrZero(this.planProgress);
  }

  get lastCalculated() {
    return getFieldValue(this.plan.data, PLAN_LAST_CALCULATED_FIELD);
  }

  get objectives() {
    return this.objectiveList.data.records.map((record) => {
      const name = getFieldValue(record, NAME_FIELD);
      const progress = getFieldValue(record, PROGRESS_FIELD);
      return {
        id: record.id,
        name,
        // The display value is the picklist label in the user's language.
        type: getFieldDisplayValue(record, TYPE_FIELD) ?? getFieldValue(record, TYPE_FIELD),
        weight: getFieldValue(record, WEIGHT_FIELD),
        target: getFieldValue(record, TARGET_FIELD),
        actual: getFieldValue(record, ACTUAL_FIELD),
        progress,
        progressBarValue: percentOrZero(progress),
        progressBarLabel: objectiveProgressLabel.replace('{0}', name ?? '')
      };
    });
  }

  get hasObjectives() {
    return this.objectiveList.data.records.length > 0;
  }
}
