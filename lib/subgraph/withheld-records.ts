import type { ApolloServerPlugin } from '@apollo/server';
import type { SubgraphContext } from './context';

/** The response extension through which a subgraph tells the gateway what RESTRICTED records it kept back. */
export const WITHHELD_EXTENSION = 'unityWithheld';

/**
 * A subgraph cannot tell the submitting agency itself that someone asked about its subject; it
 * reports the withheld records to the gateway, which records the notices with the audit trail.
 */
export function reportWithheldRecords(): ApolloServerPlugin<SubgraphContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          const withheld = contextValue.loaders?.withheld ?? [];
          if (withheld.length === 0 || response.body.kind !== 'single') return;
          response.body.singleResult.extensions = { ...response.body.singleResult.extensions, [WITHHELD_EXTENSION]: withheld };
        },
      };
    },
  };
}
