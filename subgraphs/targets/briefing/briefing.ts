import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { DateTime } from '../../../lib/graphql/scalars';

/** The task force's multi-agency briefing: this subgraph gives its frame; each agency adds its section. */
@ObjectType({ description: 'The multi-agency briefing for a period, optionally about one organization. Each agency subgraph contributes its own section.' })
@Directive('@key(fields: "id")')
export class Briefing {
  @Field(() => ID)
  id!: string;

  @Field(() => DateTime)
  from!: Date;

  @Field(() => DateTime)
  to!: Date;

  organizationId!: string | null;
}
