import { Client, ClientConfig } from 'pg';
import { DataSource, MixedList, EntitySchema } from 'typeorm';
import { SnakeNamingStrategy } from './naming';
import { StatementCounter } from './statement-counter';
import { intFromEnv } from '../config';

export interface DataSourceOptions {
  url: string;
  entities: MixedList<Function | string | EntitySchema>;
  migrations: MixedList<Function | string>;
  poolSize?: number;
}

/**
 * A pool's client whose dropped connection (a restart, pg_terminate_backend) never becomes an
 * unhandled 'error' that ends the process. The pool listens only while the client is idle, and its
 * holder (TypeORM's query runner) only while it holds it; a test run ended on such an error from a
 * client nobody was listening to. The pool and the holder still hear it, and the broken client is
 * discarded.
 */
export class ClientOutlivingItsConnection extends Client {
  constructor(config?: string | ClientConfig) {
    super(config);
    this.on('error', () => undefined);
  }
}

export function createDataSource(options: DataSourceOptions): DataSource {
  const counter = new StatementCounter();
  const dataSource = new DataSource({
    type: 'postgres',
    url: options.url,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    logging: ['query'],
    logger: counter,
    extra: {
      max: options.poolSize ?? intFromEnv('DB_POOL_SIZE', 10),
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30000,
      Client: ClientOutlivingItsConnection,
    },
  });
  statementCounters.set(dataSource, counter);
  return dataSource;
}

const statementCounters = new WeakMap<DataSource, StatementCounter>();

export function statementCount(dataSource: DataSource): number {
  return statementCounters.get(dataSource)?.count ?? 0;
}
