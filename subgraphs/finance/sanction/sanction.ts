import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTime, UUID } from '../../../lib/graphql/scalars';
import { Provenance } from '../../../lib/graphql/provenance';
import { Handling } from '../../../lib/handling/labels';
import { Connection } from '../../../lib/graphql/connection';

@ObjectType({ description: 'A Treasury sanctions designation of a person or an organization.' })
@Entity()
export class SanctionsDesignation {
  @Field(() => UUID)
  @PrimaryColumn('uuid')
  id!: string;

  @Field({ description: 'Sanctions program, e.g. SDNTK, TCO, ILLICIT-DRUGS-EO14059.' })
  @Column('text')
  program!: string;

  @Field({ description: 'Identifier of the entry on the sanctions list.' })
  @Column('text')
  listEntryId!: string;

  @Field(() => DateTime)
  @Index()
  @Column('timestamptz')
  designatedAt!: Date;

  @Field({ description: 'Legal authority, e.g. "E.O. 14059", "Kingpin Act".' })
  @Column('text')
  authority!: string;

  @Field({ description: 'The basis for the designation.' })
  @Column('text')
  basis!: string;

  @Index()
  @Column('uuid', { nullable: true })
  personId!: string | null;

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
export class SanctionsDesignationConnection extends Connection(SanctionsDesignation) {}
