// The one place where Salesforce date strings become luxon DateTimes and back.
// A Salesforce date ('YYYY-MM-DD') has no zone: it is a day on the org's calendar. A datetime
// is an instant, sent and received in UTC. Turning a range of days into a range of instants
// needs a time zone, and every function here that does so takes it explicitly.
import { DateTime, IANAZone } from 'luxon';
import type { DateRange, SfDate } from './model.ts';

const SF_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar day as a DateTime at midnight UTC: for date arithmetic, never for instants. */
export function calendarDay(date: SfDate): DateTime {
  const day = SF_DATE.test(date)
    ? DateTime.fromISO(date, { zone: 'utc' })
    : DateTime.invalid('not YYYY-MM-DD');
  if (!day.isValid) throw new RangeError(`Not a Salesforce date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return day;
}

export function isSfDate(value: unknown): value is SfDate {
  return typeof value === 'string' && SF_DATE.test(value) && DateTime.fromISO(value, { zone: 'utc' }).isValid;
}

export function toSfDate(day: DateTime): SfDate {
  const iso = day.toISODate();
  if (iso === null) throw new RangeError('toSfDate: invalid DateTime');
  return iso;
}

export function isTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** A SOQL datetime literal in UTC, to the second: 2026-01-01T05:00:00Z. */
export function soqlDateTime(instant: DateTime): string {
  return instant.toUTC().toFormat("yyyy-LL-dd'T'HH:mm:ss'Z'");
}

/** A datetime as Salesforce's REST API accepts it for a DateTime field. */
export function sfDateTime(instant: DateTime): string {
  return instant.toUTC().toISO({ suppressMilliseconds: false }) ?? '';
}

/**
 * The instants covering whole days `range.start`..`range.end` in `zone`: from the first
 * day's midnight (inclusive) to the midnight after the last day (exclusive). Using the next
 * midnight with `<` avoids guessing the last representable second of a day.
 */
export function dayWindow(range: DateRange, zone: string): { from: DateTime; toExclusive: DateTime } {
  if (!isTimeZone(zone)) throw new RangeError(`Unknown time zone: ${zone}`);
  // Midnight in the zone (startOf('day') also copes with zones whose clocks skip midnight).
  const midnight = (date: SfDate): DateTime =>
    DateTime.fromISO(toSfDate(calendarDay(date)), { zone }).startOf('day');
  return { from: midnight(range.start), toExclusive: midnight(range.end).plus({ days: 1 }) };
}

/** An instant from a Salesforce datetime (2026-11-22T10:00:00.000+0000, or ISO with Z); null when it is not one. */
export function parseSfDateTime(value: unknown): DateTime | null {
  if (typeof value !== 'string') return null;
  // Salesforce writes the offset without a colon, which ISO 8601 allows and luxon reads.
  const instant = DateTime.fromISO(value, { zone: 'utc' });
  return instant.isValid ? instant : null;
}

/** The day `instant` falls on in `zone`. */
export function dayIn(instant: DateTime, zone: string): SfDate {
  if (!isTimeZone(zone)) throw new RangeError(`Unknown time zone: ${zone}`);
  return toSfDate(instant.setZone(zone));
}
