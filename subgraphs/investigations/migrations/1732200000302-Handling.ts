import { handlingMigration } from '../../../lib/handling/columns-migration';

/** 28 CFR 23.20(g) labels on every investigations record. */
export const Handling1732200000302 = handlingMigration('Handling1732200000302', ['investigation_case', 'indictment', 'arrest']);
