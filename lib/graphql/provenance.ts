import { Directive, Field, ObjectType } from 'type-graphql';
import { Column } from 'typeorm';
import { DateTime } from './scalars';

/** Who recorded a record and when: carried by every record of every agency. */
@ObjectType({ description: 'Which agency recorded this record, when, and who recorded it.' })
@Directive('@shareable')
export class Provenance {
  @Field({ description: 'Code of the agency that owns the record (CBP, HSI, TREASURY, ...).' })
  @Column({ type: 'text' })
  agency!: string;

  @Field(() => DateTime)
  @Column({ type: 'timestamptz', default: () => 'now()' })
  recordedAt!: Date;

  @Field({ description: 'The user (token subject) who recorded it.' })
  @Column({ type: 'text' })
  recordedBy!: string;
}
