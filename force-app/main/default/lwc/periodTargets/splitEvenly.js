/**
 * Spreads a total over a number of periods in whole units of the field's scale (cents for a
 * scale of 2), so the parts add up to the total exactly: every period gets the floor of the even
 * share, and the first periods take one unit more each until the remainder is used up.
 * @param {number} total the objective's target
 * @param {number} count how many periods share it
 * @param {number} scale decimal places of the period target field
 * @returns {number[]} one value per period, in period order
 */
export function splitEvenly(total, count, scale) {
  if (!Number.isFinite(total)) {
    throw new RangeError('The total to split must be a number.');
  }
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError('There must be at least one period to split the total over.');
  }
  const unit = 10 ** scale;
  // Whole units avoid binary fractions: 0.1 + 0.2 is not 0.3, but 10 + 20 is 30.
  const units = Math.round(total * unit);
  const share = Math.floor(units / count);
  const remainder = units - share * count;
  return Array.from({ length: count }, (_, index) => (share + (index < remainder ? 1 : 0)) / unit);
}
