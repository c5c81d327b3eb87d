/**
 * Plan_Job__c.Result__c as the connector writes it (connector/src/jobs/job.ts, resultText): a
 * sentence for people, then a blank line and the details as JSON for pages like this one.
 * Either part may be missing; text that is not the connector's is shown as it is.
 * @param {string|null|undefined} text the field's value
 * @returns {{summary: string|null, details: *}} details is null when there are none to read
 */
export function parseJobResult(text) {
  if (typeof text !== 'string' || text.trim() === '') return { summary: null, details: null };
  const json = (value) => {
    try {
      return JSON.parse(value);
    } catch {
      return undefined;
    }
  };
  const gap = text.indexOf('\n\n');
  if (gap >= 0) {
    const details = json(text.slice(gap + 2));
    if (details !== undefined) return { summary: text.slice(0, gap).trim() || null, details };
  }
  const whole = json(text);
  // A result that is only JSON (a job with details but no summary).
  if (whole !== undefined && typeof whole === 'object' && whole !== null)
    return { summary: null, details: whole };
  return { summary: text.trim(), details: null };
}

function list(value) {
  return Array.isArray(value) ? value.filter((item) => item && typeof item === 'object') : [];
}
function textOrNull(value) {
  return typeof value === 'string' && value !== '' ? value : null;
}

/**
 * The partner accounts an Apply Template job's details (connector/src/jobs/applyTemplate.ts)
 * name: the plans it created, the accounts it skipped and those that failed, each with the
 * account's name (or Id), the plan's Id when there is one, and what went wrong.
 * @param {*} details parseJobResult(...).details
 * @returns {{created: object[], skipped: object[], failed: object[]}}
 */
export function applyTemplateOutcome(details) {
  const row = (entry) => ({
    accountId: textOrNull(entry.accountId),
    accountName: textOrNull(entry.accountName) ?? textOrNull(entry.accountId) ?? '',
    planId: textOrNull(entry.planId),
    reason: textOrNull(entry.reason),
    errors: Array.isArray(entry.errors) ? entry.errors.filter((e) => typeof e === 'string') : []
  });
  const source = details && typeof details === 'object' ? details : {};
  return {
    created: list(source.created).map(row),
    skipped: list(source.skipped).map(row),
    failed: list(source.failed).map(row)
  };
}
