import type { Caller } from '../lib/identity/caller';
import type { WithheldRecord } from '../lib/loaders/registry';
import type { Touched } from '../lib/database/change-feed';

/** Per request at the gateway: who asks (from the verified token) and the id that follows the request everywhere. */
export interface GatewayContext {
  caller: Caller;
  /** The gateway's own id for the request (the caller cannot choose it). */
  requestId: string;
  /** The caller's x-request-id, recorded beside the gateway's. */
  clientRequestId?: string;
  /** Where the request came from (the socket's address, or the forwarded one behind TRUST_PROXY). */
  clientAddress?: string;
  /** The purpose of use (Unity-Purpose header or the token's purpose claim), null when none was stated. */
  purpose?: string | null;
  /** When the request started, for the audit record's latency. */
  startedAt: number;
  /** The client sent `Cache-Control: no-cache`: subgraphs execute the query rather than answer from their cache. */
  fresh?: boolean;
  /** The subgraphs this request's execution fetched from: its result may be kept only while they all announce their changes. */
  fetchedFrom?: Set<string>;
  /** The gateway cache's generation when this execution began: part of the in-flight deduplication key. */
  cacheGeneration?: number;
  /**
   * A mutation's writes, one per mutation fetch, by subgraph: what the subgraph said they touched
   * (null, anything, until it says: a fetch that failed may still have written).
   */
  writes?: { subgraph: string; touched: Touched }[];
  /** Ids of the records the response carries, by type, collected for the audit trail (and the response cache's index). */
  disseminated?: Record<string, string[]>;
  /** RESTRICTED records kept from the caller, as the subgraphs reported them: their agencies get a notice. */
  withheld?: WithheldRecord[];
}
