import { registerEnumType } from 'type-graphql';

/**
 * The agency record types that 28 CFR 23 review applies to, and where each lives. The registry's
 * persons and organizations are the task force's shared identities, kept by their own process, not here.
 * A new agency's record types are added here (and its subgraph's Review migration adds the column).
 */
export enum RecordType {
  INTERDICTION = 'INTERDICTION',
  CASE = 'CASE',
  ARREST = 'ARREST',
  INDICTMENT = 'INDICTMENT',
  SANCTIONS_DESIGNATION = 'SANCTIONS_DESIGNATION',
  FINANCIAL_ACCOUNT = 'FINANCIAL_ACCOUNT',
  ASSET_SEIZURE = 'ASSET_SEIZURE',
  TRAVEL_RESTRICTION = 'TRAVEL_RESTRICTION',
  BORDER_CROSSING = 'BORDER_CROSSING',
}
registerEnumType(RecordType, { name: 'RecordType', description: 'Agency record types under 28 CFR 23 review.' });

export interface RecordHome {
  subgraph: string;
  table: string;
  /** The write scope's domain: validating a record is a write of its agency. */
  domain: string;
}

export const RECORD_HOMES: Record<RecordType, RecordHome> = {
  [RecordType.INTERDICTION]: { subgraph: 'interdictions', table: 'interdiction', domain: 'interdictions' },
  [RecordType.CASE]: { subgraph: 'investigations', table: 'investigation_case', domain: 'investigations' },
  [RecordType.ARREST]: { subgraph: 'investigations', table: 'arrest', domain: 'investigations' },
  [RecordType.INDICTMENT]: { subgraph: 'investigations', table: 'indictment', domain: 'investigations' },
  [RecordType.SANCTIONS_DESIGNATION]: { subgraph: 'finance', table: 'sanctions_designation', domain: 'finance' },
  [RecordType.FINANCIAL_ACCOUNT]: { subgraph: 'finance', table: 'financial_account', domain: 'finance' },
  [RecordType.ASSET_SEIZURE]: { subgraph: 'finance', table: 'asset_seizure', domain: 'finance' },
  [RecordType.TRAVEL_RESTRICTION]: { subgraph: 'travel', table: 'travel_restriction', domain: 'travel' },
  [RecordType.BORDER_CROSSING]: { subgraph: 'travel', table: 'border_crossing', domain: 'travel' },
};

export function recordTypesOf(subgraph: string): RecordType[] {
  return (Object.keys(RECORD_HOMES) as RecordType[]).filter((type) => RECORD_HOMES[type].subgraph === subgraph);
}

/** The record type a table holds, if it is one under review. */
export function recordTypeOfTable(subgraph: string, table: string): RecordType | undefined {
  return recordTypesOf(subgraph).find((type) => RECORD_HOMES[type].table === table);
}
