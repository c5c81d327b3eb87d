import {
  buildCriteria,
  conditionFor,
  filterableFields,
  literalFor,
  operatorsFor,
  parseCriteria,
  quoteString
} from 'c/criteriaSoql';

// Object Info for Lead as the UI API returns it (GET /ui-api/object-info/Lead).
const lead = require('./data/getObjectInfoLead.json');

/** Lead's Object Info with extra fields of kinds Lead lacks, shaped like Lead's own fields. */
function leadWith(extra) {
  const info = JSON.parse(JSON.stringify(lead));
  for (const [apiName, changes] of Object.entries(extra)) {
    info.fields[apiName] = { ...info.fields.Title, apiName, label: apiName, ...changes };
  }
  return info;
}

describe('quoteString', () => {
  it.each([
    ['Partner', "'Partner'"],
    ["O'Brien", "'O\\'Brien'"],
    ['back\\slash', "'back\\\\slash'"],
    ['two\nlines', "'two\\nlines'"],
    ['tab\there', "'tab\\there'"],
    ['say "hi"', '\'say \\"hi\\"\''],
    ['', "''"]
  ])('quotes %j as %s', (value, expected) => {
    expect(quoteString(value)).toBe(expected);
  });
});

describe('filterableFields and operatorsFor', () => {
  it('offers the filterable fields of supported types, sorted by label', () => {
    const info = leadWith({
      Notes__c: { dataType: 'TextArea', filterable: false },
      Location__c: { dataType: 'Location', filterable: true }
    });
    const names = filterableFields(info).map((field) => field.apiName);
    expect(names).not.toContain('Notes__c');
    expect(names).not.toContain('Location__c');
    // By label: Annual Revenue, Company, Converted (IsConverted), Converted Date.
    expect(names.slice(0, 4)).toEqual(['AnnualRevenue', 'Company', 'IsConverted', 'ConvertedDate']);
    expect(names).toHaveLength(Object.keys(lead.fields).length);
  });

  it('offers operators that apply to the field type', () => {
    expect(operatorsFor(lead.fields.IsConverted)).toEqual(['eq', 'ne']);
    expect(operatorsFor(lead.fields.LeadSource)).toEqual([
      'eq',
      'ne',
      'like',
      'in',
      'notIn',
      'lt',
      'le',
      'gt',
      'ge',
      'isBlank',
      'isNotBlank'
    ]);
    expect(operatorsFor(lead.fields.PartnerAccountId)).toEqual([
      'eq',
      'ne',
      'in',
      'notIn',
      'isBlank',
      'isNotBlank'
    ]);
    expect(operatorsFor(lead.fields.AnnualRevenue)).not.toContain('like');
    expect(operatorsFor(lead.fields.CreatedDate)).not.toContain('in');
    const tags = leadWith({ Tags__c: { dataType: 'MultiPicklist' } }).fields.Tags__c;
    expect(operatorsFor(tags)).toEqual(['includes', 'excludes', 'eq', 'ne', 'isBlank', 'isNotBlank']);
    expect(operatorsFor(undefined)).toEqual([]);
  });
});

describe('literalFor', () => {
  it.each([
    ['number', '100', '100'],
    ['number', '-2.5', '-2.5'],
    ['number', ' 42 ', '42'],
    ['boolean', 'TRUE', 'true'],
    ['date', '2025-02-28', '2025-02-28'],
    ['date', 'last_n_days:30', 'LAST_N_DAYS:30'],
    ['date', 'THIS_FISCAL_QUARTER', 'THIS_FISCAL_QUARTER'],
    ['datetime', '2025-03-01T09:30:00.000Z', '2025-03-01T09:30:00Z'],
    ['datetime', '2025-03-01T09:30:00+01:00', '2025-03-01T08:30:00Z'],
    ['id', '001000000000001AAA', "'001000000000001AAA'"]
  ])('writes a %s value %j as %s', (kind, value, expected) => {
    expect(literalFor(kind, 'eq', value)).toEqual({ ok: true, literal: expected });
  });

  it.each([
    ['number', '1e5', 'invalidNumber'],
    ['number', '1,000', 'invalidNumber'],
    ['number', '1 OR Name != null', 'invalidNumber'],
    ['boolean', 'yes', 'invalidBoolean'],
    ['date', '2025-02-30', 'invalidDate'],
    ['date', "2025-01-01' OR Name != '", 'invalidDate'],
    ['date', 'LAST_N_DAYS', 'invalidDate'],
    ['date', 'SOMEDAY', 'invalidDate'],
    ['datetime', '2025-03-01', 'invalidDateTime'],
    ['datetime', '2025-03-01T25:00:00Z', 'invalidDateTime'],
    ['id', "001' OR Name != '", 'invalidId'],
    ['id', '0010000000000', 'invalidId']
  ])('refuses a %s value %j (%s)', (kind, value, problem) => {
    expect(literalFor(kind, 'eq', value)).toEqual({ ok: false, problem, detail: value.trim() });
  });

  it('refuses an empty value', () => {
    expect(literalFor('text', 'eq', '   ')).toEqual({ ok: false, problem: 'valueMissing' });
  });
});

describe('conditionFor and buildCriteria', () => {
  it('keeps an injection attempt inside one string literal', () => {
    const condition = conditionFor({ field: 'LeadSource', operator: 'eq', value: "' OR Name != '" }, lead);
    expect(condition).toEqual({ ok: true, text: "LeadSource = '\\' OR Name != \\''" });
    // Read back, it is still one condition on LeadSource with the whole text as its value.
    expect(parseCriteria(condition.text, lead)).toEqual({
      ok: true,
      rows: [{ field: 'LeadSource', operator: 'eq', value: "' OR Name != '" }],
      logic: 'AND'
    });
  });

  it('escapes a backslash before a quote so the quote cannot end the string', () => {
    const condition = conditionFor(
      { field: 'Company', operator: 'eq', value: "Acme\\' OR Id != null --" },
      lead
    );
    expect(condition.text).toBe("Company = 'Acme\\\\\\' OR Id != null --'");
  });

  it('refuses fields that are not the source object’s own filterable fields', () => {
    expect(conditionFor({ field: 'Owner.Name', operator: 'eq', value: 'x' }, lead)).toEqual({
      ok: false,
      problem: 'unsupportedField',
      detail: 'Owner.Name'
    });
    expect(conditionFor({ field: 'Name) OR (Id', operator: 'eq', value: 'x' }, lead).problem).toBe(
      'unsupportedField'
    );
    const info = leadWith({ Notes__c: { dataType: 'TextArea', filterable: false } });
    expect(conditionFor({ field: 'Notes__c', operator: 'eq', value: 'x' }, info).problem).toBe(
      'unsupportedField'
    );
    expect(conditionFor({ field: '', operator: 'eq', value: 'x' }, lead).problem).toBe('fieldMissing');
  });

  it('refuses an operator the field type does not take', () => {
    expect(conditionFor({ field: 'AnnualRevenue', operator: 'like', value: '1%' }, lead)).toEqual({
      ok: false,
      problem: 'unsupportedOperator',
      detail: 'like'
    });
    expect(conditionFor({ field: 'IsConverted', operator: 'gt', value: 'true' }, lead).problem).toBe(
      'unsupportedOperator'
    );
  });

  it('spells the field as Object Info does, whatever case the row uses', () => {
    expect(conditionFor({ field: 'leadsource', operator: 'ne', value: 'Web' }, lead).text).toBe(
      "LeadSource != 'Web'"
    );
  });

  it('writes lists, blanks, numbers, booleans and dates', () => {
    const rows = [
      { field: 'Status', operator: 'in', value: 'Open\nWorking - Contacted\n\n' },
      { field: 'PartnerAccountId', operator: 'isNotBlank', value: 'ignored' },
      { field: 'AnnualRevenue', operator: 'ge', value: '250000' },
      { field: 'IsConverted', operator: 'eq', value: 'false' },
      { field: 'CreatedDate', operator: 'ge', value: 'LAST_N_MONTHS:6' },
      { field: 'ConvertedDate', operator: 'isBlank', value: '' }
    ];
    expect(buildCriteria(rows, 'AND', lead)).toEqual({
      ok: true,
      text:
        "Status IN ('Open', 'Working - Contacted') AND PartnerAccountId != null AND AnnualRevenue >= 250000" +
        ' AND IsConverted = false AND CreatedDate >= LAST_N_MONTHS:6 AND ConvertedDate = null'
    });
  });

  it('joins rows with OR and writes no criteria for no rows', () => {
    const rows = [
      { field: 'LeadSource', operator: 'eq', value: 'Partner' },
      { field: 'LeadSource', operator: 'like', value: 'Partner%' }
    ];
    expect(buildCriteria(rows, 'OR', lead)).toEqual({
      ok: true,
      text: "LeadSource = 'Partner' OR LeadSource LIKE 'Partner%'"
    });
    expect(buildCriteria([], 'AND', lead)).toEqual({ ok: true, text: '' });
  });

  it('reports every row with a problem by index', () => {
    const rows = [
      { field: 'LeadSource', operator: 'eq', value: 'Partner' },
      { field: 'AnnualRevenue', operator: 'gt', value: 'lots' },
      { field: 'Status', operator: 'in', value: '\n \n' }
    ];
    expect(buildCriteria(rows, 'AND', lead)).toEqual({
      ok: false,
      errors: [
        { index: 1, problem: 'invalidNumber', detail: 'lots' },
        { index: 2, problem: 'valueMissing', detail: undefined }
      ]
    });
  });

  it('accepts only AND or OR to join rows', () => {
    expect(buildCriteria([], 'AND NOT', lead)).toEqual({
      ok: false,
      errors: [{ index: -1, problem: 'unsupportedLogic', detail: 'AND NOT' }]
    });
  });

  it('writes INCLUDES for a multi-select picklist', () => {
    const info = leadWith({ Tags__c: { dataType: 'MultiPicklist' } });
    expect(conditionFor({ field: 'Tags__c', operator: 'includes', value: 'A;B\nC' }, info).text).toBe(
      "Tags__c INCLUDES ('A;B', 'C')"
    );
  });
});

describe('parseCriteria', () => {
  it('reads criteria the builder wrote back into the same rows', () => {
    const rows = [
      { field: 'Status', operator: 'notIn', value: "Closed - Not Converted\nO'Neil" },
      { field: 'AnnualRevenue', operator: 'lt', value: '1000.50' },
      { field: 'Company', operator: 'like', value: '%Northwind%' },
      { field: 'ConvertedDate', operator: 'le', value: '2025-12-31' },
      { field: 'IsConverted', operator: 'ne', value: 'true' },
      { field: 'PartnerAccountId', operator: 'isBlank', value: '' },
      { field: 'Title', operator: 'eq', value: 'a\\b\nc' }
    ];
    const built = buildCriteria(rows, 'OR', lead);
    expect(built.ok).toBe(true);
    expect(parseCriteria(built.text, lead)).toEqual({ ok: true, rows, logic: 'OR' });
  });

  it('reads hand-written criteria in the same form, any case', () => {
    expect(parseCriteria("leadsource = 'Partner' and status != 'Disqualified'", lead)).toEqual({
      ok: true,
      rows: [
        { field: 'LeadSource', operator: 'eq', value: 'Partner' },
        { field: 'Status', operator: 'ne', value: 'Disqualified' }
      ],
      logic: 'AND'
    });
    expect(parseCriteria('  ', lead)).toEqual({ ok: true, rows: [], logic: 'AND' });
  });

  it.each([
    ["LeadSource = 'Partner' AND (Status = 'Open' OR Status = 'New')"],
    ["LeadSource = 'Partner' AND Status = 'Open' OR Status = 'New'"],
    ["NOT LeadSource = 'Partner'"],
    ["Owner.Name = 'Casey'"],
    ['CALENDAR_YEAR(CreatedDate) = 2025'],
    ['Id IN (SELECT LeadId FROM CampaignMember)'],
    ["LeadSource = 'unterminated"],
    ["Nonexistent__c = 'x'"],
    ["AnnualRevenue = 'text'"]
  ])('leaves %s as text', (text) => {
    expect(parseCriteria(text, lead)).toEqual({ ok: false });
  });
});
