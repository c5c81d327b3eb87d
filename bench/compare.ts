// The check that makes the comparison worth reading: the naive strategy's values must equal
// what the connector wrote to the org, period row by period row and objective by objective.
// The connector's values are read back from the org (after its run, before the naive one);
// the naive strategy's are the ones it computed.
import type { SalesforceApi } from '../connector/src/salesforce/client.ts';
import { OBJECTIVE, TARGET } from '../connector/src/sync/schema.ts';

export interface Actuals {
  periods: ReadonlyMap<string, number | null>;
  objectives: ReadonlyMap<string, number | null>;
}

export interface Agreement {
  periods: number;
  objectives: number;
}

/** Every period row's and objective's Actual__c in the org, by Period_Key__c and by Id. */
export async function readActuals(api: SalesforceApi): Promise<Actuals> {
  const rows = await api.query(`SELECT ${TARGET.periodKey}, ${TARGET.actual} FROM ${TARGET.object}`);
  const objectives = await api.query(`SELECT Id, ${OBJECTIVE.actual} FROM ${OBJECTIVE.object}`);
  const number = (value: unknown): number | null => (typeof value === 'number' ? value : null);
  return {
    periods: new Map(rows.map((row) => [String(row[TARGET.periodKey]), number(row[TARGET.actual])])),
    objectives: new Map(objectives.map((row) => [String(row.Id), number(row[OBJECTIVE.actual])]))
  };
}

/** Differences, at most `limit` of them, between what the naive strategy computed and what the org holds. */
export function differences(naive: Actuals, engine: Actuals, limit = 10): string[] {
  const found: string[] = [];
  const check = (
    what: string,
    expected: ReadonlyMap<string, number | null>,
    actual: ReadonlyMap<string, number | null>
  ) => {
    for (const [key, value] of expected) {
      if (found.length >= limit) return;
      if (!actual.has(key)) found.push(`${what} ${key}: naive ${value}, the connector wrote no such record`);
      else if (actual.get(key) !== value)
        found.push(`${what} ${key}: naive ${value}, connector ${actual.get(key)}`);
    }
  };
  check('period', naive.periods, engine.periods);
  check('objective', naive.objectives, engine.objectives);
  return found;
}

/** Throws, listing the first differences, unless both strategies hold the same actuals; returns how many were compared. */
export function assertAgreement(label: string, naive: Actuals, engine: Actuals): Agreement {
  const found = differences(naive, engine);
  if (naive.periods.size === 0) found.push('the naive strategy computed no period actuals at all');
  if (found.length > 0) {
    throw new Error(`${label}: the connector and the naive strategy disagree:\n  ${found.join('\n  ')}`);
  }
  return { periods: naive.periods.size, objectives: naive.objectives.size };
}
