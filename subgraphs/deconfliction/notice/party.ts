import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { DateTime, JSONObject, UUID } from '../../../lib/graphql/scalars';
import { GeoPoint } from '../../../lib/graphql/geo-point';
import { Sensitivity } from '../../../lib/handling/labels';

export enum Disclosure {
  /** The record is released to you: everything a notice can carry. */
  FULL = 'FULL',
  /** Not released to you: which agency, whom to contact there, and what kind of record. */
  CONTACT = 'CONTACT',
  /** RESTRICTED and not released to you: only whom to contact at which agency. */
  CONTROL_OFFICIAL = 'CONTROL_OFFICIAL',
}
registerEnumType(Disclosure, { name: 'Disclosure', description: 'How much of the other agency\'s record its handling labels let a notice show you.' });

export enum ConflictReason {
  SAME_PLACE_AND_TIME = 'SAME_PLACE_AND_TIME',
  SAME_TARGET = 'SAME_TARGET',
  SAME_SELECTOR = 'SAME_SELECTOR',
}
registerEnumType(ConflictReason, { name: 'ConflictReason', description: 'SAME_PLACE_AND_TIME: the areas overlap in overlapping windows; SAME_TARGET: both name a person or organization; SAME_SELECTOR: both name a phone, vehicle, ...' });

export enum DeconflictionRecordKind {
  OPERATION = 'OPERATION',
  CASE = 'CASE',
  WATCH = 'WATCH',
  /** Anything else an agency recorded: an interdiction, an arrest, a designation, ... */
  RECORD = 'RECORD',
}
registerEnumType(DeconflictionRecordKind, { name: 'DeconflictionRecordKind' });

@ObjectType({ description: 'Whom to call.' })
export class PointOfContact {
  @Field()
  name!: string;

  @Field(() => String, { nullable: true, description: 'E.164.' })
  phone!: string | null;
}

/**
 * The other side of a conflict or a match, as much as its handling labels let you see
 * (`disclosure`): a RESTRICTED record you may not see names only its agency and control official.
 */
@ObjectType({ description: "The other agency's side of a conflict or match, as far as its handling labels release it to you." })
export class DeconflictionParty {
  @Field()
  agency!: string;

  @Field(() => Disclosure)
  disclosure!: Disclosure;

  @Field(() => String, { nullable: true, description: 'The official responsible for the record at that agency.' })
  controlOfficial!: string | null;

  @Field(() => PointOfContact, { nullable: true, description: 'Withheld when only the control official may be named.' })
  contact!: PointOfContact | null;

  @Field(() => DeconflictionRecordKind, { nullable: true })
  kind!: DeconflictionRecordKind | null;

  @Field(() => String, { nullable: true })
  recordType!: string | null;

  @Field(() => UUID, { nullable: true, description: 'FULL only.' })
  recordId!: string | null;

  @Field(() => String, { nullable: true, description: 'What happened (interdiction.recorded, case.opened, ...); FULL only.' })
  eventType!: string | null;

  @Field(() => Sensitivity, { nullable: true })
  sensitivity!: Sensitivity | null;

  @Field(() => GeoPoint, { nullable: true, description: 'FULL only.' })
  location!: GeoPoint | null;

  @Field(() => DateTime, { nullable: true, description: 'FULL only.' })
  occurredAt!: Date | null;

  @Field(() => JSONObject, { nullable: true, description: 'The few facts the record shares (type, window, case number, ...); FULL only.' })
  details!: Record<string, unknown> | null;
}

/** A party as stored (jsonb), read back as the GraphQL type: absent keys are nulls. */
export function partyFromJson(json: Record<string, any>): DeconflictionParty {
  return {
    agency: json.agency, disclosure: json.disclosure, controlOfficial: json.controlOfficial ?? null, contact: json.contact ?? null,
    kind: json.kind ?? null, recordType: json.recordType ?? null, recordId: json.disclosure === Disclosure.FULL ? json.recordId ?? null : null,
    eventType: json.eventType ?? null, sensitivity: json.sensitivity ?? null, location: json.location ?? null,
    occurredAt: json.occurredAt ? new Date(json.occurredAt) : null, details: json.details ?? null,
  };
}
