import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Directive, Field, ObjectType } from 'type-graphql';
import { UUID } from '../../../lib/graphql/scalars';
import { SelectorKind } from '../../../lib/selectors/normalize';
import '../../../lib/selectors/input'; // registers SelectorKind
import type { SelectorReference } from '../../../lib/selectors/federated';

/** A selector an interdiction involves: the vehicle, phones seized, the stash house's address. */
@Entity()
export class InterdictionSelector {
  @PrimaryColumn('uuid')
  interdictionId!: string;

  @Index()
  @PrimaryColumn('uuid')
  selectorId!: string;

  @Column('text')
  kind!: string;

  @Column('text')
  value!: string;

  @Column('text')
  display!: string;

  @Column('text', { comment: 'VEHICLE, PHONE_SEIZED or STASH_HOUSE' })
  role!: string;
}

/** The registry's Selector, as this subgraph knows it (lib/selectors/federated.ts): to which it adds its records. */
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
