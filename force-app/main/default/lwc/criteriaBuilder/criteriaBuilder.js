import { LightningElement, api } from 'lwc';
import {
  buildCriteria,
  conditionFor,
  fieldKind,
  filterableFields,
  OPERATORS,
  operatorsFor,
  parseCriteria
} from 'c/criteriaSoql';

import titleLabel from '@salesforce/label/c.CriteriaBuilder_Title';
import fieldLabel from '@salesforce/label/c.CriteriaBuilder_Field';
import operatorLabel from '@salesforce/label/c.CriteriaBuilder_Operator';
import valueLabel from '@salesforce/label/c.CriteriaBuilder_Value';
import valuesLabel from '@salesforce/label/c.CriteriaBuilder_Values';
import valuesHelpLabel from '@salesforce/label/c.CriteriaBuilder_ValuesHelp';
import dateHelpLabel from '@salesforce/label/c.CriteriaBuilder_DateHelp';
import likeHelpLabel from '@salesforce/label/c.CriteriaBuilder_LikeHelp';
import logicLabel from '@salesforce/label/c.CriteriaBuilder_Logic';
import logicAndLabel from '@salesforce/label/c.CriteriaBuilder_LogicAnd';
import logicOrLabel from '@salesforce/label/c.CriteriaBuilder_LogicOr';
import addRowLabel from '@salesforce/label/c.CriteriaBuilder_AddRow';
import removeRowLabel from '@salesforce/label/c.CriteriaBuilder_RemoveRow';
import previewLabel from '@salesforce/label/c.CriteriaBuilder_Preview';
import noCriteriaLabel from '@salesforce/label/c.CriteriaBuilder_NoCriteria';
import handWrittenLabel from '@salesforce/label/c.CriteriaBuilder_HandWritten';
import replaceLabel from '@salesforce/label/c.CriteriaBuilder_Replace';
import trueLabel from '@salesforce/label/c.CriteriaBuilder_True';
import falseLabel from '@salesforce/label/c.CriteriaBuilder_False';
import opEq from '@salesforce/label/c.CriteriaBuilder_OpEquals';
import opNe from '@salesforce/label/c.CriteriaBuilder_OpNotEquals';
import opLt from '@salesforce/label/c.CriteriaBuilder_OpLessThan';
import opLe from '@salesforce/label/c.CriteriaBuilder_OpLessOrEqual';
import opGt from '@salesforce/label/c.CriteriaBuilder_OpGreaterThan';
import opGe from '@salesforce/label/c.CriteriaBuilder_OpGreaterOrEqual';
import opLike from '@salesforce/label/c.CriteriaBuilder_OpLike';
import opIn from '@salesforce/label/c.CriteriaBuilder_OpIn';
import opNotIn from '@salesforce/label/c.CriteriaBuilder_OpNotIn';
import opIncludes from '@salesforce/label/c.CriteriaBuilder_OpIncludes';
import opExcludes from '@salesforce/label/c.CriteriaBuilder_OpExcludes';
import opIsBlank from '@salesforce/label/c.CriteriaBuilder_OpIsBlank';
import opIsNotBlank from '@salesforce/label/c.CriteriaBuilder_OpIsNotBlank';
import fieldMissingLabel from '@salesforce/label/c.CriteriaBuilder_FieldMissing';
import valueMissingLabel from '@salesforce/label/c.CriteriaBuilder_ValueMissing';
import invalidNumberLabel from '@salesforce/label/c.CriteriaBuilder_InvalidNumber';
import invalidDateLabel from '@salesforce/label/c.CriteriaBuilder_InvalidDate';
import invalidDateTimeLabel from '@salesforce/label/c.CriteriaBuilder_InvalidDateTime';
import invalidIdLabel from '@salesforce/label/c.CriteriaBuilder_InvalidId';
import invalidBooleanLabel from '@salesforce/label/c.CriteriaBuilder_InvalidBoolean';
import unsupportedLabel from '@salesforce/label/c.CriteriaBuilder_Unsupported';

const OPERATOR_LABELS = {
  eq: opEq,
  ne: opNe,
  lt: opLt,
  le: opLe,
  gt: opGt,
  ge: opGe,
  like: opLike,
  in: opIn,
  notIn: opNotIn,
  includes: opIncludes,
  excludes: opExcludes,
  isBlank: opIsBlank,
  isNotBlank: opIsNotBlank
};

/** The message for a problem key of c/criteriaSoql; {0} is the value it concerns. */
const PROBLEM_LABELS = {
  fieldMissing: fieldMissingLabel,
  valueMissing: valueMissingLabel,
  invalidNumber: invalidNumberLabel,
  invalidDate: invalidDateLabel,
  invalidDateTime: invalidDateTimeLabel,
  invalidId: invalidIdLabel,
  invalidBoolean: invalidBooleanLabel,
  unsupportedField: unsupportedLabel,
  unsupportedOperator: unsupportedLabel,
  unsupportedLogic: unsupportedLabel
};

export const problemMessage = (problem) =>
  (PROBLEM_LABELS[problem.problem] ?? unsupportedLabel).replace('{0}', problem.detail ?? '');

let nextRowKey = 0;
const newRow = (row = { field: '', operator: 'eq', value: '' }) => ({ ...row, key: `row-${nextRowKey++}` });

/**
 * Builds an objective's Criteria__c, the SOQL condition on its source object, from rows of
 * field / operator / value joined by AND or OR, with a read-only preview of what is saved.
 * Criteria that do not fit rows (written by hand with parentheses, NOT…) are kept as they are
 * until the user chooses to replace them. The parent reads `criteria` after `reportValidity()`.
 */
export default class CriteriaBuilder extends LightningElement {
  /** Object Info (UI API) of the source object the criteria filter. */
  @api
  get objectInfo() {
    return this._objectInfo;
  }
  set objectInfo(value) {
    this._objectInfo = value;
    this.load();
  }

  /** The criteria to start from. */
  @api
  get value() {
    return this._value;
  }
  set value(text) {
    this._value = text ?? '';
    this.load();
  }

  _objectInfo;
  _value = '';
  rows = [];
  logic = 'AND';
  /** Criteria the rows cannot show, kept verbatim until replaced. */
  handWritten = null;

  label = {
    title: titleLabel,
    field: fieldLabel,
    operator: operatorLabel,
    logic: logicLabel,
    addRow: addRowLabel,
    removeRow: removeRowLabel,
    preview: previewLabel,
    handWritten: handWrittenLabel,
    replace: replaceLabel
  };

  logicOptions = [
    { label: logicAndLabel, value: 'AND' },
    { label: logicOrLabel, value: 'OR' }
  ];

  load() {
    if (!this._objectInfo) return;
    const parsed = parseCriteria(this._value, this._objectInfo);
    if (parsed.ok) {
      this.rows = parsed.rows.map((row) => newRow(row));
      this.logic = parsed.logic;
      this.handWritten = null;
    } else {
      this.rows = [];
      this.handWritten = this._value;
    }
  }

  get fieldOptions() {
    return filterableFields(this._objectInfo).map((field) => ({ label: field.label, value: field.apiName }));
  }

  get isHandWritten() {
    return this.handWritten !== null;
  }

  get hasRows() {
    return this.rows.length > 0;
  }

  get showLogic() {
    return this.rows.length > 1;
  }

  get viewRows() {
    return this.rows.map((row, index) => {
      const field = this._objectInfo?.fields?.[row.field];
      const kind = fieldKind(field);
      const operator = OPERATORS[row.operator];
      const isList = Boolean(operator?.list);
      const isBoolean = kind === 'boolean';
      let help = null;
      if (isList) help = valuesHelpLabel;
      else if (kind === 'date' || kind === 'datetime') help = dateHelpLabel;
      else if (row.operator === 'like') help = likeHelpLabel;
      return {
        ...row,
        index,
        number: index + 1,
        operatorOptions: operatorsFor(field).map((key) => ({ label: OPERATOR_LABELS[key], value: key })),
        needsValue: Boolean(field) && !operator?.blank,
        isList: isList && Boolean(field),
        isBoolean: isBoolean && !operator?.blank,
        isText: Boolean(field) && !isList && !isBoolean && !operator?.blank,
        help,
        valueLabel: isList ? valuesLabel : valueLabel,
        booleanOptions: [
          { label: trueLabel, value: 'true' },
          { label: falseLabel, value: 'false' }
        ],
        removeLabel: `${removeRowLabel} ${index + 1}`
      };
    });
  }

  get built() {
    return buildCriteria(
      this.rows.map(({ field, operator, value }) => ({ field, operator, value })),
      this.logic,
      this._objectInfo
    );
  }

  /** What the preview shows: the condition, or the text kept as written. */
  get preview() {
    if (this.isHandWritten) return this.handWritten;
    const built = this.built;
    if (!built.ok) return '';
    return built.text === '' ? noCriteriaLabel : built.text;
  }

  /** The criteria to save; undefined while a row is invalid. */
  @api
  get criteria() {
    if (this.isHandWritten) return this.handWritten;
    const built = this.built;
    return built.ok ? built.text : undefined;
  }

  /** Shows each row's problem on its value (or field) input; true when every row is fine. */
  @api
  reportValidity() {
    let valid = true;
    this.rows.forEach((row, index) => {
      const condition = conditionFor(row, this._objectInfo);
      const message = condition.ok ? '' : problemMessage(condition);
      const target =
        this.template.querySelector(`[data-index="${index}"][data-role="value"]`) ??
        this.template.querySelector(`[data-index="${index}"][data-role="field"]`);
      if (target) {
        target.setCustomValidity(message);
        target.reportValidity();
      }
      if (!condition.ok) valid = false;
    });
    return valid;
  }

  notify() {
    this.dispatchEvent(new CustomEvent('change'));
  }

  update(index, changes) {
    this.rows = this.rows.map((row, i) => (i === index ? { ...row, ...changes } : row));
    this.notify();
  }

  handleField(event) {
    const index = Number(event.target.dataset.index);
    const field = this._objectInfo.fields[event.detail.value];
    // A new field keeps the operator only when it applies to the field's type.
    const operators = operatorsFor(field);
    const operator = operators.includes(this.rows[index].operator) ? this.rows[index].operator : operators[0];
    this.update(index, { field: event.detail.value, operator, value: '' });
  }

  handleOperator(event) {
    this.update(Number(event.target.dataset.index), { operator: event.detail.value });
  }

  handleValue(event) {
    const input = event.target;
    input.setCustomValidity('');
    this.update(Number(input.dataset.index), { value: event.detail.value });
  }

  handleLogic(event) {
    this.logic = event.detail.value;
    this.notify();
  }

  handleAddRow() {
    this.rows = [...this.rows, newRow()];
    this.notify();
  }

  handleRemoveRow(event) {
    const index = Number(event.target.dataset.index);
    this.rows = this.rows.filter((row, i) => i !== index);
    this.notify();
  }

  handleReplace() {
    this.handWritten = null;
    this.rows = [newRow()];
    this.notify();
  }
}
