import { ASTVisitor, GraphQLError, ValidationContext } from 'graphql';

/**
 * A validation rule: refuses (HTTP 400) an operation whose type the schema has no root for. The
 * supergraph has no subscription root; graphql-js validation lets `subscription { __typename }`
 * through, and the query planner then threw on it, which the caller saw as an HTTP 500.
 */
export function KnownOperationTypesRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node) {
      if (context.getSchema().getRootType(node.operation)) return;
      context.reportError(new GraphQLError(
        `This API has no ${node.operation} operations; send a query or a mutation (deconfliction notices are streamed at GET /notifications).`,
        { nodes: [node] },
      ));
    },
  };
}

/** Longer than any name a person gives an operation; the canonical ones are under 30. */
export const MAX_OPERATION_NAME_LENGTH = 128;

/**
 * A validation rule: refuses operation names longer than MAX_OPERATION_NAME_LENGTH. The name goes
 * into every audit record (append-only, never purged) and every log line: a name of half a
 * megabyte was half a megabyte more in the trail with each request.
 */
export function OperationNameLengthRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node) {
      const length = node.name?.value.length ?? 0;
      if (length <= MAX_OPERATION_NAME_LENGTH) return;
      context.reportError(new GraphQLError(
        `The operation name is ${length} characters long; at most ${MAX_OPERATION_NAME_LENGTH} are allowed. Choose a shorter name.`,
        { nodes: [node.name!] },
      ));
    },
  };
}
