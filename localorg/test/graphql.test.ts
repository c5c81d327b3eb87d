// Salesforce's GraphQL API (POST /services/data/vXX.X/graphql) against the security tests'
// world (see securityFixture.ts): the records, their order and the pages below are worked out
// by hand from that file, and every query runs as a persona so that sharing, restriction
// rules and field-level security decide what comes back, as they do for SOQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startSecurityWorld, type Persona, type SecurityWorld } from './securityFixture.ts';

let world: SecurityWorld;

before(async () => {
  world = await startSecurityWorld();
});

after(async () => {
  await world.close();
});

interface GraphQLReply {
  data?: { uiapi: { query: Record<string, Connection | null> } };
  errors: Array<{ message: string; locations: unknown[]; path?: string[]; extensions: unknown }>;
}

interface Connection {
  edges: Array<{ cursor?: string; node: Record<string, unknown> }>;
  pageInfo?: Record<string, unknown>;
  totalCount?: number;
}

async function graphql(
  persona: Persona,
  query: string,
  variables?: Record<string, unknown>,
  operationName?: string
): Promise<{ status: number; body: GraphQLReply }> {
  const response = await fetch(`${world.org.url}/services/data/v62.0/graphql`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${world.as[persona].accessToken}`,
      'Content-Type': 'application/json'
    },
    body: JSON.stringify({ query, variables, operationName })
  });
  return { status: response.status, body: (await response.json()) as GraphQLReply };
}

/** The plans a query returns, by name, in order; the request must have succeeded. */
async function planNames(persona: Persona, where: string, extra = ''): Promise<string[]> {
  const { body } = await graphql(
    persona,
    `query plans { uiapi { query { Business_Plan__c(where: { and: [{ Name: { like: "Test %" } }, ${where}] }, orderBy: { Name: { order: ASC } }${extra}) { edges { node { Name { value } } } } } } }`
  );
  assert.deepEqual(body.errors, []);
  return (body.data?.uiapi.query.Business_Plan__c?.edges ?? []).map(
    (e) => (e.node.Name as { value: string }).value
  );
}

const cursor = (position: number): string => Buffer.from(`v1:${position}`).toString('base64');

describe('GraphQL record queries', () => {
  test('a page of plans comes back in the UI API GraphQL shape with parents, children, cursors and totalCount', async () => {
    const { status, body } = await graphql(
      'ava',
      `
        query partnerPlans($first: Int) {
          uiapi {
            query {
              Business_Plan__c(
                where: { Name: { like: "Test %" } }
                orderBy: { Name: { order: ASC } }
                first: $first
              ) {
                totalCount
                edges {
                  cursor
                  node {
                    Id
                    Name {
                      value
                      displayValue
                    }
                    Status__c {
                      value
                      displayValue
                      label
                    }
                    Start_Date__c {
                      value
                      displayValue
                    }
                    Partner_Account__r {
                      Name {
                        value
                      }
                    }
                    Plan_Action_Items__r(first: 5) {
                      totalCount
                      edges {
                        node {
                          Name {
                            value
                          }
                          Due_Date__c {
                            value
                            displayValue
                          }
                        }
                      }
                    }
                  }
                }
                pageInfo {
                  hasNextPage
                  hasPreviousPage
                  startCursor
                  endCursor
                }
              }
            }
          }
        }
      `,
      { first: 1 }
    );
    assert.equal(status, 200);
    assert.deepEqual(body, {
      data: {
        uiapi: {
          query: {
            Business_Plan__c: {
              // Ava (Northwind) sees A1 and A2: A0 is a Draft Outline, C is not shared, B1 is Blue Harbor's.
              totalCount: 2,
              edges: [
                {
                  cursor: cursor(0),
                  node: {
                    Id: world.plans.A1.plan,
                    Name: { value: 'Test A1', displayValue: null },
                    Status__c: { value: 'Draft', displayValue: 'Draft', label: 'Draft' },
                    Start_Date__c: { value: '2026-01-01', displayValue: '1/1/2026' },
                    Partner_Account__r: { Name: { value: 'Northwind Solutions' } },
                    Plan_Action_Items__r: {
                      totalCount: 1,
                      edges: [
                        {
                          node: {
                            Name: { value: 'Test A1 kickoff' },
                            Due_Date__c: { value: '2026-02-01', displayValue: '2/1/2026' }
                          }
                        }
                      ]
                    }
                  }
                }
              ],
              pageInfo: {
                hasNextPage: true,
                hasPreviousPage: false,
                startCursor: cursor(0),
                endCursor: cursor(0)
              }
            }
          }
        }
      },
      errors: []
    });
  });

  test('after takes the next page from a cursor', async () => {
    const { body } = await graphql(
      'admin',
      `{ uiapi { query { Business_Plan__c(where: { Name: { like: "Test %" } }, orderBy: { Name: { order: ASC } }, first: 2, after: "${cursor(1)}") {
        edges { cursor node { Name { value } } } pageInfo { hasNextPage hasPreviousPage endCursor } } } } }`
    );
    const page = body.data?.uiapi.query.Business_Plan__c;
    assert.deepEqual(
      page?.edges.map((e) => [e.cursor, (e.node.Name as { value: string }).value]),
      [
        [cursor(2), 'Test A2'],
        [cursor(3), 'Test B1']
      ]
    );
    assert.deepEqual(page?.pageInfo, { hasNextPage: true, hasPreviousPage: true, endCursor: cursor(3) });
  });

  test('where operators, boolean combinations and parent relationship filters select the hand-worked plans', async () => {
    assert.deepEqual(await planNames('admin', '{ Status__c: { eq: "Draft" } }'), ['Test A1', 'Test C']);
    assert.deepEqual(await planNames('admin', '{ Status__c: { ne: "Draft" } }'), [
      'Test A0',
      'Test A2',
      'Test B1'
    ]);
    assert.deepEqual(await planNames('admin', '{ Status__c: { in: ["Draft Outline", "In Progress"] } }'), [
      'Test A0',
      'Test A2',
      'Test B1'
    ]);
    assert.deepEqual(await planNames('admin', '{ Status__c: { nin: ["Draft", "In Progress"] } }'), [
      'Test A0'
    ]);
    assert.deepEqual(
      await planNames('admin', '{ Partner_Account__r: { Name: { eq: "Blue Harbor Systems" } } }'),
      ['Test B1']
    );
    assert.deepEqual(
      await planNames(
        'admin',
        '{ or: [{ Status__c: { eq: "Draft Outline" } }, { not: { Partner_Account__r: { Name: { like: "North%" } } } }] }'
      ),
      ['Test A0', 'Test B1']
    );
    assert.deepEqual(
      await planNames(
        'admin',
        '{ Start_Date__c: { gte: { value: "2026-01-01" }, lte: { value: "2026-01-01" } } }'
      ),
      ['Test A0', 'Test A1', 'Test A2', 'Test B1', 'Test C']
    );
    assert.deepEqual(await planNames('admin', '{ End_Date__c: { lt: { value: "2026-12-31" } } }'), []);
    // Relative dates: every plan started on 1 January 2026, before today; none in the last day.
    assert.deepEqual(await planNames('admin', '{ Start_Date__c: { lt: { literal: TODAY } } }'), [
      'Test A0',
      'Test A1',
      'Test A2',
      'Test B1',
      'Test C'
    ]);
    assert.deepEqual(
      await planNames('admin', '{ Start_Date__c: { eq: { range: { last_n_days: 1 } } } }'),
      []
    );
    assert.deepEqual(await planNames('admin', '{ End_Date__c: { gt: { value: "2026-12-30" } } }'), [
      'Test A0',
      'Test A1',
      'Test A2',
      'Test B1',
      'Test C'
    ]);
  });

  test('a variable carries the filter, and a channel manager filters on their own Id', async () => {
    const { body } = await graphql(
      'casey',
      `
        query mine($where: Business_Plan__c_Filter, $order: Business_Plan__c_OrderBy) {
          uiapi {
            query {
              Business_Plan__c(where: $where, orderBy: $order) {
                edges {
                  node {
                    Name {
                      value
                    }
                  }
                }
              }
            }
          }
        }
      `,
      {
        where: { and: [{ Channel_Manager__c: { eq: world.userIds.casey } }, { Name: { like: 'Test %' } }] },
        order: { Name: { order: 'DESC' } }
      }
    );
    assert.deepEqual(
      body.data?.uiapi.query.Business_Plan__c?.edges.map((e) => (e.node.Name as { value: string }).value),
      ['Test C', 'Test A2', 'Test A1', 'Test A0']
    );
  });

  test('orderBy follows parent relationships, most significant key first', async () => {
    const { body } = await graphql(
      'admin',
      `
        {
          uiapi {
            query {
              Business_Plan__c(
                where: { Name: { in: ["Test A1", "Test B1", "Test C"] } }
                orderBy: { Partner_Account__r: { Name: { order: ASC } }, Name: { order: DESC } }
              ) {
                edges {
                  node {
                    Name {
                      value
                    }
                  }
                }
              }
            }
          }
        }
      `
    );
    assert.deepEqual(
      body.data?.uiapi.query.Business_Plan__c?.edges.map((e) => (e.node.Name as { value: string }).value),
      ['Test B1', 'Test C', 'Test A1']
    );
  });

  test("a partner user never gets another partner's plan or a Draft Outline plan", async () => {
    assert.deepEqual(await planNames('mei', '{ Name: { like: "Test%" } }'), ['Test B1']);
    assert.deepEqual(await planNames('noah', '{ Name: { like: "Test%" } }'), ['Test A1', 'Test A2']);
    assert.deepEqual(await planNames('ava', `{ Id: { eq: "${world.plans.B1.plan}" } }`), []);
  });

  test('an unknown field or object is a validation error in Salesforce’s shape, with no data', async () => {
    const field = await graphql(
      'admin',
      '{ uiapi { query { Business_Plan__c { edges { node { Foo__c { value } } } } } } }'
    );
    assert.equal(field.status, 200);
    assert.deepEqual(field.body, {
      errors: [
        {
          message:
            "Validation error of type FieldUndefined: Field 'Foo__c' in type 'Business_Plan__c' is undefined @ 'uiapi/query/Business_Plan__c/edges/node/Foo__c'",
          locations: [{ line: 1, column: 53 }],
          extensions: { classification: 'ValidationError' }
        }
      ]
    });
    const object = await graphql('admin', '{ uiapi { query { Nope__c { edges { node { Id } } } } } }');
    assert.equal(
      object.body.errors[0]?.message,
      "Validation error of type FieldUndefined: Field 'Nope__c' in type 'RecordQuery' is undefined @ 'uiapi/query/Nope__c'"
    );
  });

  test('a field the user cannot read does not exist for them', async () => {
    // Partner_Notified_On__c is the connector's bookkeeping: Partner Planner holds no access to it.
    const { body } = await graphql(
      'noah',
      '{ uiapi { query { Business_Plan__c { edges { node { Partner_Notified_On__c { value } } } } } } }'
    );
    assert.match(
      body.errors[0]?.message ?? '',
      /Field 'Partner_Notified_On__c' in type 'Business_Plan__c' is undefined/
    );
  });

  test('bad filters, sort orders, variables and syntax are refused with a message naming the problem', async () => {
    const message = async (query: string, variables?: Record<string, unknown>): Promise<string> =>
      (await graphql('admin', query, variables)).body.errors[0]?.message ?? '';
    assert.match(
      await message(
        '{ uiapi { query { Business_Plan__c(where: { Status__c: { near: "Draft" } }) { edges { node { Id } } } } } }'
      ),
      /argument 'where' is not valid: unknown operator near/
    );
    assert.match(
      await message(
        '{ uiapi { query { Business_Plan__c(where: { Start_Date__c: { eq: { value: "soon" } } }) { edges { node { Id } } } } } }'
      ),
      /Start_Date__c takes YYYY-MM-DD/
    );
    assert.match(
      await message(
        '{ uiapi { query { Business_Plan__c(where: { Start_Date__c: { eq: { literal: SOMEDAY } } }) { edges { node { Id } } } } } }'
      ),
      /Start_Date__c takes a date literal such as TODAY or THIS_FISCAL_YEAR/
    );
    assert.match(
      await message(
        '{ uiapi { query { Business_Plan__c(orderBy: { Summary__c: { order: ASC } }) { edges { node { Id } } } } } }'
      ),
      /argument 'orderBy' cannot sort by Summary__c/
    );
    assert.match(
      await message('{ uiapi { query { Business_Plan__c(first: 2001) { edges { node { Id } } } } } }'),
      /argument 'first' must be an integer from 0 to 2000/
    );
    assert.match(
      await message(
        'query q($w: Account_Filter) { uiapi { query { Business_Plan__c(where: $w) { edges { node { Id } } } } } }'
      ),
      /Variable type 'Account_Filter' doesn't match expected type 'Business_Plan__c_Filter'/
    );
    assert.match(
      await message('{ uiapi { query { Business_Plan__c(where: $w) { edges { node { Id } } } } } }'),
      /UndefinedVariable: Undefined variable w/
    );
    assert.match(
      await message(
        'query q($n: Int!) { uiapi { query { Business_Plan__c(first: $n) { edges { node { Id } } } } } }'
      ),
      /Variable 'n' has an invalid value/
    );
    const syntax = await graphql('admin', '{ uiapi { query { Business_Plan__c { edges { node { Id } } }');
    assert.equal(
      syntax.body.errors[0]?.extensions &&
        (syntax.body.errors[0].extensions as { classification: string }).classification,
      'InvalidSyntax'
    );
  });

  test('fragments, aliases and __typename resolve as in Salesforce, and operationName picks the operation', async () => {
    const { body } = await graphql(
      'admin',
      `
        query other {
          uiapi {
            query {
              Account {
                edges {
                  node {
                    Id
                  }
                }
              }
            }
          }
        }
        query named {
          uiapi {
            query {
              plans: Business_Plan__c(where: { Name: { eq: "Test C" } }) {
                __typename
                edges {
                  node {
                    __typename
                    ...planFields
                    status: Status__c {
                      value
                    }
                  }
                }
              }
            }
          }
        }
        fragment planFields on Business_Plan__c {
          Name {
            value
          }
        }
      `,
      undefined,
      'named'
    );
    assert.deepEqual(body, {
      data: {
        uiapi: {
          query: {
            plans: {
              __typename: 'Business_Plan__cConnection',
              edges: [
                {
                  node: {
                    __typename: 'Business_Plan__c',
                    Name: { value: 'Test C' },
                    status: { value: 'Draft' }
                  }
                }
              ]
            }
          }
        }
      },
      errors: []
    });
  });

  test('a request without a query is a 400, and one without a session a 401', async () => {
    const noQuery = await fetch(`${world.org.url}/services/data/v62.0/graphql`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${world.as.admin.accessToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ variables: {} })
    });
    assert.equal(noQuery.status, 400);
    const noSession = await fetch(`${world.org.url}/services/data/v62.0/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: '{ uiapi { query { Account { edges { node { Id } } } } } }' })
    });
    assert.equal(noSession.status, 401);
  });
});
