// GraphQL errors as Salesforce's GraphQL API (graphql-java underneath) words them: a request
// the schema rejects gets `{ errors: [...] }` with no data, each error carrying its message,
// where in the query it is and a classification; an object query that fails while running
// leaves null in its place and an error with the response path.
import { getLocation, type ASTNode, type Source } from 'graphql';

export interface SourceLocation {
  line: number;
  column: number;
}

export interface GraphQLErrorBody {
  message: string;
  locations: SourceLocation[];
  path?: string[];
  extensions: { classification: string };
}

export type Classification = 'InvalidSyntax' | 'ValidationError' | 'DataFetchingException';

/** A request Salesforce refuses before running it; holds every problem found. */
export class GraphQLRequestError extends Error {
  readonly errors: GraphQLErrorBody[];

  constructor(errors: GraphQLErrorBody[]) {
    super(errors.map((e) => e.message).join('\n'));
    this.name = 'GraphQLRequestError';
    this.errors = errors;
  }
}

export function locationsOf(source: Source, node: ASTNode | undefined): SourceLocation[] {
  return node?.loc ? [getLocation(source, node.loc.start)] : [];
}

/**
 * graphql-java's validation message: `Validation error of type FieldUndefined: Field 'Foo'
 * in type 'Account' is undefined @ 'uiapi/query/Account/edges/node/Foo'`.
 */
export function validationError(
  source: Source,
  type: string,
  message: string,
  path: string[],
  node?: ASTNode
): GraphQLRequestError {
  const at = path.length > 0 ? ` @ '${path.join('/')}'` : '';
  return new GraphQLRequestError([
    {
      message: `Validation error of type ${type}: ${message}${at}`,
      locations: locationsOf(source, node),
      extensions: { classification: 'ValidationError' }
    }
  ]);
}
