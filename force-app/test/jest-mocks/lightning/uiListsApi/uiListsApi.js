// Stands in for lightning/uiListsApi in component tests. sfdx-lwc-jest's stub exports only
// getListInfoByName and getListInfosByName, as plain functions; these are the module's wire
// adapters as test wire adapters, so tests can emit list views and list records through them.
import { createLdsTestWireAdapter } from '@salesforce/wire-service-jest-util';

export const getListInfoByName = createLdsTestWireAdapter(jest.fn());
export const getListInfosByName = createLdsTestWireAdapter(jest.fn());
export const getListInfosByObjectName = createLdsTestWireAdapter(jest.fn());
export const getListRecordsByName = createLdsTestWireAdapter(jest.fn());
