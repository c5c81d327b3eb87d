// The standard objects the product reads, with the common standard fields a fresh
// Developer Edition org describes for them: same API names, types, relationship names
// and picklist values, so code that works here works against a real org.
import { field, object, ownerField, systemFields, type FieldSpec } from './build.ts';
import { fiscalYearObjects } from './fiscalObjects.ts';
import type { FieldDef, ObjectDef, PicklistValue, RecordValues } from './types.ts';

function picklist(values: string[], defaultValue?: string): PicklistValue[] {
  return values.map((value) => ({ value, label: value, defaultValue: value === defaultValue, active: true }));
}

function lookup(
  name: string,
  target: string,
  relationshipName: string,
  extra: Partial<FieldSpec> = {}
): FieldDef {
  return field({
    name,
    type: 'reference',
    referenceTo: [target],
    relationshipName,
    groupable: true,
    ...extra
  });
}

const readOnly = { createable: false, updateable: false } as const;

function nameField(extra: Partial<FieldSpec> = {}): FieldDef {
  return field({ name: 'Name', type: 'string', label: 'Name', nameField: true, nillable: false, ...extra });
}

/** Person names are compound: Name is computed from FirstName and LastName. */
function personNameFields(): FieldDef[] {
  return [
    field({ name: 'FirstName', type: 'string', label: 'First Name', length: 40 }),
    field({ name: 'LastName', type: 'string', label: 'Last Name', length: 80, nillable: false }),
    nameField({ label: 'Full Name', length: 121, ...readOnly })
  ];
}

function fullName(record: RecordValues): RecordValues {
  const parts = [record.FirstName, record.LastName].filter((p) => typeof p === 'string' && p !== '');
  return { Name: parts.join(' ') };
}

const TIME_ZONES = [
  'America/Los_Angeles',
  'America/Denver',
  'America/Chicago',
  'America/New_York',
  'America/Sao_Paulo',
  'Europe/London',
  'Europe/Paris',
  'Europe/Berlin',
  'Asia/Kolkata',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Pacific/Auckland',
  'GMT'
];

const LEAD_STATUSES = [
  'Open - Not Contacted',
  'Working - Contacted',
  'Closed - Converted',
  'Closed - Not Converted'
];
const LEAD_SOURCES = ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other'];

/** Stage name → whether it closes the deal and whether it wins it, as in a new org. */
const OPPORTUNITY_STAGES: ReadonlyArray<[string, boolean, boolean, number]> = [
  ['Prospecting', false, false, 10],
  ['Qualification', false, false, 10],
  ['Needs Analysis', false, false, 20],
  ['Value Proposition', false, false, 50],
  ['Id. Decision Makers', false, false, 60],
  ['Perception Analysis', false, false, 70],
  ['Proposal/Price Quote', false, false, 75],
  ['Negotiation/Review', false, false, 90],
  ['Closed Won', true, true, 100],
  ['Closed Lost', true, false, 0]
];

function opportunityStage(record: RecordValues): RecordValues {
  const stage = OPPORTUNITY_STAGES.find(([name]) => name === record.StageName);
  return stage ? { IsClosed: stage[1], IsWon: stage[2] } : { IsClosed: false, IsWon: false };
}

/** Setup objects keep only the audit fields a new org describes for them: no creator or modifier. */
function setupAuditFields(): FieldDef[] {
  return systemFields().filter((f) => ['Id', 'IsDeleted', 'SystemModstamp'].includes(f.name));
}

const GROUP_TYPES = [
  'Regular',
  'Role',
  'RoleAndSubordinates',
  'RoleAndSubordinatesInternal',
  'Organization',
  'Queue'
];

export function standardObjects(): ObjectDef[] {
  return [
    ...fiscalYearObjects(),
    object({
      name: 'Organization',
      keyPrefix: '00D',
      label: 'Organization',
      createable: false,
      deletable: false,
      fields: [
        ...systemFields(),
        nameField(),
        field({ name: 'FiscalYearStartMonth', type: 'int', label: 'Fiscal Year Starts In', ...readOnly }),
        field({
          name: 'UsesStartDateAsFiscalYearName',
          type: 'boolean',
          label: 'Fiscal Year Name by Start',
          ...readOnly
        }),
        field({
          name: 'TimeZoneSidKey',
          type: 'picklist',
          label: 'Default Time Zone',
          picklistValues: picklist(TIME_ZONES),
          restrictedPicklist: true
        }),
        field({ name: 'DefaultLocaleSidKey', type: 'picklist', label: 'Default Locale' }),
        field({ name: 'LanguageLocaleKey', type: 'picklist', label: 'Language' }),
        field({ name: 'OrganizationType', type: 'picklist', label: 'Edition', ...readOnly }),
        field({ name: 'IsSandbox', type: 'boolean', label: 'Is Sandbox', ...readOnly }),
        field({ name: 'InstanceName', type: 'string', label: 'Instance Name', ...readOnly })
      ]
    }),
    object({
      name: 'Profile',
      keyPrefix: '00e',
      label: 'Profile',
      fields: [
        ...systemFields(),
        nameField(),
        field({ name: 'UserType', type: 'picklist', label: 'User Type' })
      ]
    }),
    object({
      name: 'UserRole',
      keyPrefix: '00E',
      label: 'Role',
      fields: [
        ...systemFields(),
        nameField({ length: 80 }),
        lookup('ParentRoleId', 'UserRole', 'ParentRole'),
        lookup('PortalAccountId', 'Account', 'PortalAccount'),
        field({
          name: 'PortalType',
          type: 'picklist',
          label: 'Portal Type',
          picklistValues: picklist(['None', 'Partner', 'CustomerPortal'])
        }),
        field({
          name: 'PortalRole',
          type: 'picklist',
          label: 'Portal Role',
          picklistValues: picklist(['Executive', 'Manager', 'Worker'])
        })
      ]
    }),
    object({
      name: 'User',
      keyPrefix: '005',
      label: 'User',
      deletable: false,
      derive: fullName,
      sharingModel: 'Read',
      externalSharingModel: 'Private',
      fields: [
        ...systemFields(),
        ...personNameFields(),
        field({
          name: 'Username',
          type: 'string',
          label: 'Username',
          length: 80,
          unique: true,
          nillable: false
        }),
        field({ name: 'Email', type: 'email', label: 'Email', nillable: false }),
        field({ name: 'Alias', type: 'string', label: 'Alias', length: 8 }),
        field({ name: 'IsActive', type: 'boolean', label: 'Active', defaultValue: true }),
        field({
          name: 'TimeZoneSidKey',
          type: 'picklist',
          label: 'Time Zone',
          picklistValues: picklist(TIME_ZONES)
        }),
        field({ name: 'LocaleSidKey', type: 'picklist', label: 'Locale' }),
        field({ name: 'LanguageLocaleKey', type: 'picklist', label: 'Language' }),
        field({ name: 'EmailEncodingKey', type: 'picklist', label: 'Email Encoding' }),
        lookup('ProfileId', 'Profile', 'Profile'),
        lookup('UserRoleId', 'UserRole', 'UserRole'),
        lookup('ContactId', 'Contact', 'Contact'),
        lookup('AccountId', 'Account', 'Account', readOnly),
        field({
          name: 'UserType',
          type: 'picklist',
          label: 'User Type',
          picklistValues: picklist(['Standard', 'PowerPartner']),
          ...readOnly
        }),
        field({ name: 'IsPortalEnabled', type: 'boolean', label: 'Portal Enabled', ...readOnly })
      ]
    }),
    object({
      name: 'PermissionSet',
      keyPrefix: '0PS',
      label: 'Permission Set',
      // Permission sets come from force-app's metadata; the API assigns them but does not author them.
      createable: false,
      updateable: false,
      deletable: false,
      fields: [
        ...systemFields(),
        nameField({ length: 80, ...readOnly }),
        field({ name: 'Label', type: 'string', label: 'Label', length: 80, ...readOnly }),
        field({ name: 'Description', type: 'textarea', label: 'Description', ...readOnly }),
        field({ name: 'IsOwnedByProfile', type: 'boolean', label: 'Is Owned By Profile', ...readOnly }),
        field({ name: 'IsCustom', type: 'boolean', label: 'Custom', ...readOnly }),
        field({
          name: 'HasActivationRequired',
          type: 'boolean',
          label: 'Session Activation Required',
          ...readOnly
        }),
        lookup('ProfileId', 'Profile', 'Profile', readOnly)
      ]
    }),
    object({
      name: 'PermissionSetAssignment',
      keyPrefix: '0Pa',
      label: 'Permission Set Assignment',
      updateable: false,
      fields: [
        ...setupAuditFields(),
        lookup('AssigneeId', 'User', 'Assignee', {
          nillable: false,
          updateable: false,
          childRelationshipName: 'PermissionSetAssignments'
        }),
        lookup('PermissionSetId', 'PermissionSet', 'PermissionSet', {
          nillable: false,
          updateable: false,
          childRelationshipName: 'Assignments'
        }),
        field({ name: 'IsActive', type: 'boolean', label: 'Is Active', defaultValue: true, ...readOnly }),
        field({ name: 'ExpirationDate', type: 'datetime', label: 'Expiration Date' })
      ]
    }),
    object({
      name: 'Group',
      keyPrefix: '00G',
      label: 'Group',
      fields: [
        ...systemFields(),
        ownerField(),
        nameField({ length: 40 }),
        field({ name: 'DeveloperName', type: 'string', label: 'Developer Name', length: 80 }),
        field({
          name: 'Type',
          type: 'picklist',
          label: 'Type',
          nillable: false,
          picklistValues: picklist(GROUP_TYPES, 'Regular'),
          restrictedPicklist: true,
          defaultValue: 'Regular',
          updateable: false
        }),
        field({
          name: 'RelatedId',
          type: 'reference',
          label: 'Related ID',
          referenceTo: ['UserRole', 'User'],
          relationshipName: 'Related',
          ...readOnly
        }),
        field({ name: 'DoesIncludeBosses', type: 'boolean', label: 'Include Bosses', defaultValue: true }),
        field({ name: 'Email', type: 'email', label: 'Email' })
      ]
    }),
    object({
      name: 'GroupMember',
      keyPrefix: '011',
      label: 'Group Member',
      updateable: false,
      fields: [
        ...setupAuditFields(),
        lookup('GroupId', 'Group', 'Group', {
          nillable: false,
          updateable: false,
          cascadeDelete: true,
          childRelationshipName: 'GroupMembers'
        }),
        field({
          name: 'UserOrGroupId',
          type: 'reference',
          label: 'User/Group ID',
          referenceTo: ['User', 'Group'],
          nillable: false,
          updateable: false,
          groupable: true
        })
      ]
    }),
    object({
      name: 'Account',
      keyPrefix: '001',
      label: 'Account',
      fields: [
        ...systemFields(),
        ownerField(),
        nameField({ label: 'Account Name' }),
        field({
          name: 'Type',
          type: 'picklist',
          label: 'Account Type',
          picklistValues: picklist([
            'Prospect',
            'Customer - Direct',
            'Customer - Channel',
            'Channel Partner / Reseller',
            'Installation Partner',
            'Technology Partner',
            'Other'
          ])
        }),
        field({ name: 'Industry', type: 'picklist', label: 'Industry' }),
        lookup('ParentId', 'Account', 'Parent', { childRelationshipName: 'ChildAccounts' }),
        field({ name: 'BillingCity', type: 'string', label: 'Billing City', length: 40 }),
        field({ name: 'BillingCountry', type: 'string', label: 'Billing Country', length: 80 }),
        field({ name: 'Phone', type: 'phone', label: 'Account Phone' }),
        field({ name: 'Website', type: 'url', label: 'Website' }),
        field({ name: 'AnnualRevenue', type: 'currency', label: 'Annual Revenue', scale: 0 }),
        field({ name: 'NumberOfEmployees', type: 'int', label: 'Employees', precision: 8 }),
        field({ name: 'IsPartner', type: 'boolean', label: 'Partner Account' }),
        field({ name: 'Description', type: 'textarea', label: 'Account Description', length: 32000 })
      ]
    }),
    object({
      name: 'Contact',
      keyPrefix: '003',
      label: 'Contact',
      derive: fullName,
      sharingModel: 'ControlledByParent',
      externalSharingModel: 'ControlledByParent',
      fields: [
        ...systemFields(),
        ownerField(),
        ...personNameFields(),
        lookup('AccountId', 'Account', 'Account', { childRelationshipName: 'Contacts' }),
        field({ name: 'Email', type: 'email', label: 'Email' }),
        field({ name: 'Phone', type: 'phone', label: 'Business Phone' }),
        field({ name: 'Title', type: 'string', label: 'Title', length: 128 })
      ]
    }),
    object({
      name: 'Lead',
      keyPrefix: '00Q',
      label: 'Lead',
      derive: fullName,
      fields: [
        ...systemFields(),
        ownerField(),
        ...personNameFields(),
        field({ name: 'Company', type: 'string', label: 'Company', nillable: false }),
        field({ name: 'Title', type: 'string', label: 'Title', length: 128 }),
        field({ name: 'Email', type: 'email', label: 'Email' }),
        field({
          name: 'Status',
          type: 'picklist',
          label: 'Lead Status',
          nillable: false,
          picklistValues: picklist(LEAD_STATUSES, 'Open - Not Contacted'),
          defaultValue: 'Open - Not Contacted'
        }),
        field({
          name: 'LeadSource',
          type: 'picklist',
          label: 'Lead Source',
          picklistValues: picklist(LEAD_SOURCES)
        }),
        field({ name: 'Industry', type: 'picklist', label: 'Industry' }),
        field({
          name: 'Rating',
          type: 'picklist',
          label: 'Rating',
          picklistValues: picklist(['Hot', 'Warm', 'Cold'])
        }),
        field({ name: 'AnnualRevenue', type: 'currency', label: 'Annual Revenue', scale: 0 }),
        field({ name: 'NumberOfEmployees', type: 'int', label: 'Employees', precision: 8 }),
        lookup('PartnerAccountId', 'Account', 'PartnerAccount'),
        field({ name: 'IsConverted', type: 'boolean', label: 'Converted', ...readOnly, createable: true }),
        field({
          name: 'ConvertedDate',
          type: 'date',
          label: 'Converted Date',
          ...readOnly,
          createable: true
        }),
        lookup('ConvertedAccountId', 'Account', 'ConvertedAccount', readOnly),
        lookup('ConvertedOpportunityId', 'Opportunity', 'ConvertedOpportunity', readOnly)
      ]
    }),
    object({
      name: 'Opportunity',
      keyPrefix: '006',
      label: 'Opportunity',
      labelPlural: 'Opportunities',
      derive: opportunityStage,
      sharingModel: 'Read',
      fields: [
        ...systemFields(),
        ownerField(),
        nameField({ label: 'Opportunity Name', length: 120 }),
        lookup('AccountId', 'Account', 'Account', { childRelationshipName: 'Opportunities' }),
        lookup('PartnerAccountId', 'Account', 'PartnerAccount'),
        field({
          name: 'StageName',
          type: 'picklist',
          label: 'Stage',
          nillable: false,
          picklistValues: picklist(OPPORTUNITY_STAGES.map(([name]) => name))
        }),
        field({ name: 'CloseDate', type: 'date', label: 'Close Date', nillable: false }),
        field({ name: 'Amount', type: 'currency', label: 'Amount' }),
        field({ name: 'Probability', type: 'percent', label: 'Probability (%)', scale: 0 }),
        field({ name: 'IsClosed', type: 'boolean', label: 'Closed', ...readOnly }),
        field({ name: 'IsWon', type: 'boolean', label: 'Won', ...readOnly }),
        field({
          name: 'LeadSource',
          type: 'picklist',
          label: 'Lead Source',
          picklistValues: picklist(LEAD_SOURCES)
        }),
        field({
          name: 'Type',
          type: 'picklist',
          label: 'Opportunity Type',
          picklistValues: picklist([
            'Existing Customer - Upgrade',
            'Existing Customer - Replacement',
            'New Customer'
          ])
        }),
        field({ name: 'ForecastCategoryName', type: 'picklist', label: 'Forecast Category' })
      ]
    })
  ];
}
