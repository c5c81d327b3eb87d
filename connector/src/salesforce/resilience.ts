// How the client copes with a busy org: retries after a pause that doubles each time (with
// jitter, so that many clients do not retry in step), a bounded number of times; and a guard
// that stops before the org's daily API allowance runs out, leaving headroom for the org's
// other integrations and its users. Sleep and randomness are passed in so tests need not wait.
import { ConnectorError } from '../errors.ts';

export interface RetryPolicy {
  /** Attempts per call, the first included; 1 means no retries. */
  maxAttempts: number;
  /** The pause before the first retry; each further retry doubles it, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  sleep(ms: number): Promise<void>;
  /** A number in [0, 1), as Math.random. */
  random(): number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random
};

/**
 * The pause before retry number `retry` (1 for the first): half the capped exponential delay
 * for sure, the other half at random ("equal jitter"), so retries neither come in step nor too soon.
 */
export function backoffDelay(
  retry: number,
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs' | 'random'>
): number {
  if (!Number.isInteger(retry) || retry < 1)
    throw new RangeError(`backoffDelay: retry must be 1 or more, not ${retry}`);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + policy.random() * (ceiling / 2));
}

/** API requests used and allowed in the org's rolling 24 hours, as Sforce-Limit-Info reports them. */
export interface ApiUsage {
  used: number;
  limit: number;
}

/** Reads `api-usage=N/M` from a Sforce-Limit-Info header value; null when it is absent or odd. */
export function parseLimitInfo(header: string | null | undefined): ApiUsage | null {
  const match = header ? /api-usage=(\d+)\/(\d+)/.exec(header) : null;
  if (!match) return null;
  return { used: Number(match[1]), limit: Number(match[2]) };
}

/**
 * Keeps the last usage Salesforce reported and refuses calls once fewer than `headroomPercent`
 * of the daily allowance remain. Before the first report it lets calls through: the first
 * answer tells where the org stands.
 */
export class ApiAllowance {
  readonly #headroomPercent: number;
  #usage: ApiUsage | null = null;

  constructor(headroomPercent: number) {
    if (!(headroomPercent >= 0 && headroomPercent < 100))
      throw new RangeError(`API headroom must be a percentage from 0 to below 100, not ${headroomPercent}`);
    this.#headroomPercent = headroomPercent;
  }

  record(usage: ApiUsage | null): void {
    if (usage) this.#usage = usage;
  }

  /**
   * Forgets what was reported, at the start of a run: the rolling window may have freed requests
   * since, and only a call can tell. Without this, a client stopped at the limit would never call again.
   */
  forget(): void {
    this.#usage = null;
  }

  usage(): ApiUsage | null {
    return this.#usage ? { ...this.#usage } : null;
  }

  /** The number of requests kept free for others. */
  headroom(limit: number): number {
    return Math.ceil((limit * this.#headroomPercent) / 100);
  }

  /** Throws API_LIMIT_REACHED when the next call would eat into the headroom. */
  check(doing: string): void {
    const usage = this.#usage;
    if (!usage || usage.used < usage.limit - this.headroom(usage.limit)) return;
    throw limitReached(usage, this.headroom(usage.limit), doing);
  }
}

export function limitReached(
  usage: ApiUsage | null,
  headroom: number | null,
  doing: string,
  cause?: unknown
): ConnectorError {
  const where = usage
    ? ` (${usage.used} of ${usage.limit} requests in the last 24 hours` +
      (headroom === null ? ')' : `, ${headroom} kept for others)`)
    : '';
  return new ConnectorError(
    'API_LIMIT_REACHED',
    `The connector stopped before ${doing}: the org's daily API allowance is nearly used up${where}.`,
    {
      actions: [
        'Nothing to do: the next run resumes where this one stopped, once the rolling 24-hour window frees requests.',
        "To leave more or fewer requests for the org's other integrations, change API_HEADROOM_PERCENT."
      ],
      retryable: true,
      cause
    }
  );
}
