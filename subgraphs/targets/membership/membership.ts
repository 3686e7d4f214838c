import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { LocalDate, UUID } from '../../../lib/graphql/scalars';
import { Provenance } from '../../../lib/graphql/provenance';
import { Handling } from '../../../lib/handling/labels';
import { Connection } from '../../../lib/graphql/connection';

export enum MembershipRole {
  LEADER = 'LEADER',
  COORDINATOR = 'COORDINATOR',
  RECRUITER = 'RECRUITER',
  SMUGGLER = 'SMUGGLER',
  DRIVER = 'DRIVER',
  STASH_HOUSE_OPERATOR = 'STASH_HOUSE_OPERATOR',
  GUIDE = 'GUIDE',
  LOOKOUT = 'LOOKOUT',
  FINANCIER = 'FINANCIER',
  FACILITATOR = 'FACILITATOR',
}
registerEnumType(MembershipRole, { name: 'MembershipRole' });

@ObjectType({ description: "A person's role in an organization over a period." })
@Entity()
@Index(['personId', 'organizationId'], { unique: true })
export class Membership {
  @Field(() => UUID)
  @PrimaryColumn('uuid')
  id!: string;

  @Index()
  @Column('uuid')
  personId!: string;

  @Index()
  @Column('uuid')
  organizationId!: string;

  @Field(() => MembershipRole)
  @Column('text')
  role!: MembershipRole;

  @Field(() => LocalDate, { nullable: true })
  @Column('date', { nullable: true })
  since!: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'Null while the membership is current.' })
  @Column('date', { nullable: true })
  until!: string | null;

  @Field(() => Provenance)
  @Column(() => Provenance)
  provenance!: Provenance;

  @Field(() => Handling)
  @Column(() => Handling)
  handling!: Handling;
}

@ObjectType()
export class MembershipConnection extends Connection(Membership) {}
