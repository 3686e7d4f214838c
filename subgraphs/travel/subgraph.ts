// PLACEHOLDER: replaced by the real travel subgraph.
import { Query, Resolver } from 'type-graphql';
import { SubgraphDefinition } from '../../lib/subgraph/definition';
import { PlatformTables1732200000000 } from '../../lib/database/platform-migration';

@Resolver()
class PlaceholderTravelResolver {
  @Query(() => String)
  travelPlaceholder() {
    return 'placeholder';
  }
}

export const travel: SubgraphDefinition = {
  name: 'travel',
  portOffset: 5,
  owner: 'CBP National Targeting Center and Department of State',
  resolvers: [PlaceholderTravelResolver],
  entities: [],
  migrations: [PlatformTables1732200000000],
  seed: async () => {},
};
