/**
 * Helpers shared by components that read data through Lightning Data Service: the user's access
 * as getObjectInfo reports it, and error messages.
 */

/**
 * May the user change this field of existing records: update access to the object and to the field.
 * @param {object} objectInfo getObjectInfo's data; undefined while it loads
 * @param {{ fieldApiName: string }} field a field reference from @salesforce/schema
 */
export function fieldUpdateable(objectInfo, field) {
  return objectInfo?.updateable === true && objectInfo.fields?.[field.fieldApiName]?.updateable === true;
}

/**
 * May the user create records of the object with all these fields set: create access to the object and to each field.
 * @param {object} objectInfo getObjectInfo's data; undefined while it loads
 * @param {{ fieldApiName: string }[]} fields field references from @salesforce/schema
 */
export function fieldsCreateable(objectInfo, fields) {
  return (
    objectInfo?.createable === true &&
    fields.every((field) => objectInfo.fields?.[field.fieldApiName]?.createable === true)
  );
}

/** The messages of a list of { message } entries; anything else has none. */
function messagesOf(entries) {
  return Array.isArray(entries) ? entries.map((entry) => entry?.message) : [];
}

/** The messages of a { fieldApiName: [{ message }] } map. */
function fieldMessagesOf(fieldErrors) {
  return fieldErrors && typeof fieldErrors === 'object' ? Object.values(fieldErrors).flatMap(messagesOf) : [];
}

function messagesOfOne(error) {
  if (typeof error === 'string') {
    return [error];
  }
  const { body } = error;
  // UI API read errors: the body is a list of { errorCode, message }.
  if (Array.isArray(body)) {
    return messagesOf(body);
  }
  // Page-level and field-level errors, as Apex/DML errors and UI API DML errors (body.output) report them.
  const specific = [
    ...messagesOf(body?.pageErrors),
    ...fieldMessagesOf(body?.fieldErrors),
    ...messagesOf(body?.output?.errors),
    ...fieldMessagesOf(body?.output?.fieldErrors)
  ];
  if (specific.some(Boolean)) {
    return specific;
  }
  // UI API DML, Apex and network errors with a single message.
  if (typeof body?.message === 'string') {
    return [body.message];
  }
  // JavaScript errors.
  if (typeof error.message === 'string') {
    return [error.message];
  }
  // Unknown shape: fall back to the HTTP status text.
  return [error.statusText];
}

/**
 * Reduces one or more LDS, Apex, DML or JavaScript errors to a list of distinct,
 * non-empty messages that are safe to show as text.
 * @param {*} errors a single error or an array of errors; null and undefined entries are skipped
 * @returns {string[]} the messages, in order, without duplicates
 */
export function reduceErrors(errors) {
  const list = Array.isArray(errors) ? errors : [errors];
  const messages = list
    .filter((error) => error !== null && error !== undefined)
    .flatMap(messagesOfOne)
    .filter((message) => typeof message === 'string' && message.trim().length > 0);
  return [...new Set(messages)];
}
