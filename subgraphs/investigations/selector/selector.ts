import { Column, Entity, PrimaryColumn } from 'typeorm';
import { agencySelectorType, RecordSelectorRow, type SelectorReference } from '../../../lib/selectors/federated';

/** A selector a case subject uses, as the case records it: a phone, an address, an e-mail address. */
@Entity()
export class CaseSubjectSelector extends RecordSelectorRow {
  @PrimaryColumn('uuid')
  caseId!: string;

  @PrimaryColumn('uuid')
  personId!: string;

  /** An address's place, as the case put it. */
  @Column('double precision', { nullable: true })
  latitude!: number | null;

  @Column('double precision', { nullable: true })
  longitude!: number | null;
}

/** The registry's Selector, as this subgraph knows it (lib/selectors/federated.ts): to which it adds its records. */
export const Selector = agencySelectorType();
export type Selector = SelectorReference;
