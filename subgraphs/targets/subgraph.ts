import { SubgraphDefinition } from '../../lib/subgraph/definition';
import { entities } from './loaders';
import { OrganizationResolver, OrganizationWriteResolver, resolveOrganizationReference } from './organization/resolver';
import { PersonResolver, PersonWriteResolver, resolvePersonReference } from './person/resolver';
import { MembershipResolver } from './membership/resolver';
import { AssociationResolver } from './association/resolver';
import { AliasResolver } from './alias/resolver';
import { SearchResolver } from './search/resolver';
import { NetworkResolver } from './network/resolver';
import { BriefingResolver, resolveBriefingReference } from './briefing/resolver';
import { Registry1732200000100 } from './migrations/1732200000100-Registry';
import { TargetSearch1732200000101 } from './migrations/1732200000101-TargetSearch';
import { TargetSearchNearest1732200000102 } from './migrations/1732200000102-TargetSearchNearest';
import { RegistryHandling1732200000103 } from './migrations/1732200000103-RegistryHandling';
import { TieHandling1732200000104 } from './migrations/1732200000104-TieHandling';
import { TargetNameForms1732200000105 } from './migrations/1732200000105-TargetNameForms';
import { seedTargets } from './seed';
import { RowSecurity1732200000106 } from './migrations/1732200000106-RowSecurity';
import { PersonMerge1732200000130 } from './migrations/1732200000130-PersonMerge';
import { PersonMergeResolver, PersonResolutionResolver } from './resolution/resolver';
import { Review1732200000190 } from './migrations/1732200000190-Review';
import { UnmergeKeepsLaterSightings1732200000200 } from './migrations/1732200000200-UnmergeKeepsLaterSightings';
import { SelectorPlaces1732200000140 } from './migrations/1732200000140-SelectorPlaces';
import { Selectors1732200000120 } from './migrations/1732200000120-Selectors';
import { OrganizationSelectorsResolver, PersonSelectorsResolver, resolveSelectorReference, SelectorLinkResolver, SelectorResolver } from './selector/resolver';
import { Selector, SelectorLink } from './selector/selector';

/** The shared registry: who the organizations and persons are, and how they connect. */
export const targets: SubgraphDefinition = {
  name: 'targets',
  portOffset: 1,
  owner: 'Task force registry',
  resolvers: [
    OrganizationResolver, OrganizationWriteResolver, PersonResolver, PersonWriteResolver, MembershipResolver,
    AssociationResolver, AliasResolver, SearchResolver, NetworkResolver, BriefingResolver, PersonResolutionResolver, PersonMergeResolver,
    SelectorResolver, SelectorLinkResolver, PersonSelectorsResolver, OrganizationSelectorsResolver,
  ],
  referenceResolvers: {
    Organization: { __resolveReference: resolveOrganizationReference },
    Person: { __resolveReference: resolvePersonReference },
    Briefing: { __resolveReference: resolveBriefingReference },
    Selector: { __resolveReference: resolveSelectorReference },
  },
  entities: [...Object.values(entities), Selector, SelectorLink],
  migrations: [Registry1732200000100, TargetSearch1732200000101, TargetSearchNearest1732200000102, RegistryHandling1732200000103, TieHandling1732200000104, TargetNameForms1732200000105, RowSecurity1732200000106, Selectors1732200000120, PersonMerge1732200000130, SelectorPlaces1732200000140, Review1732200000190, UnmergeKeepsLaterSightings1732200000200],
  seed: seedTargets,
};
