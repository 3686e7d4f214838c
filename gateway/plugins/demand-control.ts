import type { ApolloServerPlugin } from '@apollo/server';
import { FragmentDefinitionNode, GraphQLError, Kind } from 'graphql';
import { costDirectivesOf } from '../demand-control/cost-directives';
import { Estimate, RecordCounter } from '../demand-control/count-records';

/**
 * Demand control: before planning, estimates how many records the operation can return from the
 * supergraph's `@listSize`/`@cost` (the slicing arguments the caller gave), refuses it above
 * `maxRecords`, and tells every caller the estimate (and the records its answer holds) in
 * `extensions.cost`, so a script can see how close it is to the limit before it is refused.
 */
export function demandControl(supergraphSdl: string, maxRecords: number): ApolloServerPlugin {
  const directives = costDirectivesOf(supergraphSdl);
  // A result the gateway hands to many requests (its cache, coalesced executions) is counted once: its data never changes once shaped.
  const counted = new WeakMap<object, number>();
  // So is the estimate of one operation with the same variables (Apollo Server hands every request of a query the same parsed document).
  const estimates = new WeakMap<object, Map<string, Estimate>>();
  const estimateOf = (operation: object, variables: Record<string, unknown>, counter: RecordCounter): Estimate => {
    const key = JSON.stringify(variables);
    let byVariables = estimates.get(operation);
    if (!byVariables) estimates.set(operation, (byVariables = new Map()));
    let estimate = byVariables.get(key);
    if (!estimate) {
      estimate = counter.estimate();
      if (byVariables.size >= 100) byVariables.delete(byVariables.keys().next().value!);
      byVariables.set(key, estimate);
    }
    return estimate;
  };
  return {
    async requestDidStart() {
      let counter: RecordCounter | null = null;
      let estimated: number | null = null;
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const fragments = document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
          counter = new RecordCounter(schema, directives, operation, fragments, request.variables ?? {});
          const estimate = estimateOf(operation, request.variables ?? {}, counter);
          estimated = estimate.estimated;
          if (estimate.estimated <= maxRecords) return;
          const heaviest = estimate.heaviest
            ? ` Most of them come from the list at ${estimate.heaviest.path} (about ${estimate.heaviest.records.toLocaleString('en-US')} records).`
            : '';
          throw new GraphQLError(
            `This operation could return about ${estimate.estimated.toLocaleString('en-US')} records, more than the limit of ${maxRecords.toLocaleString('en-US')}.${heaviest} Ask for smaller pages with "first", or page through with "after" in several requests.`,
            { extensions: { code: 'COST_ESTIMATED_TOO_EXPENSIVE', cost: { estimated: estimate.estimated, limit: maxRecords }, heaviestList: estimate.heaviest?.path ?? null, http: { status: 400 } } },
          );
        },
        async willSendResponse({ response }) {
          if (estimated === null || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          let actual: number | undefined;
          if (result.data && counter) {
            actual = counted.get(result.data) ?? counter.actual(result.data);
            counted.set(result.data, actual);
          }
          result.extensions = { ...result.extensions, cost: { estimated, limit: maxRecords, ...(actual !== undefined ? { actual } : {}) } };
        },
      };
    },
  };
}
