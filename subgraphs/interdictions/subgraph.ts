import { SubgraphDefinition } from '../../lib/subgraph/definition';
import { entities } from './loaders';
import { InterdictionResolver } from './interdiction/resolver';
import { OrganizationInterdictionsResolver } from './organization/resolver';
import { PersonInterdictionsResolver } from './person/resolver';
import { InterdictionBriefingResolver } from './briefing/resolver';
import { Interdictions1732200000200 } from './migrations/1732200000200-Interdictions';
import { Handling1732200000201 } from './migrations/1732200000201-Handling';
import { seedInterdictions } from './seed';
import { RowSecurity1732200000202 } from './migrations/1732200000202-RowSecurity';
import { Places1732200000230 } from './migrations/1732200000230-Places';
import { InterdictionsNearResolver, OrganizationActivityAreaResolver } from './place/resolver';
import { Review1732200000290 } from './migrations/1732200000290-Review';
import { recordValidationResolver } from '../../lib/retention/validation';
import { InterdictionSelectors1732200000220 } from './migrations/1732200000220-InterdictionSelectors';
import { InterdictionSelectorsResolver, resolveSelectorReference, SelectorInterdictionsResolver } from './selector/resolver';
import { InterdictionSelector } from './selector/selector';

/** CBP: Border Patrol and port-of-entry interdictions. */
export const interdictions: SubgraphDefinition = {
  name: 'interdictions',
  portOffset: 2,
  owner: 'U.S. Customs and Border Protection (CBP)',
  resolvers: [InterdictionResolver, OrganizationInterdictionsResolver, PersonInterdictionsResolver, InterdictionBriefingResolver, InterdictionsNearResolver, OrganizationActivityAreaResolver, recordValidationResolver('interdictions'), SelectorInterdictionsResolver, InterdictionSelectorsResolver],
  referenceResolvers: { Selector: { __resolveReference: resolveSelectorReference } },
  entities: [...Object.values(entities), InterdictionSelector],
  migrations: [Interdictions1732200000200, Handling1732200000201, RowSecurity1732200000202, InterdictionSelectors1732200000220, Places1732200000230, Review1732200000290],
  seed: seedInterdictions,
};
