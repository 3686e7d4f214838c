import { handlingMigration } from '../../../lib/handling/columns-migration';

/** 28 CFR 23.20(g) labels on every finance record. */
export const Handling1732200000402 = handlingMigration('Handling1732200000402', ['sanctions_designation', 'financial_account', 'asset_seizure']);
