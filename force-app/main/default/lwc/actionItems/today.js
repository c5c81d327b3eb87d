/**
 * The calendar day an instant falls on in a time zone, as YYYY-MM-DD (the form of Date field
 * values), so due dates compare with the day the user is living in, not the browser's or UTC's.
 * @param {string} timeZone an IANA time zone, such as the user's Salesforce time zone
 * @param {Date} now the instant
 * @returns {string} the date in that zone
 */
export function todayIn(timeZone, now) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit'
  }).formatToParts(now);
  const part = (type) => parts.find((p) => p.type === type).value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}
