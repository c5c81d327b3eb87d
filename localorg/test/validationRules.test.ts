// Validation rules in the local org: the start-up check that refuses rules it cannot evaluate
// the way Salesforce would, and workflow rules enforced through the REST API — a status
// that moves one step forward, a move only the owner may make, and objectives of a completed
// plan — with old and new record, the signed-in user and parent records.
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Connection } from 'jsforce';
import { createRecord, signIn } from '../../test/support/salesforce.ts';
import { startLocalOrg, type LocalOrg } from '../src/index.ts';
import { loadSecurityMetadata } from '../src/security/metadata.ts';
import { loadSchema } from '../src/schema/index.ts';
import type { ValidationRule } from '../src/schema/types.ts';
import {
  assertValidationRulesEvaluable,
  validationRuleProblems,
  ValidationRuleError
} from '../src/store/validationRules.ts';
import { formulaSchema, STATUSES } from './formulaFixture.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

const rule = (name: string, errorConditionFormula: string, active = true): ValidationRule => ({
  name,
  active,
  errorConditionFormula,
  errorMessage: `${name} failed`,
  errorDisplayField: null
});

/** The problems of one rule on Business_Plan__c (plan) or Plan_Objective__c (objective). */
function problemsOf(
  formula: string,
  on: 'plan' | 'objective' = 'plan',
  customPermissions?: string[]
): string[] {
  const schema = formulaSchema({ [on]: [rule('Rule', formula)] });
  return validationRuleProblems(schema, { customPermissions }).map((p) => p.problem);
}

describe('the start-up check', () => {
  test('names the object, the rule and the problem of every rule it cannot evaluate', () => {
    const schema = formulaSchema({
      plan: [
        rule('Cloned_Plans', 'ISCLONE()'),
        rule('Typo', "ISPICKVAL(Statuss__c, 'Draft')"),
        rule('Inactive_Typo', 'Nope__c > 1', false)
      ],
      objective: [rule('Partner_Path', "Partner__r.Name = 'Acme'")]
    });
    let error: unknown;
    try {
      assertValidationRulesEvaluable(schema);
    } catch (thrown) {
      error = thrown;
    }
    assert.ok(error instanceof ValidationRuleError, String(error));
    assert.deepEqual(error.problems, [
      {
        object: 'Business_Plan__c',
        rule: 'Cloned_Plans',
        problem: 'the function ISCLONE is not supported by the local org'
      },
      {
        object: 'Business_Plan__c',
        rule: 'Typo',
        problem: 'Statuss__c: Business_Plan__c has no field Statuss__c'
      },
      {
        object: 'Plan_Objective__c',
        rule: 'Partner_Path',
        problem: 'Partner__r.Name: Plan_Objective__c has no relationship Partner__r'
      }
    ]);
    assert.match(
      error.message,
      /^Validation rules the local org cannot evaluate:\n {2}Business_Plan__c\.Cloned_Plans: the function ISCLONE is not supported/
    );
  });

  test('refuses globals Salesforce has but the local org does not, and fields the globals lack', () => {
    assert.deepEqual(problemsOf("$Organization.Name = 'Acme'"), [
      'the global $Organization is not supported by the local org (it knows $User, $Profile, $UserRole and $Permission)'
    ]);
    assert.deepEqual(problemsOf("$User.Nickname__c = 'x'"), [
      '$User.Nickname__c: User has no field Nickname__c'
    ]);
    assert.deepEqual(problemsOf("$User.Profile.Name = 'x'"), [
      '$User.Profile.Name: $User takes one field, e.g. $User.Id'
    ]);
  });

  test('accepts $Permission only for custom permissions the org has', () => {
    assert.deepEqual(problemsOf('$Permission.Approve_Plans'), [
      '$Permission.Approve_Plans is not a custom permission of this org'
    ]);
    assert.deepEqual(problemsOf('$Permission.Approve_Plans', 'plan', ['approve_plans']), []);
  });

  test('ISCHANGED and PRIORVALUE take a field of the record itself', () => {
    assert.deepEqual(problemsOf('ISCHANGED(Business_Plan__r.Status__c)', 'objective'), [
      'ISCHANGED() takes a field of Plan_Objective__c, not Business_Plan__r.Status__c'
    ]);
    assert.deepEqual(problemsOf("PRIORVALUE(TEXT(Status__c)) = 'Draft'"), [
      'PRIORVALUE() takes a field of Business_Plan__c, not the result of TEXT()'
    ]);
    assert.deepEqual(problemsOf('ISNEW(Status__c)'), ['ISNEW() takes no arguments, not 1']);
  });

  test('reports type errors formulon finds, in branches a save might never reach too', () => {
    assert.deepEqual(problemsOf("ISPICKVAL(Name, 'Draft')"), [
      "Incorrect parameter type for function 'ISPICKVAL()'. Expected Picklist, received Text"
    ]);
    // Picklists compare only through ISPICKVAL, CASE or TEXT, as in Salesforce.
    assert.deepEqual(problemsOf("IF(ISNEW(), FALSE, Status__c = 'Draft')"), [
      "Incorrect parameter type for function 'EQUAL()'. Expected Text, Number, Date, Datetime, Checkbox, received Picklist"
    ]);
    assert.deepEqual(problemsOf('Budget__c + 1'), [
      "the formula returns number; a validation rule's condition must return TRUE or FALSE"
    ]);
  });

  test('explains syntax errors formulon reports without detail', () => {
    assert.deepEqual(problemsOf('Owner:User.Id = $User.Id'), [
      'Syntax error. Polymorphic owner references (Owner:User.Field) are for objects queues can own; the local org has no queues, so write Owner.Field.'
    ]);
    assert.deepEqual(problemsOf('AND(ISNEW(), '), ['Syntax error.']);
  });

  test('allows at most 10 unique relationships per object, as Salesforce does', () => {
    const ten = [
      "CreatedBy.Profile.Name = 'x'",
      "CreatedBy.UserRole.Name = 'x'",
      "LastModifiedBy.Profile.Name = 'x'",
      "LastModifiedBy.UserRole.Name = 'x'",
      "Business_Plan__r.Owner.Profile.Name = 'x'",
      "Business_Plan__r.CreatedBy.Name = 'x'"
    ];
    const eleven = [...ten, "Business_Plan__r.LastModifiedBy.Name = 'x'"];
    assert.deepEqual(problemsOf(`OR(${ten.join(', ')})`, 'objective'), []);
    assert.deepEqual(problemsOf(`OR(${eleven.join(', ')})`, 'objective'), [
      'the rules span 11 unique relationships; Salesforce allows 10 per object'
    ]);
  });

  test('passes the rules in force-app', async () => {
    const packageDir = path.join(repoRoot, 'force-app');
    const schema = await loadSchema(packageDir);
    const { customPermissions } = await loadSecurityMetadata(packageDir, schema);
    assertValidationRulesEvaluable(schema, { customPermissions });
  });
});

/**
 * An SFDX package of force-app's objects with only the given validation rules, in a
 * temporary folder: the engine is tested on these rules alone (force-app's own workflow
 * rules have their tests in test/metadata).
 */
async function packageWith(rules: Array<{ object: string; name: string; formula: string; field?: string }>) {
  const dir = await mkdtemp(path.join(tmpdir(), 'localorg-rules-'));
  const objects = path.join(dir, 'main', 'default', 'objects');
  await cp(path.join(repoRoot, 'force-app', 'main', 'default', 'objects'), objects, {
    recursive: true,
    filter: (source) => !source.includes(`${path.sep}validationRules${path.sep}`)
  });
  for (const { object, name, formula, field } of rules) {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<ValidationRule xmlns="http://soap.sforce.com/2006/04/metadata">
  <fullName>${name}</fullName>
  <active>true</active>
  <errorConditionFormula>${formula.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')}</errorConditionFormula>
  ${field ? `<errorDisplayField>${field}</errorDisplayField>` : ''}
  <errorMessage>${name.replaceAll('_', ' ')}.</errorMessage>
</ValidationRule>
`;
    await mkdir(path.join(objects, object, 'validationRules'), { recursive: true });
    await writeFile(path.join(objects, object, 'validationRules', `${name}.validationRule-meta.xml`), xml);
  }
  return dir;
}

describe('workflow rules through the REST API', () => {
  let dir: string;
  let org: LocalOrg;
  let conn: Connection;
  let account: string;

  before(async () => {
    dir = await packageWith([
      {
        object: 'Business_Plan__c',
        name: 'Status_Moves_One_Step_Forward',
        field: 'Status__c',
        formula: `AND(
          ISCHANGED(Status__c),
          CASE(Status__c, 'Draft Outline', 1, 'Draft', 2, 'In Progress', 3, 'Completed', 4, 0)
            - CASE(PRIORVALUE(Status__c), 'Draft Outline', 1, 'Draft', 2, 'In Progress', 3, 'Completed', 4, 0) <> 1
        )`
      },
      {
        object: 'Business_Plan__c',
        name: 'Only_The_Owner_Moves_An_Outline_To_Draft',
        formula: `AND(ISCHANGED(Status__c), ISPICKVAL(PRIORVALUE(Status__c), 'Draft Outline'), $User.Id <> OwnerId)`
      },
      {
        object: 'Business_Plan__c',
        name: 'Only_Admins_And_Channel_Managers_Complete',
        formula: `AND(ISCHANGED(Status__c), ISPICKVAL(Status__c, 'Completed'),
          $Profile.Name <> 'System Administrator', $UserRole.Name <> 'Channel Manager')`
      },
      {
        object: 'Plan_Objective__c',
        name: 'Completed_Plans_Are_Closed',
        formula: `ISPICKVAL(Business_Plan__r.Status__c, 'Completed')`
      }
    ]);
    org = await startLocalOrg({ port: 0, seed: false, ui: false, packageDir: dir });
    conn = await signIn(org);
    account = await createRecord(conn, 'Account', { Name: 'Acme' });
  });

  after(async () => {
    await org?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const newPlan = (fields: Record<string, unknown>) =>
    createRecord(conn, 'Business_Plan__c', {
      Name: 'FY26',
      Partner_Account__c: account,
      Start_Date__c: '2026-01-01',
      End_Date__c: '2026-12-31',
      ...fields
    });

  /** The messages of the rules that refuse an update; [] when it saves. */
  async function refusals(type: string, values: Record<string, unknown>): Promise<string[]> {
    const result = await fetch(`${org.url}/services/data/v62.0/sobjects/${type}/${values.Id}`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${conn.accessToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...values, Id: undefined })
    });
    if (result.status === 204) return [];
    const errors = (await result.json()) as Array<{ errorCode: string; message: string }>;
    assert.ok(
      errors.every((e) => e.errorCode === 'FIELD_CUSTOM_VALIDATION_EXCEPTION'),
      JSON.stringify(errors)
    );
    return errors.map((e) => e.message);
  }

  test('a plan moves one status step forward at a time; a new plan starts in any status', async () => {
    const allowed = new Set(['Draft Outline>Draft', 'Draft>In Progress', 'In Progress>Completed']);
    for (const from of STATUSES) {
      for (const to of STATUSES) {
        const id = await newPlan({ Status__c: from });
        const expected =
          from === to || allowed.has(`${from}>${to}`) ? [] : ['Status Moves One Step Forward.'];
        assert.deepEqual(
          await refusals('Business_Plan__c', { Id: id, Status__c: to }),
          expected,
          `${from} → ${to}`
        );
      }
    }
  });

  test('only the plan’s owner moves it from Draft Outline to Draft', async () => {
    const profiles = await conn.query<{ Id: string }>("SELECT Id FROM Profile WHERE Name = 'Standard User'");
    const manager = await createRecord(conn, 'User', {
      LastName: 'Channel',
      Username: 'manager@localorg.test',
      Email: 'manager@localorg.test',
      ProfileId: profiles.records[0]?.Id
    });
    const theirs = await newPlan({ OwnerId: manager });
    assert.deepEqual(await refusals('Business_Plan__c', { Id: theirs, Status__c: 'Draft' }), [
      'Only The Owner Moves An Outline To Draft.'
    ]);
    // Taking the plan over in the same save makes the signed-in admin the owner the rule sees.
    const admin = (await conn.identity()).user_id;
    assert.deepEqual(
      await refusals('Business_Plan__c', { Id: theirs, Status__c: 'Draft', OwnerId: admin }),
      []
    );
  });

  test('objectives of a completed plan cannot be added or changed', async () => {
    const plan = await newPlan({ Status__c: 'In Progress' });
    const objective = await createRecord(conn, 'Plan_Objective__c', {
      Name: 'Pipeline',
      Business_Plan__c: plan,
      Type__c: 'Custom',
      Weight__c: 50
    });
    assert.deepEqual(await refusals('Business_Plan__c', { Id: plan, Status__c: 'Completed' }), []);
    assert.deepEqual(await refusals('Plan_Objective__c', { Id: objective, Weight__c: 60 }), [
      'Completed Plans Are Closed.'
    ]);
    await assert.rejects(
      conn
        .sobject('Plan_Objective__c')
        .create({ Name: 'Late', Business_Plan__c: plan, Type__c: 'Custom', Weight__c: 10 }),
      { errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Completed Plans Are Closed.' }
    );
  });
});

test('the local org refuses to start with a rule it cannot evaluate', async () => {
  const dir = await packageWith([{ object: 'Business_Plan__c', name: 'Cloned', formula: 'ISCLONE()' }]);
  try {
    await assert.rejects(
      startLocalOrg({ port: 0, seed: false, ui: false, packageDir: dir }),
      /Business_Plan__c\.Cloned: the function ISCLONE is not supported by the local org/
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
