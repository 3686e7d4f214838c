import { DataSource, EntityManager } from 'typeorm';

const MAX_PARAMETERS = 60_000; // PostgreSQL allows 65535 bound parameters per statement

/** Inserts many rows with few statements: the seed reaches hundreds of thousands of rows in seconds. */
export async function bulkInsert(db: DataSource | EntityManager, table: string, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const params: unknown[] = [];
    const tuples = chunk.map((row) => `(${columns.map((column) => {
      params.push(row[column]);
      return `$${params.length}`;
    }).join(', ')})`);
    await db.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, params);
  }
}
