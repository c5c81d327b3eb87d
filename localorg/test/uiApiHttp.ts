// The UI API over HTTP for the local org's tests: one request with a session, and the
// comparisons that leave out what is opaque (eTags).
import assert from 'node:assert/strict';

export interface Reply<T> {
  status: number;
  body: T;
}

/** UI API errors other than a failed save: a list of { errorCode, message }. */
export type Errors = Array<{ errorCode: string; message: string }>;

export interface Session {
  url: string;
  accessToken: string;
}

/** One UI API request as the session's user; an empty body (204) reads as null. */
export async function uiApiCall<T>(
  session: Session,
  method: string,
  resource: string,
  body?: unknown,
  headers: Record<string, string> = {}
): Promise<Reply<T>> {
  const response = await fetch(`${session.url}/services/data/v62.0/ui-api${resource}`, {
    method,
    headers: {
      Authorization: `Bearer ${session.accessToken}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...headers
    },
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

/** eTags are opaque hashes: present, 32 hex digits, then left out of comparisons. */
export function withoutEtags(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEtags);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key, v]) => {
          if (key !== 'eTag') return true;
          assert.match(String(v), /^[0-9a-f]{32}$/);
          return false;
        })
        .map(([key, v]) => [key, withoutEtags(v)])
    );
  }
  return value;
}
