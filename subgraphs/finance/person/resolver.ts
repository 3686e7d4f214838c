import { Person } from './person';
import { partyFinanceResolver } from '../party-resolver';

export const PersonFinanceResolver = partyFinanceResolver(Person, 'person');
