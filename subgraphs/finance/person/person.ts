import { Directive, Field, ObjectType } from 'type-graphql';
import { UUID } from '../../../lib/graphql/scalars';

/** The registry's Person, as this subgraph knows it: its key, to which it adds Treasury's records. */
@ObjectType()
@Directive('@key(fields: "id")')
export class Person {
  @Field(() => UUID)
  id!: string;

  @Field(() => [UUID], { description: 'The registry\'s: persons merged into this one, whose records show here too.' })
  @Directive('@external')
  mergedIds?: string[] | null;
}
