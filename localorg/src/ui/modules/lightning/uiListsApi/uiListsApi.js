// lightning/uiListsApi over the local org's UI API: an object's list views
// (getListInfosByObjectName), one list view's columns and filters (getListInfoByName), and a
// page of its records (getListRecordsByName), each as GET /ui-api/list-info… or
// /ui-api/list-records/{objectApiName}/{listViewApiName} answers them.
import {
  createLdsWireAdapter,
  fieldNameList,
  objectApiNameOf,
  queryString,
  uiApiRequest
} from 'localorg/lds';

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

function listNames(config) {
  const objectApiName = objectApiNameOf(config.objectApiName);
  const { listViewApiName } = config;
  if (!objectApiName || !NAME.test(objectApiName)) return null;
  if (typeof listViewApiName !== 'string' || !NAME.test(listViewApiName)) return null;
  return { objectApiName, listViewApiName };
}

export const getListInfoByName = createLdsWireAdapter('uiListsApi.getListInfoByName', {
  request(config) {
    const names = listNames(config);
    if (!names) return null;
    return {
      key: `${names.objectApiName}.${names.listViewApiName}`.toLowerCase(),
      load: () => uiApiRequest('GET', `/list-info/${names.objectApiName}/${names.listViewApiName}`)
    };
  }
});

export const getListInfosByObjectName = createLdsWireAdapter('uiListsApi.getListInfosByObjectName', {
  request(config) {
    const objectApiName = objectApiNameOf(config.objectApiName);
    if (!objectApiName || !NAME.test(objectApiName)) return null;
    const params = {
      pageSize: config.pageSize,
      pageToken: config.pageToken,
      q: config.q,
      recentListsOnly: config.recentListsOnly
    };
    return {
      key: JSON.stringify([objectApiName.toLowerCase(), params]),
      load: () => uiApiRequest('GET', `/list-info/${objectApiName}${queryString(params)}`)
    };
  }
});

/** sortBy: 'Name', '-Account.Name' or a FieldId; one field. */
function sortName(value) {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  const names = list.map((v) => (typeof v === 'string' ? v : v && `${v.objectApiName}.${v.fieldApiName}`));
  return names.every((n) => typeof n === 'string' && n.length > 0) ? names : undefined;
}

export const getListRecordsByName = createLdsWireAdapter('uiListsApi.getListRecordsByName', {
  request(config) {
    const names = listNames(config);
    const fields = fieldNameList(config.fields);
    const optionalFields = fieldNameList(config.optionalFields);
    const sortBy = sortName(config.sortBy);
    if (!names || !fields || !optionalFields || !sortBy) return null;
    const params = {
      fields: [...fields].sort(),
      optionalFields: [...optionalFields].sort(),
      pageSize: config.pageSize,
      pageToken: config.pageToken,
      sortBy,
      where: config.where,
      searchTerm: config.searchTerm
    };
    return {
      key: JSON.stringify([names.objectApiName.toLowerCase(), names.listViewApiName.toLowerCase(), params]),
      load: () =>
        uiApiRequest(
          'GET',
          `/list-records/${names.objectApiName}/${names.listViewApiName}${queryString(params)}`
        )
    };
  }
});
