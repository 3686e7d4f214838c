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
