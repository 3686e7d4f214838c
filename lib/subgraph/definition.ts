import { DataSource } from 'typeorm';
import { NonEmptyArray } from 'type-graphql';
import type { ResponseCachePolicy } from './response-cache';

/** What one agency's subgraph is made of; `lib/subgraph` turns it into a running service. */
export interface SubgraphDefinition {
  /** Name in the supergraph, the database and the port list. */
  name: string;
  /** Port offset from PORT: targets 1, interdictions 2, ... */
  portOffset: number;
  /** Who runs it, for people reading logs and docs. */
  owner: string;
  resolvers: NonEmptyArray<Function>;
  orphanedTypes?: Function[];
  /** `__resolveReference` of each entity this subgraph can resolve. */
  referenceResolvers?: Record<string, { __resolveReference: (reference: any, context: any, info: any) => unknown }>;
  /** TypeORM entities and migrations of its database (the platform's migrations run first, lib/database/platform-migration.ts). */
  entities: Function[];
  migrations: Function[];
  /** Its queries write as they read (the audit trail indexes what it is asked about): they run read-write. */
  readsWrite?: boolean;
  /** Writes the subgraph's share of the deterministic synthetic data set. */
  seed(db: DataSource, scale: number): Promise<void>;
  /**
   * Whether its query responses may be kept in memory until its data changes (lib/subgraph/response-cache.ts),
   * and how they change with time; on unless `false` (for data that changes on every read, like the audit trail).
   */
  responseCache?: ResponseCachePolicy | false;
}
