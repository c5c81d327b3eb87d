// lightning/uiGraphQLApi over the local org's GraphQL API (POST /services/data/vXX.X/graphql):
// gql tags a query, the graphql wire adapter runs it with its variables and operation name
// and emits { data, errors } as the GraphQL response specification names them (not
// { data, error } like the other adapters), and refreshGraphQL(result) runs it again.
import { createLdsWireAdapter, dataApiRequest, deepFreeze, refreshWiredValue } from 'localorg/lds';

/**
 * The query text, with interpolated values (fragments written with gql elsewhere) in place.
 * LDS parses the document here; the local org leaves parsing, and reporting syntax errors in
 * Salesforce's words, to the server.
 */
export function gql(strings, ...values) {
  return strings.reduce((text, part, i) => text + part + (i < values.length ? String(values[i]) : ''), '');
}

function graphqlRequest(config) {
  const { query, variables, operationName } = config;
  if (typeof query !== 'string' || query.trim() === '') return null;
  if (variables !== undefined && (variables === null || typeof variables !== 'object')) return null;
  const body = { query, variables: variables || {} };
  if (operationName !== undefined) body.operationName = operationName;
  return {
    key: JSON.stringify([query, body.variables, operationName]),
    load: () => dataApiRequest('POST', '/graphql', body)
  };
}

/** An HTTP failure (no session, a body the API refused) as GraphQL errors. */
function httpErrors(error) {
  const body = error && error.body;
  const list = Array.isArray(body) ? body : [body || {}];
  return list.map((e) => ({
    message: (e && e.message) || (error && error.statusText) || 'The GraphQL request failed.',
    locations: [],
    extensions: { classification: (e && e.errorCode) || 'HttpError' }
  }));
}

function payload(state) {
  if (state.error) return { data: undefined, errors: deepFreeze(httpErrors(state.error)) };
  const response = state.data;
  if (!response) return { data: undefined, errors: undefined };
  const errors = response.errors && response.errors.length > 0 ? response.errors : undefined;
  return { data: response.data, errors };
}

export const graphql = createLdsWireAdapter('uiGraphQLApi.graphql', { request: graphqlRequest, payload });

/** Runs the query behind a wired result again; resolves once the wire has the fresh data. */
export function refreshGraphQL(result) {
  return refreshWiredValue(result);
}
