import type { PoolClient } from 'pg';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral, QueryRunner } from 'typeorm';
import type { Caller } from '../identity/caller';
import { Access, beginRequestSql } from './row-security';
import { describedWrite, Touched } from './change-feed';

/** The entity manager of a request's transaction (or of a savepoint in it): what a write helper receives, never a DataSource's. */
export type RequestTransaction = EntityManager;

/**
 * The only database handle a request's resolvers get: every statement runs in the request's own
 * transaction, as the request role, with the caller's identity set (lib/database/row-security.ts),
 * so row-level security decides what exists. The transaction opens with the first statement and
 * ends when the response is ready (`finish`). Writes run in savepoints within it (`write`), so a
 * failed mutation field undoes only its own changes.
 */
export class ScopedDatabase {
  private readonly runner: QueryRunner;
  private began: Promise<PoolClient> | null = null;
  private access: Access = 'read';
  private finished = false;
  /** What this request's writes touched: the ids its described writes named, or null once any write was not described. */
  private touched: Set<string> | null = new Set();

  constructor(source: DataSource, private readonly caller: Pick<Caller, 'agency'>) {
    this.runner = source.createQueryRunner('master');
    // One connection serves the whole request, and resolvers ask in parallel: statements take turns
    // here (the driver's own implicit queue is deprecated).
    const query = this.runner.query.bind(this.runner);
    let turn: Promise<unknown> = Promise.resolve();
    this.runner.query = ((...args: Parameters<QueryRunner['query']>) => {
      const result = turn.then(() => query(...args));
      turn = result.catch(() => undefined);
      return result;
    }) as QueryRunner['query'];
    const connect = this.runner.connect.bind(this.runner) as () => Promise<PoolClient>;
    // TypeORM connects on a runner's first statement; the transaction and role come with the connection.
    this.runner.connect = () => (this.began ??= connect().then(async (client) => {
      await client.query(beginRequestSql(this.caller, this.access, (value) => client.escapeLiteral(value)));
      const runner = this.runner as unknown as { isTransactionActive: boolean; transactionDepth: number };
      runner.isTransactionActive = true;
      runner.transactionDepth = 1;
      return client;
    }));
  }

  /** Mutations run read-write; queries in one read-only snapshot. Set before the first statement. */
  allowWrites(): void {
    if (this.began) throw new Error('the request transaction has begun; its access mode is fixed');
    this.access = 'write';
  }

  get writable(): boolean {
    return this.access === 'write';
  }

  /** TypeORM's entity manager bound to this request's transaction (repositories, query builders). */
  get manager(): EntityManager {
    return this.runner.manager;
  }

  /** An entity's mapping (columns, embedded labels), without reaching the data source that holds it. */
  metadata(entity: EntityTarget<ObjectLiteral>) {
    return this.runner.connection.getMetadata(entity);
  }

  query<T = any>(sql: string, params?: unknown[]): Promise<T[]> {
    return this.runner.query(sql, params);
  }

  getRepository<T extends ObjectLiteral>(entity: EntityTarget<T>) {
    return this.runner.manager.getRepository(entity);
  }

  /**
   * A write, all or nothing, inside the request's transaction (a savepoint). Its tables announce it
   * as touching anything (lib/database/change-feed.ts); mutations use `describedWrite` instead.
   */
  async write<T>(work: (tx: RequestTransaction) => Promise<T>): Promise<T> {
    const result = await this.savepoint(work);
    this.touched = null;
    return result;
  }

  /** A write that announces the entities it touched (`touch`, which the outbox calls for every event) rather than its tables. */
  async describedWrite<T>(work: (tx: RequestTransaction) => Promise<T>): Promise<T> {
    const { result, touched } = await this.savepoint((tx) => describedWrite(tx, work));
    if (touched === null) this.touched = null;
    else if (this.touched) for (const id of touched) this.touched.add(id);
    return result;
  }

  /** What the request's writes so far touched (empty: none), or null when anything may have changed. */
  get changed(): Touched {
    return this.touched && [...this.touched];
  }

  private async savepoint<T>(work: (tx: RequestTransaction) => Promise<T>): Promise<T> {
    if (this.access !== 'write') throw new Error('writes run only in mutations');
    // The request's transaction first, so that TypeORM nests this one in it as a savepoint.
    await this.runner.connect();
    return this.runner.manager.transaction(work);
  }

  /** Commits (or rolls back) and hands the connection back; safe to call more than once. */
  async finish(commit = true): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    if (!this.began) return;
    let client: PoolClient | undefined;
    try {
      client = await this.began;
      const ended = client.query(commit ? 'COMMIT' : 'ROLLBACK');
      // A read-only snapshot has nothing to commit: the answer need not wait a round trip for its end.
      // The connection goes back to the pool at once; the driver sends its next user's statements
      // only after this one, so nobody else runs inside this transaction.
      if (this.access === 'read') ended.catch(() => undefined);
      else await ended;
    } catch {
      // A broken connection is discarded by the pool; its transaction died with it.
    } finally {
      await this.runner.release();
    }
  }
}
