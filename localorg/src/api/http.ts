// Express glue shared by the local org's API routers: who is calling, and how errors
// leave the process. Only the API layer knows HTTP; everything below it throws ApiError.
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import type { SessionUser } from '../session.ts';
import { ApiError } from './errors.ts';

/** Resolves a session id (bearer token or `sid` cookie) to the signed-in user. */
export interface SessionResolver {
  resolve(sessionId: string): Promise<SessionUser | undefined>;
}

export interface ApiLocals {
  user: SessionUser;
  apiVersion: string;
}

export function locals(res: Response): ApiLocals {
  return res.locals as ApiLocals;
}

function cookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/** The session id a request carries: `Authorization: Bearer`/`OAuth` for API clients, the `sid` cookie for pages. */
export function sessionIdOf(req: Request): string | undefined {
  const header = req.headers.authorization;
  const match = header ? /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header) : null;
  return match?.[1] ?? cookie(req, 'sid');
}

const invalidSession = (): ApiError => new ApiError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');

/** Requires a valid session; sets res.locals.user and res.locals.apiVersion (from /vNN.N/ in the path). */
export function requireSession(sessions: SessionResolver): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const sessionId = sessionIdOf(req);
    const user = sessionId ? await sessions.resolve(sessionId) : undefined;
    if (!user) throw invalidSession();
    res.locals.user = user;
    res.locals.apiVersion = /\/v(\d+\.\d)\//.exec(req.originalUrl)?.[1] ?? '62.0';
    next();
  };
}

/** Salesforce sends REST errors as a JSON array of { message, errorCode, fields }; some UI API errors as one object. */
export const apiErrorHandler: ErrorRequestHandler = (err, _req, res, next) => {
  if (res.headersSent) return next(err);
  if (err instanceof ApiError) {
    res.status(err.status).json(err.responseBody());
    return;
  }
  if (err && typeof err === 'object' && 'type' in err && err.type === 'entity.parse.failed') {
    res
      .status(400)
      .json([{ message: 'The request body is not valid JSON.', errorCode: 'JSON_PARSER_ERROR' }]);
    return;
  }
  console.error(err);
  res.status(500).json([{ message: 'An unexpected error occurred.', errorCode: 'UNKNOWN_EXCEPTION' }]);
};
