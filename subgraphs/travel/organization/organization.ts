import { Directive, Field, ObjectType } from 'type-graphql';
import { UUID } from '../../../lib/graphql/scalars';

/** The registry's Organization, as this subgraph knows it: its key, to which it adds the travel restrictions. */
@ObjectType()
@Directive('@key(fields: "id")')
export class Organization {
  @Field(() => UUID)
  id!: string;
}
