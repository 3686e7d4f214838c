import { handlingMigration } from '../../../lib/handling/columns-migration';

/** 28 CFR 23.20(g) labels on every interdictions record. */
export const Handling1732200000201 = handlingMigration('Handling1732200000201', ['interdiction']);
