import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTime, UUID } from '../../../lib/graphql/scalars';
import { Provenance } from '../../../lib/graphql/provenance';
import { Handling } from '../../../lib/handling/labels';
import { Connection } from '../../../lib/graphql/connection';

@ObjectType({ description: 'An arrest made in a case.' })
@Entity()
export class Arrest {
  @Field(() => UUID)
  @PrimaryColumn('uuid')
  id!: string;

  @Index()
  @Column('uuid')
  caseId!: string;

  @Index()
  @Column('uuid')
  personId!: string;

  @Field(() => DateTime)
  @Index()
  @Column('timestamptz')
  arrestedAt!: Date;

  @Field({ description: 'The arresting agency.' })
  @Column('text')
  agency!: string;

  @Field({ description: 'Where, as "City, State".' })
  @Column('text')
  location!: string;

  @Field(() => Provenance)
  @Column(() => Provenance)
  provenance!: Provenance;

  @Field(() => Handling)
  @Column(() => Handling)
  handling!: Handling;
}

@ObjectType()
export class ArrestConnection extends Connection(Arrest) {}
