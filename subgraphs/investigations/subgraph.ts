// PLACEHOLDER: replaced by the real investigations subgraph.
import { Query, Resolver } from 'type-graphql';
import { SubgraphDefinition } from '../../lib/subgraph/definition';
import { PlatformTables1732200000000 } from '../../lib/database/platform-migration';

@Resolver()
class PlaceholderInvestigationsResolver {
  @Query(() => String)
  investigationsPlaceholder() {
    return 'placeholder';
  }
}

export const investigations: SubgraphDefinition = {
  name: 'investigations',
  portOffset: 3,
  owner: 'HSI, FBI, DEA and the DOJ task force',
  resolvers: [PlaceholderInvestigationsResolver],
  entities: [],
  migrations: [PlatformTables1732200000000],
  seed: async () => {},
};
