// force-app converts to Metadata API format offline, with nothing left unresolved, and its
// metadata follows the project's rules (one API version, documented custom fields).
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { MetadataConverter, type ComponentSet } from '@salesforce/source-deploy-retrieve';
import {
  deployableFiles,
  loadPackage,
  metadataOf,
  rawText,
  relative,
  sourceApiVersion,
  withChildren
} from './forceApp.ts';

const fields = (object: string, names: string[]): string[] => names.map((name) => `${object}.${name}`);

/** What later work and external checks rely on, by metadata type. */
const EXPECTED: Record<string, string[]> = {
  CustomObject: [
    'Business_Plan__c',
    'Plan_Objective__c',
    'Objective_Target__c',
    'Plan_Target_Account__c',
    'Plan_Action_Item__c',
    'Business_Review__c',
    'Course_Assignment__c',
    'Plan_Job__c'
  ],
  CustomField: [
    ...fields('Business_Plan__c', [
      'Partner_Account__c',
      'Status__c',
      'Start_Date__c',
      'End_Date__c',
      'Progress__c',
      'Last_Calculated__c',
      'Channel_Manager__c',
      'Primary_Partner_Contact__c',
      'Is_Template__c',
      'Template__c',
      'Summary__c',
      'Joint_Value_Proposition__c',
      'Go_To_Market_Strategy__c',
      'Vendor_Investment__c',
      'Risks_And_Escalation_Path__c',
      'Partner_Approved_By__c',
      'Partner_Approved_On__c',
      'Next_Review_Date__c'
    ]),
    ...fields('Plan_Objective__c', [
      'Business_Plan__c',
      'Type__c',
      'Weight__c',
      'Target__c',
      'Actual__c',
      'Progress__c',
      'Aggregate_Function__c',
      'Aggregate_Field__c',
      'Criteria__c',
      'Period_Type__c',
      'Category__c',
      'Description__c',
      'Calculation_Status__c',
      'Calculation_Message__c'
    ]),
    ...fields('Objective_Target__c', [
      'Plan_Objective__c',
      'Period_Key__c',
      'Period_Start__c',
      'Period_End__c',
      'Target__c',
      'Actual__c',
      'Period_Label__c',
      'Progress__c'
    ]),
    ...fields('Plan_Target_Account__c', [
      'Business_Plan__c',
      'Account__c',
      'Status__c',
      'Potential_Value__c',
      'Notes__c',
      'Unique_Key__c'
    ]),
    ...fields('Plan_Action_Item__c', [
      'Business_Plan__c',
      'Due_Date__c',
      'Status__c',
      'Responsible_Party__c',
      'Assignee__c',
      'Completed_By__c',
      'Completed_On__c'
    ]),
    ...fields('Business_Review__c', [
      'Business_Plan__c',
      'Review_Date__c',
      'Fiscal_Period__c',
      'Status__c',
      'Attendees__c',
      'Wins__c',
      'Obstacles__c',
      'Next_Steps__c',
      'Escalations__c',
      'Progress_Snapshot__c',
      'Plan_Progress__c'
    ]),
    ...fields('Course_Assignment__c', [
      'Course_Name__c',
      'Course_Id__c',
      'Contact__c',
      'Partner_Account__c',
      'Status__c',
      'Completed_Date__c'
    ]),
    ...fields('Plan_Job__c', [
      'Type__c',
      'Status__c',
      'Business_Plan__c',
      'Parameters__c',
      'Result__c',
      'Error__c',
      'Started_On__c',
      'Finished_On__c'
    ])
  ],
  ValidationRule: [
    ...fields('Business_Plan__c', [
      'End_Date_On_Or_After_Start_Date',
      'Status_Moves_One_Step_At_A_Time',
      'New_Plans_Start_In_Draft_Outline',
      'Only_Channel_Manager_Changes_Status',
      'Only_Partner_Or_Channel_Manager_Approves',
      'Approval_Records_Who_And_When',
      'Approval_Recorded_Only_When_Approving',
      'Completed_Plans_Are_Closed',
      'Ready_Before_Sharing_With_Partner',
      'Templates_Stay_In_Draft_Outline',
      'Primary_Contact_Works_For_Partner',
      'Template_Is_A_Template',
      'Channel_Manager_Is_Internal'
    ]),
    'Plan_Objective__c.Weight_Between_1_And_100',
    'Plan_Objective__c.Completed_Plan_Objectives_Are_Closed',
    'Plan_Objective__c.Actual_Entered_Only_For_Custom_Objectives',
    'Objective_Target__c.Period_End_On_Or_After_Period_Start',
    'Objective_Target__c.Completed_Plan_Targets_Are_Closed',
    'Objective_Target__c.Actual_Entered_Only_For_Custom_Objectives',
    'Plan_Target_Account__c.Target_Account_Key_Matches',
    'Plan_Target_Account__c.Completed_Plan_Target_Accounts_Are_Closed',
    'Plan_Action_Item__c.Check_Off_Needs_Permission',
    'Plan_Action_Item__c.Completion_Is_Recorded',
    'Plan_Action_Item__c.Completion_Recorded_By_Checker',
    'Plan_Action_Item__c.Completed_Plan_Action_Items_Are_Closed',
    'Business_Review__c.Held_Reviews_Are_Not_In_The_Future',
    'Business_Review__c.Completed_Plan_Reviews_Are_Closed',
    'Course_Assignment__c.Completed_Assignments_Have_A_Date',
    'Plan_Job__c.Job_Needs_A_Type',
    'Plan_Job__c.Job_Needs_A_Plan',
    'Plan_Job__c.Job_Runs_Once'
  ],
  ListView: [
    'Business_Plan__c.All',
    'Business_Plan__c.Templates',
    'Business_Review__c.All',
    'Business_Review__c.Scheduled',
    'Plan_Job__c.All'
  ],
  PermissionSet: [
    'Business_Planning_Admin',
    'Channel_Manager',
    'Partner_Planner',
    'Partner_Executive',
    'Connector_Integration'
  ],
  CustomPermission: ['Override_Plan_Workflow', 'Check_Off_Action_Items', 'Write_Calculated_Fields'],
  RestrictionRule: ['Partners_See_Shared_Business_Plans'],
  LightningComponentBundle: ['planObjectives', 'errorPanel', 'ldsUtils'],
  CustomLabels: ['CustomLabels'],
  CustomTab: ['Business_Plan__c', 'Business_Review__c', 'Plan_Job__c'],
  FlexiPage: ['Business_Plan_Record_Page'],
  CustomApplication: ['Partner_Business_Planning']
};

describe('force-app source', () => {
  let set: ComponentSet;
  let outputDir: string;

  before(async () => {
    set = await loadPackage();
    outputDir = await mkdtemp(path.join(os.tmpdir(), 'force-app-mdapi-'));
  });

  after(async () => {
    await rm(outputDir, { recursive: true, force: true });
  });

  test('every deployable file under force-app belongs to a component source-deploy-retrieve resolved', async () => {
    const claimed = new Set<string>();
    for (const component of withChildren(set)) {
      if (component.xml) claimed.add(component.xml);
      for (const file of component.walkContent()) claimed.add(file);
    }
    const unresolved = (await deployableFiles()).filter((file) => !claimed.has(file)).map(relative);
    assert.deepEqual(
      unresolved,
      [],
      'files that would be silently left out of a deploy (or belong in .forceignore)'
    );
  });

  test('tests, fixtures and jest mocks stay out of the deploy', () => {
    const deployed = withChildren(set).flatMap((component) => [
      ...(component.xml ? [component.xml] : []),
      ...component.walkContent()
    ]);
    const leaked = deployed.filter((file) => /[/\\](__tests__|jest-mocks)[/\\]/.test(file)).map(relative);
    assert.deepEqual(leaked, []);
  });

  test('the manifest lists the expected components at the project API version', async () => {
    const manifest = (await set.getObject()).Package;
    assert.equal(manifest.version, await sourceApiVersion());
    const members = new Map(manifest.types.map((type) => [type.name, type.members]));
    for (const [type, expected] of Object.entries(EXPECTED)) {
      const missing = expected.filter((name) => !(members.get(type) ?? []).includes(name));
      assert.deepEqual(missing, [], `${type} members missing from package.xml`);
    }
  });

  test('converts to Metadata API format offline', async () => {
    const result = await new MetadataConverter().convert(set, 'metadata', {
      type: 'directory',
      outputDirectory: outputDir,
      genUniqueDir: false
    });
    assert.equal(result.packagePath, outputDir);

    const written = (await readdir(outputDir, { recursive: true })).map((file) =>
      file.split(path.sep).join('/')
    );
    for (const file of [
      'package.xml',
      'objects/Business_Plan__c.object',
      'objects/Plan_Objective__c.object',
      'objects/Objective_Target__c.object',
      'objects/Plan_Target_Account__c.object',
      'objects/Plan_Action_Item__c.object',
      'objects/Business_Review__c.object',
      'objects/Course_Assignment__c.object',
      'objects/Plan_Job__c.object',
      ...EXPECTED.PermissionSet!.map((name) => `permissionsets/${name}.permissionset`),
      ...EXPECTED.CustomPermission!.map((name) => `customPermissions/${name}.customPermission`),
      'restrictionRules/Partners_See_Shared_Business_Plans.rule',
      'labels/CustomLabels.labels',
      'tabs/Business_Plan__c.tab',
      'tabs/Business_Review__c.tab',
      'tabs/Plan_Job__c.tab',
      'lwc/planObjectives/planObjectives.js',
      'lwc/planObjectives/planObjectives.html',
      'lwc/planObjectives/planObjectives.js-meta.xml',
      'lwc/errorPanel/errorPanel.js',
      'lwc/ldsUtils/ldsUtils.js'
    ]) {
      assert.ok(written.includes(file), `${file} missing from the converted package`);
    }
    assert.deepEqual(
      written.filter((file) => file.includes('__tests__')),
      [],
      'component tests must not be converted'
    );

    // Decomposed children are recomposed into their object file.
    const plan = await readFile(path.join(outputDir, 'objects/Business_Plan__c.object'), 'utf8');
    for (const child of [
      '<fullName>Partner_Account__c</fullName>',
      '<fullName>Progress__c</fullName>',
      '<fullName>End_Date_On_Or_After_Start_Date</fullName>',
      '<fullName>Status_Moves_One_Step_At_A_Time</fullName>',
      '<fullName>Channel_Manager__c</fullName>',
      '<fullName>All</fullName>',
      '<fullName>Templates</fullName>'
    ]) {
      assert.ok(plan.includes(child), `Business_Plan__c.object lacks ${child}`);
    }
  });

  test("every -meta.xml that names an apiVersion uses sfdx-project.json's sourceApiVersion", async () => {
    const version = await sourceApiVersion();
    const metaFiles = (await deployableFiles()).filter((file) => file.endsWith('-meta.xml'));
    assert.ok(metaFiles.length > 0);
    const mismatched: string[] = [];
    for (const file of metaFiles) {
      for (const match of (await readFile(file, 'utf8')).matchAll(
        /<apiVersion>\s*([^<\s]+)\s*<\/apiVersion>/g
      )) {
        if (match[1] !== version) mismatched.push(`${relative(file)}: ${match[1]}`);
      }
    }
    assert.deepEqual(mismatched, []);
  });

  test('every custom field has a description and help text, written as one clean line each', async () => {
    const fields = withChildren(set).filter((component) => component.type.name === 'CustomField');
    assert.ok(fields.length >= EXPECTED.CustomField!.length);
    const problems: string[] = [];
    for (const field of fields) {
      const xml = await readFile(field.xml as string, 'utf8');
      for (const [element, maxLength] of [
        ['description', 1000],
        ['inlineHelpText', 510]
      ] as const) {
        const text = rawText(xml, element);
        if (text === undefined || text.trim() === '') problems.push(`${field.fullName}: no <${element}>`);
        // Setup shows these verbatim: a formatter that wraps them adds line breaks and indentation.
        else if (text !== text.trim() || /\n/.test(text))
          problems.push(`${field.fullName}: <${element}> is wrapped`);
        else if (text.length > maxLength)
          problems.push(`${field.fullName}: <${element}> over ${maxLength} characters`);
      }
    }
    assert.deepEqual(problems, []);
  });

  test('every picklist is restricted to its values', async () => {
    const fields = withChildren(set).filter((component) => component.type.name === 'CustomField');
    const unrestricted: string[] = [];
    for (const field of fields) {
      const xml = await metadataOf(field);
      if (xml.type !== 'Picklist') continue;
      const valueSet = xml.valueSet as { restricted?: string } | undefined;
      if (valueSet?.restricted !== 'true') unrestricted.push(field.fullName);
    }
    assert.deepEqual(unrestricted, []);
  });

  test('descriptions fit where Salesforce allows only 255 characters', async () => {
    const limited = new Set(['PermissionSet', 'CustomPermission', 'RestrictionRule', 'CustomTab']);
    const problems: string[] = [];
    for (const component of withChildren(set).filter((c) => limited.has(c.type.name))) {
      const text = rawText(await readFile(component.xml as string, 'utf8'), 'description');
      if (!text?.trim()) problems.push(`${component.type.name} ${component.fullName}: no description`);
      else if (text.length > 255)
        problems.push(`${component.type.name} ${component.fullName}: ${text.length} characters`);
    }
    assert.deepEqual(problems, []);
  });

  test('no profiles in source', async () => {
    const profiles = withChildren(set).filter((component) => component.type.name === 'Profile');
    assert.deepEqual(
      profiles.map((profile) => profile.fullName),
      []
    );
  });
});
