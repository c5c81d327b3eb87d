/**
 * Where each objective type's actual comes from, as the connector's default source mappings
 * say (config/connector.json `sources`): the object it reads and how it measures it.
 * `objective` aggregates as the objective's Aggregate Function and Field say; `count` counts
 * records whatever they say; `manual` (Custom) takes its actual by hand and reads no records.
 */
export const OBJECTIVE_SOURCES = Object.freeze({
  'Deal Registration': { object: 'Lead', measure: 'objective' },
  'Number of Deals': { object: 'Lead', measure: 'count' },
  'Qualified Deal Registration': { object: 'Opportunity', measure: 'objective' },
  'Number of Qualified Deals': { object: 'Opportunity', measure: 'count' },
  'Course Completion': { object: 'Course_Assignment__c', measure: 'count' },
  Custom: { object: null, measure: 'manual' }
});

export const SOURCE_OBJECTS = Object.freeze(['Lead', 'Opportunity', 'Course_Assignment__c']);

/** Functions that need a number, currency or percent field (connector/src/engine/aggregate.ts). */
const NUMERIC_FUNCTIONS = new Set(['SUM', 'AVG', 'MIN', 'MAX']);
const NUMERIC_TYPES = new Set(['Int', 'Long', 'Double', 'Currency', 'Percent']);
/** Types SOQL cannot aggregate at all, even with COUNT or COUNT_DISTINCT. */
const NOT_AGGREGATABLE = new Set(['TextArea', 'MultiPicklist', 'Boolean', 'Location', 'Address', 'Base64']);

export const sourceOf = (type) => OBJECTIVE_SOURCES[type] ?? null;

/** Whether the aggregate function needs a field: every one but COUNT, which counts records. */
export const functionNeedsField = (fn) => Boolean(fn) && fn !== 'COUNT';

/** The fields of the source object that `fn` can aggregate, sorted by label. */
export function aggregateFields(objectInfo, fn) {
  if (!objectInfo || !fn) return [];
  const accepts = NUMERIC_FUNCTIONS.has(fn)
    ? (field) => NUMERIC_TYPES.has(field.dataType)
    : (field) => !NOT_AGGREGATABLE.has(field.dataType);
  return Object.values(objectInfo.fields)
    .filter(accepts)
    .sort((a, b) => a.label.localeCompare(b.label));
}
