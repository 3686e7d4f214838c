import { Arg, Ctx, Directive, Int, Query, Resolver } from 'type-graphql';
import { AuditEvent } from './audit-event';
import { DateTime, UUID } from '../../../lib/graphql/scalars';
import { badUserInput } from '../../../lib/graphql/errors';
import type { SubgraphContext } from '../../../lib/subgraph/context';

@Resolver(() => AuditEvent)
export class AuditTrailResolver {
  @Query(() => [AuditEvent], { nullable: true, description: 'Who has received this target or record, when, and through which operation, newest first.' })
  @Directive('@requiresScopes(scopes: [["audit:read"]])')
  async auditTrail(
    @Arg('entityId', () => UUID) entityId: string,
    @Arg('from', () => DateTime, { nullable: true }) from: Date | null,
    @Arg('to', () => DateTime, { nullable: true }) to: Date | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 100 }) first: number,
    @Ctx() { db, caller }: SubgraphContext,
  ): Promise<AuditEvent[]> {
    if (first < 1 || first > 1000) throw badUserInput('"first" must be between 1 and 1000.', 'first');
    if (from && to && from > to) throw badUserInput('"from" must not be after "to".', 'from');
    // Bring the who-saw-what index up to the end of the trail first (only what was appended since
    // the last question), so the answer is complete and the gateway's inserts carry no index.
    await db.query('SELECT audit_index_seen()');
    // The trail of a record is answered to an agency that has itself been given that record: the trail
    // cannot tell whether a record it may not see exists (the answer is the same empty list as for an
    // id nobody uses). An auditor reads the record, as audited as any read, then its trail.
    const rows: Record<string, unknown>[] = await db.query(
      `SELECT e.seq, e.at, e.request_id, e.sub, e.agency, e.operation_name, e.document_hash, e.purpose, e.outcome, e.latency_ms
         FROM audit_entity_seen s JOIN audit_event e ON e.seq = s.seq
        WHERE s.entity_id = $1
          AND EXISTS (SELECT 1 FROM audit_entity_seen mine JOIN audit_event given ON given.seq = mine.seq
                       WHERE mine.entity_id = $1 AND given.agency = $5)
          AND ($2::timestamptz IS NULL OR e.at >= $2) AND ($3::timestamptz IS NULL OR e.at < $3)
        ORDER BY s.seq DESC LIMIT $4`,
      [entityId, from, to, first, caller.agency],
    );
    return rows.map((row) => db.getRepository(AuditEvent).create({
      seq: Number(row.seq), at: row.at as Date, requestId: row.request_id as string, sub: row.sub as string, agency: row.agency as string,
      operationName: row.operation_name as string | null, documentHash: row.document_hash as string | null, purpose: row.purpose as string | null, outcome: row.outcome as string, latencyMs: row.latency_ms as number,
    }));
  }
}
