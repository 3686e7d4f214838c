import { Directive, Field, ObjectType } from 'type-graphql';
import { UUID } from '../../../lib/graphql/scalars';
import { normalizeAccount, selectorId, SelectorKind } from '../../../lib/selectors/normalize';
import '../../../lib/selectors/input'; // registers SelectorKind
import type { SelectorReference } from '../../../lib/selectors/federated';

/** The registry's Selector, as this subgraph knows it (lib/selectors/federated.ts): to which it adds Treasury's accounts and designations. */
@ObjectType({ description: 'A phone, e-mail address, vehicle, address, identity document or account that ties records together, normalised.' })
@Directive('@key(fields: "id")')
export class Selector implements SelectorReference {
  @Field(() => UUID)
  id!: string;

  @Field(() => SelectorKind)
  @Directive('@shareable')
  kind!: SelectorKind;

  @Field()
  @Directive('@shareable')
  value!: string;

  @Field()
  @Directive('@shareable')
  display!: string;
}

/** An account's selector, from its institution and masked number; null for a number kept in a form selectors do not read. */
export function accountSelector(institution: string, maskedNumber: string): Selector | null {
  try {
    const selector = normalizeAccount(institution, maskedNumber, 'account');
    return { ...selector, id: selectorId(selector) };
  } catch {
    return null;
  }
}
