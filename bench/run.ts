// The benchmark from start to end: generate and load the org, then a full sync by the connector
// and by the naive strategy, 1% of the source records changed, and an incremental sync by
// both. After each connector run its values are read back from the org, and the naive run
// that follows must compute exactly the same, or the bench stops: comparing the cost of
// different answers would mean nothing. The connector runs before the naive strategy each
// time, so that it finds the org as a sync would (the naive strategy saves every value anyway).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { SalesforceApi, SaveOutcome } from '../connector/src/salesforce/client.ts';
import { assertAgreement, readActuals, type Actuals, type Agreement } from './compare.ts';
import {
  generateChanges,
  generateOrg,
  resolvePartners,
  SOURCE_OBJECTS,
  type ChangeKind,
  type ChangeSet
} from './generateOrg.ts';
import { buildOrg, harnessClient } from './loadOrg.ts';
import type { BenchOptions } from './options.ts';
import {
  runPhaseInChild,
  type PhaseRequest,
  type PhaseResult,
  type RunKind,
  type Strategy
} from './phase.ts';

/** A run's figures without the naive strategy's values (those are only for the agreement check). */
export type RunFigures = Omit<PhaseResult, 'details'> & { details: Record<string, unknown> };

export interface BenchResult {
  options: BenchOptions;
  org: {
    partners: number;
    plans: number;
    objectives: number;
    leads: number;
    opportunities: number;
    courses: number;
    loaded: { rest: number; store: number };
    setupSeconds: number;
  };
  changes: { records: number } & Record<ChangeKind, number>;
  runs: Record<RunKind, Record<Strategy, RunFigures>>;
  /** How many period and objective actuals were compared, and found equal, after each run. */
  agreement: Record<RunKind, Agreement>;
}

function assertSaved(outcomes: readonly SaveOutcome[], what: string): void {
  const failed = outcomes.find((outcome) => !outcome.success);
  if (failed)
    throw new Error(
      `${what} ${failed.ref} failed: ${failed.errors.map((e) => `${e.code}: ${e.message}`).join('; ')}`
    );
}

async function applyChanges(
  api: SalesforceApi,
  changes: ChangeSet,
  partnerIds: readonly string[]
): Promise<void> {
  for (const object of SOURCE_OBJECTS) {
    const updates = changes.updates[object].map((values) => resolvePartners(values, partnerIds));
    if (updates.length > 0) assertSaved(await api.update(object, updates), `Changing ${object}`);
  }
  if (changes.deletes.length > 0) assertSaved(await api.remove(changes.deletes), 'Deleting');
}

function actualsOf(result: PhaseResult): Actuals {
  if (result.details.kind !== 'naive') throw new Error('Only the naive strategy reports its actuals');
  return {
    periods: new Map(result.details.periodActuals),
    objectives: new Map(result.details.objectiveActuals)
  };
}

function figures(result: PhaseResult): RunFigures {
  const { details, ...rest } = result;
  if (details.kind === 'naive') {
    const { periodActuals: _periods, objectiveActuals: _objectives, ...summary } = details;
    return { ...rest, details: summary };
  }
  return { ...rest, details: { ...details } };
}

export async function runBench(
  options: BenchOptions,
  progress: (message: string) => void
): Promise<BenchResult> {
  const started = performance.now();
  const generated = generateOrg(options);
  const bench = await buildOrg(generated, options, progress);
  let storeDir: string | null = null;
  const harness = harnessClient(bench.org);
  try {
    storeDir = await mkdtemp(path.join(tmpdir(), 'pbp-bench-store-'));
    const api = harness.forRun();
    const setupSeconds = (performance.now() - started) / 1000;
    const request = (strategy: Strategy, run: RunKind): PhaseRequest => ({
      strategy,
      run,
      org: { url: bench.org.url, username: bench.org.adminUsername, password: bench.org.adminPassword },
      storeDir: storeDir as string,
      verbose: options.verbose
    });
    const measure = async (run: RunKind) => {
      progress(`${run} sync: the connector`);
      const engine = await runPhaseInChild(request('engine', run));
      const written = await readActuals(api);
      progress(`${run} sync: the naive strategy`);
      const naive = await runPhaseInChild(request('naive', run));
      const agreement = assertAgreement(`${run} sync`, actualsOf(naive), written);
      return { engine, naive, agreement };
    };

    const full = await measure('full');
    const changes = generateChanges(generated, bench.ids, {
      percent: options.changePercent,
      seed: options.seed,
      partners: options.partners
    });
    const changed = Object.values(changes.counts).reduce((a, b) => a + b, 0);
    progress(`changing ${changed} source records (${options.changePercent}%)`);
    await applyChanges(api, changes, bench.partnerIds);
    const incremental = await measure('incremental');

    return {
      options,
      org: {
        partners: generated.partners.length,
        plans: generated.plans.length,
        objectives: generated.objectives.length,
        leads: generated.sources.Lead.length,
        opportunities: generated.sources.Opportunity.length,
        courses: generated.sources.Course_Assignment__c.length,
        loaded: bench.loaded,
        setupSeconds
      },
      changes: { records: changed, ...changes.counts },
      runs: {
        full: { engine: figures(full.engine), naive: figures(full.naive) },
        incremental: { engine: figures(incremental.engine), naive: figures(incremental.naive) }
      },
      agreement: { full: full.agreement, incremental: incremental.agreement }
    };
  } finally {
    await harness.close().catch(() => {});
    if (storeDir) await rm(storeDir, { recursive: true, force: true });
    await bench.dispose();
  }
}
