import { Organization } from './organization';
import { partyFinanceResolver } from '../party-resolver';

export const OrganizationFinanceResolver = partyFinanceResolver(Organization, 'organization');
