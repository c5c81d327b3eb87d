// Shared test fixtures: the Lead describe as a real org's REST API returns it (trimmed to a few
// fields, every property kept), and small builders for plans and objectives.
import { readFileSync } from 'node:fs';
import type { SObjectDescribe } from '../src/engine/describe.ts';
import type { BusinessPlan, PlanObjective } from '../src/engine/model.ts';

export const leadDescribe: SObjectDescribe = JSON.parse(
  readFileSync(new URL('./fixtures/leadDescribe.json', import.meta.url), 'utf8')
) as SObjectDescribe;

export function plan(overrides: Partial<BusinessPlan> = {}): BusinessPlan {
  return {
    id: 'a01000000000001AAA',
    name: 'Northwind FY26',
    partnerAccountId: '001000000000001AAA',
    status: 'In Progress',
    startDate: '2026-01-01',
    endDate: '2026-12-31',
    progress: null,
    lastCalculated: null,
    ownerId: '005000000000001AAA',
    channelManagerId: '005000000000001AAA',
    nextReviewDate: null,
    ...overrides
  };
}

export function objective(overrides: Partial<PlanObjective> = {}): PlanObjective {
  return {
    id: 'a02000000000001AAA',
    name: 'Deal registrations',
    planId: 'a01000000000001AAA',
    type: 'Deal Registration',
    weight: 1,
    target: 10,
    actual: null,
    progress: null,
    aggregateFunction: 'COUNT',
    aggregateField: null,
    criteria: null,
    periodType: 'Quarterly',
    calculationStatus: null,
    calculationMessage: null,
    ...overrides
  };
}
