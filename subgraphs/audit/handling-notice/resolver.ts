import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { HandlingNotice } from './handling-notice';
import { badUserInput } from '../../../lib/graphql/errors';
import type { SubgraphContext } from '../../../lib/subgraph/context';

@Resolver(() => HandlingNotice)
export class HandlingNoticeResolver {
  @Query(() => [HandlingNotice], { description: "Notices to the caller's agency that others asked about subjects of its RESTRICTED records, newest first." })
  handlingNotices(@Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number, @Ctx() { caller, db }: SubgraphContext) {
    if (first < 1 || first > 500) throw badUserInput('"first" must be between 1 and 500.', 'first');
    return db.getRepository(HandlingNotice).find({ where: { ownerAgency: caller.agency }, order: { id: 'DESC' }, take: first });
  }
}
