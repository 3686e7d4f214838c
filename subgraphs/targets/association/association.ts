import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { UUID } from '../../../lib/graphql/scalars';
import { Provenance } from '../../../lib/graphql/provenance';
import { Handling } from '../../../lib/handling/labels';
import { Connection } from '../../../lib/graphql/connection';

export enum AssociationKind {
  FAMILY = 'FAMILY',
  ASSOCIATE = 'ASSOCIATE',
  CO_DEFENDANT = 'CO_DEFENDANT',
  EMPLOYER = 'EMPLOYER',
}
registerEnumType(AssociationKind, { name: 'AssociationKind' });

/** A tie between two persons; it reads the same from either end. */
@ObjectType({ description: 'A known tie between two persons, seen from `person`.' })
@Entity()
export class Association {
  @Field(() => UUID)
  @PrimaryColumn('uuid')
  id!: string;

  @Index()
  @Column('uuid')
  personId!: string;

  @Index()
  @Column('uuid')
  associateId!: string;

  @Field(() => AssociationKind)
  @Column('text')
  kind!: AssociationKind;

  @Field(() => Provenance)
  @Column(() => Provenance)
  provenance!: Provenance;

  @Field(() => Handling)
  @Column(() => Handling)
  handling!: Handling;
}

@ObjectType()
export class AssociationConnection extends Connection(Association) {}
