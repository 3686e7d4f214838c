import { ArgsType, Field } from 'type-graphql';
import { DateTime } from './scalars';
import { PageArgs } from './connection';

@ArgsType()
export class PeriodArgs {
  @Field(() => DateTime, { nullable: true, description: 'From this instant (inclusive).' })
  from?: Date;

  @Field(() => DateTime, { nullable: true, description: 'Up to this instant (exclusive).' })
  to?: Date;
}

@ArgsType()
export class PagedPeriodArgs extends PageArgs {
  @Field(() => DateTime, { nullable: true, description: 'From this instant (inclusive).' })
  from?: Date;

  @Field(() => DateTime, { nullable: true, description: 'Up to this instant (exclusive).' })
  to?: Date;
}
