import { Directive, Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { UUID } from '../../../lib/graphql/scalars';
import { SelectorKind } from '../../../lib/selectors/normalize';
import '../../../lib/selectors/input'; // registers SelectorKind
import type { SelectorReference } from '../../../lib/selectors/federated';

/** The registry's Selector, as this subgraph knows it (lib/selectors/federated.ts): to which it adds crossings and restrictions. */
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

/** The document shown and the conveyance's plate at a crossing. */
@Entity()
export class BorderCrossingSelector {
  @PrimaryColumn('uuid')
  crossingId!: string;

  @Index()
  @PrimaryColumn('uuid')
  selectorId!: string;

  @Column('text')
  kind!: string;

  @Column('text')
  value!: string;

  @Column('text')
  display!: string;

  @Column('text')
  role!: string;
}

/** The documents a restriction revokes or flags. */
@Entity()
export class TravelRestrictionSelector {
  @PrimaryColumn('uuid')
  restrictionId!: string;

  @Index()
  @PrimaryColumn('uuid')
  selectorId!: string;

  @Column('text')
  kind!: string;

  @Column('text')
  value!: string;

  @Column('text')
  display!: string;

  @Column('text')
  role!: string;
}
