// lightning/uiObjectInfoApi over the local org's UI API: object metadata and picklist values.
import { createLdsWireAdapter, objectApiNameOf, qualifiedFieldName, uiApiRequest } from 'localorg/lds';

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const RECORD_TYPE_ID = /^012[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?$/;

export const getObjectInfo = createLdsWireAdapter('uiObjectInfoApi.getObjectInfo', {
  request(config) {
    const objectApiName = objectApiNameOf(config.objectApiName);
    if (!objectApiName || !NAME.test(objectApiName)) return null;
    return {
      key: objectApiName.toLowerCase(),
      load: () => uiApiRequest('GET', `/object-info/${objectApiName}`)
    };
  }
});

export const getObjectInfos = createLdsWireAdapter('uiObjectInfoApi.getObjectInfos', {
  request(config) {
    const names = Array.isArray(config.objectApiNames) ? config.objectApiNames.map(objectApiNameOf) : [];
    if (names.length === 0 || !names.every((n) => n && NAME.test(n))) return null;
    return {
      key: names.join(',').toLowerCase(),
      load: () => uiApiRequest('GET', `/object-info/batch/${names.join(',')}`)
    };
  }
});

export const getPicklistValues = createLdsWireAdapter('uiObjectInfoApi.getPicklistValues', {
  request(config) {
    const field = qualifiedFieldName(config.fieldApiName);
    const { recordTypeId } = config;
    const parts = typeof field === 'string' ? field.split('.') : [];
    if (parts.length !== 2 || !parts.every((p) => NAME.test(p)) || !RECORD_TYPE_ID.test(recordTypeId || ''))
      return null;
    const [objectApiName, fieldApiName] = parts;
    return {
      key: `${field}:${recordTypeId}`.toLowerCase(),
      load: () =>
        uiApiRequest('GET', `/object-info/${objectApiName}/picklist-values/${recordTypeId}/${fieldApiName}`)
    };
  }
});

export const getPicklistValuesByRecordType = createLdsWireAdapter(
  'uiObjectInfoApi.getPicklistValuesByRecordType',
  {
    request(config) {
      const objectApiName = objectApiNameOf(config.objectApiName);
      const { recordTypeId } = config;
      if (!objectApiName || !NAME.test(objectApiName) || !RECORD_TYPE_ID.test(recordTypeId || ''))
        return null;
      return {
        key: `${objectApiName}:${recordTypeId}`.toLowerCase(),
        load: () => uiApiRequest('GET', `/object-info/${objectApiName}/picklist-values/${recordTypeId}`)
      };
    }
  }
);
