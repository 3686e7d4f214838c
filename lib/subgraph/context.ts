import type { DataSource } from 'typeorm';
import type { Caller } from '../identity/caller';
import type { LoaderRegistry } from '../loaders/registry';

/** What every resolver of every subgraph receives: who asks, the request id, the database and this request's loaders. */
export interface SubgraphContext {
  caller: Caller;
  requestId: string;
  db: DataSource;
  loaders: LoaderRegistry;
}
