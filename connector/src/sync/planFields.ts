// The plan fields the connector keeps besides results: an empty End Date and Channel Manager
// filled in (engine/planDefaults.ts), and the date of the next scheduled review. Reads what it
// needs (internal owners, upcoming reviews) and returns the values to compare with the plans,
// and the plans as they are calculated: with their filled End Date.
import type { BusinessPlan, SfDate } from '../engine/model.ts';
import { ownersToCheck, planDefaults } from '../engine/planDefaults.ts';
import type { SalesforceApi } from '../salesforce/client.ts';
import type { Values } from './changes.ts';
import { readInternalUsers, readNextReviews } from './records.ts';
import { PLAN } from './schema.ts';

export interface KeptPlanFields {
  /** By plan: End_Date__c and Channel_Manager__c when filled, Next_Review_Date__c always. */
  fields: Map<string, Values>;
  plans: BusinessPlan[];
}

/** At most two queries per 200 plans: owners only when some plan has no channel manager. */
export async function keptPlanFields(
  sf: SalesforceApi,
  plans: readonly BusinessPlan[],
  today: SfDate
): Promise<KeptPlanFields> {
  const owners = ownersToCheck(plans);
  const internalUsers = owners.length > 0 ? await readInternalUsers(sf, owners) : new Set<string>();
  const nextReviews = await readNextReviews(
    sf,
    plans.map((plan) => plan.id),
    today
  );
  const fields = new Map<string, Values>();
  const filled = plans.map((plan) => {
    const defaults = planDefaults(plan, internalUsers);
    fields.set(plan.id, {
      ...(defaults.endDate ? { [PLAN.end]: defaults.endDate } : {}),
      ...(defaults.channelManagerId ? { [PLAN.channelManager]: defaults.channelManagerId } : {}),
      [PLAN.nextReview]: nextReviews.get(plan.id) ?? null
    });
    return defaults.endDate ? { ...plan, endDate: defaults.endDate } : plan;
  });
  return { fields, plans: filled };
}
