import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTime, UUID } from '../../../lib/graphql/scalars';

/** Told to an agency: another agency asked about a subject of its RESTRICTED records, and was shown nothing. */
@ObjectType({ description: 'Another agency asked about a subject of your RESTRICTED records (it was shown nothing).' })
@Entity()
export class HandlingNotice {
  @PrimaryColumn('bigint', { transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  id!: number;

  @Field(() => DateTime)
  @Column('timestamptz')
  at!: Date;

  @Column('text')
  ownerAgency!: string;

  @Field({ description: 'The agency that asked.' })
  @Column('text')
  requestingAgency!: string;

  @Field({ description: 'The user who asked.' })
  @Column('text')
  requester!: string;

  @Field()
  @Column('text')
  requestId!: string;

  @Field({ description: 'Which kind of your records matched (Case, Interdiction, ...).' })
  @Column('text')
  recordType!: string;

  @Field(() => UUID, { description: 'The organization or person asked about.' })
  @Column('uuid')
  subjectId!: string;

  @Field(() => Int)
  @Column('int')
  records!: number;
}
