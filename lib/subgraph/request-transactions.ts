import type { ApolloServerPlugin } from '@apollo/server';
import type { SubgraphContext } from './context';
import type { SubgraphDefinition } from './definition';

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
        async willSendResponse({ contextValue }) {
          await contextValue.db?.finish();
        },
      };
    },
  };
}
