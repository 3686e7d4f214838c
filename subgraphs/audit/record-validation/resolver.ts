import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { UUID } from '../../../lib/graphql/scalars';
import type { SubgraphContext } from '../../../lib/subgraph/context';
import { askSubgraph } from '../../../lib/subgraph/subgraph-client';
import { RECORD_VALIDATION_DOCUMENT } from '../../../lib/subgraph/onward-requests';
import { RecordType, RECORD_HOMES } from '../../../lib/retention/record-types';
import { RecordValidation, requireJustification } from '../../../lib/retention/validation';
import { GraphQLError } from 'graphql';

/**
 * Review under 28 CFR 23.20(h) is an oversight process, so its entry point lives here: the agency
 * that owns a record validates it with a justification; the record's own subgraph applies it (under
 * row security: only the owning agency can), and the validation is kept here, beside the trail that
 * already holds the request itself.
 */
@Resolver()
export class RecordValidationResolver {
  @Mutation(() => RecordValidation, { nullable: true, description: "Validates one of your agency's records as still relevant and accurate, with a justification: its review date moves to five years from now. Audited." })
  async validateRecord(
    @Arg('recordType', () => RecordType) recordType: RecordType,
    @Arg('id', () => UUID) id: string,
    @Arg('justification') justification: string,
    @Ctx() { caller, requestId, onwardSignatures, db }: SubgraphContext,
  ): Promise<RecordValidation> {
    const reason = requireJustification(justification);
    const home = RECORD_HOMES[recordType];
    // The subgraph list imports this subgraph: read it when first needed.
    const { subgraphNamed } = require('../../index') as typeof import('../../index');
    const answer = await askSubgraph<{ validateOwnRecord: { recordType: RecordType; id: string; validatedAt: string; reviewDueAt: string } | null }>(
      subgraphNamed(home.subgraph), { caller, requestId, onwardSignatures }, {
        query: RECORD_VALIDATION_DOCUMENT,
        variables: { recordType, id, justification: reason },
      });
    const applied = answer.data?.validateOwnRecord;
    if (!applied) {
      const [error] = answer.errors ?? [{ message: `The ${home.subgraph} subgraph did not apply the validation.`, extensions: {} }];
      throw new GraphQLError(error.message, { extensions: { code: error.extensions?.code ?? 'INTERNAL_SERVER_ERROR' } });
    }
    await db.write((tx) => tx.query(
      `INSERT INTO record_validation (agency, validated_by, request_id, record_type, record_id, justification, validated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [caller.agency, caller.sub, requestId, recordType, id, reason, applied.validatedAt]));
    return { recordType, id, validatedAt: new Date(applied.validatedAt), reviewDueAt: new Date(applied.reviewDueAt) };
  }
}
