// PLACEHOLDER: replaced by the real finance subgraph.
import { Query, Resolver } from 'type-graphql';
import { SubgraphDefinition } from '../../lib/subgraph/definition';
import { PlatformTables1732200000000 } from '../../lib/database/platform-migration';

@Resolver()
class PlaceholderFinanceResolver {
  @Query(() => String)
  financePlaceholder() {
    return 'placeholder';
  }
}

export const finance: SubgraphDefinition = {
  name: 'finance',
  portOffset: 4,
  owner: 'Department of the Treasury',
  resolvers: [PlaceholderFinanceResolver],
  entities: [],
  migrations: [PlatformTables1732200000000],
  seed: async () => {},
};
