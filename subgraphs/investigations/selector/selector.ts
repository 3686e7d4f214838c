import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Directive, Field, ObjectType } from 'type-graphql';
import { UUID } from '../../../lib/graphql/scalars';
import { SelectorKind } from '../../../lib/selectors/normalize';
import '../../../lib/selectors/input'; // registers SelectorKind
import type { SelectorReference } from '../../../lib/selectors/federated';

/** A selector a case subject uses, as the case records it: a phone, an address, an e-mail address. */
@Entity()
export class CaseSubjectSelector {
  @PrimaryColumn('uuid')
  caseId!: string;

  @PrimaryColumn('uuid')
  personId!: string;

  @Index()
  @PrimaryColumn('uuid')
  selectorId!: string;

  @Column('text')
  kind!: string;

  @Column('text')
  value!: string;

  @Column('text')
  display!: string;

  @Column('text')
  role!: string;
}

/** The registry's Selector, as this subgraph knows it (lib/selectors/federated.ts): to which it adds its records. */
@ObjectType({ description: 'A phone, e-mail address, vehicle, address, identity document or account that ties records together, normalised.' })
@Directive('@key(fields: "id")')
export class Selector implements SelectorReference {
  @Field(() => UUID)
  id!: string;

  @Field(() => SelectorKind)
  @Directive('@shareable')
  kind!: SelectorKind;

  @Field()
  @Directive('@shareable')
  value!: string;

  @Field()
  @Directive('@shareable')
  display!: string;
}
