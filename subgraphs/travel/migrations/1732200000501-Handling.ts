import { handlingMigration } from '../../../lib/database/handling';

/** 28 CFR 23.20(g) labels on every travel record. */
export const Handling1732200000501 = handlingMigration('Handling1732200000501', ['travel_restriction', 'border_crossing']);
