// Time as a dependency: the sync asks the clock for "now", so tests can pin it.
import { DateTime } from 'luxon';

export interface Clock {
  /** The current instant, in UTC. */
  now(): DateTime;
}

export const systemClock: Clock = {
  now: () => DateTime.utc()
};

export function fixedClock(instant: string): Clock {
  const at = DateTime.fromISO(instant, { zone: 'utc' });
  if (!at.isValid) throw new Error(`fixedClock: not an ISO instant: ${instant}`);
  return { now: () => at };
}
