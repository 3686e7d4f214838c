import { Directive, Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTime, UUID } from '../../../lib/graphql/scalars';
import { Provenance } from '../../../lib/graphql/provenance';
import { Handling } from '../../../lib/handling/labels';
import { Connection } from '../../../lib/graphql/connection';
import { SelectorKind } from '../../../lib/selectors/normalize';
import '../../../lib/selectors/input'; // registers SelectorKind with the schema

/** A selector's identity: the registry owns it; its id follows from kind and value (lib/selectors/normalize.ts selectorId). */
@ObjectType({ description: 'A phone, e-mail address, vehicle, address, identity document or account that ties records together, normalised: every spelling of it is this one selector. Each agency adds the records it holds that involve it.' })
@Directive('@key(fields: "id")')
@Entity()
export class Selector {
  @Field(() => UUID, { description: 'The same in every subgraph for the same kind and normalised value.' })
  @PrimaryColumn('uuid')
  id!: string;

  @Field(() => SelectorKind)
  @Directive('@shareable')
  @Column('text')
  kind!: SelectorKind;

  @Field({ description: 'The canonical form (E.164 for phones, PLATE:<jurisdiction>:<plate> for plates, ...).' })
  @Directive('@shareable')
  @Column('text')
  value!: string;

  @Field({ description: 'How to show it.' })
  @Directive('@shareable')
  @Column('text')
  display!: string;

  @Column('text')
  search!: string;
}

@ObjectType()
export class SelectorConnection extends Connection(Selector) {}

/** A person or organization of the registry seen using a selector, as one agency recorded it. */
@ObjectType({ description: 'A person or organization seen using a selector, by one agency: when first and last, under its handling labels.' })
@Entity()
export class SelectorLink {
  @Field(() => UUID)
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  selectorId!: string;

  @Column('uuid', { nullable: true })
  personId!: string | null;

  @Column('uuid', { nullable: true })
  organizationId!: string | null;

  @Field(() => DateTime)
  @Column('timestamptz')
  firstSeen!: Date;

  @Field(() => DateTime)
  @Column('timestamptz')
  lastSeen!: Date;

  @Field(() => Provenance, { description: 'The agency that saw it, and who recorded it when.' })
  @Column(() => Provenance)
  provenance!: Provenance;

  @Field(() => Handling)
  @Column(() => Handling)
  handling!: Handling;

  /** An address's place as the agency recorded it (shown as `location`). */
  @Column('double precision', { nullable: true })
  latitude!: number | null;

  @Column('double precision', { nullable: true })
  longitude!: number | null;
}

@ObjectType()
export class SelectorLinkConnection extends Connection(SelectorLink) {}

