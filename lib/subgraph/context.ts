import type { Caller } from '../identity/caller';
import type { LoaderRegistry } from '../loaders/registry';
import type { ScopedDatabase } from '../database/scoped-database';

/**
 * What every resolver of every subgraph receives: who asks, the request id, this request's scoped
 * database (row security applies to everything it runs) and the loaders built on it. There is no
 * other database handle here, by design.
 */
export interface SubgraphContext {
  caller: Caller;
  requestId: string;
  /** The onward request signatures the gateway sent with this request (lib/subgraph/onward-requests.ts). */
  onwardSignatures: readonly string[];
  db: ScopedDatabase;
  loaders: LoaderRegistry;
}

/** What asking another subgraph on the caller's behalf takes (lib/subgraph/subgraph-client.ts). */
export type OnBehalfOf = Pick<SubgraphContext, 'caller' | 'requestId' | 'onwardSignatures'>;
