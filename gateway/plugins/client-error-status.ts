import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';

const CLIENT_ERRORS = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'OPERATION_RESOLUTION_FAILURE']);

/**
 * A document refused before execution is the caller's mistake: answer 400, not 500 (graphql-armor's
 * token limit fails during parsing, which Apollo Server would otherwise report as a server error).
 * Except for a client that accepts only `application/json`: the GraphQL-over-HTTP spec has such
 * (legacy) clients read errors from a 200 response, and 4xx only with `application/graphql-response+json`.
 *
 * A document whose operation cannot be chosen (several named operations and no `operationName`, or
 * an `operationName` it does not have) is refused here too, before anything plans or caches it.
 */
export function clientErrorStatus(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request, document }) {
          if (operation) return;
          const named = document.definitions.filter((d) => d.kind === 'OperationDefinition').length;
          const message = request.operationName
            ? `The document has no operation named "${request.operationName}"; send the name of one of its operations as operationName.`
            : `The document holds ${named} operations; say which to run with operationName.`;
          throw new GraphQLError(message, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } } });
        },
        async willSendResponse({ response, request }) {
          if (response.body.kind !== 'single' || response.body.singleResult.data !== undefined) return;
          const errors = response.body.singleResult.errors ?? [];
          if (!errors.length || !errors.every((e) => CLIENT_ERRORS.has(String(e.extensions?.code)))) return;
          response.http.status = acceptsOnlyJson(request.http?.headers.get('accept')) ? 200 : 400;
        },
      };
    },
  };
}

/** The client named `application/json` and not `application/graphql-response+json`. */
function acceptsOnlyJson(accept: string | undefined): boolean {
  if (!accept) return false;
  const types = accept.split(',').map((part) => part.split(';')[0].trim().toLowerCase());
  return types.includes('application/json') && !types.includes('application/graphql-response+json');
}
