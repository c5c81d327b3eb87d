import { LightningElement, api, wire } from 'lwc';
import { getRecord, getFieldValue, createRecord, updateRecord } from 'lightning/uiRecordApi';
import { getObjectInfo, getObjectInfos, getPicklistValuesByRecordType } from 'lightning/uiObjectInfoApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { reduceErrors } from 'c/ldsUtils';
import { aggregateFields, functionNeedsField, sourceOf, SOURCE_OBJECTS } from './objectiveSources';

import OBJECTIVE_OBJECT from '@salesforce/schema/Plan_Objective__c';
import NAME_FIELD from '@salesforce/schema/Plan_Objective__c.Name';
import TYPE_FIELD from '@salesforce/schema/Plan_Objective__c.Type__c';
import CATEGORY_FIELD from '@salesforce/schema/Plan_Objective__c.Category__c';
import DESCRIPTION_FIELD from '@salesforce/schema/Plan_Objective__c.Description__c';
import FUNCTION_FIELD from '@salesforce/schema/Plan_Objective__c.Aggregate_Function__c';
import AGGREGATE_FIELD from '@salesforce/schema/Plan_Objective__c.Aggregate_Field__c';
import CRITERIA_FIELD from '@salesforce/schema/Plan_Objective__c.Criteria__c';
import WEIGHT_FIELD from '@salesforce/schema/Plan_Objective__c.Weight__c';
import TARGET_FIELD from '@salesforce/schema/Plan_Objective__c.Target__c';
import PERIOD_TYPE_FIELD from '@salesforce/schema/Plan_Objective__c.Period_Type__c';
import PLAN_FIELD from '@salesforce/schema/Plan_Objective__c.Business_Plan__c';

import newTitleLabel from '@salesforce/label/c.ObjectiveEditor_NewTitle';
import editTitleLabel from '@salesforce/label/c.ObjectiveEditor_EditTitle';
import saveLabel from '@salesforce/label/c.ObjectiveEditor_Save';
import cancelLabel from '@salesforce/label/c.ObjectiveEditor_Cancel';
import savedLabel from '@salesforce/label/c.ObjectiveEditor_Saved';
import saveErrorLabel from '@salesforce/label/c.ObjectiveEditor_SaveError';
import loadErrorLabel from '@salesforce/label/c.ObjectiveEditor_LoadError';
import loadingLabel from '@salesforce/label/c.ObjectiveEditor_Loading';
import noneLabel from '@salesforce/label/c.ObjectiveEditor_None';
import countsLabel from '@salesforce/label/c.ObjectiveEditor_Counts';
import manualLabel from '@salesforce/label/c.ObjectiveEditor_Manual';
import sourceUnavailableLabel from '@salesforce/label/c.ObjectiveEditor_SourceUnavailable';
import weightRangeLabel from '@salesforce/label/c.ObjectiveEditor_WeightRange';
import targetNegativeLabel from '@salesforce/label/c.ObjectiveEditor_TargetNegative';

const EDITABLE_FIELDS = [
  NAME_FIELD,
  TYPE_FIELD,
  CATEGORY_FIELD,
  DESCRIPTION_FIELD,
  FUNCTION_FIELD,
  AGGREGATE_FIELD,
  CRITERIA_FIELD,
  WEIGHT_FIELD,
  TARGET_FIELD,
  PERIOD_TYPE_FIELD
];

const optionsOf = (picklist) => (picklist?.values ?? []).map(({ label, value }) => ({ label, value }));
const isBlank = (value) => value === null || value === undefined || String(value).trim() === '';

/**
 * Creates or edits a plan objective: type, category, the measure (aggregate function and field
 * of the type's source object), the criteria that pick the records, weight, target and period
 * type. Checks the input before saving and shows the org's errors next to the fields they name.
 * Fires `saved` (detail: the objective's Id) and `cancel`.
 */
export default class ObjectiveEditor extends LightningElement {
  /** The plan a new objective belongs to. */
  @api planId;
  /** The objective to edit; empty for a new one. */
  @api recordId;

  values = null;
  saving = false;
  saveError;

  label = {
    save: saveLabel,
    cancel: cancelLabel,
    loading: loadingLabel,
    loadError: loadErrorLabel,
    manual: manualLabel,
    sourceUnavailable: sourceUnavailableLabel
  };

  @wire(getObjectInfo, { objectApiName: OBJECTIVE_OBJECT })
  objectInfo;

  @wire(getPicklistValuesByRecordType, {
    objectApiName: OBJECTIVE_OBJECT,
    recordTypeId: '$objectInfo.data.defaultRecordTypeId'
  })
  picklists;

  @wire(getObjectInfos, { objectApiNames: SOURCE_OBJECTS })
  sourceInfos;

  @wire(getRecord, { recordId: '$recordId', fields: EDITABLE_FIELDS })
  wiredObjective({ data, error }) {
    this.objectiveError = error;
    // Start from the saved record once; later refreshes must not undo the user's edits.
    if (data && !this.values) {
      this.values = Object.fromEntries(
        EDITABLE_FIELDS.map((field) => [field.fieldApiName, getFieldValue(data, field) ?? null])
      );
    }
  }

  objectiveError;

  get isNew() {
    return !this.recordId;
  }

  get title() {
    return this.isNew ? newTitleLabel : editTitleLabel;
  }

  get loadErrors() {
    return [
      this.objectInfo?.error,
      this.picklists?.error,
      this.sourceInfos?.error,
      this.objectiveError
    ].filter(Boolean);
  }

  get hasLoadError() {
    return this.loadErrors.length > 0;
  }

  get isLoading() {
    const metadataReady = this.objectInfo?.data && this.picklists?.data && this.sourceInfos?.data;
    return !this.hasLoadError && !(metadataReady && (this.isNew || this.values));
  }

  /** The values shown: the saved record's, or the object's defaults for a new objective. */
  get current() {
    if (!this.values) {
      const defaults = this.picklists.data.picklistFieldValues;
      this.values = {
        Name: null,
        Type__c: null,
        Category__c: defaults.Category__c?.defaultValue?.value ?? null,
        Description__c: null,
        Aggregate_Function__c: null,
        Aggregate_Field__c: null,
        Criteria__c: null,
        Weight__c: 1,
        Target__c: null,
        Period_Type__c: defaults.Period_Type__c?.defaultValue?.value ?? null
      };
    }
    return this.values;
  }

  fieldLabel(name) {
    return this.objectInfo.data.fields[name]?.label ?? name;
  }

  get labels() {
    return Object.fromEntries(
      EDITABLE_FIELDS.map((field) => [field.fieldApiName, this.fieldLabel(field.fieldApiName)])
    );
  }

  get typeOptions() {
    return optionsOf(this.picklists.data.picklistFieldValues.Type__c);
  }

  get categoryOptions() {
    return [
      { label: noneLabel, value: '' },
      ...optionsOf(this.picklists.data.picklistFieldValues.Category__c)
    ];
  }

  get functionOptions() {
    return optionsOf(this.picklists.data.picklistFieldValues.Aggregate_Function__c);
  }

  get periodOptions() {
    return optionsOf(this.picklists.data.picklistFieldValues.Period_Type__c);
  }

  get source() {
    return sourceOf(this.current.Type__c);
  }

  /** Object Info of the type's source object, or null when the user cannot read it. */
  get sourceInfo() {
    const object = this.source?.object;
    if (!object) return null;
    const entry = this.sourceInfos.data.results.find((result) => result.result?.apiName === object);
    return entry && entry.statusCode === 200 ? entry.result : null;
  }

  get hasSource() {
    return Boolean(this.source?.object);
  }

  get sourceAvailable() {
    return Boolean(this.sourceInfo);
  }

  get isAggregated() {
    return this.source?.measure === 'objective' && this.sourceAvailable;
  }

  get isCounted() {
    return this.source?.measure === 'count' && this.sourceAvailable;
  }

  get isManual() {
    return this.source?.measure === 'manual';
  }

  get countsMessage() {
    return countsLabel.replace('{0}', this.sourceInfo?.labelPlural ?? '');
  }

  get needsAggregateField() {
    return this.isAggregated && functionNeedsField(this.current.Aggregate_Function__c);
  }

  get aggregateFieldOptions() {
    return aggregateFields(this.sourceInfo, this.current.Aggregate_Function__c).map((field) => ({
      label: field.label,
      value: field.apiName
    }));
  }

  get categoryValue() {
    return this.current.Category__c ?? '';
  }

  get saveErrorMessage() {
    return reduceErrors(this.saveError).join(' ') || saveErrorLabel;
  }

  handleChange(event) {
    const name = event.target.dataset.field;
    const value = event.detail.value;
    event.target.setCustomValidity?.('');
    const changes = { [name]: value === '' ? null : value };
    if (name === 'Type__c') {
      // Another source object: the old function, field and criteria name its fields, not the new one's.
      const before = sourceOf(this.current.Type__c)?.object;
      if (sourceOf(value)?.object !== before) {
        Object.assign(changes, { Aggregate_Function__c: null, Aggregate_Field__c: null, Criteria__c: null });
      }
    }
    if (
      name === 'Aggregate_Function__c' &&
      !aggregateFields(this.sourceInfo, value).some((f) => f.apiName === this.current.Aggregate_Field__c)
    ) {
      changes.Aggregate_Field__c = null;
    }
    this.values = { ...this.current, ...changes };
  }

  handleCriteriaChange() {
    // The builder holds the rows; its criteria are read when saving.
    this.saveError = undefined;
  }

  /** Checks of our own, beyond what the inputs' attributes check. */
  customChecks() {
    const weight = this.template.querySelector('[data-field="Weight__c"]');
    const weightValue = Number(this.current.Weight__c);
    weight.setCustomValidity(
      !isBlank(this.current.Weight__c) &&
        (!Number.isInteger(weightValue) || weightValue < 1 || weightValue > 100)
        ? weightRangeLabel
        : ''
    );
    const target = this.template.querySelector('[data-field="Target__c"]');
    target.setCustomValidity(
      !isBlank(this.current.Target__c) && Number(this.current.Target__c) < 0 ? targetNegativeLabel : ''
    );
  }

  reportValidity() {
    this.customChecks();
    const inputs = [...this.template.querySelectorAll('[data-field]')];
    const inputsValid = inputs.reduce((valid, input) => input.reportValidity() && valid, true);
    const builder = this.template.querySelector('c-criteria-builder');
    const criteriaValid = builder ? builder.reportValidity() : true;
    return inputsValid && criteriaValid;
  }

  fieldsToSave() {
    const values = this.current;
    const builder = this.template.querySelector('c-criteria-builder');
    return {
      Name: values.Name,
      Type__c: values.Type__c,
      Category__c: values.Category__c,
      Description__c: values.Description__c,
      Aggregate_Function__c: this.isAggregated ? values.Aggregate_Function__c : null,
      Aggregate_Field__c: this.needsAggregateField ? values.Aggregate_Field__c : null,
      Criteria__c: builder ? builder.criteria || null : this.hasSource ? values.Criteria__c : null,
      Weight__c: Number(values.Weight__c),
      Target__c: Number(values.Target__c),
      Period_Type__c: values.Period_Type__c
    };
  }

  /** Puts the org's field errors on the inputs they name; the rest go to the error panel. */
  showFieldErrors(error) {
    const fieldErrors = error?.body?.output?.fieldErrors ?? {};
    for (const [name, errors] of Object.entries(fieldErrors)) {
      const input = this.template.querySelector(`[data-field="${name}"]`);
      if (input) {
        input.setCustomValidity(errors.map((e) => e.message).join(' '));
        input.reportValidity();
      }
    }
  }

  async handleSave() {
    this.saveError = undefined;
    if (!this.reportValidity()) return;
    this.saving = true;
    try {
      const fields = this.fieldsToSave();
      const record = this.isNew
        ? await createRecord({
            apiName: OBJECTIVE_OBJECT.objectApiName,
            fields: { ...fields, [PLAN_FIELD.fieldApiName]: this.planId }
          })
        : await updateRecord({ fields: { Id: this.recordId, ...fields } });
      this.dispatchEvent(
        new ShowToastEvent({ title: savedLabel.replace('{0}', fields.Name), message: '', variant: 'success' })
      );
      this.dispatchEvent(new CustomEvent('saved', { detail: record.id }));
    } catch (error) {
      this.saveError = error;
      this.showFieldErrors(error);
    } finally {
      this.saving = false;
    }
  }

  handleCancel() {
    this.dispatchEvent(new CustomEvent('cancel'));
  }
}
