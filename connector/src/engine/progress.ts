// Progress maths and rounding at field scale.
// Salesforce stores Number, Currency and Percent fields at a fixed scale and rounds half up
// (away from zero) on save; rounding the same way here keeps what we compute equal to what
// we read back, so unchanged values are recognised as unchanged.

/** Rounds half away from zero to `scale` decimals, without the binary float surprises of x * 100. */
export function roundToScale(value: number, scale: number): number {
  if (!Number.isFinite(value)) throw new RangeError(`roundToScale: not a finite number: ${value}`);
  const sign = value < 0 ? -1 : 1;
  const magnitude = Math.abs(value);
  // Shifting through the decimal exponent keeps 1.005 as 1.005 rather than 1.00499999…
  const shifted = String(magnitude).includes('e') ? magnitude * 10 ** scale : Number(`${magnitude}e${scale}`);
  const rounded = Math.round(shifted);
  const result = String(rounded).includes('e') ? rounded / 10 ** scale : Number(`${rounded}e-${scale}`);
  return result === 0 ? 0 : sign * result;
}

export function roundOrNull(value: number | null, scale: number): number | null {
  return value === null ? null : roundToScale(value, scale);
}

/** Equal once both are stored at `scale`; null equals only null. */
export function sameAtScale(a: number | null, b: number | null, scale: number): boolean {
  if (a === null || b === null) return a === b;
  return roundToScale(a, scale) === roundToScale(b, scale);
}

/** Actual as a percentage of target; null when there is no positive target. No actual counts as 0. */
export function objectiveProgress(actual: number | null, target: number | null): number | null {
  if (target === null || target <= 0) return null;
  return ((actual ?? 0) / target) * 100;
}

export interface WeightedProgress {
  weight: number | null;
  target: number | null;
  progress: number | null;
}

/**
 * Σ weight × min(progress, 100) ÷ Σ weight, over objectives with a positive target and a
 * positive weight; null when there are none. Over-achieving one objective cannot make up
 * for another. An objective with a target but no progress yet counts as 0.
 */
export function planProgress(objectives: readonly WeightedProgress[]): number | null {
  let weighted = 0;
  let weights = 0;
  for (const { weight, target, progress } of objectives) {
    if (target === null || target <= 0 || weight === null || weight <= 0) continue;
    weighted += weight * Math.min(progress ?? 0, 100);
    weights += weight;
  }
  return weights === 0 ? null : weighted / weights;
}
