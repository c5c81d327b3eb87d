// The bench's output: an aligned table for people, or JSON for machines.
import { API_CALL_KINDS } from '../connector/src/salesforce/client.ts';
import type { BenchResult, RunFigures } from './run.ts';

type Row = [label: string, value: (figures: RunFigures) => number, decimals: number];

const ROWS: readonly Row[] = [
  ['wall time (s)', (f) => f.wallMs / 1000, 2],
  ['API calls', (f) => f.apiCalls.total, 0],
  ...API_CALL_KINDS.map((kind): Row => [`  ${kind}`, (f) => f.apiCalls[kind], 0]),
  ['records written', (f) => f.recordsWritten, 0],
  ['RSS at start (MiB)', (f) => f.startRssMiB, 0],
  ['peak RSS (MiB)', (f) => f.peakRssMiB, 0],
  ['peak heap (MiB)', (f) => f.peakHeapMiB, 0]
];

const number = (value: number, decimals: number): string =>
  value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });

/** naive ÷ engine, or a dash when the engine's figure is 0. */
function ratio(naive: number, engine: number): string {
  if (engine === 0) return naive === 0 ? '=' : '–';
  const times = naive / engine;
  return `${number(times, times < 10 ? 1 : 0)}×`;
}

function table(rows: readonly string[][]): string {
  const widths = (rows[0] ?? []).map((_, column) =>
    Math.max(...rows.map((row) => (row[column] ?? '').length))
  );
  return rows
    .map((row) =>
      row
        .map((cell, column) =>
          column === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[column] ?? 0)
        )
        .join('  ')
    )
    .join('\n');
}

export function formatTable(result: BenchResult): string {
  const { org, changes, runs, agreement, options } = result;
  const header = [
    `Partner Business Planning benchmark, seed ${options.seed}, FY${options.year}`,
    `org: ${org.partners} partners, ${org.plans} plans, ${org.objectives} objectives, ${number(org.leads, 0)} leads, ` +
      `${number(org.opportunities, 0)} opportunities, ${number(org.courses, 0)} course assignments ` +
      `(${number(org.loaded.rest, 0)} loaded through REST, ${number(org.loaded.store, 0)} into the store; setup ${number(org.setupSeconds, 1)} s)`,
    `changed before the incremental sync: ${changes.records} records (${options.changePercent}%): ` +
      `${changes.amount} amounts, ${changes.partner} partner moves, ${changes.date} date moves, ${changes.delete} deletes`,
    ''
  ];
  const rows: string[][] = [
    ['', 'full sync', '', '', 'incremental sync', '', ''],
    ['', 'connector', 'naive', 'naive÷', 'connector', 'naive', 'naive÷'],
    ...ROWS.map(([label, value, decimals]) => {
      const cells = [label];
      for (const run of [runs.full, runs.incremental]) {
        const engine = value(run.engine);
        const naive = value(run.naive);
        cells.push(number(engine, decimals), number(naive, decimals), ratio(naive, engine));
      }
      return cells;
    })
  ];
  const footer = [
    '',
    `Both strategies computed the same actuals: ${agreement.full.periods} period rows and ${agreement.full.objectives} objectives after the full sync, ` +
      `${agreement.incremental.periods} and ${agreement.incremental.objectives} after the incremental one.`,
    `The connector recomputed ${String(runs.incremental.engine.details.objectivesRecomputed)} objectives in the incremental sync; the naive strategy, ` +
      'which keeps no state, recalculates and saves all of them again.',
    'Memory is the connector side only: each run is its own Node process (the local org serves from the bench process).',
    "RSS at start: that process with its modules loaded (the connector's also with its PGlite store, an embedded PostgreSQL, open);",
    'peak RSS: its getrusage maxrss; peak heap: the V8 heap in use, sampled every 5 ms.'
  ];
  return [...header, table(rows), ...footer].join('\n');
}

export function formatJson(result: BenchResult): string {
  return JSON.stringify(result, null, 2);
}
