import { Field, Float, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTime, UUID } from '../../../lib/graphql/scalars';
import { numericAsNumber } from '../../../lib/database/columns';

/** A suspicious activity report filed on an account: by law, readable only with finance:sar. */
@ObjectType({ description: 'A suspicious activity report (SAR) filed on an account (needs finance:sar).' })
@Entity()
export class SuspiciousActivityReport {
  @Field(() => UUID)
  @PrimaryColumn('uuid')
  id!: string;

  @Index()
  @Column('uuid')
  accountId!: string;

  @Field(() => DateTime)
  @Column('timestamptz')
  filedAt!: Date;

  @Field()
  @Column('text')
  filingInstitution!: string;

  @Field(() => Float)
  @Column('numeric', { transformer: numericAsNumber })
  amountUsd!: number;

  @Field({ description: 'The activity reported, e.g. structuring, funnel account.' })
  @Column('text')
  activity!: string;
}
