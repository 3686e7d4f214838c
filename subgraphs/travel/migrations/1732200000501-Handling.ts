import { handlingMigration } from '../../../lib/handling/columns-migration';

/** 28 CFR 23.20(g) labels on every travel record. */
export const Handling1732200000501 = handlingMigration('Handling1732200000501', ['travel_restriction', 'border_crossing']);
