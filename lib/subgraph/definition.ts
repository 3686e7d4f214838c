import { DataSource } from 'typeorm';
import { NonEmptyArray } from 'type-graphql';
import type { RequestHandler, Router } from 'express';
import type { Logger } from 'pino';
import type { ResponseCachePolicy } from './response-cache';
import type { EventConsumerDefinition } from '../events/consumer';

/** What a subgraph's extra work gets from the process that serves it. */
export interface SubgraphHost {
  /** Its own database, as the owner: for background work only, never for a request. */
  db: DataSource;
  /** Routes mounted next to /graphql; requests there must pass `signedByGateway` first. */
  routes: Router;
  signedByGateway: RequestHandler;
  logger: Logger;
}

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
  /** Every agency's events, delivered to it at least once and handled once per id (lib/events/consumer.ts). */
  consumes?: EventConsumerDefinition;
  /** What its process runs alongside the GraphQL API (deconfliction: the notice stream and webhook deliveries); stopped before the database closes. */
  alongside?: (host: SubgraphHost) => Promise<{ stop(): Promise<void> }>;
}
