import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTime, UUID } from '../../../lib/graphql/scalars';
import { Provenance } from '../../../lib/graphql/provenance';
import { Handling } from '../../../lib/handling/labels';
import { Connection } from '../../../lib/graphql/connection';

export enum CaseStatus {
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
  SUSPENDED = 'SUSPENDED',
}
registerEnumType(CaseStatus, { name: 'CaseStatus' });

export enum CaseSubjectRole {
  TARGET = 'TARGET',
  SUBJECT = 'SUBJECT',
  WITNESS = 'WITNESS',
  ASSOCIATE = 'ASSOCIATE',
}
registerEnumType(CaseSubjectRole, { name: 'CaseSubjectRole' });

@ObjectType({ description: 'An investigation run by a lead agency with its partners.' })
@Entity('investigation_case')
export class Case {
  @Field(() => UUID)
  @PrimaryColumn('uuid')
  id!: string;

  @Field({ description: 'The lead agency\'s case number, unique across the task force.' })
  @Column('text', { unique: true })
  caseNumber!: string;

  @Field()
  @Column('text')
  title!: string;

  @Field({ description: 'Agency code of the lead agency (HSI, FBI, DEA, DOJ).' })
  @Column('text')
  leadAgency!: string;

  @Field(() => [String])
  @Column('text', { array: true, default: () => "'{}'" })
  partnerAgencies!: string[];

  @Field(() => CaseStatus)
  @Column('text')
  status!: CaseStatus;

  @Field(() => DateTime)
  @Column('timestamptz')
  openedAt!: Date;

  @Field(() => DateTime, { nullable: true })
  @Column('timestamptz', { nullable: true })
  closedAt!: Date | null;

  @Index()
  @Column('uuid', { nullable: true })
  organizationId!: string | null;

  @Field(() => Provenance)
  @Column(() => Provenance)
  provenance!: Provenance;

  @Field(() => Handling)
  @Column(() => Handling)
  handling!: Handling;
}

@ObjectType()
export class CaseConnection extends Connection(Case) {}

@ObjectType({ description: 'A person named in a case, and in what capacity.' })
@Entity()
export class CaseSubject {
  @PrimaryColumn('uuid')
  caseId!: string;

  @Index()
  @PrimaryColumn('uuid')
  personId!: string;

  @Field(() => CaseSubjectRole)
  @Column('text')
  role!: CaseSubjectRole;
}
