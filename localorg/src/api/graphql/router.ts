// POST /services/data/vXX.X/graphql: Salesforce's GraphQL API, which the GraphQL wire
// adapter (lightning/uiGraphQLApi) calls. Answers 200 with { data, errors } as Salesforce
// does, also when the query is invalid; only a body that is not a GraphQL request is a 400.
import express, { type Router } from 'express';
import { z } from 'zod';
import type { Schema } from '../../schema/types.ts';
import type { AccessPolicy, QueryService } from '../../soql/types.ts';
import { locals, requireSession, type SessionResolver } from '../http.ts';
import { jsonBody } from '../uiApi.ts';
import { executeGraphQL } from './execute.ts';

export interface GraphQLDeps {
  schema: Schema;
  queries: QueryService;
  sessions: SessionResolver;
  access?: AccessPolicy;
}

const requestBody = z.object({
  query: z.string().min(1),
  variables: z.record(z.string(), z.unknown()).nullish(),
  operationName: z.string().nullish()
});

export function createGraphQLRouter(deps: GraphQLDeps): Router {
  const router = express.Router();
  router.post(
    '/services/data/v:version/graphql',
    requireSession(deps.sessions),
    express.json({ limit: '1mb' }),
    async (req, res) => {
      const body = jsonBody(req, requestBody);
      const { user, apiVersion } = locals(res);
      const ctx = { schema: deps.schema, queries: deps.queries, access: deps.access, user, apiVersion };
      res.json(await executeGraphQL(ctx, body));
    }
  );
  return router;
}
