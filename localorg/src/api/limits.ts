// The org's daily API request allowance. Every REST call counts against it; each
// response reports usage in the Sforce-Limit-Info header, and past the maximum calls
// fail with REQUEST_LIMIT_EXCEEDED, so clients can be tested against the limit.
import type { RequestHandler } from 'express';
import { ApiError } from './errors.ts';

export interface ApiUsage {
  readonly max: number;
  used(): number;
  /** Counts one call; throws REQUEST_LIMIT_EXCEEDED once the day's allowance is spent. */
  count(): void;
  /** Sets the counter, for tests that start near the limit. */
  set(used: number): void;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function createApiUsage(max: number, clock: () => Date): ApiUsage {
  // A rolling 24-hour window, as Salesforce measures it, kept as per-minute buckets.
  const buckets = new Map<number, number>();
  const prune = (): void => {
    const oldest = Math.floor((clock().getTime() - DAY_MS) / 60000);
    for (const minute of buckets.keys()) if (minute <= oldest) buckets.delete(minute);
  };
  const used = (): number => {
    prune();
    let total = 0;
    for (const n of buckets.values()) total += n;
    return total;
  };
  return {
    max,
    used,
    count() {
      if (used() >= max) {
        throw new ApiError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
      }
      const minute = Math.floor(clock().getTime() / 60000);
      buckets.set(minute, (buckets.get(minute) ?? 0) + 1);
    },
    set(n) {
      buckets.clear();
      buckets.set(Math.floor(clock().getTime() / 60000), n);
    }
  };
}

export function countApiUsage(usage: ApiUsage): RequestHandler {
  return (req, res, next) => {
    // Lightning pages call the UI API with the browser's session cookie; like a real org,
    // that traffic does not use the API allowance. Integrations send an Authorization header.
    if (!req.headers.authorization) return next();
    // The header goes on failures too, so a client at the limit can see why.
    res.setHeader('Sforce-Limit-Info', `api-usage=${usage.used()}/${usage.max}`);
    usage.count();
    res.setHeader('Sforce-Limit-Info', `api-usage=${usage.used()}/${usage.max}`);
    next();
  };
}

export function limitsBody(usage: ApiUsage): Record<string, { Max: number; Remaining: number }> {
  return {
    DailyApiRequests: { Max: usage.max, Remaining: Math.max(0, usage.max - usage.used()) },
    DailyBulkV2QueryJobs: { Max: 10000, Remaining: 10000 },
    DailyBulkV2QueryFileStorageMB: { Max: 976562, Remaining: 976562 },
    DataStorageMB: { Max: 5, Remaining: 5 },
    SingleEmail: { Max: 15, Remaining: 15 }
  };
}
