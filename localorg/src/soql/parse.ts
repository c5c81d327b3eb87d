// SOQL text → the parser's AST, with syntax errors reported as Salesforce reports them:
// MALFORMED_QUERY "unexpected token: 'X'" pointing at the offending token.
import { parseQuery, type Query } from '@jetstreamapp/soql-parser-js';
import type { ApiError } from '../api/errors.ts';
import { messages, occurrences, queryError } from './errors.ts';

/** The token the parser stopped at, as its messages quote it; '' means the end of the query. */
function foundToken(message: string): string | null {
  const found = /but found:? (?:--> )?'([^']*)'/.exec(message) ?? /but found: (\S+)/.exec(message);
  return found ? (found[1] as string) : null;
}

/** True when `text` is a valid query, or a valid start of one that only needs more tokens. */
function validPrefix(text: string): boolean {
  try {
    parseQuery(text);
    return true;
  } catch (error) {
    return foundToken((error as Error).message) === '';
  }
}

function syntaxError(soql: string, error: Error): ApiError {
  const lexing = /at offset: (\d+)/.exec(error.message);
  if (lexing) {
    const at = Number(lexing[1]);
    return queryError('MALFORMED_QUERY', soql, at, messages.unexpectedToken(soql[at] ?? '<EOF>'));
  }
  const token = foundToken(error.message);
  if (token === null || token === '') {
    return queryError('MALFORMED_QUERY', soql, soql.trimEnd().length, messages.unexpectedToken('<EOF>'));
  }
  // The parser does not say where the token was; the error is at the last occurrence whose
  // preceding text still parses as the start of a query.
  const candidates = occurrences(soql, token);
  const at = candidates.filter((offset) => validPrefix(soql.slice(0, offset))).pop() ?? candidates[0] ?? null;
  return queryError(
    'MALFORMED_QUERY',
    soql,
    at,
    messages.unexpectedToken(at === null ? token : soql.slice(at, at + token.length))
  );
}

export function parseSoql(soql: string): Query {
  try {
    return parseQuery(soql);
  } catch (error) {
    throw syntaxError(soql, error as Error);
  }
}
