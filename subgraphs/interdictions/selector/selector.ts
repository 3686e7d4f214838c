import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { agencySelectorType, type SelectorReference } from '../../../lib/selectors/federated';

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
export const Selector = agencySelectorType();
export type Selector = SelectorReference;
