// What every job handler is given: the run's view of Salesforce, the clock, a logger, the
// sync pass to recalculate with, and the org's calendar settings, read at most once per run.
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { SalesforceApi } from '../salesforce/client.ts';
import type { OrgSettings } from '../sync/records.ts';
import type { SyncReport } from '../sync/report.ts';

export interface JobContext {
  sf: SalesforceApi;
  clock: Clock;
  log: Logger;
  /** A sync pass over these plans, or over every plan when null. */
  recalculate(planIds: readonly string[] | null): Promise<SyncReport>;
  /** The org's time zone and fiscal year (Organization), read on first use. */
  orgSettings(): Promise<OrgSettings>;
}
