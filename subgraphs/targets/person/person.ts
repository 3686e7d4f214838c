import { Directive, Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { LocalDate, UUID } from '../../../lib/graphql/scalars';
import { Provenance } from '../../../lib/graphql/provenance';
import { Handling } from '../../../lib/handling/labels';
import { Connection } from '../../../lib/graphql/connection';

@ObjectType({ description: 'A person known to the task force: a member or associate of a target organization.' })
@Directive('@key(fields: "id")')
@Entity()
export class Person {
  @Field(() => UUID)
  @PrimaryColumn('uuid')
  id!: string;

  @Field()
  @Column('text')
  name!: string;

  @Field(() => [String], { description: 'Nicknames and other spellings of the name.' })
  @Column('text', { array: true, default: () => "'{}'" })
  aliases!: string[];

  @Field(() => LocalDate, { nullable: true })
  @Column('date', { nullable: true })
  dateOfBirth!: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-3 country code.' })
  @Column('text', { nullable: true })
  nationality!: string | null;

  @Field(() => Provenance)
  @Column(() => Provenance)
  provenance!: Provenance;

  @Field(() => Handling)
  @Column(() => Handling)
  handling!: Handling;
}

@ObjectType()
export class PersonConnection extends Connection(Person) {}
