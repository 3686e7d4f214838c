import { literalLike } from '../../../lib/database/literal-like';
import { ListDefinition, ROOT_COLUMN } from '../../../lib/loaders/registry';
import { Selector, SelectorLink } from './selector';

const byLastSeen = 'l.last_seen DESC, l.id';

/** The registry's selector lists, as SQL the loaders batch across parents. */
export const selectorLists = {
  personSelectors: {
    name: 'Person.selectors',
    entity: SelectorLink,
    query: () => ({ from: 'selector_link l', parentColumn: 'l.person_id', idColumn: 'l.id', orderBy: byLastSeen }),
  } satisfies ListDefinition<SelectorLink>,

  organizationSelectors: {
    name: 'Organization.selectors',
    entity: SelectorLink,
    query: () => ({ from: 'selector_link l', parentColumn: 'l.organization_id', idColumn: 'l.id', orderBy: byLastSeen }),
  } satisfies ListDefinition<SelectorLink>,

  usedBy: {
    name: 'Selector.usedBy',
    entity: SelectorLink,
    query: () => ({ from: 'selector_link l', parentColumn: 'l.selector_id', idColumn: 'l.id', orderBy: byLastSeen }),
  } satisfies ListDefinition<SelectorLink>,

  // The trigram match runs on the readable selector table; the caller sees a selector only through a
  // link released to it (whose person or organization it can see too), checked by row security inside EXISTS.
  search: {
    name: 'Query.searchSelectors',
    entity: Selector,
    query: (args: { forms: string[] }) => ({
      from: 'selector s',
      parentColumn: ROOT_COLUMN,
      idColumn: 's.id',
      where: (bind) => [`(${args.forms.map((form) => `s.search LIKE ${bind(`%${literalLike(form)}%`)}`).join(' OR ')})`, 'EXISTS (SELECT 1 FROM selector_link l WHERE l.selector_id = s.id)'],
      orderBy: 's.kind, s.search, s.id',
    }),
  } satisfies ListDefinition<Selector, { forms: string[] }>,
};
