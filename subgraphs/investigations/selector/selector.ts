import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { agencySelectorType, type SelectorReference } from '../../../lib/selectors/federated';

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
export const Selector = agencySelectorType();
export type Selector = SelectorReference;
