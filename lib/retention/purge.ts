import crypto from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { AuditStore } from '../../gateway/audit/store';
import { RecordType, RECORD_HOMES, recordTypeOfTable, recordTypesOf } from './record-types';
import { reviewDueSql } from './review';

export interface DueRecord {
  recordType: RecordType;
  id: string;
  agency: string;
  recordedAt: Date;
  validatedAt: Date | null;
  reviewDueAt: Date;
}

/** The subgraph's records due for review by `until` (overdue ones included), soonest first. */
export async function dueRecords(db: DataSource, subgraph: string, until: Date): Promise<DueRecord[]> {
  const found: DueRecord[] = [];
  for (const recordType of recordTypesOf(subgraph)) {
    const { table } = RECORD_HOMES[recordType];
    const rows: { id: string; agency: string; recorded_at: Date; validated_at: Date | null; due: Date }[] = await db.query(
      `SELECT r.id, r.provenance_agency AS agency, r.provenance_recorded_at AS recorded_at, r.provenance_validated_at AS validated_at, ${reviewDueSql('r')} AS due
         FROM ${table} r WHERE ${reviewDueSql('r')} <= $1 ORDER BY due, r.id`, [until]);
    found.push(...rows.map((r) => ({ recordType, id: r.id, agency: r.agency, recordedAt: r.recorded_at, validatedAt: r.validated_at, reviewDueAt: r.due })));
  }
  return found.sort((a, b) => a.reviewDueAt.getTime() - b.reviewDueAt.getTime() || a.id.localeCompare(b.id));
}

export interface PurgedRecord {
  recordType: RecordType;
  id: string;
  agency: string;
  /** Why: past its own review date, or held by a purged record (an arrest of a purged case). */
  reason: 'PAST_REVIEW' | 'DEPENDENT';
}

interface ForeignKey {
  child: string;
  column: string;
}

/**
 * Deletes, in batches, the subgraph's records that are past review and were not validated, each
 * with everything that hangs on it through a foreign key (an interdiction's seizures and subject
 * links, a case's subjects, arrests and indictments with their charges), and its outbox events.
 * Every purged record, dependents that are records themselves included, gets one audit record
 * (type, id, agency), written before the deletion commits: if the trail cannot take it, nothing is
 * deleted. A dry run counts what would go and changes nothing.
 */
export async function purgeRecords(db: DataSource, subgraph: string, audit: AuditStore | null, options: { batch: number; dryRun: boolean; now?: Date }): Promise<PurgedRecord[]> {
  const now = options.now ?? new Date();
  const keys = await foreignKeys(db);
  const run = crypto.randomUUID();
  const purged: PurgedRecord[] = [];
  for (const recordType of recordTypesOf(subgraph)) {
    const { table } = RECORD_HOMES[recordType];
    for (let after: string | null = null; ;) {
      const batch = await db.transaction(async (tx) => {
        const due: { id: string; agency: string }[] = await tx.query(
          `SELECT r.id, r.provenance_agency AS agency FROM ${table} r
            WHERE ${reviewDueSql('r')} < $1 AND ($2::uuid IS NULL OR r.id > $2) ORDER BY r.id LIMIT $3 FOR UPDATE`,
          [now, options.dryRun ? after : null, options.batch]);
        if (!due.length) return null;
        const records: PurgedRecord[] = due.map((r) => ({ recordType, id: r.id, agency: r.agency, reason: 'PAST_REVIEW' }));
        if (options.dryRun) return { records, last: due.at(-1)!.id };
        records.push(...(await deleteWithDependents(tx, subgraph, keys, table, due.map((r) => r.id))));
        await tx.query(`DELETE FROM outbox_event WHERE record_id = ANY($1)`, [records.map((r) => r.id)]);
        if (audit) {
          await Promise.all(records.map((record) => audit.append({
            requestId: `retention-${run}`, sub: 'retention', agency: record.agency, operationName: 'purgeRecord', documentHash: null,
            variables: { recordType: record.recordType, id: record.id, reason: record.reason }, outcome: 'PURGED', latencyMs: 0, disseminated: {},
          })));
        }
        return { records, last: due.at(-1)!.id };
      });
      if (!batch) break;
      purged.push(...batch.records);
      after = batch.last;
    }
  }
  return purged;
}

/** Deletes rows of `table` and, first, every row that refers to them, at any depth; returns the dependents that are records under review. */
async function deleteWithDependents(tx: EntityManager, subgraph: string, keys: Map<string, ForeignKey[]>, table: string, ids: string[]): Promise<PurgedRecord[]> {
  const dependents: PurgedRecord[] = [];
  for (const { child, column } of keys.get(table) ?? []) {
    const childType = recordTypeOfTable(subgraph, child);
    const hasChildren = (keys.get(child) ?? []).length > 0;
    if (childType || hasChildren) {
      const rows: { id: string; agency: string | null }[] = await tx.query(
        `SELECT id, ${childType ? 'provenance_agency' : 'NULL'} AS agency FROM ${child} WHERE ${column} = ANY($1)`, [ids]);
      if (!rows.length) continue;
      if (childType) dependents.push(...rows.map((r) => ({ recordType: childType, id: r.id, agency: r.agency!, reason: 'DEPENDENT' as const })));
      dependents.push(...(await deleteWithDependents(tx, subgraph, keys, child, rows.map((r) => r.id))));
    } else {
      await tx.query(`DELETE FROM ${child} WHERE ${column} = ANY($1)`, [ids]);
    }
  }
  await tx.query(`DELETE FROM ${table} WHERE id = ANY($1)`, [ids]);
  return dependents;
}

/** Single-column foreign keys of the subgraph's schema, by the table they point to. */
async function foreignKeys(db: DataSource): Promise<Map<string, ForeignKey[]>> {
  const rows: { parent: string; child: string; column: string }[] = await db.query(`
    SELECT confrelid::regclass::text AS parent, conrelid::regclass::text AS child, a.attname AS column
      FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
     WHERE c.contype = 'f' AND array_length(c.conkey, 1) = 1 AND c.connamespace = current_schema()::regnamespace AND c.conrelid <> c.confrelid`);
  const keys = new Map<string, ForeignKey[]>();
  for (const row of rows) (keys.get(row.parent) ?? keys.set(row.parent, []).get(row.parent)!).push({ child: row.child, column: row.column });
  return keys;
}
