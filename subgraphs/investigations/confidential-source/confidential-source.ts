import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { UUID } from '../../../lib/graphql/scalars';

/** A confidential human source on a case: readable only with investigations:sensitive. */
@ObjectType({ description: 'A confidential source reporting on a case (needs investigations:sensitive).' })
@Entity()
export class ConfidentialSource {
  @Field(() => UUID)
  @PrimaryColumn('uuid')
  id!: string;

  @Index()
  @Column('uuid')
  caseId!: string;

  @Field({ description: 'The code name; never the identity.' })
  @Column('text')
  codeName!: string;

  @Field({ description: 'Source reliability, A (reliable) to F (cannot be judged).' })
  @Column('text')
  reliability!: string;

  @Field({ description: 'The agency that handles the source.' })
  @Column('text')
  handlerAgency!: string;
}
