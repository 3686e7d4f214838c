import { SubgraphDefinition } from '../../lib/subgraph/definition';
import { entities } from './loaders';
import { TravelRestrictionResolver } from './restriction/resolver';
import { BorderCrossingResolver } from './crossing/resolver';
import { OrganizationTravelResolver } from './organization/resolver';
import { PersonTravelResolver } from './person/resolver';
import { TravelBriefingResolver } from './briefing/resolver';
import { Travel1732200000500 } from './migrations/1732200000500-Travel';
import { Handling1732200000501 } from './migrations/1732200000501-Handling';
import { ActiveExpiry1732200000502 } from './migrations/1732200000502-ActiveExpiry';
import { seedTravel } from './seed';
import { untilNextExpiry } from './restriction/restriction';
import { RowSecurity1732200000503 } from './migrations/1732200000503-RowSecurity';
import { Review1732200000590 } from './migrations/1732200000590-Review';
import { recordValidationResolver } from '../../lib/retention/validation';
import { TravelSelectors1732200000520 } from './migrations/1732200000520-TravelSelectors';
import { BorderCrossingSelectorsResolver, BorderCrossingWriteResolver, resolveSelectorReference, SelectorTravelResolver, TravelRestrictionSelectorsResolver } from './selector/resolver';
import { BorderCrossingSelector, TravelRestrictionSelector } from './selector/selector';

/** CBP's National Targeting Center and the Department of State: travel restrictions and border crossings. */
export const travel: SubgraphDefinition = {
  name: 'travel',
  portOffset: 5,
  owner: 'CBP National Targeting Center and Department of State',
  resolvers: [TravelRestrictionResolver, BorderCrossingResolver, OrganizationTravelResolver, PersonTravelResolver, TravelBriefingResolver, recordValidationResolver('travel'),
    SelectorTravelResolver, BorderCrossingSelectorsResolver, TravelRestrictionSelectorsResolver, BorderCrossingWriteResolver],
  referenceResolvers: { Selector: { __resolveReference: resolveSelectorReference } },
  entities: [...Object.values(entities), BorderCrossingSelector, TravelRestrictionSelector],
  migrations: [Travel1732200000500, Handling1732200000501, ActiveExpiry1732200000502, RowSecurity1732200000503, TravelSelectors1732200000520, Review1732200000590],
  seed: seedTravel,
  // An active restriction reads as EXPIRED once its expiry passes, with no write to announce it.
  responseCache: { changesIn: untilNextExpiry },
};
