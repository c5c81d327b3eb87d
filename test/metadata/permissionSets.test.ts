// Who may do what, as force-app declares it: one permission set per persona with least
// privilege, the custom permissions the validation rules read, the organization-wide
// defaults and the restriction rule. The local org enforces these same files; this test
// holds them to the rules before anything runs.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { before, describe, test } from 'node:test';
import type { ComponentSet, SourceComponent } from '@salesforce/source-deploy-retrieve';
import { list, loadPackage, metadataOf, rawText, withChildren } from './forceApp.ts';

type Xml = Record<string, unknown>;

interface ObjectGrant {
  create: boolean;
  read: boolean;
  edit: boolean;
  delete: boolean;
  viewAll: boolean;
  modifyAll: boolean;
}

interface PermissionSet {
  objects: Map<string, ObjectGrant>;
  /** Field permissions by Object.Field: 'edit' or 'read'. */
  fields: Map<string, 'edit' | 'read'>;
  customPermissions: string[];
  userPermissions: string[];
  tabs: string[];
}

const PERSONAS = [
  'Business_Planning_Admin',
  'Channel_Manager',
  'Partner_Planner',
  'Partner_Executive',
  'Connector_Integration'
] as const;
type Persona = (typeof PERSONAS)[number];
const PEOPLE: Persona[] = [
  'Business_Planning_Admin',
  'Channel_Manager',
  'Partner_Planner',
  'Partner_Executive'
];
const PARTNERS: Persona[] = ['Partner_Planner', 'Partner_Executive'];

/** Fields only the connector writes: people read them. */
const CONNECTOR_WRITES = [
  'Business_Plan__c.Progress__c',
  'Business_Plan__c.Last_Calculated__c',
  'Business_Plan__c.Next_Review_Date__c',
  'Business_Plan__c.Partner_Notified_On__c',
  'Plan_Objective__c.Progress__c',
  'Plan_Objective__c.Calculation_Status__c',
  'Plan_Objective__c.Calculation_Message__c',
  'Objective_Target__c.Period_Key__c',
  'Objective_Target__c.Period_Label__c',
  'Objective_Target__c.Period_Start__c',
  'Objective_Target__c.Period_End__c',
  'Objective_Target__c.Progress__c',
  'Business_Review__c.Progress_Snapshot__c',
  'Business_Review__c.Plan_Progress__c',
  'Plan_Job__c.Status__c',
  'Plan_Job__c.Result__c',
  'Plan_Job__c.Error__c',
  'Plan_Job__c.Started_On__c',
  'Plan_Job__c.Finished_On__c'
];
/** Computed by the connector, except for Custom objectives, whose actuals people enter. */
const ACTUALS = ['Plan_Objective__c.Actual__c', 'Objective_Target__c.Actual__c'];
/** What defines an objective and what it is measured against: never the partner's to change. */
const OBJECTIVE_DEFINITION = [
  'Plan_Objective__c.Type__c',
  'Plan_Objective__c.Category__c',
  'Plan_Objective__c.Description__c',
  'Plan_Objective__c.Weight__c',
  'Plan_Objective__c.Target__c',
  'Plan_Objective__c.Period_Type__c',
  'Plan_Objective__c.Aggregate_Function__c',
  'Plan_Objective__c.Aggregate_Field__c',
  'Plan_Objective__c.Criteria__c',
  'Objective_Target__c.Target__c'
];
const PLAN_NARRATIVE = [
  'Business_Plan__c.Summary__c',
  'Business_Plan__c.Joint_Value_Proposition__c',
  'Business_Plan__c.Go_To_Market_Strategy__c',
  'Business_Plan__c.Vendor_Investment__c',
  'Business_Plan__c.Risks_And_Escalation_Path__c'
];
const PLAN_APPROVAL = [
  'Business_Plan__c.Status__c',
  'Business_Plan__c.Partner_Approved_By__c',
  'Business_Plan__c.Partner_Approved_On__c'
];
const CHECK_OFF = ['Plan_Action_Item__c.Completed_By__c', 'Plan_Action_Item__c.Completed_On__c'];
const PLAN_CHILDREN = [
  'Plan_Objective__c',
  'Objective_Target__c',
  'Plan_Target_Account__c',
  'Plan_Action_Item__c',
  'Business_Review__c'
];

const flag = (value: unknown): boolean => String(value) === 'true';
const NONE: ObjectGrant = {
  create: false,
  read: false,
  edit: false,
  delete: false,
  viewAll: false,
  modifyAll: false
};

let set: ComponentSet;
const sets = new Map<string, PermissionSet>();
/** Every custom field: its type and whether it is universally required. */
const customFields = new Map<string, { type: string; required: boolean }>();
const customObjects = new Map<string, Xml>();

const ps = (name: Persona): PermissionSet => sets.get(name) as PermissionSet;
const objectGrant = (name: Persona, object: string): ObjectGrant => ps(name).objects.get(object) ?? NONE;
const editable = (name: Persona): string[] =>
  [...ps(name).fields].filter(([, access]) => access === 'edit').map(([field]) => field);

function parsePermissionSet(xml: Xml): PermissionSet {
  const enabled = (entries: unknown) =>
    list(entries as Xml | Xml[] | undefined)
      .filter((entry) => flag(entry.enabled))
      .map((entry) => String(entry.name));
  return {
    objects: new Map(
      list(xml.objectPermissions as Xml | Xml[] | undefined).map((entry) => [
        String(entry.object),
        {
          create: flag(entry.allowCreate),
          read: flag(entry.allowRead),
          edit: flag(entry.allowEdit),
          delete: flag(entry.allowDelete),
          viewAll: flag(entry.viewAllRecords),
          modifyAll: flag(entry.modifyAllRecords)
        }
      ])
    ),
    fields: new Map(
      list(xml.fieldPermissions as Xml | Xml[] | undefined)
        .filter((entry) => flag(entry.readable) || flag(entry.editable))
        .map((entry) => [String(entry.field), flag(entry.editable) ? 'edit' : 'read'])
    ),
    customPermissions: enabled(xml.customPermissions).sort(),
    userPermissions: enabled(xml.userPermissions).sort(),
    tabs: list(xml.tabSettings as Xml | Xml[] | undefined).map((entry) => String(entry.tab))
  };
}

const ofType = (type: string): SourceComponent[] =>
  withChildren(set).filter((component) => component.type.name === type);

before(async () => {
  set = await loadPackage();
  for (const component of ofType('PermissionSet'))
    sets.set(component.fullName, parsePermissionSet(await metadataOf(component)));
  for (const component of ofType('CustomObject'))
    customObjects.set(component.fullName, await metadataOf(component));
  for (const component of ofType('CustomField')) {
    const xml = await metadataOf(component);
    customFields.set(component.fullName, { type: String(xml.type), required: flag(xml.required) });
  }
});

/** Custom fields that can take field permissions (Salesforce refuses them on master-detail and required fields). */
const grantable = (object?: string): string[] =>
  [...customFields]
    .filter(
      ([name, f]) => f.type !== 'MasterDetail' && !f.required && (!object || name.startsWith(`${object}.`))
    )
    .map(([name]) => name);

describe('permission sets', () => {
  test('there is one per persona and no other', () => {
    assert.deepEqual([...sets.keys()].sort(), [...PERSONAS].sort());
  });

  test('name only objects and fields that exist, and no field Salesforce refuses permissions for', () => {
    const standard = new Set(['Account', 'Contact', 'Lead', 'Opportunity']);
    const problems: string[] = [];
    for (const [name, p] of sets) {
      for (const object of p.objects.keys())
        if (!customObjects.has(object) && !standard.has(object)) problems.push(`${name}: object ${object}`);
      for (const field of p.fields.keys()) {
        const f = customFields.get(field);
        if (!f) problems.push(`${name}: field ${field} does not exist`);
        else if (f.type === 'MasterDetail' || f.required)
          problems.push(`${name}: ${field} is always visible`);
      }
      const tabs = new Set(ofType('CustomTab').map((c) => c.fullName));
      for (const tab of p.tabs) if (!tabs.has(tab)) problems.push(`${name}: tab ${tab}`);
    }
    assert.deepEqual(problems, []);
  });

  test('grant the permissions Salesforce makes each permission depend on', () => {
    const problems: string[] = [];
    for (const [name, p] of sets) {
      for (const [object, g] of p.objects) {
        const where = `${name} ${object}`;
        if (g.modifyAll && !(g.viewAll && g.delete && g.edit && g.read))
          problems.push(`${where}: Modify All without View All, Delete, Edit and Read`);
        if (g.viewAll && !g.read) problems.push(`${where}: View All without Read`);
        if (g.delete && !g.edit) problems.push(`${where}: Delete without Edit`);
        if ((g.create || g.edit) && !g.read) problems.push(`${where}: Create or Edit without Read`);
      }
      for (const field of p.fields.keys()) {
        const object = field.split('.')[0] as string;
        if (!p.objects.get(object)?.read) problems.push(`${name}: ${field} on an object it cannot read`);
      }
    }
    assert.deepEqual(problems, []);
  });

  test('channel managers and admins read every custom field that takes field permissions', () => {
    for (const name of ['Channel_Manager', 'Business_Planning_Admin'] as const)
      assert.deepEqual(
        grantable().filter((field) => !ps(name).fields.has(field)),
        [],
        `fields ${name} cannot read`
      );
  });

  test('people never edit what the connector writes, which the fields describe as not edited by hand', async () => {
    // The list above and the fields' own descriptions agree.
    const described: string[] = [];
    for (const component of ofType('CustomField')) {
      const text = rawText(await readFile(component.xml as string, 'utf8'), 'description') ?? '';
      if (/not edited by hand/i.test(text)) described.push(component.fullName);
    }
    assert.deepEqual(
      described.filter((field) => !CONNECTOR_WRITES.includes(field)),
      [],
      'fields described as computed but missing from CONNECTOR_WRITES'
    );
    for (const name of PEOPLE) {
      // Admins may fail a job stuck in Running, with its reason.
      const allowed =
        name === 'Business_Planning_Admin' ? ['Plan_Job__c.Status__c', 'Plan_Job__c.Error__c'] : [];
      assert.deepEqual(
        CONNECTOR_WRITES.filter((field) => ps(name).fields.get(field) === 'edit' && !allowed.includes(field)),
        [],
        `${name} edits computed fields`
      );
    }
    assert.deepEqual(
      [...CONNECTOR_WRITES, ...ACTUALS].filter(
        (field) => ps('Connector_Integration').fields.get(field) !== 'edit'
      ),
      [],
      'computed fields the connector cannot write'
    );
  });

  test('only channel managers and admins enter actuals (of Custom objectives, as a validation rule says)', () => {
    for (const name of PERSONAS) {
      const edits = ACTUALS.filter((field) => ps(name).fields.get(field) === 'edit');
      assert.deepEqual(edits, PARTNERS.includes(name) ? [] : ACTUALS, name);
    }
  });

  test('custom permissions: only admins override the workflow, only the connector writes calculated fields', () => {
    const holders = (permission: string) =>
      PERSONAS.filter((name) => ps(name).customPermissions.includes(permission)).sort();
    assert.deepEqual(holders('Override_Plan_Workflow'), ['Business_Planning_Admin']);
    assert.deepEqual(holders('Write_Calculated_Fields'), ['Connector_Integration']);
    // Allbound: only partner executives and managers tick the checklist (and the vendor's people).
    assert.deepEqual(holders('Check_Off_Action_Items'), [
      'Business_Planning_Admin',
      'Channel_Manager',
      'Partner_Executive'
    ]);
    const defined = ofType('CustomPermission').map((c) => c.fullName);
    for (const name of PERSONAS)
      for (const permission of ps(name).customPermissions)
        assert.ok(defined.includes(permission), permission);
  });

  test('only the connector and admins see or change every record of an object', () => {
    const sweeping = new Map<string, string[]>();
    for (const name of PERSONAS)
      for (const [object, g] of ps(name).objects) {
        if (g.viewAll)
          sweeping.set(`${name} View All`, [...(sweeping.get(`${name} View All`) ?? []), object]);
        if (g.modifyAll)
          sweeping.set(`${name} Modify All`, [...(sweeping.get(`${name} Modify All`) ?? []), object]);
      }
    assert.deepEqual(Object.fromEntries([...sweeping].map(([k, v]) => [k, v.sort()])), {
      'Business_Planning_Admin View All': ['Business_Plan__c', 'Course_Assignment__c', 'Plan_Job__c'],
      'Business_Planning_Admin Modify All': ['Business_Plan__c', 'Course_Assignment__c', 'Plan_Job__c'],
      // The connector measures every partner's records and manages every plan's share rows and jobs.
      'Connector_Integration View All': [
        'Business_Plan__c',
        'Course_Assignment__c',
        'Lead',
        'Opportunity',
        'Plan_Job__c'
      ],
      'Connector_Integration Modify All': ['Business_Plan__c', 'Plan_Job__c']
    });
  });
});

describe('Partner Planner', () => {
  test('reads objectives and targets but never edits definitions, weights, targets or computed values', () => {
    for (const object of ['Plan_Objective__c', 'Objective_Target__c', 'Business_Review__c'])
      assert.deepEqual(objectGrant('Partner_Planner', object), { ...NONE, read: true }, object);
    assert.deepEqual(
      [...OBJECTIVE_DEFINITION, ...ACTUALS, ...CONNECTOR_WRITES].filter(
        (field) => ps('Partner_Planner').fields.get(field) === 'edit'
      ),
      []
    );
    for (const field of [
      'Plan_Objective__c.Weight__c',
      'Plan_Objective__c.Target__c',
      'Plan_Objective__c.Progress__c'
    ])
      assert.equal(ps('Partner_Planner').fields.get(field), 'read', field);
  });

  test("edits the plan's narrative and approves it, and nothing else of the plan", () => {
    assert.deepEqual(objectGrant('Partner_Planner', 'Business_Plan__c'), { ...NONE, read: true, edit: true });
    assert.deepEqual(
      editable('Partner_Planner')
        .filter((field) => field.startsWith('Business_Plan__c.'))
        .sort(),
      [...PLAN_NARRATIVE, ...PLAN_APPROVAL].sort()
    );
  });

  test('adds and edits target accounts and action items but deletes neither and cannot check items off', () => {
    for (const object of ['Plan_Target_Account__c', 'Plan_Action_Item__c'])
      assert.deepEqual(objectGrant('Partner_Planner', object), {
        ...NONE,
        read: true,
        create: true,
        edit: true
      });
    assert.deepEqual(
      grantable('Plan_Target_Account__c').filter(
        (field) => ps('Partner_Planner').fields.get(field) !== 'edit'
      ),
      []
    );
    assert.deepEqual(
      CHECK_OFF.map((field) => ps('Partner_Planner').fields.get(field)),
      ['read', 'read']
    );
    assert.deepEqual(ps('Partner_Planner').customPermissions, []);
  });

  test('never sees how objectives are measured, templates, jobs or course assignments', () => {
    const hidden = [
      'Plan_Objective__c.Aggregate_Function__c',
      'Plan_Objective__c.Aggregate_Field__c',
      'Plan_Objective__c.Criteria__c',
      'Plan_Objective__c.Calculation_Message__c',
      'Objective_Target__c.Period_Key__c',
      'Business_Plan__c.Is_Template__c',
      'Business_Plan__c.Template__c'
    ];
    for (const name of PARTNERS) {
      assert.deepEqual(
        hidden.filter((field) => ps(name).fields.has(field)),
        [],
        name
      );
      for (const object of ['Plan_Job__c', 'Course_Assignment__c', 'Lead', 'Opportunity'])
        assert.deepEqual(objectGrant(name, object), NONE, `${name} ${object}`);
      assert.deepEqual(ps(name).userPermissions, [], name);
    }
  });
});

describe('Partner Executive', () => {
  test('is Partner Planner plus checking off action items, and nothing more', () => {
    const planner = ps('Partner_Planner');
    const executive = ps('Partner_Executive');
    assert.deepEqual(executive.objects, planner.objects);
    assert.deepEqual(executive.tabs, planner.tabs);
    assert.deepEqual(executive.customPermissions, ['Check_Off_Action_Items']);
    const changed = [...new Set([...planner.fields.keys(), ...executive.fields.keys()])].filter(
      (field) => planner.fields.get(field) !== executive.fields.get(field)
    );
    assert.deepEqual(changed.sort(), CHECK_OFF);
    assert.deepEqual(
      CHECK_OFF.map((field) => executive.fields.get(field)),
      ['edit', 'edit']
    );
  });
});

describe('Channel Manager', () => {
  test("builds plans and their records, but never sees or changes other people's plans wholesale", () => {
    for (const object of [
      'Business_Plan__c',
      'Plan_Objective__c',
      'Plan_Target_Account__c',
      'Plan_Action_Item__c',
      'Business_Review__c'
    ])
      assert.deepEqual(
        objectGrant('Channel_Manager', object),
        { ...NONE, create: true, read: true, edit: true, delete: true },
        object
      );
    // Period rows belong to the connector; channel managers set their targets.
    assert.deepEqual(objectGrant('Channel_Manager', 'Objective_Target__c'), {
      ...NONE,
      read: true,
      edit: true
    });
    assert.deepEqual(objectGrant('Channel_Manager', 'Plan_Job__c'), { ...NONE, create: true, read: true });
    assert.equal(ps('Channel_Manager').fields.get('Business_Plan__c.Is_Template__c'), 'read');
    assert.deepEqual(ps('Channel_Manager').customPermissions, ['Check_Off_Action_Items']);
  });
});

describe('Connector Integration', () => {
  test('creates plans only as Apply Template jobs do, and never deletes their records', () => {
    assert.equal(objectGrant('Connector_Integration', 'Business_Plan__c').create, true);
    // Modify All on Business_Plan__c, which managing share rows needs, makes Salesforce add Delete there.
    for (const object of PLAN_CHILDREN)
      assert.equal(objectGrant('Connector_Integration', object).delete, false, object);
    assert.deepEqual(objectGrant('Connector_Integration', 'Plan_Target_Account__c'), NONE);
    assert.deepEqual(objectGrant('Connector_Integration', 'Account'), NONE);
    assert.deepEqual(objectGrant('Connector_Integration', 'Contact'), NONE);
  });

  test("never edits a plan's workflow or approval", () => {
    const planEdits = editable('Connector_Integration').filter((field) =>
      field.startsWith('Business_Plan__c.')
    );
    assert.deepEqual(planEdits.sort(), [
      // The defaults Salesforce cannot declare: the owner as channel manager, a year less a day as end.
      'Business_Plan__c.Channel_Manager__c',
      'Business_Plan__c.End_Date__c',
      // What an Apply Template job sets on the plans it creates: the template's narrative, the partner and the dates.
      'Business_Plan__c.Go_To_Market_Strategy__c',
      'Business_Plan__c.Joint_Value_Proposition__c',
      'Business_Plan__c.Last_Calculated__c',
      'Business_Plan__c.Next_Review_Date__c',
      'Business_Plan__c.Partner_Account__c',
      // The Draft notification's stamp: emailed once per move from Draft Outline to Draft.
      'Business_Plan__c.Partner_Notified_On__c',
      'Business_Plan__c.Progress__c',
      'Business_Plan__c.Risks_And_Escalation_Path__c',
      'Business_Plan__c.Start_Date__c',
      'Business_Plan__c.Summary__c',
      'Business_Plan__c.Template__c',
      'Business_Plan__c.Vendor_Investment__c'
    ]);
    assert.deepEqual(ps('Connector_Integration').userPermissions, ['ApiEnabled']);
  });

  test('never checks off action items or overrides the workflow', () => {
    assert.deepEqual(ps('Connector_Integration').customPermissions, ['Write_Calculated_Fields']);
    assert.deepEqual(
      CHECK_OFF.filter((field) => ps('Connector_Integration').fields.has(field)),
      []
    );
  });
});

describe('record visibility', () => {
  test('plans, jobs and course assignments are private inside and outside the org; plan records follow their plan', () => {
    const sharing = Object.fromEntries(
      [...customObjects].map(([name, xml]) => [
        name,
        [String(xml.sharingModel), String(xml.externalSharingModel)]
      ])
    );
    assert.deepEqual(sharing, {
      Business_Plan__c: ['Private', 'Private'],
      Plan_Job__c: ['Private', 'Private'],
      Course_Assignment__c: ['Private', 'Private'],
      ...Object.fromEntries(
        PLAN_CHILDREN.map((object) => [object, ['ControlledByParent', 'ControlledByParent']])
      )
    });
  });

  test('a restriction rule hides Draft Outline plans from partner users, listing the statuses they may see', async () => {
    const rules = ofType('RestrictionRule');
    assert.deepEqual(
      rules.map((c) => c.fullName),
      ['Partners_See_Shared_Business_Plans']
    );
    const rule = await metadataOf(rules[0] as SourceComponent);
    assert.equal(rule.active, 'true');
    assert.equal(rule.enforcementType, 'Restrict');
    assert.equal(rule.targetEntity, 'Business_Plan__c');
    assert.equal(rule.userCriteria, "$User.UserType = 'PowerPartner'");
    // Restriction rules support one equals test, with a comma-separated list of values.
    const filter = /^(\w+) = '([^']*)'$/.exec(String(rule.recordFilter));
    assert.ok(filter, `recordFilter is not one equals test: ${String(rule.recordFilter)}`);
    assert.equal(filter[1], 'Status__c');
    const status = await metadataOf(
      ofType('CustomField').find((c) => c.fullName === 'Business_Plan__c.Status__c') as SourceComponent
    );
    const values = list(((status.valueSet as Xml).valueSetDefinition as Xml).value as Xml | Xml[]).map((v) =>
      String(v.fullName)
    );
    assert.deepEqual(
      (filter[2] as string).split(',').map((v) => v.trim()),
      values.filter((v) => v !== 'Draft Outline')
    );
  });
});
