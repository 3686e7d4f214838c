import { ArgsType, Field, Float, Int, ObjectType } from 'type-graphql';
import { GeoPoint } from '../../../lib/graphql/geo-point';
import { PagedPeriodArgs, PeriodArgs } from '../../../lib/graphql/period-args';
import { InterdictionType } from '../interdiction/interdiction';
import { badUserInput } from '../../../lib/graphql/errors';

/** The widest search: the southwest border is about 3,100 km end to end. */
export const MAX_RADIUS_KM = 500;

@ArgsType()
export class NearArgs extends PagedPeriodArgs {
  @Field(() => Float, { description: 'Latitude of the centre, in degrees (-90 to 90).' })
  latitude!: number;

  @Field(() => Float, { description: 'Longitude of the centre, in degrees (-180 to 180).' })
  longitude!: number;

  @Field(() => Float, { description: `Radius in kilometres, more than 0 and at most ${MAX_RADIUS_KM}.` })
  radiusKm!: number;

  @Field(() => InterdictionType, { nullable: true })
  type?: InterdictionType;
}

/** A place and a radius a caller may search: each bound named by its field. */
export function requirePlace(args: { latitude: number; longitude: number; radiusKm: number }): void {
  const check = (field: string, value: number, min: number, max: number, minIncluded = true) => {
    if (!Number.isFinite(value) || (minIncluded ? value < min : value <= min) || value > max) {
      throw badUserInput(`"${field}" must be ${minIncluded ? 'from' : 'more than'} ${min} ${minIncluded ? 'to' : 'and at most'} ${max}; got ${value}.`, field);
    }
  };
  check('latitude', args.latitude, -90, 90);
  check('longitude', args.longitude, -180, 180);
  check('radiusKm', args.radiusKm, 0, MAX_RADIUS_KM, false);
}

@ArgsType()
export class ActivityAreaArgs extends PeriodArgs {
  @Field(() => Int, { defaultValue: 3, description: 'How many of the busiest sectors, at most 10.' })
  sectors!: number;
}

@ObjectType({ description: 'The smallest latitude/longitude box holding every point.' })
export class BoundingBox {
  @Field(() => GeoPoint, { description: 'South-west corner.' })
  southWest!: GeoPoint;

  @Field(() => GeoPoint, { description: 'North-east corner.' })
  northEast!: GeoPoint;
}

@ObjectType({ description: "One Border Patrol sector's share of interdictions (an organization's, or the briefing's)." })
export class SectorActivity {
  @Field()
  sector!: string;

  @Field(() => Int)
  interdictions!: number;

  @Field(() => GeoPoint, { description: 'The mean position of the interdictions counted in the sector.' })
  center!: GeoPoint;
}

@ObjectType({ description: "Where an organization operates, as CBP's interdictions attributed to it show it." })
export class ActivityArea {
  @Field(() => Int, { description: 'Interdictions counted (those released to you, in the period).' })
  interdictions!: number;

  @Field(() => BoundingBox, { nullable: true, description: 'Null when there is none.' })
  boundingBox!: BoundingBox | null;

  @Field(() => [SectorActivity], { description: 'Busiest first.' })
  busiestSectors!: SectorActivity[];
}
