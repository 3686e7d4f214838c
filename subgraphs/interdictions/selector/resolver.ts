import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { RequiresScopes } from '../../../lib/graphql/authorization';
import type { SubgraphContext } from '../../../lib/subgraph/context';
import { ListDefinition } from '../../../lib/loaders/registry';
import { asReference, selectorByKey } from '../../../lib/selectors/federated';
import { Interdiction, InterdictionConnection } from '../interdiction/interdiction';
import { InterdictionArgs } from '../organization/resolver';
import { InterdictionSelector, Selector } from './selector';

const selectorInterdictions = {
  name: 'Selector.interdictions',
  entity: Interdiction,
  query: () => ({
    from: 'interdiction i JOIN interdiction_selector s ON s.interdiction_id = i.id',
    parentColumn: 's.selector_id',
    idColumn: 'i.id',
    orderBy: 'i.occurred_at DESC, i.id',
  }),
} satisfies ListDefinition<Interdiction>;

@Resolver(() => Selector)
export class SelectorInterdictionsResolver {
  @RequiresScopes('interdictions:read')
  @FieldResolver(() => InterdictionConnection, { nullable: true, description: 'CBP interdictions involving it (the vehicle, a phone seized, the stash house), newest first.' })
  interdictions(@Root() selector: Selector, @Args() { first, after }: InterdictionArgs, @Ctx() { loaders }: SubgraphContext) {
    return loaders.connection(selectorInterdictions, selector.id, { first, after });
  }
}

@Resolver(() => Interdiction)
export class InterdictionSelectorsResolver {
  @FieldResolver(() => [Selector], { description: 'The vehicle, the phones seized and the stash-house address, normalised.' })
  async selectors(@Root() interdiction: Interdiction, @Ctx() { loaders }: SubgraphContext): Promise<Selector[]> {
    const rows = await loaders.groupedBy(InterdictionSelector, 'interdictionId', { role: 'ASC', value: 'ASC' }).load(interdiction.id);
    return rows.map(asReference);
  }
}

export function resolveSelectorReference(reference: { id: string }, { loaders }: SubgraphContext): Selector {
  return selectorByKey(Selector, reference.id, async () => {
    const [row] = await loaders.groupedBy(InterdictionSelector, 'selectorId').load(reference.id);
    return row && asReference(row);
  });
}
