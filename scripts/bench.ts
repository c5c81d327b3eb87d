// `npm run bench -- [options]`: the connector against the naive per-record strategy on a
// generated org (bench/). Progress goes to stderr; the table, or with --json the JSON, to stdout.
// Exits 0 when the bench ran and both strategies agreed, 1 when it failed, 64 on wrong usage.
import { parseOptions, USAGE, UsageError } from '../bench/options.ts';
import { formatJson, formatTable } from '../bench/report.ts';
import { runBench } from '../bench/run.ts';

async function main(): Promise<number> {
  let command;
  try {
    command = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(error.message);
    return 64;
  }
  if (command.help) {
    console.log(USAGE);
    return 0;
  }
  const { options } = command;
  const started = Date.now();
  const result = await runBench(options, (message) =>
    console.error(`[bench ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}`)
  );
  console.log(options.json ? formatJson(result) : formatTable(result));
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
);
