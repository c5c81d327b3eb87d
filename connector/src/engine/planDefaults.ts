// What the connector fills in on a plan that people left empty, because Salesforce has no way
// to: a lookup field takes no default value, and a default value formula cannot read another
// field of the same record. Only empty fields are filled; a value someone set is never changed.
import { calendarDay, isSfDate, toSfDate } from './dates.ts';
import type { BusinessPlan, SfDate } from './model.ts';

/** A year from `start`: the day before its anniversary (2026-01-01 → 2026-12-31; 2024-02-29 → 2025-02-28). */
export function defaultEndDate(start: SfDate): SfDate {
  const first = calendarDay(start);
  // 29 February has no anniversary in a common year: the plan's year then runs to 28 February.
  const leapDay = first.month === 2 && first.day === 29;
  const anniversary = leapDay ? first.plus({ years: 1, days: 1 }) : first.plus({ years: 1 });
  return toSfDate(anniversary.minus({ days: 1 }));
}

export interface PlanDefaults {
  /** End_Date__c, when it is empty and Start_Date__c is set. */
  endDate?: SfDate;
  /** Channel_Manager__c, when it is empty: the owner, if the owner is an internal user. */
  channelManagerId?: string;
}

/**
 * The fields to fill on `plan`. `internalUsers` are the Ids of the owners that are internal
 * (Standard) users: only they may be channel managers (validation rule Channel_Manager_Is_Internal).
 */
export function planDefaults(plan: BusinessPlan, internalUsers: ReadonlySet<string>): PlanDefaults {
  const defaults: PlanDefaults = {};
  if (plan.endDate === null && isSfDate(plan.startDate)) defaults.endDate = defaultEndDate(plan.startDate);
  if (plan.channelManagerId === null && plan.ownerId !== null && internalUsers.has(plan.ownerId))
    defaults.channelManagerId = plan.ownerId;
  return defaults;
}

/** Owners whose internal-user status is needed: those of plans without a channel manager. */
export function ownersToCheck(plans: readonly BusinessPlan[]): string[] {
  const owners = plans
    .filter((plan) => plan.channelManagerId === null && plan.ownerId?.startsWith('005'))
    .map((plan) => plan.ownerId as string);
  return [...new Set(owners)];
}
