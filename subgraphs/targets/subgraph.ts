import { SubgraphDefinition } from '../../lib/subgraph/definition';
import { PlatformTables1732200000000 } from '../../lib/database/platform-migration';
import { entities } from './loaders';
import { OrganizationResolver, resolveOrganizationReference } from './organization/resolver';
import { PersonResolver, resolvePersonReference } from './person/resolver';
import { MembershipResolver } from './membership/resolver';
import { AssociationResolver } from './association/resolver';
import { Registry1732200000100 } from './migrations/1732200000100-Registry';
import { seedTargets } from './seed';

/** The shared registry: who the organizations and persons are, and how they connect. */
export const targets: SubgraphDefinition = {
  name: 'targets',
  portOffset: 1,
  owner: 'Task force registry',
  resolvers: [OrganizationResolver, PersonResolver, MembershipResolver, AssociationResolver],
  referenceResolvers: {
    Organization: { __resolveReference: resolveOrganizationReference },
    Person: { __resolveReference: resolvePersonReference },
  },
  entities: Object.values(entities),
  migrations: [PlatformTables1732200000000, Registry1732200000100],
  seed: seedTargets,
};
