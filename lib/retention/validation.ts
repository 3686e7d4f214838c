import { Arg, Ctx, Directive, Field, Mutation, ObjectType, Resolver } from 'type-graphql';
import { DateTime, UUID } from '../graphql/scalars';
import { badUserInput, forbidden, notFound } from '../graphql/errors';
import { requireText, requireWriteScope } from '../graphql/validate';
import type { SubgraphContext } from '../subgraph/context';
import { RecordType, RECORD_HOMES, recordTypesOf } from './record-types';
import { reviewDueAt } from './review';

@ObjectType({ description: 'A record validated as still relevant and accurate: its review clock starts again.' })
@Directive('@shareable')
export class RecordValidation {
  @Field(() => RecordType)
  recordType!: RecordType;

  @Field(() => UUID)
  id!: string;

  @Field(() => DateTime)
  validatedAt!: Date;

  @Field(() => DateTime)
  reviewDueAt!: Date;
}

/** The justification a validation must give, checked the same way where it is asked and where it is applied. */
export function requireJustification(value: string | null | undefined): string {
  const text = requireText(value, 'justification', 2000);
  if (text.length < 10) throw badUserInput('"justification" must say why the record is still relevant and accurate (at least 10 characters).', 'justification');
  return text;
}

/**
 * Each agency subgraph validates its own record types. Federation routes a root field to one
 * subgraph, so callers use `validateRecord` (the audit subgraph, which records the validation and
 * forwards it here, signed as the caller); this field is hidden from the API (@inaccessible). Row
 * security applies: a record not released to the caller is not found; one of another agency is refused.
 */
export function recordValidationResolver(subgraph: string): Function {
  const types = new Set(recordTypesOf(subgraph));

  @Resolver()
  class RecordValidationResolver {
    @Directive('@shareable')
    @Directive('@inaccessible')
    @Mutation(() => RecordValidation, { nullable: true, description: 'Internal: applies a validation forwarded by validateRecord.' })
    async validateOwnRecord(
      @Arg('recordType', () => RecordType) recordType: RecordType,
      @Arg('id', () => UUID) id: string,
      @Arg('justification') justification: string,
      @Ctx() { caller, db }: SubgraphContext,
    ): Promise<RecordValidation> {
      requireJustification(justification);
      if (!types.has(recordType)) throw notFound(`${recordType} records are not kept by the ${subgraph} subgraph.`);
      const home = RECORD_HOMES[recordType];
      requireWriteScope(caller, home.domain);
      return db.write(async (tx) => {
        const [row] = await tx.query(`SELECT provenance_agency AS agency FROM ${home.table} WHERE id = $1`, [id]);
        if (!row) throw notFound(`id: no ${recordType.toLowerCase().replace(/_/g, ' ')} with id ${id} is released to your agency.`);
        if (row.agency !== caller.agency) throw forbidden(`This record was submitted by ${row.agency}; only that agency may validate it.`);
        // TypeORM answers an UPDATE with [rows, count].
        const [[validated]] = (await tx.query(
          `UPDATE ${home.table} SET provenance_validated_at = now() WHERE id = $1 RETURNING provenance_recorded_at AS recorded_at, provenance_validated_at AS validated_at`, [id])) as [{ recorded_at: Date; validated_at: Date }[], number];
        return { recordType, id, validatedAt: validated.validated_at, reviewDueAt: reviewDueAt({ recordedAt: validated.recorded_at, validatedAt: validated.validated_at }) };
      });
    }
  }
  return RecordValidationResolver;
}
