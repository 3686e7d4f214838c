import type { ApolloServerPlugin } from '@apollo/server';

const CLIENT_ERRORS = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT']);

/**
 * A document refused before execution is the caller's mistake: answer 400, not 500 (graphql-armor's
 * token limit fails during parsing, which Apollo Server would otherwise report as a server error).
 */
export function clientErrorStatus(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single' || response.body.singleResult.data !== undefined) return;
          const errors = response.body.singleResult.errors ?? [];
          if (errors.length && errors.every((e) => CLIENT_ERRORS.has(String(e.extensions?.code)))) response.http.status = 400;
        },
      };
    },
  };
}
