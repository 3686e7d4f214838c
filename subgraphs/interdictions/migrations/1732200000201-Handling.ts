import { handlingMigration } from '../../../lib/database/handling';

/** 28 CFR 23.20(g) labels on every interdictions record. */
export const Handling1732200000201 = handlingMigration('Handling1732200000201', ['interdiction']);
