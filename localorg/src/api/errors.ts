// Salesforce REST errors: HTTP status plus a JSON array of { message, errorCode, fields }.
// Every layer of the local org throws ApiError; the HTTP layer turns it into that shape,
// so jsforce sees exactly what a real org would send.

export class ApiError extends Error {
  readonly status: number;
  readonly errorCode: string;
  readonly fields: string[];

  constructor(status: number, errorCode: string, message: string, fields: string[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.errorCode = errorCode;
    this.fields = fields;
  }

  toJSON(): { message: string; errorCode: string; fields?: string[] } {
    return this.fields.length > 0
      ? { message: this.message, errorCode: this.errorCode, fields: this.fields }
      : { message: this.message, errorCode: this.errorCode };
  }

  /** What the response carries: a one-item list, unless an API answers this error its own way. */
  responseBody(): unknown {
    return [this.toJSON()];
  }
}

export const malformedQuery = (message: string): ApiError => new ApiError(400, 'MALFORMED_QUERY', message);
export const invalidField = (message: string): ApiError => new ApiError(400, 'INVALID_FIELD', message);
export const invalidType = (message: string): ApiError => new ApiError(400, 'INVALID_TYPE', message);
export const notFound = (message = 'The requested resource does not exist'): ApiError =>
  new ApiError(404, 'NOT_FOUND', message);
