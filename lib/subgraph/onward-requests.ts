import { sha256, signOnwardRequest, SubgraphRequestIdentity } from '../identity/subgraph-trust';

/**
 * What a subgraph may ask another subgraph as the caller, while serving a write. Subgraphs cannot
 * sign (lib/identity/subgraph-trust.ts); the gateway sends, with each write to a subgraph, one
 * signature per onward request that subgraph may make: good for that document only, at the
 * subgraphs named, for 30 seconds. The subgraph asked verifies it like any gateway signature.
 */
export interface OnwardRequest {
  document: string;
  /** Which subgraphs' writes may need it. */
  from: (subgraph: string) => boolean;
  /** Where it may be sent. */
  to: string[];
}

/** Does the registry know these persons and organizations? (lib/subgraph/registry-client.ts) */
export const REGISTRY_LOOKUP_DOCUMENT = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id provenance { agency } handling { releasableTo } } ... on Organization { id provenance { agency } handling { releasableTo } } } }';

/** Validate this record of the caller's agency (subgraphs/audit/record-validation: oversight forwards it to the record's home). */
export const RECORD_VALIDATION_DOCUMENT = `mutation($recordType: RecordType!, $id: UUID!, $justification: String!) {
  validateOwnRecord(recordType: $recordType, id: $id, justification: $justification) { recordType id validatedAt reviewDueAt } }`;

export const ONWARD_REQUESTS: OnwardRequest[] = [
  { document: REGISTRY_LOOKUP_DOCUMENT, from: (subgraph) => subgraph !== 'targets' && subgraph !== 'audit', to: ['targets'] },
  // The homes of the record types in lib/retention/record-types.ts (test/subgraph-trust.test.ts checks they agree).
  { document: RECORD_VALIDATION_DOCUMENT, from: (subgraph) => subgraph === 'audit', to: ['interdictions', 'investigations', 'finance', 'travel'] },
];

/** The signatures the gateway sends with a write to `subgraph`, space-separated; undefined when it needs none. */
export async function signOnwardRequests(subgraph: string, identity: SubgraphRequestIdentity): Promise<string | undefined> {
  const needed = ONWARD_REQUESTS.filter((request) => request.from(subgraph));
  if (!needed.length) return undefined;
  return (await Promise.all(needed.map((request) => signOnwardRequest(request.to, identity, request.document)))).join(' ');
}

/** The SHA-256 of each document another subgraph may send `subgraph` under an onward request signature. */
export function onwardDocumentsAt(subgraph: string): ReadonlySet<string> {
  return new Set(ONWARD_REQUESTS.filter((request) => request.to.includes(subgraph)).map((request) => sha256(request.document)));
}
