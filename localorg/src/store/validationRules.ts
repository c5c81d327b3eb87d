// Custom validation rules from force-app's metadata, run on every insert and update the way
// a real org runs them: ISCHANGED, PRIORVALUE and ISNEW see the stored record, $User,
// $Profile, $UserRole and $Permission the saving user, and relationship paths the parent
// records. A rule the local org cannot evaluate stops it at start-up: it must never pass
// silently.
import { compileFormula, type CompiledFormula, type GlobalScope } from '../formula/compile.ts';
import { evaluateFormula, type FormulaGlobals } from '../formula/evaluate.ts';
import { isError } from '../formula/formulon.ts';
import { fetchParents, type ReadRecord } from '../formula/parents.ts';
import type { ObjectDef, RecordValues, Schema, ValidationRule } from '../schema/types.ts';
import type { SessionUser } from '../session.ts';
import type { RecordErrorItem } from './coerce.ts';

export interface RuleProblem {
  object: string;
  rule: string;
  problem: string;
}

export class ValidationRuleError extends Error {
  readonly problems: RuleProblem[];
  constructor(problems: RuleProblem[]) {
    const lines = problems.map(({ object, rule, problem }) => `${object}.${rule}: ${problem}`);
    super(`Validation rules the local org cannot evaluate:\n  ${lines.join('\n  ')}`);
    this.name = 'ValidationRuleError';
    this.problems = problems;
  }
}

// Salesforce allows at most 10 unique relationships per object in cross-object formulas.
const MAX_RELATIONSHIPS = 10;

interface CompiledRule {
  rule: ValidationRule;
  formula: CompiledFormula;
}

function compileRules(o: ObjectDef, schema: Schema): { rules: CompiledRule[]; problems: RuleProblem[] } {
  const rules: CompiledRule[] = [];
  const problems: RuleProblem[] = [];
  for (const rule of o.validationRules.filter((r) => r.active)) {
    const result = compileFormula(rule.errorConditionFormula, o, schema);
    if (result.ok) rules.push({ rule, formula: result.formula });
    else problems.push(...result.problems.map((problem) => ({ object: o.name, rule: rule.name, problem })));
  }
  return { rules, problems };
}

const compiled = new WeakMap<ObjectDef, CompiledRule[]>();

function compiledRules(o: ObjectDef, schema: Schema): CompiledRule[] {
  let rules = compiled.get(o);
  if (!rules) {
    const result = compileRules(o, schema);
    if (result.problems.length > 0) throw new ValidationRuleError(result.problems);
    rules = result.rules;
    compiled.set(o, rules);
  }
  return rules;
}

export interface ValidationRuleOptions {
  /** API names of the org's custom permissions: $Permission may name only these. */
  customPermissions?: Iterable<string>;
}

/** Everything that keeps active rules from being evaluated as Salesforce would. */
export function validationRuleProblems(schema: Schema, options: ValidationRuleOptions = {}): RuleProblem[] {
  const known = new Set([...(options.customPermissions ?? [])].map((name) => name.toLowerCase()));
  const problems: RuleProblem[] = [];
  for (const o of schema.objects) {
    const result = compileRules(o, schema);
    problems.push(...result.problems);
    for (const { rule, formula } of result.rules) {
      for (const name of formula.permissions.filter((p) => !known.has(p.toLowerCase()))) {
        problems.push({
          object: o.name,
          rule: rule.name,
          problem: `$Permission.${name} is not a custom permission of this org`
        });
      }
    }
    const relationships = new Set(
      result.rules.flatMap(({ formula }) =>
        formula.paths.flatMap(({ key }) => key.split('.').map((_, i, all) => all.slice(0, i + 1).join('.')))
      )
    );
    if (relationships.size > MAX_RELATIONSHIPS) {
      problems.push({
        object: o.name,
        rule: '*',
        problem: `the rules span ${relationships.size} unique relationships; Salesforce allows ${MAX_RELATIONSHIPS} per object`
      });
    }
  }
  return problems;
}

/**
 * Compiles every active rule at start-up: syntax errors, unknown fields, relationships and
 * globals, functions the local org lacks and type errors all stop the org here.
 */
export function assertValidationRulesEvaluable(schema: Schema, options: ValidationRuleOptions = {}): void {
  const problems = validationRuleProblems(schema, options);
  if (problems.length > 0) throw new ValidationRuleError(problems);
}

/** One save, as the rules see it. */
export interface SaveContext {
  /** The record as it will be saved. */
  newRecord: RecordValues;
  /** The stored record on update; null on insert. */
  oldRecord: RecordValues | null;
  user: SessionUser;
  now: Date;
  /** Reads stored records (parents, the user, their profile and role) in the save's transaction. */
  read: ReadRecord;
  /** API names of the custom permissions the user holds; asked only when a rule reads $Permission. */
  permissions: () => Promise<ReadonlySet<string>>;
}

const NO_PERMISSIONS: ReadonlySet<string> = new Set();

async function loadGlobals(
  schema: Schema,
  save: SaveContext,
  scopes: ReadonlySet<GlobalScope>,
  needPermissions: boolean
): Promise<FormulaGlobals> {
  const read = async (objectName: string, id: unknown): Promise<RecordValues | null> => {
    const o = schema.object(objectName);
    return o && typeof id === 'string' ? ((await save.read(o, id)) ?? null) : null;
  };
  const { user } = save;
  const userRecord: RecordValues = {
    Id: user.id,
    Username: user.username,
    Name: user.name,
    TimeZoneSidKey: user.timeZoneSidKey,
    ...(scopes.size > 0 ? await read('User', user.id) : null)
  };
  return {
    user: userRecord,
    profile: scopes.has('profile')
      ? { ...(await read('Profile', userRecord.ProfileId)), Name: user.profileName }
      : null,
    userRole: scopes.has('userRole') ? await read('UserRole', userRecord.UserRoleId) : null,
    permissions: needPermissions ? await save.permissions() : NO_PERMISSIONS
  };
}

/** The errors of every active rule whose condition is true for this save. */
export async function validationErrors(
  o: ObjectDef,
  schema: Schema,
  save: SaveContext
): Promise<RecordErrorItem[]> {
  const rules = compiledRules(o, schema);
  if (rules.length === 0) return [];
  const formulas = rules.map((r) => r.formula);
  const parents = await fetchParents(
    formulas.flatMap((f) => f.paths),
    save.newRecord,
    save.read
  );
  const globals = await loadGlobals(
    schema,
    save,
    new Set(formulas.flatMap((f) => [...f.globals])),
    formulas.some((f) => f.permissions.length > 0)
  );
  const context = {
    newRecord: save.newRecord,
    oldRecord: save.oldRecord,
    parents,
    globals,
    now: save.now,
    timeZoneSidKey: save.user.timeZoneSidKey
  };
  const errors: RecordErrorItem[] = [];
  for (const { rule, formula } of rules) {
    const result = evaluateFormula(formula, context);
    if (isError(result)) {
      throw new Error(`Validation rule ${o.name}.${rule.name} failed to evaluate: ${result.message}`);
    }
    if (result.value === true) {
      errors.push({
        statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
        message: rule.errorMessage,
        fields: rule.errorDisplayField ? [rule.errorDisplayField] : []
      });
    }
  }
  return errors;
}
