import { fieldsCreateable, fieldUpdateable, reduceErrors } from 'c/ldsUtils';

describe('c-lds-utils reduceErrors', () => {
  it('takes every message of a UI API read error, whose body is a list', () => {
    const error = {
      status: 404,
      statusText: 'Not Found',
      body: [
        { errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' },
        { errorCode: 'INVALID_FIELD', message: 'No such column Foo__c' }
      ]
    };

    expect(reduceErrors(error)).toEqual(['The requested resource does not exist', 'No such column Foo__c']);
  });

  it('takes page and field messages of a UI API DML error instead of its generic message', () => {
    const error = {
      status: 400,
      body: {
        message: 'An error occurred while trying to update the record. Please try again.',
        output: {
          errors: [
            { errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Enter a weight from 1 to 100.' }
          ],
          fieldErrors: {
            End_Date__c: [{ errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Bad end date.' }],
            Weight__c: [{ errorCode: 'NUMBER_OUTSIDE_VALID_RANGE', message: 'Weight too large.' }]
          }
        }
      }
    };

    expect(reduceErrors(error)).toEqual([
      'Enter a weight from 1 to 100.',
      'Bad end date.',
      'Weight too large.'
    ]);
  });

  it('takes page and field errors of an Apex DML error', () => {
    const error = {
      body: {
        pageErrors: [{ statusCode: 'INSUFFICIENT_ACCESS', message: 'Insufficient access' }],
        fieldErrors: { Name: [{ statusCode: 'REQUIRED_FIELD_MISSING', message: 'Name is required' }] }
      }
    };

    expect(reduceErrors(error)).toEqual(['Insufficient access', 'Name is required']);
  });

  it('falls back to the body message of Apex and network errors', () => {
    expect(reduceErrors({ body: { message: 'Script-thrown exception' }, status: 500 })).toEqual([
      'Script-thrown exception'
    ]);
  });

  it('takes the message of a JavaScript error', () => {
    expect(reduceErrors(new TypeError('Cannot read properties of undefined'))).toEqual([
      'Cannot read properties of undefined'
    ]);
  });

  it('falls back to the HTTP status text of an error of unknown shape', () => {
    expect(reduceErrors({ status: 503, statusText: 'Service Unavailable' })).toEqual(['Service Unavailable']);
  });

  it('keeps a plain string as it is', () => {
    expect(reduceErrors('Something broke')).toEqual(['Something broke']);
  });

  it('flattens a list of errors in order, skipping empty entries and repeated messages', () => {
    const errors = [
      undefined,
      { body: [{ message: 'First' }] },
      null,
      new Error('Second'),
      { body: { message: 'First' } },
      { statusText: '' }
    ];

    expect(reduceErrors(errors)).toEqual(['First', 'Second']);
  });

  it('returns no messages for no errors', () => {
    expect(reduceErrors(undefined)).toEqual([]);
    expect(reduceErrors([])).toEqual([]);
  });
});

describe('c-lds-utils object access', () => {
  const NAME = { objectApiName: 'Target_Account__c', fieldApiName: 'Name' };
  const NOTES = { objectApiName: 'Target_Account__c', fieldApiName: 'Notes__c' };
  // getObjectInfo data: the user may create and edit records, and set Name but only read Notes__c.
  const info = {
    apiName: 'Target_Account__c',
    createable: true,
    updateable: true,
    fields: {
      Name: { apiName: 'Name', createable: true, updateable: true },
      Notes__c: { apiName: 'Notes__c', createable: false, updateable: false }
    }
  };

  it('allows a change only with update access to both the object and the field', () => {
    expect(fieldUpdateable(info, NAME)).toBe(true);
    expect(fieldUpdateable(info, NOTES)).toBe(false);
    expect(fieldUpdateable({ ...info, updateable: false }, NAME)).toBe(false);
  });

  it('allows creating only with create access to the object and every field', () => {
    expect(fieldsCreateable(info, [NAME])).toBe(true);
    expect(fieldsCreateable(info, [NAME, NOTES])).toBe(false);
    expect(fieldsCreateable({ ...info, createable: false }, [NAME])).toBe(false);
  });

  it('allows nothing for a field the user cannot see or while the object info loads', () => {
    expect(fieldUpdateable(info, { fieldApiName: 'Hidden__c' })).toBe(false);
    expect(fieldsCreateable(info, [{ fieldApiName: 'Hidden__c' }])).toBe(false);
    expect(fieldUpdateable(undefined, NAME)).toBe(false);
    expect(fieldsCreateable(undefined, [NAME])).toBe(false);
  });
});
