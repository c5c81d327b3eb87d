// Period targets: an empty Objective_Target__c.Target__c is the connector's to fill, a number
// is a person's and is never changed. Empty periods share what the objective's Target leaves
// after the set ones, in proportion to how much of each period the plan covers (a whole
// quarter counts 1, half a quarter 0.5), so full periods get equal shares and a plan that
// starts mid-period does not load a full share onto a few days. Shares are rounded at the
// field's scale so that they add up to the remainder exactly.
import { calendarDay } from './dates.ts';
import type { Period } from './periods.ts';
import { roundToScale, sameAtScale } from './progress.ts';

const days = (start: string, end: string): number =>
  calendarDay(end).diff(calendarDay(start), 'days').days + 1;

/** The share of its whole period that the plan covers: 1 for a whole period. */
export function coverage(period: Pick<Period, 'start' | 'end' | 'full'>): number {
  return days(period.start, period.end) / days(period.full.start, period.full.end);
}

/**
 * `amount` split in proportion to `weights`, in units of 10^-scale, by largest remainder (ties
 * to the earlier period): the parts add up to `amount` rounded at `scale`.
 */
export function splitByWeight(amount: number, weights: readonly number[], scale: number): number[] {
  const units = Math.round(roundToScale(amount, scale) * 10 ** scale);
  const sum = weights.reduce((total, weight) => total + weight, 0);
  if (weights.length === 0) return [];
  if (sum <= 0) throw new RangeError('splitByWeight: weights must add up to more than 0');
  const exact = weights.map((weight) => (units * weight) / sum);
  // The epsilon keeps 3 × (1/3) from flooring to 0.999… units.
  const parts = exact.map((value) => Math.floor(value + 1e-9));
  let left = units - parts.reduce((total, part) => total + part, 0);
  const order = exact
    .map((value, index) => ({ index, remainder: value - (parts[index] ?? 0) }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of order) {
    if (left <= 0) break;
    parts[index] = (parts[index] ?? 0) + 1;
    left--;
  }
  return parts.map((part) => roundToScale(part / 10 ** scale, scale));
}

/**
 * The target of each period after filling: set targets as they are; empty ones share
 * max(0, objective Target − the set targets) by coverage. Nothing is filled without an
 * objective Target.
 */
export function fillPeriodTargets(
  objectiveTarget: number | null,
  periods: readonly Pick<Period, 'start' | 'end' | 'full'>[],
  current: readonly (number | null)[],
  scale: number
): (number | null)[] {
  const empty = periods.map((_, index) => index).filter((index) => (current[index] ?? null) === null);
  if (objectiveTarget === null || empty.length === 0)
    return periods.map((_, index) => current[index] ?? null);
  const set = current.reduce<number>((total, target) => total + (target ?? 0), 0);
  const shares = splitByWeight(
    Math.max(0, objectiveTarget - set),
    empty.map((index) => coverage(periods[index] as Pick<Period, 'start' | 'end' | 'full'>)),
    scale
  );
  const filled = periods.map((_, index) => current[index] ?? null);
  empty.forEach((index, position) => (filled[index] = shares[position] ?? 0));
  return filled;
}

/** Words for the admin when the period targets do not add up to the objective's Target; null when they do. */
export function targetsMismatch(
  objectiveTarget: number | null,
  targets: readonly (number | null)[],
  scale: number
): string | null {
  if (objectiveTarget === null || targets.length === 0 || targets.some((target) => target === null))
    return null;
  const sum = roundToScale(
    targets.reduce<number>((total, target) => total + (target ?? 0), 0),
    scale
  );
  if (sameAtScale(sum, objectiveTarget, scale)) return null;
  return (
    `Period targets add up to ${sum} but the objective's Target is ${objectiveTarget}. ` +
    'The connector fills only empty period targets and never changes one that is set: adjust them, or clear them to have the Target split again.'
  );
}
