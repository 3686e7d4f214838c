import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTime, UUID } from '../../../lib/graphql/scalars';
import { Provenance } from '../../../lib/graphql/provenance';
import { Handling } from '../../../lib/handling/labels';
import { Connection } from '../../../lib/graphql/connection';

@ObjectType({ description: 'Standing interest in a person, an organization or a selector: every new record on it, in any agency, brings a notice.' })
@Entity()
export class Watch {
  @Field(() => UUID)
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { nullable: true })
  personId!: string | null;

  @Column('uuid', { nullable: true })
  organizationId!: string | null;

  @Column('uuid', { nullable: true })
  selectorId!: string | null;

  @Column('text', { nullable: true })
  selectorKind!: string | null;

  @Column('text', { nullable: true })
  selectorValue!: string | null;

  @Column('text', { nullable: true })
  selectorDisplay!: string | null;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  note!: string | null;

  @Column('text', { nullable: true })
  contactName!: string | null;

  @Column('text', { nullable: true })
  contactPhone!: string | null;

  @Field(() => DateTime, { nullable: true, description: 'When it was lifted (unwatch); null while it is active.' })
  @Column('timestamptz', { nullable: true })
  endedAt!: Date | null;

  @Field(() => Provenance)
  @Column(() => Provenance)
  provenance!: Provenance;

  @Field(() => Handling)
  @Column(() => Handling)
  handling!: Handling;
}

@ObjectType()
export class WatchConnection extends Connection(Watch) {}
