// What multiple currencies add to the data model, as in a real org once "Activate Multiple
// Currencies" is on: the CurrencyType object (static rates), DatedConversionRate when advanced
// currency management is on, and a CurrencyIsoCode picklist on the objects that hold records.
// A detail of a master-detail relationship takes its master's currency, so its CurrencyIsoCode
// cannot be set (store.ts keeps it in step); on every other object it defaults to the corporate
// currency and may be set to any active currency.
import { field, object, systemFields } from '../schema/build.ts';
import type { FieldDef, ObjectDef, PicklistValue } from '../schema/types.ts';
import type { CurrencySettings } from './settings.ts';

export const CURRENCY_FIELD = 'CurrencyIsoCode';
export const CURRENCY_TYPE = 'CurrencyType';
export const DATED_CONVERSION_RATE = 'DatedConversionRate';

// Setup objects carry no currency (their records are configuration, not money).
const WITHOUT_CURRENCY: ReadonlySet<string> = new Set([
  'Organization',
  'Profile',
  'UserRole',
  'PermissionSet',
  'PermissionSetAssignment',
  'Group',
  'GroupMember',
  CURRENCY_TYPE,
  DATED_CONVERSION_RATE,
  'FiscalYearSettings',
  'Period'
]);

const readOnly = { createable: false, updateable: false } as const;

/** The primary master-detail field of a detail object: the one whose master gives it its currency. */
export function primaryMaster(o: ObjectDef): FieldDef | undefined {
  return o.fields.find((f) => f.cascadeDelete && f.relationshipOrder === 0);
}

export function hasCurrency(o: ObjectDef): boolean {
  return !WITHOUT_CURRENCY.has(o.name) && !o.name.endsWith('__Share') && !o.name.endsWith('__History');
}

function isoCodeField(picklistValues: PicklistValue[], extra: Partial<FieldDef> = {}): FieldDef {
  return field({
    name: 'IsoCode',
    type: 'picklist',
    label: 'Currency ISO Code',
    length: 3,
    nillable: false,
    picklistValues,
    ...extra
  });
}

function currencyObjects(settings: CurrencySettings, picklistValues: PicklistValue[]): ObjectDef[] {
  const currencyType = object({
    name: CURRENCY_TYPE,
    keyPrefix: '02N',
    label: 'Currency Type',
    // Currencies are deactivated, never deleted.
    deletable: false,
    fields: [
      ...systemFields(),
      isoCodeField([], { unique: true, updateable: false }),
      field({ name: 'ConversionRate', type: 'double', label: 'Conversion Rate', scale: 6, nillable: false }),
      field({ name: 'DecimalPlaces', type: 'int', label: 'Decimal Places', precision: 9, nillable: false }),
      field({ name: 'IsActive', type: 'boolean', label: 'Active' }),
      // Changing the corporate currency re-bases every rate; Setup does it, not the API.
      field({ name: 'IsCorporate', type: 'boolean', label: 'Corporate Currency', ...readOnly })
    ]
  });
  if (!settings.advancedCurrencyManagement) return [currencyType];
  const datedRate = object({
    name: DATED_CONVERSION_RATE,
    keyPrefix: '04w',
    label: 'Dated Conversion Rate',
    fields: [
      ...systemFields(),
      isoCodeField(picklistValues, { restrictedPicklist: true, updateable: false }),
      field({ name: 'ConversionRate', type: 'double', label: 'Exchange Rate', scale: 6, nillable: false }),
      field({ name: 'StartDate', type: 'date', label: 'Date', nillable: false, updateable: false }),
      // The StartDate of the currency's next rate; store.ts maintains it.
      field({ name: 'NextStartDate', type: 'date', label: 'Next Start Date', ...readOnly })
    ]
  });
  return [currencyType, datedRate];
}

function currencyField(o: ObjectDef, settings: CurrencySettings, picklistValues: PicklistValue[]): FieldDef {
  const detail = primaryMaster(o) !== undefined;
  return field({
    name: CURRENCY_FIELD,
    type: 'picklist',
    label: `${o.label} Currency`,
    length: 3,
    nillable: false,
    picklistValues,
    restrictedPicklist: true,
    defaultValue: settings.corporateCurrency,
    ...(detail ? readOnly : {})
  });
}

/**
 * The objects of a multi-currency org. `picklistValues` is the one list every CurrencyIsoCode
 * field shares, so that store.ts can refresh it in place when currencies change.
 */
export function withMultiCurrency(
  objects: readonly ObjectDef[],
  settings: CurrencySettings,
  picklistValues: PicklistValue[]
): ObjectDef[] {
  const withField = objects.map((o) =>
    hasCurrency(o) ? { ...o, fields: [...o.fields, currencyField(o, settings, picklistValues)] } : o
  );
  return [...withField, ...currencyObjects(settings, picklistValues)];
}
