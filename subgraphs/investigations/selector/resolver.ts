import { Args, Ctx, Field, FieldResolver, ObjectType, Resolver, Root } from 'type-graphql';
import { GeoPoint } from '../../../lib/graphql/geo-point';
import { RequiresScopes } from '../../../lib/graphql/authorization';
import type { SubgraphContext } from '../../../lib/subgraph/context';
import { PageArgs } from '../../../lib/graphql/connection';
import { ListDefinition } from '../../../lib/loaders/registry';
import { asReference, selectorByKey } from '../../../lib/selectors/federated';
import { Case, CaseConnection, CaseSubject } from '../case/case';
import { CaseSubjectSelector, Selector } from './selector';

const selectorCases = {
  name: 'Selector.cases',
  entity: Case,
  query: () => ({
    from: 'investigation_case c JOIN (SELECT DISTINCT case_id, selector_id FROM case_subject_selector) s ON s.case_id = c.id',
    parentColumn: 's.selector_id',
    idColumn: 'c.id',
    orderBy: 'c.opened_at DESC, c.id',
  }),
} satisfies ListDefinition<Case>;

@Resolver(() => Selector)
export class SelectorCasesResolver {
  @RequiresScopes('investigations:read')
  @FieldResolver(() => CaseConnection, { nullable: true, description: 'Cases with a subject who uses it (a phone, an address, an e-mail address), newest first.' })
  cases(@Root() selector: Selector, @Args() { first, after }: PageArgs, @Ctx() { loaders }: SubgraphContext) {
    return loaders.connection(selectorCases, selector.id, { first, after });
  }
}

@ObjectType({ description: "One of a case subject's addresses, where the case places it." })
class AddressPlace {
  @Field(() => Selector)
  address!: Selector;

  @Field(() => GeoPoint)
  location!: GeoPoint;
}

@Resolver(() => CaseSubject)
export class CaseSubjectSelectorsResolver {
  @FieldResolver(() => [Selector], { description: "The subject's phones, addresses and e-mail addresses as the case records them." })
  async selectors(@Root() subject: CaseSubject, @Ctx() { loaders }: SubgraphContext): Promise<Selector[]> {
    return (await rowsOf(subject, loaders)).map(asReference);
  }

  @FieldResolver(() => [AddressPlace], { description: "The subject's addresses the case places, with their places." })
  async addressPlaces(@Root() subject: CaseSubject, @Ctx() { loaders }: SubgraphContext): Promise<AddressPlace[]> {
    return (await rowsOf(subject, loaders)).filter((row) => row.latitude !== null && row.longitude !== null)
      .map((row) => ({ address: asReference(row), location: { latitude: row.latitude!, longitude: row.longitude! } }));
  }
}

async function rowsOf(subject: CaseSubject, loaders: SubgraphContext['loaders']): Promise<CaseSubjectSelector[]> {
  const rows = await loaders.groupedBy(CaseSubjectSelector, 'caseId', { kind: 'ASC', value: 'ASC' }).load(subject.caseId);
  return rows.filter((row) => row.personId === subject.personId);
}

export function resolveSelectorReference(reference: { id: string }, { loaders }: SubgraphContext): Selector {
  return selectorByKey(Selector, reference.id, async () => {
    const [row] = await loaders.groupedBy(CaseSubjectSelector, 'selectorId').load(reference.id);
    return row && asReference(row);
  });
}
