import { Directive, Field, ObjectType } from 'type-graphql';
import { UUID } from '../../../lib/graphql/scalars';

/** The registry's Organization, as deconfliction knows it: the key an operation, a watch or a notice names. */
@ObjectType()
@Directive('@key(fields: "id", resolvable: false)')
export class Organization {
  @Field(() => UUID)
  id!: string;
}
