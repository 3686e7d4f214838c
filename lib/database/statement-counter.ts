import { AbstractLogger, LogLevel, LogMessage, QueryRunner } from 'typeorm';
import { sqlStatementsTotal } from '../observability/metrics';

/**
 * Counts the SQL statements a subgraph sends, so tests can prove that a query's
 * cost does not grow with the size of the data (no N+1); /metrics exposes the total, which the benchmark divides by operations.
 */
export class StatementCounter extends AbstractLogger {
  count = 0;

  override logQuery(query: string): void {
    this.count += 1;
    sqlStatementsTotal.inc();
    if (process.env.UNITY_LOG_SQL) console.log(`SQL ${query.replace(/\s+/g, ' ').slice(0, 160)}`);
  }

  protected writeLog(_level: LogLevel, _message: LogMessage | LogMessage[], _queryRunner?: QueryRunner): void {
    // Errors surface through the resolvers that issued the statement.
  }
}
