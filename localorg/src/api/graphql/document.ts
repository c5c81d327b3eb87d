// A GraphQL request as a document the planner can walk: parsed with graphql-js, the operation
// to run picked (by operationName when there are several), its variables checked against
// their declarations, and selection sets flattened through fragments and @include/@skip.
import {
  GraphQLError,
  Kind,
  parse,
  print,
  Source,
  valueFromASTUntyped,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type TypeNode,
  type ValueNode
} from 'graphql';
import type { Literal } from '../uiapi/whereFilter.ts';
import { GraphQLRequestError, locationsOf, validationError } from './errors.ts';

export interface GraphQLRequest {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

export interface Operation {
  source: Source;
  operation: OperationDefinitionNode;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  /** Declared type of each variable, as written (Business_Plan__c_Filter, Int!). */
  variableTypes: Map<string, string>;
}

function parseDocument(source: Source): DocumentNode {
  try {
    return parse(source);
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    throw new GraphQLRequestError([
      {
        message: `Invalid Syntax : ${error.message.replace(/^Syntax Error: /, '')}`,
        locations: error.locations ? [...error.locations] : [],
        extensions: { classification: 'InvalidSyntax' }
      }
    ]);
  }
}

function pickOperation(source: Source, document: DocumentNode, name: string | null | undefined) {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION
  );
  const chosen = name ? operations.find((o) => o.name?.value === name) : operations[0];
  if (name && !chosen)
    throw validationError(source, 'UnknownOperation', `Unknown operation named '${name}'`, []);
  if (!name && operations.length > 1)
    throw validationError(
      source,
      'UnknownOperation',
      'Must provide operation name if query contains multiple operations',
      []
    );
  if (!chosen) throw validationError(source, 'UnknownOperation', 'The document holds no operation', []);
  if (chosen.operation !== 'query') {
    throw validationError(
      source,
      'UnknownOperation',
      `The local org answers query operations only, not ${chosen.operation}`,
      [],
      chosen
    );
  }
  return chosen;
}

const isNonNull = (type: TypeNode): boolean => type.kind === Kind.NON_NULL_TYPE;

/** Declared variables get the request's value, else their default; every used one must be declared. */
function bindVariables(
  source: Source,
  operation: OperationDefinitionNode,
  given: Record<string, unknown>
): { variables: Record<string, unknown>; variableTypes: Map<string, string> } {
  const variables: Record<string, unknown> = {};
  const variableTypes = new Map<string, string>();
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = print(definition.type);
    variableTypes.set(name, type);
    const value =
      name in given
        ? given[name]
        : definition.defaultValue
          ? valueFromASTUntyped(definition.defaultValue)
          : undefined;
    if ((value === undefined || value === null) && isNonNull(definition.type)) {
      throw new GraphQLRequestError([
        {
          message: `Variable '${name}' has an invalid value: Variable '${name}' has coerced Null value for NonNull type '${type}'`,
          locations: locationsOf(source, definition),
          extensions: { classification: 'ValidationError' }
        }
      ]);
    }
    if (value !== undefined) variables[name] = value;
  }
  const used = new Set<string>();
  visit(operation.selectionSet, {
    Variable(node) {
      used.add(node.name.value);
      if (!variableTypes.has(node.name.value)) {
        throw validationError(source, 'UndefinedVariable', `Undefined variable ${node.name.value}`, [], node);
      }
    }
  });
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (!used.has(name))
      throw validationError(source, 'UnusedVariable', `Unused variable ${name}`, [], definition);
  }
  return { variables, variableTypes };
}

export function prepare(request: GraphQLRequest): Operation {
  const source = new Source(request.query, 'GraphQL request');
  const document = parseDocument(source);
  const operation = pickOperation(source, document, request.operationName);
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((f) => [f.name.value, f])
  );
  return { source, operation, fragments, ...bindVariables(source, operation, request.variables ?? {}) };
}

/** A value in the query (literal or variable, at any depth) as plain JSON; enums become strings. */
export function valueOf(op: Operation, node: ValueNode): Literal {
  return (valueFromASTUntyped(node, op.variables) ?? null) as Literal;
}

function included(
  op: Operation,
  node: {
    directives?: readonly {
      name: { value: string };
      arguments?: readonly { name: { value: string }; value: ValueNode }[];
    }[];
  }
): boolean {
  for (const directive of node.directives ?? []) {
    const condition = directive.arguments?.find((a) => a.name.value === 'if');
    const value = condition ? valueOf(op, condition.value) : null;
    if (directive.name.value === 'include' && value !== true) return false;
    if (directive.name.value === 'skip' && value === true) return false;
  }
  return true;
}

/**
 * The fields a selection set asks of an object of type `typeName`, with fragment spreads and
 * inline fragments on that type expanded and @include/@skip applied.
 */
export function fieldsOf(
  op: Operation,
  set: SelectionSetNode | undefined,
  typeName: string,
  path: string[]
): FieldNode[] {
  const fields: FieldNode[] = [];
  for (const selection of set?.selections ?? []) {
    if (!included(op, selection)) continue;
    if (selection.kind === Kind.FIELD) {
      fields.push(selection);
      continue;
    }
    const fragment =
      selection.kind === Kind.FRAGMENT_SPREAD ? op.fragments.get(selection.name.value) : selection;
    if (!fragment) {
      const name = selection.kind === Kind.FRAGMENT_SPREAD ? selection.name.value : '';
      throw validationError(op.source, 'UndefinedFragment', `Undefined fragment ${name}`, path, selection);
    }
    const on = fragment.typeCondition?.name.value;
    if (on !== undefined && on !== typeName) continue;
    fields.push(...fieldsOf(op, fragment.selectionSet, typeName, path));
  }
  return fields;
}

/** The name a field's value is returned under: its alias, else its name. */
export const responseKey = (field: FieldNode): string => field.alias?.value ?? field.name.value;
