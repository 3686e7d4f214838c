import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, InputType, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { touch } from '../../../lib/database/change-feed';
import { RequiresScopes } from '../../../lib/graphql/authorization';
import { DateTime, UUID } from '../../../lib/graphql/scalars';
import { PageArgs } from '../../../lib/graphql/connection';
import type { SubgraphContext } from '../../../lib/subgraph/context';
import { writeOnce } from '../../../lib/mutations/idempotent';
import { requireWriteScope } from '../../../lib/graphql/validate';
import { notFound } from '../../../lib/graphql/errors';
import { SelectorValue } from '../../../lib/selectors/input';
import { DeconflictionNotice, DeconflictionNoticeConnection } from './notice';
import { DeconflictionParty, partyFromJson } from './party';
import { Person } from '../person/person';
import { Organization } from '../organization/organization';
import { acknowledgements, lists } from '../loaders';

@ArgsType()
class NoticesArgs extends PageArgs {
  @Field(() => Boolean, { nullable: true, defaultValue: false })
  unacknowledgedOnly?: boolean;
}

@InputType()
class AcknowledgeNoticeInput {
  @Field(() => UUID)
  noticeId!: string;
}

@ObjectType()
class AcknowledgeNoticePayload {
  @Field(() => DeconflictionNotice)
  notice!: DeconflictionNotice;
}

@Resolver(() => DeconflictionNotice)
export class DeconflictionNoticeResolver {
  @RequiresScopes('deconfliction:read')
  @Query(() => DeconflictionNoticeConnection, { nullable: true, description: "Your agency's deconfliction notices, newest first." })
  deconflictionNotices(@Args() { first, after, unacknowledgedOnly }: NoticesArgs, @Ctx() { loaders }: SubgraphContext) {
    return loaders.root(lists.notices, { first, after, unacknowledgedOnly });
  }

  @FieldResolver(() => DeconflictionParty, { description: 'The other agency: whom to contact, and its record as far as released to you.' })
  counterpart(@Root() notice: DeconflictionNotice): DeconflictionParty {
    return partyFromJson(notice.counterpart);
  }

  @FieldResolver(() => [Person], { nullable: true, description: 'Who the match was on (withheld with everything else where only the control official may be named).' })
  persons(@Root() notice: DeconflictionNotice): Person[] | null {
    return notice.subjects ? notice.subjects.persons.map((id) => ({ id })) : null;
  }

  @FieldResolver(() => [Organization], { nullable: true })
  organizations(@Root() notice: DeconflictionNotice): Organization[] | null {
    return notice.subjects ? notice.subjects.organizations.map((id) => ({ id })) : null;
  }

  @FieldResolver(() => [SelectorValue], { nullable: true })
  selectors(@Root() notice: DeconflictionNotice): SelectorValue[] | null {
    return notice.subjects ? (notice.subjects.selectors as SelectorValue[]) : null;
  }

  @FieldResolver(() => DateTime, { nullable: true })
  async acknowledgedAt(@Root() notice: DeconflictionNotice, @Ctx() { loaders }: SubgraphContext): Promise<Date | null> {
    return (await acknowledgements(loaders).load(notice.id))?.acknowledgedAt ?? null;
  }

  @FieldResolver(() => String, { nullable: true })
  async acknowledgedBy(@Root() notice: DeconflictionNotice, @Ctx() { loaders }: SubgraphContext): Promise<string | null> {
    return (await acknowledgements(loaders).load(notice.id))?.acknowledgedBy ?? null;
  }

  @RequiresScopes('deconfliction:write')
  @Mutation(() => AcknowledgeNoticePayload, { nullable: true, description: 'Marks a notice to your agency as read and acted on; acknowledging it again changes nothing.' })
  async acknowledgeNotice(@Arg('input') input: AcknowledgeNoticeInput, @Ctx() { caller, db, loaders }: SubgraphContext): Promise<AcknowledgeNoticePayload> {
    requireWriteScope(caller, 'deconfliction');
    await writeOnce(db, { agency: caller.agency, mutation: 'acknowledgeNotice' }, async (tx) => {
      const notice = await tx.findOne(DeconflictionNotice, { where: { id: input.noticeId } });
      if (!notice) throw notFound(`noticeId: your agency has no notice with id ${input.noticeId}.`);
      await tx.query(`INSERT INTO notice_acknowledgement (notice_id, agency, acknowledged_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [notice.id, caller.agency, caller.sub]);
      touch(tx, [notice.id]);
      return notice.id;
    });
    loaders.byId(DeconflictionNotice).clear(input.noticeId);
    return { notice: (await loaders.byId(DeconflictionNotice).load(input.noticeId))! };
  }
}
