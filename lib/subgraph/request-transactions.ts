import type { ApolloServerPlugin } from '@apollo/server';
import type { SubgraphContext } from './context';
import type { SubgraphDefinition } from './definition';
import { CHANGED_EXTENSION } from './response-cache';

/**
 * Each request's statements share one transaction (lib/database/scoped-database.ts): read-only for a
 * query, read-write for a mutation (and for every request of a subgraph whose reads append, such as
 * the audit trail's index). It ends once the response is ready, before it is sent: a mutation's
 * writes are committed before anyone learns of them.
 */
export function requestTransactions(definition: Pick<SubgraphDefinition, 'readsWrite'>): ApolloServerPlugin<SubgraphContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation?.operation === 'mutation' || definition.readsWrite) contextValue.db.allowWrites();
        },
        async willSendResponse({ contextValue, operation, response }) {
          await contextValue.db?.finish();
          // What the mutation touched, for the gateway's cache (lib/subgraph/response-cache.ts).
          if (operation?.operation === 'mutation' && contextValue.db && response.body.kind === 'single') {
            response.body.singleResult.extensions = { ...response.body.singleResult.extensions, [CHANGED_EXTENSION]: { touched: contextValue.db.changed } };
          }
        },
      };
    },
  };
}
