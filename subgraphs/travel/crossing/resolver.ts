import { FieldResolver, Resolver, Root } from 'type-graphql';
import { BorderCrossing } from './crossing';
import { Person } from '../person/person';

@Resolver(() => BorderCrossing)
export class BorderCrossingResolver {
  @FieldResolver(() => Person)
  person(@Root() crossing: BorderCrossing): Person {
    return { id: crossing.personId };
  }
}
