// lightning/uiRelatedListApi over the local org's UI API: getRelatedListRecords pages
// through the child records of a parent, as POST /ui-api/related-list-records does.
import { createLdsWireAdapter, isRecordId, uiApiRequest } from 'localorg/lds';

/**
 * Unlike getRecord, this adapter takes field names as strings only ('Contact.Name'): LDS does
 * not coerce FieldIds here, and a config it cannot validate never loads. The same holds here.
 */
function stringList(value) {
  if (value === undefined) return [];
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
}

function relatedListRequest(config) {
  const { parentRecordId, relatedListId, pageSize, pageToken, where } = config;
  const fields = stringList(config.fields);
  const optionalFields = stringList(config.optionalFields);
  const sortBy = stringList(config.sortBy);
  if (!isRecordId(parentRecordId) || typeof relatedListId !== 'string' || !relatedListId) return null;
  if (!fields || !optionalFields || !sortBy) return null;
  const body = { fields, optionalFields, sortBy };
  if (pageSize !== undefined) body.pageSize = pageSize;
  if (pageToken !== undefined) body.pageToken = String(pageToken);
  if (where !== undefined) body.where = where;
  return {
    key: JSON.stringify([parentRecordId, relatedListId, body]),
    recordIds: [parentRecordId],
    parentRecordIds: [parentRecordId],
    load: () =>
      uiApiRequest(
        'POST',
        `/related-list-records/${parentRecordId}/${encodeURIComponent(relatedListId)}`,
        body
      )
  };
}

export const getRelatedListRecords = createLdsWireAdapter('uiRelatedListApi.getRelatedListRecords', {
  request: relatedListRequest
});
