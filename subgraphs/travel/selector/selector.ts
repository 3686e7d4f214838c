import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { agencySelectorType, type SelectorReference } from '../../../lib/selectors/federated';

/** The registry's Selector, as this subgraph knows it (lib/selectors/federated.ts): to which it adds crossings and restrictions. */
export const Selector = agencySelectorType();
export type Selector = SelectorReference;

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
