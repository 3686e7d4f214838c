import { Entity, PrimaryColumn } from 'typeorm';
import { agencySelectorType, RecordSelectorRow, type SelectorReference } from '../../../lib/selectors/federated';

/** The registry's Selector, as this subgraph knows it (lib/selectors/federated.ts): to which it adds crossings and restrictions. */
export const Selector = agencySelectorType();
export type Selector = SelectorReference;

/** The document shown and the conveyance's plate at a crossing. */
@Entity()
export class BorderCrossingSelector extends RecordSelectorRow {
  @PrimaryColumn('uuid')
  crossingId!: string;
}

/** The documents a restriction revokes or flags. */
@Entity()
export class TravelRestrictionSelector extends RecordSelectorRow {
  @PrimaryColumn('uuid')
  restrictionId!: string;
}
