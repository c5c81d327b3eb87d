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
  list,
  loadPackage,
  metadataOf,
  rawText,
  relative,
  sourceApiVersion,
  withChildren
} from './forceApp.ts';

/** What later work and external checks rely on, by metadata type. */
const EXPECTED: Record<string, string[]> = {
  CustomObject: ['Business_Plan__c', 'Plan_Objective__c', 'Objective_Target__c'],
  CustomField: [
    'Business_Plan__c.Partner_Account__c',
    'Business_Plan__c.Status__c',
    'Business_Plan__c.Start_Date__c',
    'Business_Plan__c.End_Date__c',
    'Business_Plan__c.Progress__c',
    'Business_Plan__c.Last_Calculated__c',
    'Plan_Objective__c.Business_Plan__c',
    'Plan_Objective__c.Type__c',
    'Plan_Objective__c.Weight__c',
    'Plan_Objective__c.Target__c',
    'Plan_Objective__c.Actual__c',
    'Plan_Objective__c.Progress__c',
    'Plan_Objective__c.Aggregate_Function__c',
    'Plan_Objective__c.Aggregate_Field__c',
    'Plan_Objective__c.Criteria__c',
    'Plan_Objective__c.Period_Type__c',
    'Objective_Target__c.Plan_Objective__c',
    'Objective_Target__c.Period_Key__c',
    'Objective_Target__c.Period_Start__c',
    'Objective_Target__c.Period_End__c',
    'Objective_Target__c.Target__c',
    'Objective_Target__c.Actual__c'
  ],
  ValidationRule: [
    'Business_Plan__c.End_Date_On_Or_After_Start_Date',
    'Plan_Objective__c.Weight_Between_1_And_100',
    'Objective_Target__c.Period_End_On_Or_After_Period_Start'
  ],
  ListView: ['Business_Plan__c.All'],
  PermissionSet: ['Channel_Manager'],
  LightningComponentBundle: ['planObjectives', 'errorPanel', 'ldsUtils'],
  CustomLabels: ['CustomLabels'],
  CustomTab: ['Business_Plan__c']
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
      'permissionsets/Channel_Manager.permissionset',
      'labels/CustomLabels.labels',
      'tabs/Business_Plan__c.tab',
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
      '<fullName>All</fullName>'
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

  test('Channel_Manager grants field access to every custom field that can have it, read-only where computed', async () => {
    const fields = withChildren(set).filter((component) => component.type.name === 'CustomField');
    const grantable: string[] = [];
    for (const field of fields) {
      const xml = await metadataOf(field);
      // Master-detail and universally required fields are always visible: Salesforce rejects field permissions for them.
      if (xml.type === 'MasterDetail' || xml.required === 'true') continue;
      grantable.push(field.fullName);
    }
    const permissionSet = set
      .getSourceComponents()
      .toArray()
      .find(
        (component) => component.type.name === 'PermissionSet' && component.fullName === 'Channel_Manager'
      );
    assert.ok(permissionSet, 'Channel_Manager permission set not found');
    const grants = new Map(
      list((await metadataOf(permissionSet)).fieldPermissions as Record<string, string>[]).map((grant) => [
        grant.field,
        grant
      ])
    );

    assert.deepEqual(
      grantable.filter((field) => grants.get(field)?.readable !== 'true'),
      [],
      'fields channel managers cannot read'
    );
    const computed = grantable.filter((field) => /\.(Progress|Actual|Last_Calculated)__c$/.test(field));
    assert.ok(computed.length >= 5);
    assert.deepEqual(
      computed.filter((field) => grants.get(field)?.editable !== 'false'),
      [],
      'computed fields channel managers could overwrite'
    );
  });

  test('no profiles in source', async () => {
    const profiles = withChildren(set).filter((component) => component.type.name === 'Profile');
    assert.deepEqual(
      profiles.map((profile) => profile.fullName),
      []
    );
  });
});
