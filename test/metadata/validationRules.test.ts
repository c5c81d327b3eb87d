// force-app's validation rules, compiled and evaluated by the local org's formula engine (the
// one that enforces them on every save) on hand-built saves: the old record, the new record,
// the user and their custom permissions. Each rule must compile against the schema read from
// force-app, block exactly the saves the issue forbids, and every rule must be seen blocking.
// The status workflow is checked pair by pair and persona by persona against a plain reading
// of the workflow, written below without any formula.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { compileFormula, type CompiledFormula } from '../../localorg/src/formula/compile.ts';
import { evaluateFormula } from '../../localorg/src/formula/evaluate.ts';
import { isError } from '../../localorg/src/formula/formulon.ts';
import { fetchParents } from '../../localorg/src/formula/parents.ts';
import { loadSchema } from '../../localorg/src/schema/index.ts';
import type { ObjectDef, RecordValues, Schema } from '../../localorg/src/schema/types.ts';
import { validationRuleProblems } from '../../localorg/src/store/validationRules.ts';
import { customPermissionNames, packageDir } from './forceApp.ts';

const STATUSES = ['Draft Outline', 'Draft', 'In Progress', 'Completed'] as const;
type Status = (typeof STATUSES)[number];

const NOW = new Date('2026-03-15T12:00:00.000Z');
const TODAY = '2026-03-15';

// Ids in the shapes a real org gives (key prefixes 005 User, 003 Contact, 001 Account).
const id = (prefix: string, n: number): string => `${prefix}${String(n).padStart(12, '0')}AAA`;
const USER = {
  channelManager: id('005', 1),
  owner: id('005', 2),
  admin: id('005', 3),
  partnerPrimary: id('005', 4),
  partnerOther: id('005', 5),
  colleague: id('005', 6)
};
const PARTNER_ACCOUNT = id('001', 1);
const OTHER_ACCOUNT = id('001', 2);
const PRIMARY_CONTACT = id('003', 1);
const OTHER_CONTACT = id('003', 2);
const STRANGER_CONTACT = id('003', 3);

interface Persona {
  label: string;
  user: RecordValues;
  permissions: string[];
}

const internal = (userId: string): RecordValues => ({ Id: userId, UserType: 'Standard', ContactId: null });
const partnerUser = (userId: string, contactId: string): RecordValues => ({
  Id: userId,
  UserType: 'PowerPartner',
  ContactId: contactId
});

const CHANNEL_MANAGER_PERMISSIONS = ['Check_Off_Action_Items'];
const PERSONA = {
  channelManager: {
    label: 'channel manager',
    user: internal(USER.channelManager),
    permissions: CHANNEL_MANAGER_PERMISSIONS
  },
  owner: { label: 'owner', user: internal(USER.owner), permissions: CHANNEL_MANAGER_PERMISSIONS },
  admin: {
    label: 'business planning admin',
    user: internal(USER.admin),
    permissions: ['Override_Plan_Workflow', 'Check_Off_Action_Items']
  },
  partnerPrimary: {
    label: 'primary partner contact',
    user: partnerUser(USER.partnerPrimary, PRIMARY_CONTACT),
    permissions: []
  },
  partnerOther: {
    label: 'other partner user',
    user: partnerUser(USER.partnerOther, OTHER_CONTACT),
    permissions: []
  },
  partnerExecutive: {
    label: 'partner executive',
    user: partnerUser(USER.partnerOther, OTHER_CONTACT),
    permissions: ['Check_Off_Action_Items']
  },
  colleague: { label: 'another employee', user: internal(USER.colleague), permissions: [] },
  connector: {
    label: 'connector',
    user: internal(id('005', 9)),
    permissions: ['Write_Calculated_Fields']
  }
} satisfies Record<string, Persona>;

/** Records the rules reach through relationship paths, by Id. */
const PARENTS = new Map<string, RecordValues>([
  [PRIMARY_CONTACT, { Id: PRIMARY_CONTACT, AccountId: PARTNER_ACCOUNT }],
  [OTHER_CONTACT, { Id: OTHER_CONTACT, AccountId: PARTNER_ACCOUNT }],
  [STRANGER_CONTACT, { Id: STRANGER_CONTACT, AccountId: OTHER_ACCOUNT }],
  ...Object.values(PERSONA).map((p): [string, RecordValues] => [p.user.Id as string, p.user])
]);

interface Compiled {
  name: string;
  formula: CompiledFormula;
}

let schema: Schema;
const compiled = new Map<string, Compiled[]>();
/** Rules seen blocking a save in some test, by Object.Rule. */
const seenBlocking = new Set<string>();

/** The names of the rules that block this save (empty when it saves). */
async function blockedBy(
  objectName: string,
  save: { old?: RecordValues | null; new: RecordValues; as: Persona }
): Promise<string[]> {
  const o = schema.object(objectName) as ObjectDef;
  const rules = compiled.get(o.name) ?? [];
  const newRecord = save.new;
  const parents = await fetchParents(
    rules.flatMap((r) => r.formula.paths),
    newRecord,
    async (_object, recordId) => PARENTS.get(recordId)
  );
  const context = {
    newRecord,
    oldRecord: save.old ?? null,
    parents,
    globals: { user: save.as.user, profile: null, userRole: null, permissions: new Set(save.as.permissions) },
    now: NOW,
    timeZoneSidKey: 'UTC'
  };
  const blocking: string[] = [];
  for (const { name, formula } of rules) {
    const result = evaluateFormula(formula, context);
    if (isError(result)) assert.fail(`${o.name}.${name} failed to evaluate: ${result.message}`);
    if (result.value === true) {
      blocking.push(name);
      seenBlocking.add(`${o.name}.${name}`);
    }
  }
  return blocking;
}

before(async () => {
  schema = await loadSchema(packageDir);
  for (const o of schema.objects) {
    for (const rule of o.validationRules) {
      assert.ok(rule.active, `${o.name}.${rule.name} is inactive`);
      const result = compileFormula(rule.errorConditionFormula, o, schema);
      assert.ok(result.ok, `${o.name}.${rule.name}: ${result.ok ? '' : result.problems.join('; ')}`);
      compiled.set(o.name, [...(compiled.get(o.name) ?? []), { name: rule.name, formula: result.formula }]);
    }
  }
});

describe('every validation rule', () => {
  test('compiles in the local org, naming only custom permissions force-app defines', async () => {
    assert.deepEqual(
      validationRuleProblems(schema, { customPermissions: await customPermissionNames() }),
      []
    );
  });

  test('shows a message a user can act on, next to the field it is about or at the top of the record', () => {
    const problems: string[] = [];
    for (const o of schema.objects) {
      for (const rule of o.validationRules) {
        const where = `${o.name}.${rule.name}`;
        if (rule.errorMessage.trim() === '') problems.push(`${where} has no message`);
        if (rule.errorMessage.length > 255) problems.push(`${where}: message over 255 characters`);
        if (/__c|__r|\$|\bnull\b/i.test(rule.errorMessage))
          problems.push(`${where}: message shows API names`);
        const field = rule.errorDisplayField;
        if (field !== null && !new RegExp(`\\b${field}\\b`).test(rule.errorConditionFormula))
          problems.push(`${where} shows its message at ${field}, which it does not check`);
        // Only the completed-plan rules are about the whole record; they read no field of their own.
        if (field === null && !/^Completed_Plan_\w+_Are_Closed$/.test(rule.name))
          problems.push(`${where} shows its message at the top of the page`);
      }
    }
    assert.deepEqual(problems, []);
  });
});

// ----------------------------------------------------------------------------------------
// Business plan workflow
// ----------------------------------------------------------------------------------------

const PLAN_ID = 'a0A000000000001AAA';

function plan(status: Status | null, fields: RecordValues = {}): RecordValues {
  return {
    Id: PLAN_ID,
    Name: 'FY26 Northwind',
    OwnerId: USER.owner,
    Channel_Manager__c: USER.channelManager,
    Partner_Account__c: PARTNER_ACCOUNT,
    Primary_Partner_Contact__c: PRIMARY_CONTACT,
    Start_Date__c: '2026-01-01',
    End_Date__c: '2026-12-31',
    Status__c: status,
    Is_Template__c: false,
    Template__c: null,
    Partner_Approved_By__c: null,
    Partner_Approved_On__c: null,
    ...fields
  };
}

/** The workflow, read plainly: may this persona move a plan from one status to another? */
function workflowAllows(
  from: Status,
  to: Status,
  who: { manager: boolean; admin: boolean; approver: boolean }
) {
  if (from === 'Completed' && !who.admin) return false; // completed plans are closed, even to a plain save
  if (from === to) return true;
  if (Math.abs(STATUSES.indexOf(to) - STATUSES.indexOf(from)) !== 1) return false; // one step at a time
  if (from === 'Draft' && to === 'In Progress') return who.manager || who.approver; // the partner's approval
  return who.manager || who.admin; // sharing, completing, stepping back, reopening
}

/** The save the UI makes to move a plan: approving also stamps who approved and when. */
function move(from: Status, to: Status, as: Persona, old: RecordValues = plan(from)) {
  const approving = from === 'Draft' && to === 'In Progress';
  const stamps = approving
    ? { Partner_Approved_By__c: as.user.Id, Partner_Approved_On__c: NOW.toISOString() }
    : {};
  return { old, new: { ...old, Status__c: to, ...stamps }, as };
}

describe('business plan status workflow', () => {
  const cases: Array<{
    who: Persona;
    old: (s: Status) => RecordValues;
    manager: boolean;
    approver: boolean;
  }> = [
    { who: PERSONA.channelManager, old: (s) => plan(s), manager: true, approver: false },
    // With no channel manager named, the owner is the channel manager.
    { who: PERSONA.owner, old: (s) => plan(s, { Channel_Manager__c: null }), manager: true, approver: false },
    // An owner who has named someone else as channel manager is not.
    { who: PERSONA.owner, old: (s) => plan(s), manager: false, approver: false },
    { who: PERSONA.admin, old: (s) => plan(s), manager: false, approver: false },
    { who: PERSONA.partnerPrimary, old: (s) => plan(s), manager: false, approver: true },
    { who: PERSONA.partnerOther, old: (s) => plan(s), manager: false, approver: false },
    { who: PERSONA.colleague, old: (s) => plan(s), manager: false, approver: false }
  ];

  for (const { who, old, manager, approver } of cases) {
    const label = `${who.label}${who === PERSONA.owner ? (manager ? ' (no channel manager named)' : ' (someone else is channel manager)') : ''}`;
    test(`every status pair for the ${label}`, async () => {
      const admin = who.permissions.includes('Override_Plan_Workflow');
      const wrong: string[] = [];
      for (const from of STATUSES) {
        for (const to of STATUSES) {
          const expected = workflowAllows(from, to, { manager, admin, approver });
          const blocking = await blockedBy('Business_Plan__c', move(from, to, who, old(from)));
          if ((blocking.length === 0) !== expected)
            wrong.push(
              `${from} → ${to}: ${expected ? 'allowed' : 'blocked'} expected, got [${blocking.join(', ')}]`
            );
        }
      }
      assert.deepEqual(wrong, []);
    });
  }

  test('refusals name the rule a user can act on', async () => {
    const { channelManager, partnerPrimary, partnerOther, colleague, admin } = PERSONA;
    assert.deepEqual(
      await blockedBy('Business_Plan__c', move('Draft Outline', 'In Progress', channelManager)),
      ['Status_Moves_One_Step_At_A_Time']
    );
    assert.deepEqual(await blockedBy('Business_Plan__c', move('Draft Outline', 'Draft', colleague)), [
      'Only_Channel_Manager_Changes_Status'
    ]);
    assert.deepEqual(await blockedBy('Business_Plan__c', move('In Progress', 'Completed', partnerPrimary)), [
      'Only_Channel_Manager_Changes_Status'
    ]);
    assert.deepEqual(await blockedBy('Business_Plan__c', move('Draft', 'In Progress', partnerOther)), [
      'Only_Partner_Or_Channel_Manager_Approves'
    ]);
    // Admins move plans along but do not approve on the partner's behalf.
    assert.deepEqual(await blockedBy('Business_Plan__c', move('Draft', 'In Progress', admin)), [
      'Only_Partner_Or_Channel_Manager_Approves'
    ]);
    assert.deepEqual(
      await blockedBy('Business_Plan__c', {
        old: plan('Completed'),
        new: plan('Completed', { Summary__c: '<p>Late edit</p>' }),
        as: channelManager
      }),
      ['Completed_Plans_Are_Closed']
    );
  });

  test('a plan cannot lose its status; a plan without one may start at Draft Outline', async () => {
    const { channelManager } = PERSONA;
    assert.deepEqual(
      await blockedBy('Business_Plan__c', { old: plan('Draft'), new: plan(null), as: channelManager }),
      ['Status_Moves_One_Step_At_A_Time']
    );
    assert.deepEqual(
      await blockedBy('Business_Plan__c', {
        old: plan(null),
        new: plan('Draft Outline'),
        as: channelManager
      }),
      []
    );
  });

  test("the partner's approval records who approved and when, in that save and no other", async () => {
    const { partnerPrimary, channelManager, admin } = PERSONA;
    const approve = (stamps: RecordValues, old = plan('Draft')) => ({
      old,
      new: { ...old, Status__c: 'In Progress', ...stamps },
      as: partnerPrimary
    });
    const now = NOW.toISOString();
    assert.deepEqual(
      await blockedBy(
        'Business_Plan__c',
        approve({ Partner_Approved_By__c: USER.partnerPrimary, Partner_Approved_On__c: now })
      ),
      []
    );
    assert.deepEqual(await blockedBy('Business_Plan__c', approve({})), ['Approval_Records_Who_And_When']);
    // Naming somebody else as the approver.
    assert.deepEqual(
      await blockedBy(
        'Business_Plan__c',
        approve({ Partner_Approved_By__c: USER.channelManager, Partner_Approved_On__c: now })
      ),
      ['Approval_Records_Who_And_When']
    );
    // Re-approving after a step back must stamp a new time, not keep the old one.
    const earlier = plan('Draft', {
      Partner_Approved_By__c: USER.partnerPrimary,
      Partner_Approved_On__c: '2026-02-01T09:00:00.000Z'
    });
    assert.deepEqual(await blockedBy('Business_Plan__c', approve({}, earlier)), [
      'Approval_Records_Who_And_When'
    ]);
    // Claiming an approval outside the approving save.
    const claim = (as: Persona) => ({
      old: plan('In Progress'),
      new: plan('In Progress', { Partner_Approved_By__c: USER.partnerPrimary, Partner_Approved_On__c: now }),
      as
    });
    assert.deepEqual(await blockedBy('Business_Plan__c', claim(channelManager)), [
      'Approval_Recorded_Only_When_Approving'
    ]);
    assert.deepEqual(await blockedBy('Business_Plan__c', claim(admin)), []);
  });

  test('a plan goes to the partner only with partner account, primary contact and both dates', async () => {
    const { channelManager } = PERSONA;
    for (const missing of [
      'Partner_Account__c',
      'Primary_Partner_Contact__c',
      'Start_Date__c',
      'End_Date__c'
    ]) {
      const old = plan('Draft Outline', { [missing]: null });
      const blocking = await blockedBy('Business_Plan__c', {
        old,
        new: { ...old, Status__c: 'Draft' },
        as: channelManager
      });
      // Without a partner account, the primary contact cannot work for it either.
      const expected =
        missing === 'Partner_Account__c'
          ? ['Primary_Contact_Works_For_Partner', 'Ready_Before_Sharing_With_Partner']
          : ['Ready_Before_Sharing_With_Partner'];
      assert.deepEqual(blocking, expected, missing);
    }
  });

  test('new plans start in Draft Outline, except when an admin loads them', async () => {
    for (const status of STATUSES.slice(1)) {
      assert.deepEqual(
        await blockedBy('Business_Plan__c', { new: plan(status), as: PERSONA.channelManager }),
        ['New_Plans_Start_In_Draft_Outline'],
        status
      );
      assert.deepEqual(
        await blockedBy('Business_Plan__c', { new: plan(status), as: PERSONA.admin }),
        [],
        status
      );
    }
    assert.deepEqual(
      await blockedBy('Business_Plan__c', { new: plan('Draft Outline'), as: PERSONA.colleague }),
      []
    );
  });

  test('templates stay in Draft Outline, and plans come only from templates', async () => {
    const { channelManager, admin } = PERSONA;
    const template = plan('Draft Outline', {
      Is_Template__c: true,
      Partner_Account__c: null,
      Primary_Partner_Contact__c: null
    });
    assert.deepEqual(await blockedBy('Business_Plan__c', { new: template, as: admin }), []);
    assert.deepEqual(
      await blockedBy('Business_Plan__c', {
        old: template,
        new: { ...template, Status__c: 'Draft' },
        as: admin
      }),
      ['Ready_Before_Sharing_With_Partner', 'Templates_Stay_In_Draft_Outline']
    );
    const TEMPLATE_ID = 'a0A000000000009AAA';
    const NOT_A_TEMPLATE_ID = 'a0A000000000008AAA';
    PARENTS.set(TEMPLATE_ID, plan('Draft Outline', { Id: TEMPLATE_ID, Is_Template__c: true }));
    PARENTS.set(NOT_A_TEMPLATE_ID, plan('In Progress', { Id: NOT_A_TEMPLATE_ID }));
    const fromTemplate = (templateId: string) => ({
      new: plan('Draft Outline', { Template__c: templateId }),
      as: channelManager
    });
    assert.deepEqual(await blockedBy('Business_Plan__c', fromTemplate(TEMPLATE_ID)), []);
    assert.deepEqual(await blockedBy('Business_Plan__c', fromTemplate(NOT_A_TEMPLATE_ID)), [
      'Template_Is_A_Template'
    ]);
    // A plan made from a template that was later unmarked can still be saved.
    const made = plan('Draft', { Template__c: NOT_A_TEMPLATE_ID });
    assert.deepEqual(
      await blockedBy('Business_Plan__c', {
        old: made,
        new: { ...made, Summary__c: 'x' },
        as: channelManager
      }),
      []
    );
  });

  test('the primary contact works for the partner, and the channel manager is an employee', async () => {
    const { channelManager } = PERSONA;
    assert.deepEqual(
      await blockedBy('Business_Plan__c', {
        new: plan('Draft Outline', { Primary_Partner_Contact__c: STRANGER_CONTACT }),
        as: channelManager
      }),
      ['Primary_Contact_Works_For_Partner']
    );
    assert.deepEqual(
      await blockedBy('Business_Plan__c', {
        new: plan('Draft Outline', { Channel_Manager__c: USER.partnerPrimary }),
        as: channelManager
      }),
      ['Channel_Manager_Is_Internal']
    );
  });
});

// ----------------------------------------------------------------------------------------
// Records of a plan
// ----------------------------------------------------------------------------------------

const PLANS: Record<Status, string> = {
  'Draft Outline': 'a0A000000000011AAA',
  Draft: 'a0A000000000012AAA',
  'In Progress': 'a0A000000000013AAA',
  Completed: 'a0A000000000014AAA'
};
for (const status of STATUSES) PARENTS.set(PLANS[status], plan(status, { Id: PLANS[status] }));

const OBJECTIVES = {
  custom: 'a0B000000000001AAA',
  computed: 'a0B000000000002AAA',
  completedPlan: 'a0B000000000003AAA'
};
PARENTS.set(OBJECTIVES.custom, {
  Id: OBJECTIVES.custom,
  Type__c: 'Custom',
  Business_Plan__c: PLANS['In Progress']
});
PARENTS.set(OBJECTIVES.computed, {
  Id: OBJECTIVES.computed,
  Type__c: 'Deal Registration',
  Business_Plan__c: PLANS['In Progress']
});
PARENTS.set(OBJECTIVES.completedPlan, {
  Id: OBJECTIVES.completedPlan,
  Type__c: 'Custom',
  Business_Plan__c: PLANS.Completed
});

const ACCOUNT = id('001', 7);
const targetAccount = (planId: string, fields: RecordValues = {}): RecordValues => ({
  Business_Plan__c: planId,
  Account__c: ACCOUNT,
  Unique_Key__c: planId.slice(0, 15) + ACCOUNT.slice(0, 15),
  Status__c: 'Identified',
  ...fields
});
const actionItem = (fields: RecordValues = {}): RecordValues => ({
  Name: 'Joint webinar',
  Business_Plan__c: PLANS['In Progress'],
  Status__c: 'Not Started',
  Responsible_Party__c: 'Joint',
  Completed_By__c: null,
  Completed_On__c: null,
  ...fields
});

describe('records of a completed plan', () => {
  const children: Array<[string, (planId: string) => RecordValues]> = [
    [
      'Plan_Objective__c',
      (p) => ({ Name: 'Pipeline', Business_Plan__c: p, Type__c: 'Custom', Weight__c: 10 })
    ],
    ['Plan_Target_Account__c', (p) => targetAccount(p)],
    ['Plan_Action_Item__c', (p) => actionItem({ Business_Plan__c: p })],
    [
      'Business_Review__c',
      (p) => ({ Name: 'Q1 QBR', Business_Plan__c: p, Review_Date__c: '2026-03-01', Status__c: 'Held' })
    ]
  ];

  for (const [object, child] of children) {
    test(`${object}: cannot be added or changed once the plan is completed, except by an admin`, async () => {
      const { channelManager, admin } = PERSONA;
      const open = child(PLANS['In Progress']);
      const closed = child(PLANS.Completed);
      assert.deepEqual(await blockedBy(object, { new: open, as: channelManager }), []);
      assert.deepEqual(
        await blockedBy(object, { old: open, new: { ...open, Name: 'Renamed' }, as: channelManager }),
        []
      );
      const blocked = await blockedBy(object, { new: closed, as: channelManager });
      assert.equal(blocked.length, 1);
      assert.match(blocked[0] as string, /^Completed_Plan_\w+_Are_Closed$/);
      assert.deepEqual(
        await blockedBy(object, { old: closed, new: { ...closed, Name: 'Renamed' }, as: channelManager }),
        blocked
      );
      assert.deepEqual(await blockedBy(object, { new: closed, as: admin }), []);
    });
  }

  test('Objective_Target__c: closed through its objective two levels up', async () => {
    const target = (objective: string) => ({
      Plan_Objective__c: objective,
      Period_Key__c: `${objective}-2026-Q1`,
      Target__c: 5
    });
    assert.deepEqual(
      await blockedBy('Objective_Target__c', { new: target(OBJECTIVES.custom), as: PERSONA.channelManager }),
      []
    );
    assert.deepEqual(
      await blockedBy('Objective_Target__c', {
        new: target(OBJECTIVES.completedPlan),
        as: PERSONA.channelManager
      }),
      ['Completed_Plan_Targets_Are_Closed']
    );
  });

  test("the connector's final calculation pass may write a Completed plan, its objectives and targets", async () => {
    const { connector } = PERSONA;
    const completed = plan('Completed');
    assert.deepEqual(
      await blockedBy('Business_Plan__c', {
        old: completed,
        new: { ...completed, Progress__c: 55, Last_Calculated__c: NOW.toISOString() },
        as: connector
      }),
      []
    );
    const objective = {
      Name: 'Pipeline',
      Business_Plan__c: PLANS.Completed,
      Type__c: 'Deal Registration',
      Weight__c: 10,
      Actual__c: 4
    };
    assert.deepEqual(
      await blockedBy('Plan_Objective__c', {
        old: objective,
        new: { ...objective, Actual__c: 5 },
        as: connector
      }),
      []
    );
    assert.deepEqual(
      await blockedBy('Objective_Target__c', {
        new: {
          Plan_Objective__c: OBJECTIVES.completedPlan,
          Period_Key__c: `${OBJECTIVES.completedPlan}-Q-2026-01`,
          Actual__c: 3
        },
        as: connector
      }),
      []
    );
  });
});

describe('hand-entered actuals', () => {
  const objective = (type: string) => ({
    Name: 'Objective',
    Business_Plan__c: PLANS['In Progress'],
    Type__c: type,
    Weight__c: 10,
    Actual__c: 1
  });
  const target = (objectiveId: string) => ({
    Plan_Objective__c: objectiveId,
    Period_Key__c: `${objectiveId}-Q1`,
    Actual__c: 1
  });

  test('people change actuals only of Custom objectives; the connector and admins change any', async () => {
    const { channelManager, connector, admin } = PERSONA;
    for (const [old, object] of [
      [objective('Custom'), 'Plan_Objective__c'],
      [target(OBJECTIVES.custom), 'Objective_Target__c']
    ] as const)
      assert.deepEqual(
        await blockedBy(object, { old, new: { ...old, Actual__c: 7 }, as: channelManager }),
        []
      );
    for (const [old, object] of [
      [objective('Deal Registration'), 'Plan_Objective__c'],
      [target(OBJECTIVES.computed), 'Objective_Target__c']
    ] as const) {
      const save = (as: Persona) => ({ old, new: { ...old, Actual__c: 7 }, as });
      assert.deepEqual(await blockedBy(object, save(channelManager)), [
        'Actual_Entered_Only_For_Custom_Objectives'
      ]);
      assert.deepEqual(await blockedBy(object, save(connector)), []);
      assert.deepEqual(await blockedBy(object, save(admin)), []);
    }
  });

  test('an objective weight must be a whole number from 1 to 100', async () => {
    for (const weight of [1, 50, 100])
      assert.deepEqual(
        await blockedBy('Plan_Objective__c', {
          new: { ...objective('Custom'), Weight__c: weight },
          as: PERSONA.channelManager
        }),
        []
      );
    for (const weight of [null, 0, -5, 101])
      assert.deepEqual(
        await blockedBy('Plan_Objective__c', {
          new: { ...objective('Custom'), Weight__c: weight },
          as: PERSONA.channelManager
        }),
        ['Weight_Between_1_And_100'],
        String(weight)
      );
  });
});

describe('action item checklist', () => {
  const checkOff = (
    as: Persona,
    stamps: RecordValues = { Completed_By__c: as.user.Id, Completed_On__c: NOW.toISOString() }
  ) => ({
    old: actionItem(),
    new: actionItem({ Status__c: 'Completed', ...stamps }),
    as
  });

  test('only partner executives and managers, channel managers and admins check items off', async () => {
    const { partnerExecutive, channelManager, admin, partnerPrimary, partnerOther, colleague } = PERSONA;
    for (const who of [partnerExecutive, channelManager, admin])
      assert.deepEqual(await blockedBy('Plan_Action_Item__c', checkOff(who)), [], who.label);
    for (const who of [partnerPrimary, partnerOther, colleague])
      assert.deepEqual(
        await blockedBy('Plan_Action_Item__c', checkOff(who)),
        ['Check_Off_Needs_Permission'],
        who.label
      );
  });

  test('reopening a completed item needs the same permission and clears the completion', async () => {
    const done = actionItem({
      Status__c: 'Completed',
      Completed_By__c: USER.channelManager,
      Completed_On__c: NOW.toISOString()
    });
    const reopen = (as: Persona, fields: RecordValues) => ({
      old: done,
      new: { ...done, Status__c: 'In Progress', ...fields },
      as
    });
    const cleared = { Completed_By__c: null, Completed_On__c: null };
    assert.deepEqual(await blockedBy('Plan_Action_Item__c', reopen(PERSONA.partnerExecutive, cleared)), []);
    assert.deepEqual(await blockedBy('Plan_Action_Item__c', reopen(PERSONA.partnerOther, cleared)), [
      'Check_Off_Needs_Permission'
    ]);
    assert.deepEqual(await blockedBy('Plan_Action_Item__c', reopen(PERSONA.partnerExecutive, {})), [
      'Completion_Is_Recorded'
    ]);
    // Anyone may work on an open item.
    assert.deepEqual(
      await blockedBy('Plan_Action_Item__c', {
        old: actionItem(),
        new: actionItem({ Status__c: 'In Progress' }),
        as: PERSONA.partnerOther
      }),
      []
    );
  });

  test('checking off records the user who did it, and when', async () => {
    const { partnerExecutive, admin } = PERSONA;
    assert.deepEqual(await blockedBy('Plan_Action_Item__c', checkOff(partnerExecutive, {})), [
      'Completion_Is_Recorded',
      'Completion_Recorded_By_Checker'
    ]);
    assert.deepEqual(
      await blockedBy(
        'Plan_Action_Item__c',
        checkOff(partnerExecutive, {
          Completed_By__c: USER.channelManager,
          Completed_On__c: NOW.toISOString()
        })
      ),
      ['Completion_Recorded_By_Checker']
    );
    // Admins may load completions in somebody else's name.
    assert.deepEqual(
      await blockedBy(
        'Plan_Action_Item__c',
        checkOff(admin, { Completed_By__c: USER.channelManager, Completed_On__c: NOW.toISOString() })
      ),
      []
    );
  });
});

describe('other records', () => {
  test('a target account is on a plan once: its key names its plan and account', async () => {
    const { partnerPrimary } = PERSONA;
    const row = targetAccount(PLANS['In Progress']);
    assert.deepEqual(await blockedBy('Plan_Target_Account__c', { new: row, as: partnerPrimary }), []);
    for (const key of [
      null,
      '',
      PLANS.Draft.slice(0, 15) + ACCOUNT.slice(0, 15),
      PLANS['In Progress'] + ACCOUNT
    ])
      assert.deepEqual(
        await blockedBy('Plan_Target_Account__c', {
          new: { ...row, Unique_Key__c: key },
          as: partnerPrimary
        }),
        ['Target_Account_Key_Matches'],
        String(key)
      );
    // Changing the account without changing the key.
    assert.deepEqual(
      await blockedBy('Plan_Target_Account__c', {
        old: row,
        new: { ...row, Account__c: id('001', 8) },
        as: partnerPrimary
      }),
      ['Target_Account_Key_Matches']
    );
  });

  test('a review is held on or after its date', async () => {
    const review = (date: string, status: string) => ({
      Name: 'Q1 QBR',
      Business_Plan__c: PLANS['In Progress'],
      Review_Date__c: date,
      Status__c: status
    });
    const { channelManager } = PERSONA;
    assert.deepEqual(
      await blockedBy('Business_Review__c', { new: review(TODAY, 'Held'), as: channelManager }),
      []
    );
    assert.deepEqual(
      await blockedBy('Business_Review__c', { new: review('2026-03-16', 'Scheduled'), as: channelManager }),
      []
    );
    assert.deepEqual(
      await blockedBy('Business_Review__c', { new: review('2026-03-16', 'Held'), as: channelManager }),
      ['Held_Reviews_Are_Not_In_The_Future']
    );
  });

  test('a completed course assignment has its completion date', async () => {
    const assignment = (status: string, date: string | null) => ({
      Status__c: status,
      Completed_Date__c: date
    });
    const { admin } = PERSONA;
    assert.deepEqual(
      await blockedBy('Course_Assignment__c', { new: assignment('Completed', '2026-02-01'), as: admin }),
      []
    );
    assert.deepEqual(
      await blockedBy('Course_Assignment__c', { new: assignment('In Progress', null), as: admin }),
      []
    );
    assert.deepEqual(
      await blockedBy('Course_Assignment__c', { new: assignment('Completed', null), as: admin }),
      ['Completed_Assignments_Have_A_Date']
    );
  });

  test('a job says what to do, and on which plan unless it recalculates every plan', async () => {
    const job = (type: string | null, planId: string | null) => ({
      Type__c: type,
      Business_Plan__c: planId,
      Status__c: 'Queued'
    });
    const { channelManager } = PERSONA;
    assert.deepEqual(
      await blockedBy('Plan_Job__c', { new: job('Recalculate', null), as: channelManager }),
      []
    );
    assert.deepEqual(
      await blockedBy('Plan_Job__c', { new: job('Apply Template', PLAN_ID), as: channelManager }),
      []
    );
    assert.deepEqual(await blockedBy('Plan_Job__c', { new: job(null, PLAN_ID), as: channelManager }), [
      'Job_Needs_A_Type'
    ]);
    for (const type of ['Apply Template', 'Snapshot Review'])
      assert.deepEqual(
        await blockedBy('Plan_Job__c', { new: job(type, null), as: channelManager }),
        ['Job_Needs_A_Plan'],
        type
      );
  });

  test('a job is claimed once: only a Queued job may become Running', async () => {
    const { connector } = PERSONA;
    const saved = (status: string) => ({ Type__c: 'Recalculate', Business_Plan__c: null, Status__c: status });
    const claim = (from: string) =>
      blockedBy('Plan_Job__c', { old: saved(from), new: saved('Running'), as: connector });
    assert.deepEqual(await claim('Queued'), []);
    // A second connector instance saving Running over Running is refused, though nothing changes.
    for (const from of ['Running', 'Done', 'Failed'])
      assert.deepEqual(await claim(from), ['Job_Runs_Once'], from);
    assert.deepEqual(
      await blockedBy('Plan_Job__c', { old: saved('Running'), new: saved('Done'), as: connector }),
      []
    );
  });

  test('plan and period dates may end on the day they start but not before', async () => {
    const { admin } = PERSONA;
    const dated = (start: string | null, end: string | null) =>
      plan('Draft Outline', { Start_Date__c: start, End_Date__c: end });
    assert.deepEqual(
      await blockedBy('Business_Plan__c', { new: dated('2026-01-01', '2025-12-31'), as: admin }),
      ['End_Date_On_Or_After_Start_Date']
    );
    for (const [start, end] of [
      ['2026-01-01', '2026-01-01'],
      ['2026-01-01', '2026-12-31'],
      [null, '2026-12-31'],
      ['2026-01-01', null]
    ] as const)
      assert.deepEqual(
        await blockedBy('Business_Plan__c', { new: dated(start, end), as: admin }),
        [],
        `${start}..${end}`
      );
    const period = (start: string | null, end: string | null) => ({
      Plan_Objective__c: OBJECTIVES.custom,
      Period_Start__c: start,
      Period_End__c: end
    });
    assert.deepEqual(
      await blockedBy('Objective_Target__c', { new: period('2026-04-01', '2026-03-31'), as: admin }),
      ['Period_End_On_Or_After_Period_Start']
    );
    assert.deepEqual(
      await blockedBy('Objective_Target__c', { new: period('2026-04-01', '2026-04-01'), as: admin }),
      []
    );
    assert.deepEqual(await blockedBy('Objective_Target__c', { new: period(null, null), as: admin }), []);
  });
});

after(() => {
  const never = schema.objects.flatMap((o) =>
    o.validationRules.map((r) => `${o.name}.${r.name}`).filter((name) => !seenBlocking.has(name))
  );
  assert.deepEqual(never, [], 'rules no test saw blocking a save');
});
