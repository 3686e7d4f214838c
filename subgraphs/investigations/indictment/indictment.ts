import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTime, UUID } from '../../../lib/graphql/scalars';
import { Provenance } from '../../../lib/graphql/provenance';
import { Handling } from '../../../lib/handling/labels';
import { Connection } from '../../../lib/graphql/connection';

@ObjectType({ description: 'A federal indictment returned in a case.' })
@Entity()
export class Indictment {
  @Field(() => UUID)
  @PrimaryColumn('uuid')
  id!: string;

  @Index()
  @Column('uuid')
  caseId!: string;

  @Field({ description: 'Federal judicial district, e.g. "D. Ariz.", "S.D. Tex.".' })
  @Column('text')
  district!: string;

  @Field(() => DateTime)
  @Index()
  @Column('timestamptz')
  filedAt!: Date;

  @Field(() => Provenance)
  @Column(() => Provenance)
  provenance!: Provenance;

  @Field(() => Handling)
  @Column(() => Handling)
  handling!: Handling;
}

@ObjectType()
export class IndictmentConnection extends Connection(Indictment) {}

@Entity()
export class IndictmentDefendant {
  @PrimaryColumn('uuid')
  indictmentId!: string;

  @Index()
  @PrimaryColumn('uuid')
  personId!: string;
}

@ObjectType({ description: 'A count of the indictment under one statute.' })
@Entity()
export class Charge {
  @PrimaryColumn('uuid')
  id!: string;

  @Index()
  @Column('uuid')
  indictmentId!: string;

  @Field({ description: 'e.g. "8 U.S.C. § 1324".' })
  @Column('text')
  statute!: string;

  @Field()
  @Column('text')
  description!: string;

  @Field(() => Int)
  @Column('int')
  counts!: number;
}
