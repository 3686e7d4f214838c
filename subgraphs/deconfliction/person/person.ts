import { Directive, Field, ObjectType } from 'type-graphql';
import { UUID } from '../../../lib/graphql/scalars';

/** The registry's Person, as deconfliction knows it: the key an operation, a watch or a notice names. */
@ObjectType()
@Directive('@key(fields: "id", resolvable: false)')
export class Person {
  @Field(() => UUID)
  id!: string;
}
