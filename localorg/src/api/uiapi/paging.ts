// What the UI API's list resources (list views, related lists) share: page size and page
// token checks, and field names qualified with their object as the responses echo them.
import type { ObjectDef } from '../../schema/types.ts';
import { ApiError } from '../errors.ts';

/** SOQL's OFFSET stops at 2,000 rows, which bounds how far a list pages. */
const MAX_OFFSET = 2000;

export const invalidParameter = (message: string): ApiError =>
  new ApiError(400, 'ILLEGAL_QUERY_PARAMETER_VALUE', message);

/** The page size and the offset a page token stands for, checked. */
export function pageNumbers(
  request: { pageSize?: number; pageToken?: string },
  defaultSize: number,
  maxSize: number
): { pageSize: number; token: number } {
  const pageSize = request.pageSize ?? defaultSize;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > maxSize) {
    throw invalidParameter(`pageSize must be between 1 and ${maxSize}.`);
  }
  const token = request.pageToken === undefined || request.pageToken === '' ? 0 : Number(request.pageToken);
  if (!Number.isInteger(token) || token < 0 || token > MAX_OFFSET)
    throw invalidParameter('Invalid pageToken.');
  return { pageSize, token };
}

/** Name → Object.Name, keeping an already qualified name and a leading - (descending sort). */
export function qualify(o: ObjectDef, names: string[]): string[] {
  return names.map((n) => {
    const sign = n.startsWith('-') ? '-' : '';
    const bare = sign ? n.slice(1) : n;
    return bare.includes('.') && bare.split('.')[0]?.toLowerCase() === o.name.toLowerCase()
      ? `${sign}${bare}`
      : `${sign}${o.name}.${bare}`;
  });
}

export interface PageLinks {
  currentPageToken: string;
  currentPageUrl: string;
  nextPageToken: string | null;
  nextPageUrl: string | null;
  previousPageToken: string | null;
  previousPageUrl: string | null;
}

/** The current, next and previous page tokens and URLs of a page starting at `token`. */
export function pageLinks(
  token: number,
  pageSize: number,
  hasMore: boolean,
  url: (t: number) => string
): PageLinks {
  const previous = token > 0 ? Math.max(token - pageSize, 0) : null;
  return {
    currentPageToken: String(token),
    currentPageUrl: url(token),
    nextPageToken: hasMore ? String(token + pageSize) : null,
    nextPageUrl: hasMore ? url(token + pageSize) : null,
    previousPageToken: previous === null ? null : String(previous),
    previousPageUrl: previous === null ? null : url(previous)
  };
}
