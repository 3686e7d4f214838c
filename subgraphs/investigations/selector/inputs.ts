import { Field, InputType } from 'type-graphql';
import { GeoPointInput } from '../../../lib/graphql/geo-point';
import { badUserInput } from '../../../lib/graphql/errors';
import { addressSelector, addressSelectors, distinctSelectors, emailSelectors, phoneSelectors, RecordSelector } from '../../../lib/selectors/federated';

@InputType({ description: "One of the subject's addresses, and where your agency places it." })
export class AddressPlaceInput {
  @Field({ description: 'Any spelling, as in addresses.' })
  address!: string;

  @Field(() => GeoPointInput)
  location!: GeoPointInput;
}

/** What a case records of a subject's selectors, from the subject's input (`field` names it in errors). */
export function subjectSelectors(input: { phones?: string[] | null; addresses?: string[] | null; emails?: string[] | null; addressPlaces?: AddressPlaceInput[] | null }, field: string): RecordSelector[] {
  const at = (name: string) => (field ? `${field}.${name}` : name);
  // A placed address is one of the subject's addresses, with its place; named in both, it keeps the place.
  const places = input.addressPlaces ?? [];
  if (places.length > 20) throw badUserInput(`"${at('addressPlaces')}" names ${places.length} places; at most 20 are allowed.`, at('addressPlaces'));
  const placed = places.map((place, i) => ({ ...addressSelector(place.address, `${at('addressPlaces')}[${i}].address`), location: place.location }));
  return distinctSelectors([
    ...placed,
    ...phoneSelectors(input.phones, at('phones')),
    ...addressSelectors(input.addresses, at('addresses')),
    ...emailSelectors(input.emails, at('emails')),
  ]);
}
