import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTime } from '../../../lib/graphql/scalars';

/** One request through the gateway: who asked, what, and which records it disseminated. */
@ObjectType({ description: 'A dissemination recorded by the gateway: who received which records, when, through which operation.' })
@Entity()
export class AuditEvent {
  @Field(() => Int, { description: 'Position in the hash-chained trail.' })
  @PrimaryColumn('bigint', { transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  seq!: number;

  @Field(() => DateTime)
  @Column('timestamptz')
  at!: Date;

  @Field()
  @Column('text')
  requestId!: string;

  @Field({ description: 'The token subject (user).' })
  @Column('text')
  sub!: string;

  @Field()
  @Column('text')
  agency!: string;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  operationName!: string | null;

  @Field(() => String, { nullable: true, description: 'SHA-256 of the GraphQL document.' })
  @Column('text', { nullable: true })
  documentHash!: string | null;

  @Field(() => String, { nullable: true, description: 'The purpose of use stated with the request: a case number, or INVESTIGATION, INTERDICTION, BRIEFING, DECONFLICTION, AUDIT or TRAINING.' })
  @Column('text', { nullable: true })
  purpose!: string | null;

  @Field({ description: 'SUCCESS, PARTIAL (some errors), ERROR or REFUSED.' })
  @Column('text')
  outcome!: string;

  @Field(() => Int)
  @Column('int')
  latencyMs!: number;

  @Column('jsonb')
  disseminated!: Record<string, string[]>;
}
