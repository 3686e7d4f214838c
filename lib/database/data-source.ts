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
    },
  });
  statementCounters.set(dataSource, counter);
  return dataSource;
}

const statementCounters = new WeakMap<DataSource, StatementCounter>();

export function statementCount(dataSource: DataSource): number {
  return statementCounters.get(dataSource)?.count ?? 0;
}
