import { LightningElement, api, wire } from 'lwc';
import { getRecord, getFieldValue, getFieldDisplayValue, refresh } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';
import { getObjectInfo, getPicklistValues } from 'lightning/uiObjectInfoApi';

import PLAN_PROGRESS_FIELD from '@salesforce/schema/Business_Plan__c.Progress__c';
import PLAN_LAST_CALCULATED_FIELD from '@salesforce/schema/Business_Plan__c.Last_Calculated__c';
import OBJECTIVE_OBJECT from '@salesforce/schema/Plan_Objective__c';
import NAME_FIELD from '@salesforce/schema/Plan_Objective__c.Name';
import CATEGORY_FIELD from '@salesforce/schema/Plan_Objective__c.Category__c';
import CALCULATION_STATUS_FIELD from '@salesforce/schema/Plan_Objective__c.Calculation_Status__c';
import CALCULATION_MESSAGE_FIELD from '@salesforce/schema/Plan_Objective__c.Calculation_Message__c';
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
import uncategorisedLabel from '@salesforce/label/c.PlanObjectives_Uncategorised';
import calculationErrorLabel from '@salesforce/label/c.PlanObjectives_CalculationError';
import categoryCountLabel from '@salesforce/label/c.PlanObjectives_CategoryCount';
import newObjectiveLabel from '@salesforce/label/c.PlanObjectives_NewObjective';
import editObjectiveLabel from '@salesforce/label/c.PlanObjectives_EditObjective';
import columnActionsLabel from '@salesforce/label/c.PlanObjectives_ColumnActions';

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
// Partner users may not read every one of these (Partner_Planner hides the calculation message);
// without one, the board still shows the objectives.
const OBJECTIVE_OPTIONAL_FIELDS = [CATEGORY_FIELD, CALCULATION_STATUS_FIELD, CALCULATION_MESSAGE_FIELD].map(
  qualifiedName
);
const OBJECTIVES_SORT_BY = [qualifiedName(NAME_FIELD)];

/** Percent fields use Salesforce's 0–100 scale; an empty value means "not calculated yet". */
const percentOrZero = (value) => (typeof value === 'number' ? value : 0);

/** A progress ring is full at 100 %; beyond that the number says by how much the target was passed. */
const ringValue = (value) => Math.min(percentOrZero(value), 100);

/** `editing` while a new objective is open in the editor. */
const NEW = 'new';

/** The group key of objectives without a category: sorts after every picklist value. */
const UNCATEGORISED = '';

/**
 * The objective board of a business plan: objectives grouped by category (in the order and
 * with the labels of the Category__c picklist, so an admin's renamed values show; objectives
 * without one last), each with a progress gauge, actual against target, weight, type and any
 * calculation error, under the plan's weighted progress. Reads through Lightning Data Service
 * only, so it honours sharing and field-level security and refreshes when the records change.
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
    columnProgress: columnProgressLabel,
    calculationError: calculationErrorLabel,
    newObjective: newObjectiveLabel,
    columnActions: columnActionsLabel
  };

  /** The objective open in the editor: an Id, NEW for a new one, or null. */
  editing = null;

  @wire(getRecord, { recordId: '$recordId', fields: PLAN_FIELDS })
  plan;

  @wire(getRelatedListRecords, {
    parentRecordId: '$recordId',
    relatedListId: 'Plan_Objectives__r',
    fields: OBJECTIVE_FIELDS,
    optionalFields: OBJECTIVE_OPTIONAL_FIELDS,
    sortBy: OBJECTIVES_SORT_BY
  })
  objectiveList;

  @wire(getObjectInfo, { objectApiName: OBJECTIVE_OBJECT })
  objectInfo;

  @wire(getPicklistValues, {
    recordTypeId: '$objectInfo.data.defaultRecordTypeId',
    fieldApiName: CATEGORY_FIELD
  })
  categoryValues;

  get errors() {
    return [
      this.plan?.error,
      this.objectiveList?.error,
      this.objectInfo?.error,
      this.categoryValues?.error
    ].filter(Boolean);
  }

  get hasError() {
    return this.errors.length > 0;
  }

  get isLoading() {
    return (
      !this.hasError &&
      !(this.plan?.data && this.objectiveList?.data && this.objectInfo?.data && this.categoryValues?.data)
    );
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
        ringValue: ringValue(progress),
        // The ring turns green once the target is reached.
        ringVariant: percentOrZero(progress) >= 100 ? 'base-autocomplete' : 'base',
        ringLabel: objectiveProgressLabel.replace('{0}', name ?? ''),
        editLabel: editObjectiveLabel.replace('{0}', name ?? ''),
        category: getFieldValue(record, CATEGORY_FIELD) ?? UNCATEGORISED,
        calculationError:
          getFieldValue(record, CALCULATION_STATUS_FIELD) === 'Error'
            ? (getFieldValue(record, CALCULATION_MESSAGE_FIELD) ?? calculationErrorLabel)
            : null
      };
    });
  }

  /** Sections in picklist order with the admin's labels; a value the picklist no longer has keeps its API name. */
  get categories() {
    const order = this.categoryValues.data.values.map((value) => value.value);
    const labels = new Map(this.categoryValues.data.values.map((value) => [value.value, value.label]));
    const rank = (key) => {
      if (key === UNCATEGORISED) return Number.MAX_SAFE_INTEGER;
      const index = order.indexOf(key);
      return index >= 0 ? index : order.length;
    };
    const groups = new Map();
    for (const objective of this.objectives) {
      if (!groups.has(objective.category)) groups.set(objective.category, []);
      groups.get(objective.category).push(objective);
    }
    return [...groups.entries()]
      .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
      .map(([key, objectives]) => {
        const label = key === UNCATEGORISED ? uncategorisedLabel : (labels.get(key) ?? key);
        return {
          key: key === UNCATEGORISED ? '__none' : key,
          label,
          headingId: `category-${key === UNCATEGORISED ? 'none' : key.replace(/[^A-Za-z0-9_-]/g, '_')}`,
          count: categoryCountLabel.replace('{0}', String(objectives.length)),
          objectives
        };
      });
  }

  /** Channel managers create and edit objectives; partners (read-only on objectives) never see the buttons. */
  get canCreate() {
    return this.objectInfo?.data?.createable === true && !this.editing;
  }

  get canEdit() {
    return this.objectInfo?.data?.updateable === true && !this.editing;
  }

  get isEditing() {
    return this.editing !== null;
  }

  get editingRecordId() {
    return this.editing === NEW ? undefined : this.editing;
  }

  handleNew() {
    this.editing = NEW;
  }

  handleEdit(event) {
    this.editing = event.target.dataset.id;
  }

  handleEditorCancel() {
    this.editing = null;
  }

  async handleEditorSaved() {
    this.editing = null;
    // The related list does not know about the new or changed objective until it is read again.
    await refresh(this.objectiveList);
  }

  get hasObjectives() {
    return this.objectiveList.data.records.length > 0;
  }
}
