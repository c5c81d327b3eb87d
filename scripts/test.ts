// `npm test`: every check the project has, in one run, ending with one line
// `N passed, N failed`. Lint, format and typecheck count as one test each; the node
// test runner (unit, integration, browser) and Jest (LWC) report their own counts.
import { spawn } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const bin = (name: string): string => path.join(root, 'node_modules', '.bin', name);
const resultsDir = path.join(root, 'test-results');

interface Counts {
  passed: number;
  failed: number;
}

/** Runs a command with its output shown as it comes, and returns that output. */
function run(command: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      process.stderr.write(chunk);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

async function check(name: string, command: string, args: string[]): Promise<Counts> {
  console.log(`\n=== ${name}`);
  const { code } = await run(command, args);
  console.log(code === 0 ? `ok: ${name}` : `FAILED: ${name}`);
  return code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
}

/** node --test prints `ℹ pass N` and `ℹ fail N`; a run that dies before them counts as a failure. */
async function nodeTests(): Promise<Counts> {
  console.log('\n=== node tests: unit, integration, browser');
  const { code, output } = await run(process.execPath, [
    '--test',
    '--test-reporter=spec',
    '--test-timeout=300000',
    'connector/test/**/*.test.ts',
    'localorg/test/**/*.test.ts',
    'test/**/*.test.ts'
  ]);
  const count = (label: string): number | undefined => {
    const match = new RegExp(`^ℹ ${label} (\\d+)$`, 'm').exec(output);
    return match ? Number(match[1]) : undefined;
  };
  const passed = count('pass');
  const failed = count('fail');
  const cancelled = count('cancelled') ?? 0;
  if (passed === undefined || failed === undefined) return { passed: 0, failed: 1 };
  return { passed, failed: failed + cancelled + (code !== 0 && failed === 0 ? 1 : 0) };
}

async function jestTests(): Promise<Counts> {
  console.log('\n=== LWC Jest tests');
  const outputFile = path.join(resultsDir, 'jest.json');
  const { code } = await run(bin('sfdx-lwc-jest'), ['--', '--json', `--outputFile=${outputFile}`]);
  try {
    const report = JSON.parse(await readFile(outputFile, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      numRuntimeErrorTestSuites: number;
    };
    const suiteErrors =
      report.numRuntimeErrorTestSuites + (code !== 0 && report.numFailedTests === 0 ? 1 : 0);
    return { passed: report.numPassedTests, failed: report.numFailedTests + suiteErrors };
  } catch {
    return { passed: 0, failed: 1 };
  }
}

async function main(): Promise<void> {
  await mkdir(resultsDir, { recursive: true });
  const browser = await check('chromium for browser tests', 'bash', [
    path.join(root, 'scripts', 'ensure-chromium.sh')
  ]);
  const stages: Counts[] = [
    browser,
    await check('lint (eslint)', bin('eslint'), ['.']),
    await check('format (prettier)', bin('prettier'), ['--check', '.']),
    await check('typecheck (tsc)', bin('tsc'), ['-p', '.']),
    await jestTests(),
    await nodeTests()
  ];
  const total = stages.reduce((sum, s) => ({ passed: sum.passed + s.passed, failed: sum.failed + s.failed }));
  console.log(`\n${total.passed} passed, ${total.failed} failed`);
  process.exitCode = total.failed === 0 ? 0 : 1;
}

await main();
