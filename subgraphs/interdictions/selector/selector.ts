import { Entity, PrimaryColumn } from 'typeorm';
import { agencySelectorType, RecordSelectorRow, type SelectorReference } from '../../../lib/selectors/federated';

/** A selector an interdiction involves: the vehicle, phones seized, the stash house's address. */
@Entity()
export class InterdictionSelector extends RecordSelectorRow {
  @PrimaryColumn('uuid')
  interdictionId!: string;
}

/** The registry's Selector, as this subgraph knows it (lib/selectors/federated.ts): to which it adds its records. */
export const Selector = agencySelectorType();
export type Selector = SelectorReference;
