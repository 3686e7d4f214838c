import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

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
