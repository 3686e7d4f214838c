import { Directive, Field, ObjectType } from 'type-graphql';
import { Column } from 'typeorm';
import { DateTime } from './scalars';
import { reviewDueAt } from '../retention/review';

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

  @Field(() => DateTime, { nullable: true, description: 'When its agency last validated it as still relevant and accurate (validateRecord), if ever.' })
  @Column({ type: 'timestamptz', nullable: true })
  validatedAt!: Date | null;

  @Field(() => DateTime, { description: 'When it must be reviewed: validated again or purged (28 CFR 23.20(h); five years after submission or the last validation unless configured otherwise).' })
  get reviewDueAt(): Date {
    return reviewDueAt(this);
  }
}
