import { Directive, Field, InputType, ObjectType } from 'type-graphql';
import { Latitude, Longitude } from './scalars';

/** A place on the earth, as every subgraph names one (interdictions, planned operations). */
@ObjectType({ description: 'Where an event happened.' })
@Directive('@shareable')
export class GeoPoint {
  @Field(() => Latitude)
  latitude!: number;

  @Field(() => Longitude)
  longitude!: number;
}

@InputType()
export class GeoPointInput {
  @Field(() => Latitude)
  latitude!: number;

  @Field(() => Longitude)
  longitude!: number;
}
