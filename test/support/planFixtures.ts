// Business plans, their objectives and the period rows they had before a sync, created through
// jsforce from a fixture description, as any client would create them. Shared by the
// connector's end-to-end tests, whose fixtures add their own fields (the oracle's filters, the
// problems they expect) on top of these.
import assert from 'node:assert/strict';
import type { Connection } from 'jsforce';

/** A period row that exists before the sync; `key` is appended to the objective Id for Period_Key__c. */
export interface ExistingRow {
  key: string;
  start: string;
  end: string;
  target: number | null;
  actual: number | null;
}

export interface ObjectiveSpec {
  label: string;
  type: string;
  fn?: string;
  field?: string;
  criteria?: string;
  /** Quarterly when absent. */
  periodType?: string;
  weight: number;
  target: number | null;
  actual?: number | null;
  progress?: number | null;
  rows?: readonly ExistingRow[];
}

export interface PlanSpec {
  label: string;
  status?: string;
  start: string | null;
  end: string | null;
  progress?: number;
  lastCalculated?: string;
  /** CurrencyIsoCode, in a multi-currency org; the corporate currency when absent. */
  currency?: string;
  objectives: readonly ObjectiveSpec[];
}

export interface CreatedPlan {
  planId: string;
  /** By objective label. */
  objectiveIds: Map<string, string>;
  /** By Period_Key__c. */
  rowIds: Map<string, string>;
}

/** Creates records of one object and returns their Ids, failing the test on the first refusal. */
export async function createRecords(
  conn: Connection,
  object: string,
  values: readonly Record<string, unknown>[]
): Promise<string[]> {
  const results = await conn.sobject(object).create([...values], { allowRecursive: true });
  return results.map((result, index) => {
    assert.ok(result.success, `${object} #${index}: ${JSON.stringify(result)}`);
    return result.id as string;
  });
}

/** Every record a query matches, page after page. */
export async function queryRecords<T = Record<string, unknown>>(
  conn: Connection,
  soql: string
): Promise<T[]> {
  const result = await conn.query<Record<string, unknown>>(soql, { autoFetch: true, maxFetch: 100_000 });
  return result.records as T[];
}

/** Creates a plan for `partnerId` (In Progress unless the fixture says), its objectives and their period rows. */
export async function createPlan(
  conn: Connection,
  plan: PlanSpec,
  partnerId: string | null
): Promise<CreatedPlan> {
  const [planId] = await createRecords(conn, 'Business_Plan__c', [
    {
      Name: plan.label,
      Partner_Account__c: partnerId,
      Status__c: plan.status ?? 'In Progress',
      Start_Date__c: plan.start,
      End_Date__c: plan.end,
      Progress__c: plan.progress ?? null,
      Last_Calculated__c: plan.lastCalculated ?? null,
      ...(plan.currency ? { CurrencyIsoCode: plan.currency } : {})
    }
  ]);
  const ids = await createRecords(
    conn,
    'Plan_Objective__c',
    plan.objectives.map((o) => ({
      Name: o.label,
      Business_Plan__c: planId,
      Type__c: o.type,
      Aggregate_Function__c: o.fn ?? null,
      Aggregate_Field__c: o.field ?? null,
      Criteria__c: o.criteria ?? null,
      Period_Type__c: o.periodType ?? 'Quarterly',
      Weight__c: o.weight,
      Target__c: o.target,
      Actual__c: o.actual ?? null,
      Progress__c: o.progress ?? null
    }))
  );
  const objectiveIds = new Map(plan.objectives.map((o, index) => [o.label, ids[index] as string]));
  const rows = plan.objectives.flatMap((o) =>
    (o.rows ?? []).map((row) => {
      const objectiveId = objectiveIds.get(o.label) as string;
      return {
        Plan_Objective__c: objectiveId,
        Period_Key__c: `${objectiveId}-${row.key}`,
        Period_Start__c: row.start,
        Period_End__c: row.end,
        Target__c: row.target,
        Actual__c: row.actual
      };
    })
  );
  const rowIds = rows.length > 0 ? await createRecords(conn, 'Objective_Target__c', rows) : [];
  return {
    planId: planId as string,
    objectiveIds,
    rowIds: new Map(rows.map((row, index) => [row.Period_Key__c, rowIds[index] as string]))
  };
}
