// A small schema for the formula tests: the standard objects (User, Profile, UserRole) plus a
// plan and its objectives, the relationship Plan_Objective__c.Business_Plan__r included.
import assert from 'node:assert/strict';
import { createSchema, field, object, ownerField, systemFields } from '../src/schema/build.ts';
import { standardObjects } from '../src/schema/standardObjects.ts';
import type { ObjectDef, RecordValues, Schema, ValidationRule } from '../src/schema/types.ts';
import { compileFormula, type CompiledFormula } from '../src/formula/compile.ts';
import { evaluateFormula, type FormulaContext, type FormulaGlobals } from '../src/formula/evaluate.ts';

export const STATUSES = ['Draft Outline', 'Draft', 'In Progress', 'Completed'];

export const ADMIN_ID = '005000000000001AAA';
export const MANAGER_ID = '005000000000002AAA';

/** The schema, with the given validation rules on Business_Plan__c and Plan_Objective__c. */
export function formulaSchema(rules: { plan?: ValidationRule[]; objective?: ValidationRule[] } = {}): Schema {
  const plan = object({
    name: 'Business_Plan__c',
    keyPrefix: 'a00',
    label: 'Business Plan',
    validationRules: rules.plan ?? [],
    fields: [
      ...systemFields(),
      ownerField(),
      field({ name: 'Name', type: 'string', nameField: true }),
      field({
        name: 'Status__c',
        type: 'picklist',
        picklistValues: STATUSES.map((value) => ({ value, label: value, defaultValue: false, active: true })),
        restrictedPicklist: true
      }),
      field({ name: 'Start_Date__c', type: 'date' }),
      field({ name: 'Approved_At__c', type: 'datetime' }),
      field({ name: 'Progress__c', type: 'percent', precision: 5, scale: 2 }),
      field({ name: 'Budget__c', type: 'currency' }),
      field({ name: 'Notes__c', type: 'textarea' })
    ]
  });
  const objective = object({
    name: 'Plan_Objective__c',
    keyPrefix: 'a01',
    label: 'Plan Objective',
    sharingModel: 'ControlledByParent',
    validationRules: rules.objective ?? [],
    fields: [
      ...systemFields(),
      field({ name: 'Name', type: 'string', nameField: true }),
      field({
        name: 'Business_Plan__c',
        type: 'reference',
        referenceTo: ['Business_Plan__c'],
        relationshipName: 'Business_Plan__r',
        childRelationshipName: 'Plan_Objectives__r',
        cascadeDelete: true,
        relationshipOrder: 0
      }),
      field({ name: 'Weight__c', type: 'double' })
    ]
  });
  return createSchema([...standardObjects(), plan, objective]);
}

export const schema = formulaSchema();
export const planObject = schema.object('Business_Plan__c') as ObjectDef;
export const objectiveObject = schema.object('Plan_Objective__c') as ObjectDef;

/** Compiles a formula, failing the test with the problems if it does not compile. */
export function compiled(formula: string, o: ObjectDef = planObject): CompiledFormula {
  const result = compileFormula(formula, o, schema);
  assert.ok(result.ok, `${formula}: ${result.ok ? '' : result.problems.join('; ')}`);
  return result.formula;
}

export const adminGlobals: FormulaGlobals = {
  user: { Id: ADMIN_ID, Username: 'admin@localorg.test', Name: 'Local Admin' },
  profile: { Name: 'System Administrator' },
  userRole: null,
  permissions: new Set()
};

export interface Save {
  newRecord: RecordValues;
  oldRecord?: RecordValues | null;
  parents?: Map<string, RecordValues | null>;
  globals?: FormulaGlobals;
  now?: Date;
  timeZoneSidKey?: string;
}

/** The formula's value for one save; fails the test on an evaluation error. */
export function valueOf(formula: string | CompiledFormula, save: Save, o: ObjectDef = planObject): unknown {
  const context: FormulaContext = {
    newRecord: save.newRecord,
    oldRecord: save.oldRecord ?? null,
    parents: save.parents ?? new Map(),
    globals: save.globals ?? adminGlobals,
    now: save.now ?? new Date('2026-03-15T12:00:00Z'),
    timeZoneSidKey: save.timeZoneSidKey ?? 'America/Los_Angeles'
  };
  const result = evaluateFormula(typeof formula === 'string' ? compiled(formula, o) : formula, context);
  assert.equal(result.type, 'literal', JSON.stringify(result));
  return result.value;
}
