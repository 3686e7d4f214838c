import { SubgraphDefinition } from '../../lib/subgraph/definition';
import { entities } from './loaders';
import { CaseResolver, CaseSubjectResolver } from './case/resolver';
import { IndictmentResolver } from './indictment/resolver';
import { ArrestResolver } from './arrest/resolver';
import { OrganizationInvestigationsResolver } from './organization/resolver';
import { PersonInvestigationsResolver } from './person/resolver';
import { InvestigationBriefingResolver } from './briefing/resolver';
import { Investigations1732200000300 } from './migrations/1732200000300-Investigations';
import { ConfidentialSources1732200000301 } from './migrations/1732200000301-ConfidentialSources';
import { Handling1732200000302 } from './migrations/1732200000302-Handling';
import { seedInvestigations } from './seed';
import { RowSecurity1732200000303 } from './migrations/1732200000303-RowSecurity';
import { Review1732200000390 } from './migrations/1732200000390-Review';
import { recordValidationResolver } from '../../lib/retention/validation';
import { CaseSubjectSelectors1732200000320 } from './migrations/1732200000320-CaseSubjectSelectors';
import { CaseSubjectAddressPlaces1732200000395 } from './migrations/1732200000395-CaseSubjectAddressPlaces';
import { OpenCaseSelectorsAnnounced1732200000930, OpenCaseSelectorsAnnouncedAgain1732200000950 } from './migrations/1732200000930-OpenCaseSelectorsAnnounced';
import { CaseSubjectSelectorsResolver, resolveSelectorReference, SelectorCasesResolver } from './selector/resolver';
import { CaseSubjectSelector } from './selector/selector';

/** HSI, FBI, DEA and the DOJ task force: cases, subjects, indictments and arrests. */
export const investigations: SubgraphDefinition = {
  name: 'investigations',
  portOffset: 3,
  owner: 'HSI, FBI, DEA and the DOJ task force',
  resolvers: [CaseResolver, CaseSubjectResolver, IndictmentResolver, ArrestResolver, OrganizationInvestigationsResolver, PersonInvestigationsResolver, InvestigationBriefingResolver, recordValidationResolver('investigations'), SelectorCasesResolver, CaseSubjectSelectorsResolver],
  referenceResolvers: { Selector: { __resolveReference: resolveSelectorReference } },
  entities: [...Object.values(entities), CaseSubjectSelector],
  migrations: [Investigations1732200000300, ConfidentialSources1732200000301, Handling1732200000302, RowSecurity1732200000303, CaseSubjectSelectors1732200000320, Review1732200000390, CaseSubjectAddressPlaces1732200000395, OpenCaseSelectorsAnnounced1732200000930, OpenCaseSelectorsAnnouncedAgain1732200000950],
  seed: seedInvestigations,
};
