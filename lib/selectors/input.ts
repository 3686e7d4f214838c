import { Field, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { badUserInput } from '../graphql/errors';
import {
  IdentityDocumentType, NormalizedSelector, normalizeAccount, normalizeAddress, normalizeEmail, normalizeIdentityDocument,
  normalizePhone, normalizePlate, normalizeVin, selectorId, SelectorKind,
} from './normalize';

registerEnumType(SelectorKind, { name: 'SelectorKind', description: 'What a selector is: a phone, an e-mail address, a vehicle, an address, an identity document or an account.' });
registerEnumType(IdentityDocumentType, { name: 'IdentityDocumentType' });

/** A selector as a caller writes it; normalised (lib/selectors/normalize.ts) before anything is stored or matched. */
@InputType({ description: 'A phone, e-mail, vehicle (plate with jurisdiction, or VIN), address, identity document or account, as written; it is normalised.' })
export class SelectorInput {
  @Field(() => SelectorKind)
  kind!: SelectorKind;

  @Field({ description: 'The number, address, plate or VIN, document number or masked account number (****4821).' })
  value!: string;

  @Field(() => String, { nullable: true, description: 'PHONE: the region to read a number without a country code in (US, MX).' })
  region?: string;

  @Field(() => String, { nullable: true, description: 'VEHICLE: the plate\'s issuing state or country (AZ, MX-SON); without it, value is a VIN.' })
  jurisdiction?: string;

  @Field(() => IdentityDocumentType, { nullable: true, description: 'IDENTITY_DOCUMENT: its type.' })
  documentType?: IdentityDocumentType;

  @Field(() => String, { nullable: true, description: 'IDENTITY_DOCUMENT: ISO 3166-1 alpha-3 issuing country (MEX, USA).' })
  issuingCountry?: string;

  @Field(() => String, { nullable: true, description: 'ACCOUNT: the institution.' })
  institution?: string;
}

/** A normalised selector as the API shows it. */
@ObjectType({ description: 'A normalised selector: its kind, canonical value and how to show it.' })
export class SelectorValue {
  @Field(() => SelectorKind)
  kind!: SelectorKind;

  @Field({ description: 'The canonical form (E.164 for phones, PLATE:<jurisdiction>:<plate> for plates, ...).' })
  value!: string;

  @Field()
  display!: string;
}

/** A normalised selector with its id (the same in every subgraph), as stored and matched. */
export interface IdentifiedSelector extends NormalizedSelector {
  id: string;
}

/** Normalises one selector input; errors name `field` and what to fix. */
export function normalizeSelectorInput(input: SelectorInput, field: string): IdentifiedSelector {
  // An empty field names the arguments bare (a query's `value`, `institution`), not as parts of an input.
  const at = (part: string) => (field ? `${field}.${part}` : part);
  const normalized = ((): NormalizedSelector => {
    switch (input.kind) {
      case SelectorKind.PHONE: return normalizePhone(input.value, at('value'), input.region, at('region'));
      case SelectorKind.EMAIL: return normalizeEmail(input.value, at('value'));
      case SelectorKind.VEHICLE: return input.jurisdiction ? normalizePlate(input.value, input.jurisdiction, at('value'), at('jurisdiction')) : normalizeVin(input.value, at('value'));
      case SelectorKind.ADDRESS: return normalizeAddress(input.value, at('value'));
      case SelectorKind.IDENTITY_DOCUMENT:
        if (!input.documentType || !input.issuingCountry) throw badUserInput(`${field || 'selector'}: an IDENTITY_DOCUMENT needs documentType and issuingCountry.`, at('documentType'));
        return normalizeIdentityDocument(input.documentType, input.issuingCountry, input.value, field, at('value'));
      case SelectorKind.ACCOUNT:
        if (!input.institution) throw badUserInput(`${field || 'selector'}: an ACCOUNT needs its institution.`, at('institution'));
        return normalizeAccount(input.institution, input.value, field, at('value'));
      default: throw badUserInput(`${at('kind')}: unknown selector kind.`, at('kind'));
    }
  })();
  return { ...normalized, id: selectorId(normalized) };
}

/** Normalises a list, dropping repeats of one selector. */
export function normalizeSelectorInputs(inputs: SelectorInput[] | null | undefined, field: string, max = 50): IdentifiedSelector[] {
  if ((inputs?.length ?? 0) > max) throw badUserInput(`"${field}" names ${inputs!.length} selectors; at most ${max} are allowed.`, field);
  const seen = new Map<string, IdentifiedSelector>();
  (inputs ?? []).forEach((input, i) => {
    const selector = normalizeSelectorInput(input, `${field}[${i}]`);
    seen.set(selector.id, selector);
  });
  return [...seen.values()];
}
