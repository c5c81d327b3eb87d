// FiscalYearSettings and Period, as a real org describes them: read-only setup objects (the
// API can query them, never write them) that hold the org's fiscal years and their periods.
// org/fiscalYears.ts fills them from the org's settings and its custom fiscal years.
import { field, object, systemFields } from './build.ts';
import type { FieldDef, ObjectDef, PicklistValue } from './types.ts';

const readOnly = { createable: false, updateable: false } as const;

function picklist(values: readonly string[], restricted = true): Partial<FieldDef> {
  const picklistValues: PicklistValue[] = values.map((value) => ({
    value,
    label: value,
    defaultValue: false,
    active: true
  }));
  return { picklistValues, restrictedPicklist: restricted };
}

/** Setup objects keep only the audit fields a new org describes for them. */
const auditFields = (): FieldDef[] =>
  systemFields().filter((f) => ['Id', 'IsDeleted', 'SystemModstamp'].includes(f.name));

export const PERIOD_TYPES = ['Year', 'Quarter', 'Month', 'Week'] as const;
export const LABEL_SCHEMES = ['NumberByYear', 'NumberByQuarter', 'StandardMonths', 'Custom'] as const;

export function fiscalYearObjects(): ObjectDef[] {
  return [
    object({
      name: 'FiscalYearSettings',
      keyPrefix: '022',
      label: 'Fiscal Year Settings',
      createable: false,
      updateable: false,
      deletable: false,
      fields: [
        ...auditFields(),
        field({
          name: 'Name',
          type: 'string',
          label: 'Name',
          length: 80,
          nameField: true,
          nillable: false,
          ...readOnly
        }),
        field({ name: 'Description', type: 'string', label: 'Description', ...readOnly }),
        field({ name: 'StartDate', type: 'date', label: 'Start Date', ...readOnly }),
        field({ name: 'EndDate', type: 'date', label: 'End Date', ...readOnly }),
        field({ name: 'IsStandardYear', type: 'boolean', label: 'Is Standard Year', ...readOnly }),
        field({
          name: 'PeriodId',
          type: 'reference',
          label: 'Period ID',
          referenceTo: ['Period'],
          relationshipName: 'Period',
          groupable: true,
          ...readOnly
        }),
        field({
          name: 'YearType',
          type: 'picklist',
          label: 'Year Type',
          length: 40,
          ...picklist(['Standard', 'Custom', 'Placeholder']),
          ...readOnly
        }),
        field({
          name: 'QuarterLabelScheme',
          type: 'picklist',
          label: 'Quarter Name Scheme',
          length: 40,
          ...picklist(['NumberByYear', 'Custom']),
          ...readOnly
        }),
        field({
          name: 'QuarterPrefix',
          type: 'picklist',
          label: 'Quarter Prefix',
          ...picklist(['Quarter', 'FQ', 'Q', 'Trimester'], false),
          ...readOnly
        }),
        field({
          name: 'PeriodLabelScheme',
          type: 'picklist',
          label: 'Period Name Scheme',
          length: 40,
          ...picklist(LABEL_SCHEMES),
          ...readOnly
        }),
        field({
          name: 'PeriodPrefix',
          type: 'picklist',
          label: 'Period Prefix',
          ...picklist(['Period', 'FP', 'P', 'Month'], false),
          ...readOnly
        }),
        field({
          name: 'WeekLabelScheme',
          type: 'picklist',
          label: 'Week Name Scheme',
          length: 40,
          ...picklist(['NumberByYear', 'NumberByQuarter', 'NumberByPeriod']),
          ...readOnly
        }),
        field({ name: 'WeekStartDay', type: 'int', label: 'Week Start Day', precision: 9, ...readOnly })
      ]
    }),
    object({
      name: 'Period',
      keyPrefix: '026',
      label: 'Period',
      createable: false,
      updateable: false,
      deletable: false,
      fields: [
        ...auditFields(),
        field({
          name: 'FiscalYearSettingsId',
          type: 'reference',
          label: 'Fiscal Year Settings ID',
          referenceTo: ['FiscalYearSettings'],
          relationshipName: 'FiscalYearSettings',
          groupable: true,
          ...readOnly
        }),
        field({
          name: 'Type',
          type: 'picklist',
          label: 'Type',
          length: 40,
          ...picklist(PERIOD_TYPES),
          ...readOnly
        }),
        field({ name: 'StartDate', type: 'date', label: 'Start Date', nillable: false, ...readOnly }),
        field({ name: 'EndDate', type: 'date', label: 'End Date', nillable: false, ...readOnly }),
        field({ name: 'Number', type: 'int', label: 'Number', precision: 9, groupable: true, ...readOnly }),
        field({
          name: 'PeriodLabel',
          type: 'picklist',
          label: 'Period Name',
          ...picklist([], false),
          ...readOnly
        }),
        field({
          name: 'QuarterLabel',
          type: 'picklist',
          label: 'Quarter Name',
          ...picklist([], false),
          ...readOnly
        }),
        field({ name: 'IsForecastPeriod', type: 'boolean', label: 'Is Forecast Period', ...readOnly }),
        field({
          name: 'FullyQualifiedLabel',
          type: 'string',
          label: 'Fully Qualified Label',
          length: 80,
          filterable: false,
          sortable: false,
          ...readOnly
        })
      ]
    })
  ];
}
