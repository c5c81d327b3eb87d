// The bench's command line: the size of the generated org, the share of records changed before
// the incremental run, the seed, how the data is loaded, and the output format. Every flag is
// checked at once, and a bad one is named with what it takes.
import { parseArgs } from 'node:util';
import { z } from 'zod';

export interface BenchOptions {
  partners: number;
  plans: number;
  /** Objectives per plan; they cycle through the six objective types. */
  objectives: number;
  leads: number;
  opportunities: number;
  courses: number;
  /** Percent of the source records (leads, opportunities, course assignments) changed before the incremental run. */
  changePercent: number;
  seed: number;
  /** The fiscal year (January start) the plans cover and the records fall in. */
  year: number;
  /** rest: every record through sObject Collections; store: see bench/storeLoad.ts. */
  load: 'rest' | 'store';
  json: boolean;
  /** The strategies' logs (pino JSON) on stderr. */
  verbose: boolean;
}

export const USAGE = `Usage: npm run bench -- [options]

  --partners N          partner accounts (default 50)
  --plans N             business plans, one fiscal year each, spread over the partners (default 50)
  --objectives N        objectives per plan, cycling through the six types (default 6)
  --leads N             leads (default 20000)
  --opportunities N     opportunities (default 10000)
  --courses N           course assignments (default 1000)
  --change-percent P    percent of leads, opportunities and course assignments changed
                        before the incremental sync (default 1)
  --seed N              random seed: the same seed generates the same org and changes (default 42)
  --year YYYY           fiscal year of the plans and records (default 2025)
  --load rest|store     how records are loaded (default store: the first 200 of each object
                        through REST, the rest straight into the stopped org's store)
  --json                print the results as JSON instead of a table
  --verbose             log what each strategy does (pino JSON) to stderr
  --help                show this help`;

const count = (min: number) => z.coerce.number().int().min(min).max(1_000_000);

const schema = z.strictObject({
  partners: count(1).default(50),
  plans: count(1).default(50),
  objectives: count(1).max(60).default(6),
  leads: count(0).default(20_000),
  opportunities: count(0).default(10_000),
  courses: count(0).default(1_000),
  'change-percent': z.coerce.number().gt(0).max(100).default(1),
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .default(42),
  year: z.coerce.number().int().min(2000).max(2100).default(2025),
  load: z.enum(['rest', 'store']).default('store'),
  json: z.boolean().default(false),
  verbose: z.boolean().default(false)
});

/** What was asked of the parser: the options, or help. */
export type ParsedCommand = { help: true } | { help: false; options: BenchOptions };

/** Bad command line: the message names every wrong flag. */
export class UsageError extends Error {
  constructor(message: string) {
    super(`${message}\n\n${USAGE}`);
    this.name = 'UsageError';
  }
}

export function parseOptions(args: readonly string[]): ParsedCommand {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        partners: { type: 'string' },
        plans: { type: 'string' },
        objectives: { type: 'string' },
        leads: { type: 'string' },
        opportunities: { type: 'string' },
        courses: { type: 'string' },
        'change-percent': { type: 'string' },
        seed: { type: 'string' },
        year: { type: 'string' },
        load: { type: 'string' },
        json: { type: 'boolean' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean' }
      }
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return { help: true };
  const { help: _help, ...given } = values;
  const parsed = schema.safeParse(given);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `--${issue.path.join('.')} ${issue.message.toLowerCase()}`
    );
    throw new UsageError(problems.join('\n'));
  }
  const v = parsed.data;
  return {
    help: false,
    options: {
      partners: v.partners,
      plans: v.plans,
      objectives: v.objectives,
      leads: v.leads,
      opportunities: v.opportunities,
      courses: v.courses,
      changePercent: v['change-percent'],
      seed: v.seed,
      year: v.year,
      load: v.load,
      json: v.json,
      verbose: v.verbose
    }
  };
}
