import { Directive, Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { UUID } from '../../../lib/graphql/scalars';
import { Provenance } from '../../../lib/graphql/provenance';
import { Handling } from '../../../lib/handling/labels';
import { Connection } from '../../../lib/graphql/connection';

export enum OrganizationKind {
  CARTEL = 'CARTEL',
  SMUGGLING_NETWORK = 'SMUGGLING_NETWORK',
  CELL = 'CELL',
  MONEY_LAUNDERING_NETWORK = 'MONEY_LAUNDERING_NETWORK',
  GANG = 'GANG',
}
registerEnumType(OrganizationKind, { name: 'OrganizationKind' });

export enum ThreatLevel {
  LOW = 'LOW',
  MODERATE = 'MODERATE',
  HIGH = 'HIGH',
  CRITICAL = 'CRITICAL',
}
registerEnumType(ThreatLevel, { name: 'ThreatLevel' });

@ObjectType({ description: 'A transnational criminal organization tracked by the task force.' })
@Directive('@key(fields: "id")')
@Entity()
export class Organization {
  @Field(() => UUID)
  @PrimaryColumn('uuid')
  id!: string;

  @Field()
  @Column('text')
  name!: string;

  @Field(() => [String], { description: 'Other names the organization is known by.' })
  @Column('text', { array: true, default: () => "'{}'" })
  aliases!: string[];

  @Field(() => OrganizationKind)
  @Column('text')
  kind!: OrganizationKind;

  @Field(() => Int, { nullable: true, description: 'Task-force priority (1 is highest); null when not a priority target.' })
  @Column('int', { nullable: true })
  priorityRank!: number | null;

  @Field(() => ThreatLevel)
  @Column('text')
  threatLevel!: ThreatLevel;

  @Field(() => [String], { description: 'States and regions where it operates.' })
  @Column('text', { array: true, default: () => "'{}'" })
  regions!: string[];

  @Index()
  @Column('uuid', { nullable: true })
  parentId!: string | null;

  @Field(() => Provenance)
  @Column(() => Provenance)
  provenance!: Provenance;

  @Field(() => Handling)
  @Column(() => Handling)
  handling!: Handling;
}

@ObjectType()
export class OrganizationConnection extends Connection(Organization) {}
