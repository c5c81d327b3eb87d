// lightning/uiRecordApi over the local org's UI API: the getRecord and getRecords wire
// adapters, the field helpers, record-change notifications, and the writes createRecord,
// updateRecord and deleteRecord. After a write, as LDS's cache does, every wire showing the
// record gets it again, and so do the related lists under the parents the record points at.
import {
  createLdsWireAdapter,
  deepFreeze,
  fieldNameList,
  isRecordId,
  queryString,
  refreshRecords,
  refreshWiredValue,
  uiApiRequest
} from 'localorg/lds';

const sorted = (list) => [...list].sort();

/** recordId plus fields, optionalFields and/or layoutTypes, as LDS validates them. */
function recordRequest(config) {
  const { recordId } = config;
  const fields = fieldNameList(config.fields);
  const optionalFields = fieldNameList(config.optionalFields);
  const layoutTypes = config.layoutTypes === undefined ? [] : [].concat(config.layoutTypes);
  const modes = config.modes === undefined ? [] : [].concat(config.modes);
  if (!isRecordId(recordId) || !fields || !optionalFields) return null;
  if (fields.length + optionalFields.length + layoutTypes.length === 0) return null;
  const params = { fields: sorted(fields), optionalFields: sorted(optionalFields), layoutTypes, modes };
  return {
    key: JSON.stringify([recordId, params]),
    recordIds: [recordId],
    load: () => uiApiRequest('GET', `/records/${recordId}${queryString(params)}`)
  };
}

export const getRecord = createLdsWireAdapter('uiRecordApi.getRecord', { request: recordRequest });

/** getRecords: { records: [{ recordIds, fields, optionalFields }] } → { results: [{ statusCode, result }] }. */
export const getRecords = createLdsWireAdapter('uiRecordApi.getRecords', {
  request(config) {
    if (!config || !Array.isArray(config.records) || config.records.length === 0) return null;
    const groups = config.records.map((group) => ({
      recordIds: Array.isArray(group.recordIds) ? group.recordIds : [],
      fields: fieldNameList(group.fields),
      optionalFields: fieldNameList(group.optionalFields)
    }));
    if (
      groups.some(
        (g) => !g.fields || !g.optionalFields || g.recordIds.length === 0 || !g.recordIds.every(isRecordId)
      )
    ) {
      return null;
    }
    return {
      key: JSON.stringify(groups),
      recordIds: groups.flatMap((g) => g.recordIds),
      async load() {
        const responses = await Promise.all(
          groups.map((g) =>
            uiApiRequest(
              'GET',
              `/records/batch/${g.recordIds.join(',')}${queryString({ fields: sorted(g.fields), optionalFields: sorted(g.optionalFields) })}`
            )
          )
        );
        return { results: responses.flatMap((r) => r.results) };
      }
    };
  }
});

/** Splits 'Opportunity.Account.Name' into ['Opportunity', 'Account.Name']. */
function splitQualified(field) {
  const name = typeof field === 'string' ? field : field && `${field.objectApiName}.${field.fieldApiName}`;
  if (typeof name !== 'string') throw new TypeError('Value is not a string or FieldId.');
  const dot = name.indexOf('.');
  if (dot < 1) throw new TypeError('Value does not include an object API name.');
  return name.substring(dot + 1).split('.');
}

/** The field's value (a nested record for a relationship), or undefined when the record lacks it. */
export function getFieldValue(record, field) {
  const path = splitQualified(field);
  let current = record;
  for (const name of path) {
    if (!current || !current.fields) return undefined;
    const value = current.fields[name];
    if (value === undefined) return undefined;
    current = value.value;
  }
  return current;
}

/** The field's displayValue, or undefined when the record lacks the field. */
export function getFieldDisplayValue(record, field) {
  const path = splitQualified(field);
  let current = record;
  for (let i = 0; i < path.length; i++) {
    if (!current || !current.fields) return undefined;
    const value = current.fields[path[i]];
    if (value === undefined) return undefined;
    if (i === path.length - 1) return value.displayValue;
    current = value.value;
  }
  return undefined;
}

/** Tells LDS that records changed on the server: every wire showing them fetches again. */
export function notifyRecordUpdateAvailable(recordIds) {
  const ids = (recordIds || [])
    .map((item) => (typeof item === 'string' ? item : item && item.recordId))
    .filter(isRecordId);
  return refreshRecords(ids);
}

/** The older name of notifyRecordUpdateAvailable, which does not return a promise. */
export function getRecordNotifyChange(recordIds) {
  notifyRecordUpdateAvailable(recordIds);
}

/** refresh(wiredValue) fetches a wired value again. */
export function refresh(wiredValue) {
  return refreshWiredValue(wiredValue);
}

const isPlainObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * The record Ids among field values, raw ({ Widget__c: '…' }) or as a record holds them
 * ({ Widget__c: { value: '…' } }): the parents whose related lists may list the record.
 */
function idValues(fields) {
  return Object.values(fields || {})
    .map((field) => (isPlainObject(field) ? field.value : field))
    .filter(isRecordId);
}

/** createRecord({ apiName, fields }): resolves with the new record as its layout shows it. */
export async function createRecord(recordInput) {
  if (
    !isPlainObject(recordInput) ||
    typeof recordInput.apiName !== 'string' ||
    !isPlainObject(recordInput.fields)
  ) {
    throw new TypeError('createRecord takes a record input: { apiName, fields }.');
  }
  const { apiName, fields } = recordInput;
  const record = await uiApiRequest('POST', '/records', { apiName, fields });
  await refreshRecords([record.id], [...idValues(fields), ...idValues(record.fields)]);
  return deepFreeze(record);
}

/**
 * updateRecord({ fields: { Id, ...changes } }, { ifUnmodifiedSince }): resolves with the saved
 * record; ifUnmodifiedSince (the LastModifiedDate the user saw) turns a save someone else
 * made in between into an error instead of overwriting it.
 */
export async function updateRecord(recordInput, clientOptions) {
  if (
    !isPlainObject(recordInput) ||
    !isPlainObject(recordInput.fields) ||
    !isRecordId(recordInput.fields.Id)
  ) {
    throw new TypeError('updateRecord takes a record input whose fields include the record Id.');
  }
  const { Id: recordId, ...fields } = recordInput.fields;
  const since = clientOptions && clientOptions.ifUnmodifiedSince;
  const record = await uiApiRequest(
    'PATCH',
    `/records/${recordId}`,
    { fields },
    since ? { 'If-Unmodified-Since': String(since) } : {}
  );
  // A record moved to another parent leaves the old parent's lists (they hold it) for the new one's.
  await refreshRecords([recordId], idValues(record.fields));
  return deepFreeze(record);
}

/** deleteRecord(recordId): resolves with undefined once the record and the lists showing it are updated. */
export async function deleteRecord(recordId) {
  if (!isRecordId(recordId)) throw new TypeError('deleteRecord takes a record Id.');
  await uiApiRequest('DELETE', `/records/${recordId}`);
  await refreshRecords([recordId]);
}

/** A record input for updateRecord: the Id and every updateable field the record holds. */
export function generateRecordInputForUpdate(record, objectInfo) {
  const fields = { Id: record.id };
  for (const [name, value] of Object.entries(record.fields)) {
    const info = objectInfo && objectInfo.fields[name];
    if (
      (!objectInfo || (info && info.updateable)) &&
      (value.value === null || typeof value.value !== 'object')
    ) {
      fields[name] = value.value;
    }
  }
  return { fields };
}

/** A record input for createRecord from record defaults: createable fields only. */
export function generateRecordInputForCreate(record, objectInfo) {
  const fields = {};
  for (const [name, value] of Object.entries(record.fields)) {
    const info = objectInfo && objectInfo.fields[name];
    if (
      (!objectInfo || (info && info.createable)) &&
      (value.value === null || typeof value.value !== 'object')
    ) {
      fields[name] = value.value;
    }
  }
  return { apiName: record.apiName, fields };
}

/** Keeps only the fields whose values differ from the original record (and the Id). */
export function createRecordInputFilteredByEditedFields(recordInput, originalRecord) {
  const fields = {};
  for (const [name, value] of Object.entries(recordInput.fields)) {
    const original = originalRecord && originalRecord.fields[name];
    if (name === 'Id' || !original || original.value !== value) fields[name] = value;
  }
  return { ...recordInput, fields };
}
