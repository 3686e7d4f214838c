import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTime, UUID } from '../../../lib/graphql/scalars';
import { Connection } from '../../../lib/graphql/connection';
import { ConflictReason, DeconflictionRecordKind } from './party';

const bigintAsNumber = { to: (value: number) => value, from: (value: string) => Number(value) };

@ObjectType({ description: 'Your own record that a notice is about.' })
export class NoticeRecordRef {
  @Field(() => DeconflictionRecordKind)
  kind!: DeconflictionRecordKind;

  @Field()
  recordType!: string;

  @Field(() => UUID)
  recordId!: string;

  @Field(() => String, { nullable: true, description: 'For a record you just made: what happened (interdiction.recorded, ...).' })
  eventType!: string | null;
}

/** The persons, organizations and selectors a match was on, as stored. */
export interface NoticeSubjects {
  persons: string[];
  organizations: string[];
  selectors: { kind: string; value: string; display: string }[];
}

/**
 * A notice to one agency: its record and another agency's meet (same ground and time, same target,
 * same selector, or a watch). Written by the event consumer only, already cut to what the other
 * record's labels release to this agency; row security shows it to that agency alone.
 */
@ObjectType({ description: "Your record and another agency's meet: whom to call, and as much as the other record's labels allow." })
@Entity('deconfliction_notice')
export class DeconflictionNotice {
  @Field(() => UUID)
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  recipientAgency!: string;

  @Field(() => Int, { description: "Your agency's notices in order: the id of the stream's events (GET /notifications, Last-Event-ID)." })
  @Column('bigint', { transformer: bigintAsNumber })
  sequence!: number;

  @Field(() => DateTime)
  @Column('timestamptz')
  createdAt!: Date;

  @Column('uuid')
  eventId!: string;

  @Column('text')
  matchKey!: string;

  @Field(() => [ConflictReason], { nullable: true, description: 'Withheld when only the control official may be named.' })
  @Column('text', { array: true, nullable: true })
  reasons!: ConflictReason[] | null;

  @Field(() => NoticeRecordRef)
  @Column('jsonb')
  yours!: NoticeRecordRef;

  @Column('jsonb')
  counterpart!: Record<string, unknown>;

  @Column('jsonb', { nullable: true })
  subjects!: NoticeSubjects | null;

  @Field({ description: 'The notice in one sentence, as it may be shown to you.' })
  @Column('text')
  summary!: string;
}

@ObjectType()
export class DeconflictionNoticeConnection extends Connection(DeconflictionNotice) {}

@Entity()
export class NoticeAcknowledgement {
  @PrimaryColumn('uuid')
  noticeId!: string;

  @Column('text')
  agency!: string;

  @Column('text')
  acknowledgedBy!: string;

  @Column('timestamptz')
  acknowledgedAt!: Date;
}
