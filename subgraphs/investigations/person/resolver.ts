import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { RequiresScopes } from '../../../lib/graphql/authorization';
import { Person } from './person';
import { CaseConnection } from '../case/case';
import { ArrestConnection } from '../arrest/arrest';
import { IndictmentConnection } from '../indictment/indictment';
import { CaseArgs } from '../organization/resolver';
import { PageArgs } from '../../../lib/graphql/connection';
import type { SubgraphContext } from '../../../lib/subgraph/context';
import { lists } from '../loaders';
import { FollowsMerges, recordHolders } from '../../../lib/graphql/merged-person';

@Resolver(() => Person)
export class PersonInvestigationsResolver {
  @RequiresScopes('investigations:read')
  @FollowsMerges()
  @FieldResolver(() => CaseConnection, { nullable: true, description: 'Cases naming this person, newest first.' })
  cases(@Root() person: Person, @Args() { first, after, status }: CaseArgs, @Ctx() { loaders }: SubgraphContext) {
    return loaders.connection(lists.personCases, person.id, { first, after, status }, recordHolders(person));
  }

  @RequiresScopes('investigations:read')
  @FollowsMerges()
  @FieldResolver(() => ArrestConnection, { nullable: true })
  arrests(@Root() person: Person, @Args() { first, after }: PageArgs, @Ctx() { loaders }: SubgraphContext) {
    return loaders.connection(lists.personArrests, person.id, { first, after }, recordHolders(person));
  }

  @RequiresScopes('investigations:read')
  @FollowsMerges()
  @FieldResolver(() => IndictmentConnection, { nullable: true, description: 'Indictments naming this person as a defendant.' })
  indictments(@Root() person: Person, @Args() { first, after }: PageArgs, @Ctx() { loaders }: SubgraphContext) {
    return loaders.connection(lists.personIndictments, person.id, { first, after }, recordHolders(person));
  }
}
