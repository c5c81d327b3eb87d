// The browser bundle build: a component's references to fields, labels and static resources
// are checked as a deploy checks them, and identical inputs reuse the previous build.
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { buildUiBundle, UiBuildError } from '../src/ui/build.ts';

const fixture = path.resolve(import.meta.dirname, '..', '..', 'test', 'browser', 'fixtures', 'force-app');
let work: string;

// Inside this npm project (as force-app is), where the compiler finds lightning-base-components;
// localorg/dist is git-ignored.
const scratch = path.resolve(import.meta.dirname, '..', 'dist', 'test-packages');

before(async () => {
  await mkdir(scratch, { recursive: true });
  work = await mkdtemp(path.join(scratch, 'build-'));
});

after(async () => {
  await rm(work, { recursive: true, force: true });
});

/** A copy of the fixture package whose widgetSummary.js has some imports swapped for others. */
async function packageWith(name: string, swaps: Array<[string, string]>): Promise<string> {
  const packageDir = path.join(work, name, 'force-app');
  await cp(fixture, packageDir, { recursive: true });
  const file = path.join(packageDir, 'main', 'default', 'lwc', 'widgetSummary', 'widgetSummary.js');
  let source = await readFile(file, 'utf8');
  for (const [from, to] of swaps) {
    assert.ok(source.includes(from), `the fixture has ${from}`);
    source = source.replace(from, to);
  }
  await writeFile(file, source);
  return packageDir;
}

test('a package outside any npm project is refused with the reason', async () => {
  const outside = await mkdtemp(path.join(tmpdir(), 'localorg-ui-no-npm-'));
  try {
    await assert.rejects(
      buildUiBundle({ packageDir: outside, outDir: path.join(work, 'dist') }),
      /not inside an npm project/
    );
  } finally {
    await rm(outside, { recursive: true, force: true });
  }
});

test('references a deploy would reject fail the build, all of them named at once', async () => {
  const packageDir = await packageWith('bad', [
    ["'@salesforce/schema/Widget__c.Amount__c'", "'@salesforce/schema/Widget__c.Amount_Typo__c'"],
    ["'@salesforce/schema/Widget__c.Account__r.Name'", "'@salesforce/schema/Widget__c.Acount__r.Name'"],
    ["'@salesforce/label/c.Widget_No_Parts'", "'@salesforce/label/c.Widget_No_Parts_Typo'"],
    ["'@salesforce/resourceUrl/fixtureLib'", "'@salesforce/resourceUrl/missingLib'"]
  ]);
  await assert.rejects(buildUiBundle({ packageDir, outDir: path.join(work, 'dist') }), (error: unknown) => {
    assert.ok(error instanceof UiBuildError, String(error));
    assert.deepEqual(error.message.split('\n').sort(), [
      'Invalid reference Widget__c.Acount__r.Name of type sobjectField in file widgetSummary.js',
      'Invalid reference Widget__c.Amount_Typo__c of type sobjectField in file widgetSummary.js',
      'Invalid reference c.Widget_No_Parts_Typo of type label in file widgetSummary.js',
      'Invalid reference missingLib of type resourceUrl in file widgetSummary.js'
    ]);
    return true;
  });
});

test('a build is reused while its inputs stay the same, and redone when a component changes', async () => {
  const outDir = path.join(work, 'dist');
  const packageDir = await packageWith('good', []);
  const first = await buildUiBundle({ packageDir, outDir });
  assert.deepEqual(
    first.components.map((c) => [c.tag, c.recordPageObjects, c.isElement]),
    [['c-widget-summary', ['Widget__c'], true]]
  );
  assert.deepEqual(first.compactLayouts, { Widget__c: ['Name', 'Status__c', 'Amount__c', 'Account__c'] });
  assert.deepEqual(first.tabs, [{ object: 'Widget__c', iconName: 'custom:custom67' }]);
  assert.deepEqual(
    first.staticResources.map((r) => [r.name, r.contentType, r.directory]),
    [['fixtureLib', 'application/javascript', false]]
  );
  const entry = await readFile(path.join(first.dir, first.entry), 'utf8');
  assert.match(entry, /@lwc\/synthetic-shadow|syntheticShadow|attachShadow/);

  const started = Date.now();
  const again = await buildUiBundle({ packageDir, outDir });
  assert.equal(again.hash, first.hash);
  assert.ok(Date.now() - started < 5000, 'the second call reuses the build');

  const changed = path.join(packageDir, 'main', 'default', 'lwc', 'widgetSummary', 'widgetSummary.js');
  await writeFile(changed, (await readFile(changed, 'utf8')).replace("'Part'", "'Part name'"));
  const rebuilt = await buildUiBundle({ packageDir, outDir });
  assert.notEqual(rebuilt.hash, first.hash);
});
