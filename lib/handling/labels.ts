import { Directive, Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { agencyPolicy } from '../identity/policy';
import { badUserInput } from '../graphql/errors';
import { Column } from 'typeorm';

/** How far a record travels beyond the agencies it is released to (28 CFR 23.20(g) labels). */
export enum Sensitivity {
  /** Released in full to the agencies it names; others do not see it. */
  OPEN = 'OPEN',
  /** Others see only a pointer: which agency holds a record on the subject, and whom to contact. */
  POINTER = 'POINTER',
  /** Others see nothing, not even a count; the submitting agency is told someone asked. */
  RESTRICTED = 'RESTRICTED',
}
registerEnumType(Sensitivity, { name: 'Sensitivity' });

/** Releasable to every domestic agency of the task force. */
export const ALL_DOMESTIC = 'ALL_DOMESTIC';

@ObjectType({ description: 'Handling labels: who submitted the record, how sensitive and reliable it is, and to whom it may be released.' })
@Directive('@shareable')
export class Handling {
  @Field(() => Sensitivity)
  @Column({ type: 'text', default: Sensitivity.OPEN })
  sensitivity!: Sensitivity;

  @Field(() => [String], { description: `Agency codes the record may be released to, or ${ALL_DOMESTIC}.` })
  @Column({ type: 'text', array: true, default: () => `'{${ALL_DOMESTIC}}'` })
  releasableTo!: string[];

  @Field(() => String, { nullable: true, description: 'The official of the submitting agency responsible for the record.' })
  @Column({ type: 'text', nullable: true })
  controlOfficial!: string | null;

  @Field(() => String, { nullable: true, description: 'Source reliability, A (reliable) to F (cannot be judged).' })
  @Column({ type: 'text', nullable: true })
  sourceReliability!: string | null;

  @Field(() => Int, { nullable: true, description: 'Content validity, 1 (confirmed) to 6 (cannot be judged).' })
  @Column({ type: 'int', nullable: true })
  contentValidity!: number | null;
}

@ObjectType({ description: 'An agency holds records here that are not released to you: whom to ask.' })
@Directive('@shareable')
export class RecordPointer {
  @Field({ description: 'The agency that holds the records.' })
  agency!: string;

  @Field(() => String, { nullable: true, description: 'Whom to contact there.' })
  controlOfficial!: string | null;

  @Field(() => Int, { description: 'How many such records.' })
  records!: number;
}

@InputType({ description: 'Handling labels for a new record; omitted, the record is OPEN and releasable to ALL_DOMESTIC.' })
export class HandlingInput {
  @Field(() => Sensitivity, { nullable: true, defaultValue: Sensitivity.OPEN })
  sensitivity!: Sensitivity;

  @Field(() => [String], { nullable: true, description: `Agency codes, or ${ALL_DOMESTIC}. Default: ${ALL_DOMESTIC}.` })
  releasableTo?: string[];

  @Field(() => String, { nullable: true })
  controlOfficial?: string;

  @Field(() => String, { nullable: true, description: 'A to F.' })
  sourceReliability?: string;

  @Field(() => Int, { nullable: true, description: '1 to 6.' })
  contentValidity?: number;
}

/** Checks labels a caller sets on a new record; the submitting agency always keeps access through provenance. */
export function handlingFromInput(input: HandlingInput | null | undefined, field = 'handling'): Handling {
  const releasableTo = [...new Set(input?.releasableTo ?? [ALL_DOMESTIC])];
  releasableTo.forEach((code, i) => {
    if (code !== ALL_DOMESTIC && !agencyPolicy(code)) throw badUserInput(`${field}.releasableTo[${i}]: "${code}" is neither an agency code nor ${ALL_DOMESTIC}.`, `${field}.releasableTo[${i}]`);
  });
  if (input?.sourceReliability && !/^[A-F]$/.test(input.sourceReliability)) throw badUserInput(`${field}.sourceReliability must be a letter from A to F.`, `${field}.sourceReliability`);
  if (input?.contentValidity !== undefined && input.contentValidity !== null && !(Number.isInteger(input.contentValidity) && input.contentValidity >= 1 && input.contentValidity <= 6)) {
    throw badUserInput(`${field}.contentValidity must be a whole number from 1 to 6.`, `${field}.contentValidity`);
  }
  const controlOfficial = input?.controlOfficial?.trim() || null;
  if (controlOfficial && controlOfficial.length > 200) throw badUserInput(`${field}.controlOfficial is too long (200 characters at most).`, `${field}.controlOfficial`);
  return {
    sensitivity: input?.sensitivity ?? Sensitivity.OPEN,
    releasableTo,
    controlOfficial,
    sourceReliability: input?.sourceReliability ?? null,
    contentValidity: input?.contentValidity ?? null,
  };
}
