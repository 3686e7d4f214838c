import crypto from 'node:crypto';
import { CountryCode, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js';
import isoCountries from 'i18n-iso-countries';
import english from 'i18n-iso-countries/langs/en.json';
import spanish from 'i18n-iso-countries/langs/es.json';
import { badUserInput } from '../graphql/errors';

isoCountries.registerLocale(english);
isoCountries.registerLocale(spanish);

/**
 * Selectors are the values that tie one agency's record to another's: a phone, an e-mail address,
 * a vehicle, an address, an identity document, an account. Two spellings of one value must become
 * one selector, so every value is normalised here, the same way in every subgraph, before it is
 * stored or looked up. Invalid values are refused with the field named and the reason.
 */
export enum SelectorKind {
  PHONE = 'PHONE',
  EMAIL = 'EMAIL',
  VEHICLE = 'VEHICLE',
  ADDRESS = 'ADDRESS',
  IDENTITY_DOCUMENT = 'IDENTITY_DOCUMENT',
  ACCOUNT = 'ACCOUNT',
}

export interface NormalizedSelector {
  kind: SelectorKind;
  /** The canonical form: equal for every spelling of the same thing; the selector's identity with its kind. */
  value: string;
  /** How to show it to a person. */
  display: string;
}

/** The regions a phone number without a country code is read in, in order. */
const PHONE_REGIONS: CountryCode[] = ['US', 'MX'];

/** A phone number in E.164 (+15205550142), read in `region` if given, else as a US then a Mexican number. */
export function normalizePhone(raw: string, field: string, regionGiven?: string | null, regionField = 'region'): NormalizedSelector {
  const given = requireValue(raw, field, 40);
  const region = regionGiven === null || regionGiven === undefined || regionGiven.trim() === '' ? null : phoneRegion(regionGiven, regionField);
  const text = withoutRetiredMexicanPrefix(given, region);
  const regions = region ? [region] : PHONE_REGIONS;
  for (const candidate of regions) {
    let parsed;
    try {
      parsed = parsePhoneNumberFromString(text, candidate);
    } catch {
      parsed = undefined; // an unknown region code reads as no number
    }
    if (parsed?.isValid()) return { kind: SelectorKind.PHONE, value: parsed.number, display: parsed.formatInternational() };
  }
  throw badUserInput(`${field}: "${given}" is not a valid phone number ${region ? `for region ${region.toUpperCase()}` : 'in the US or Mexico (give the country code, e.g. +52, or a region)'}.`, field);
}

/** The region a phone number is read in: a country code libphonenumber knows (US, MX), given in either case or as the country's name or three-letter code. */
function phoneRegion(text: string, field: string): CountryCode {
  const typed = requireValue(text, field, 60);
  const alpha3 = countryCode(typed);
  const alpha2 = alpha3 && isoCountries.alpha3ToAlpha2(alpha3);
  if (!alpha2 || !isSupportedCountry(alpha2)) throw badUserInput(`${field}: "${typed}" is not a country to read phone numbers in; give its two-letter code (US, MX).`, field);
  return alpha2 as CountryCode;
}

/**
 * Mexico dropped its mobile prefixes in 2019-2020: "+52 1 662 ..." (the 1 after the country code),
 * 044/045 before ten digits, and 01 before a long-distance call, are how older records and handsets
 * still write the same line, and libphonenumber no longer reads them. The digits after them are the number.
 */
function withoutRetiredMexicanPrefix(text: string, region?: string | null): string {
  // An extension after the number ("ext. 5", "x5", "#5") is left as it was written, after the number.
  const [, number, extension] = /^(.*?)(\s*(?:ext\.?|extension|ext|x|#)\s*\d{1,6})?$/i.exec(text)!;
  const digits = number.replace(/[\s().-]/g, '');
  const international = /^(?:\+|00)521(\d{10})$/.exec(digits);
  if (international) return `+52${international[1]}${extension ?? ''}`;
  // 044 and 045 before a mobile, 01 before a long-distance call: Mexico's national prefixes until 2019-2020.
  const national = /^(?:04[45]|01)(\d{10})$/.exec(digits);
  if (national && (!region || region.toUpperCase() === 'MX')) return `+52${national[1]}${extension ?? ''}`;
  return text;
}

/** An e-mail address, trimmed and lower-cased. */
export function normalizeEmail(raw: string, field: string): NormalizedSelector {
  const given = requireValue(raw, field, 254);
  // As pasted from a message's header or a link: "Juan Pérez <juan@example.mx>", "mailto:juan@example.mx";
  // a domain written fully qualified ("example.mx.") is the same domain.
  const address = /^[^<>]*<([^<>]*)>$/.exec(given)?.[1] ?? given;
  const value = address.trim().replace(/^mailto:([^?]*)(\?.*)?$/i, '$1').replace(/\.$/, '').toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) throw badUserInput(`${field}: "${given}" is not an e-mail address (name@domain).`, field);
  const [local, domain] = value.split('@');
  if (/^\.|\.\.|\.$/.test(local) || !domain.split('.').every((label) => /^[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?$/u.test(label))) {
    throw badUserInput(`${field}: "${given}" is not an e-mail address: a name has no leading, trailing or double dot, and a domain only letters, digits and inner hyphens.`, field);
  }
  // "exаmple.mx" with a Cyrillic а reads as example.mx and is another domain: a look-alike, refused as for
  // plates. A name or label in one script is as written (info@президент.рф).
  if ([local, ...domain.split('.')].some((part) => /\p{Script=Latin}/u.test(part) && /[\p{Script=Cyrillic}\p{Script=Greek}]/u.test(part))) {
    throw badUserInput(`${field}: "${given}" mixes Latin letters with Cyrillic or Greek ones, as a look-alike does; write it as the address reads.`, field);
  }
  return { kind: SelectorKind.EMAIL, value, display: value };
}

/**
 * A licence plate: upper case without separators, with the jurisdiction that issued it (a US state
 * or Mexican state code, or a country), since the same characters on two states' plates are two vehicles.
 * `jurisdictionField` names where the jurisdiction was given, for the error.
 */
/** What separates a plate's or a document's characters as written: spaces, dots, slashes and every kind of dash (a word processor's non-breaking hyphen). */
const SEPARATORS = /[\s\-.·_/\u2010-\u2015\u2212]/g;

export function normalizePlate(raw: string, jurisdiction: string, field: string, jurisdictionField = `${field}Jurisdiction`): NormalizedSelector {
  const plate = requireValue(raw, field, 20).toUpperCase().replace(SEPARATORS, '');
  // Cyrillic or accented look-alikes (А, Ñ) were dropped, leaving another plate's characters.
  if (/[^A-Z0-9]/.test(plate)) throw badUserInput(`${field}: "${raw}" has characters no plate has; write it in Latin letters and digits (A-Z, 0-9).`, field);
  if (plate.length < 2 || plate.length > 10) throw badUserInput(`${field}: a plate has 2 to 10 letters and digits; got "${raw}".`, field);
  const issuer = plateIssuer(requireValue(jurisdiction, jurisdictionField, 40));
  if (!issuer) {
    throw badUserInput(`${jurisdictionField}: "${jurisdiction}" is not an issuing state or country (e.g. AZ, Arizona, MX-SON, Sonora, MEX).`, jurisdictionField);
  }
  return { kind: SelectorKind.VEHICLE, value: `PLATE:${issuer}:${plate}`, display: `${plate} (${issuer})` };
}

/** US states and DC by name, to their postal codes. */
const US_STATES: Record<string, string> = {
  ALABAMA: 'AL', ALASKA: 'AK', ARIZONA: 'AZ', ARKANSAS: 'AR', CALIFORNIA: 'CA', COLORADO: 'CO', CONNECTICUT: 'CT', DELAWARE: 'DE',
  'DISTRICT OF COLUMBIA': 'DC', FLORIDA: 'FL', GEORGIA: 'GA', HAWAII: 'HI', IDAHO: 'ID', ILLINOIS: 'IL', INDIANA: 'IN', IOWA: 'IA',
  KANSAS: 'KS', KENTUCKY: 'KY', LOUISIANA: 'LA', MAINE: 'ME', MARYLAND: 'MD', MASSACHUSETTS: 'MA', MICHIGAN: 'MI', MINNESOTA: 'MN',
  MISSISSIPPI: 'MS', MISSOURI: 'MO', MONTANA: 'MT', NEBRASKA: 'NE', NEVADA: 'NV', 'NEW HAMPSHIRE': 'NH', 'NEW JERSEY': 'NJ',
  'NEW MEXICO': 'NM', 'NEW YORK': 'NY', 'NORTH CAROLINA': 'NC', 'NORTH DAKOTA': 'ND', OHIO: 'OH', OKLAHOMA: 'OK', OREGON: 'OR',
  PENNSYLVANIA: 'PA', 'RHODE ISLAND': 'RI', 'SOUTH CAROLINA': 'SC', 'SOUTH DAKOTA': 'SD', TENNESSEE: 'TN', TEXAS: 'TX', UTAH: 'UT',
  VERMONT: 'VT', VIRGINIA: 'VA', WASHINGTON: 'WA', 'WEST VIRGINIA': 'WV', WISCONSIN: 'WI', WYOMING: 'WY', 'PUERTO RICO': 'PR',
  GUAM: 'GU', 'VIRGIN ISLANDS': 'VI', 'US VIRGIN ISLANDS': 'VI', 'AMERICAN SAMOA': 'AS', 'NORTHERN MARIANA ISLANDS': 'MP',
};

/** Mexican states by name, to their ISO 3166-2:MX subdivision codes. */
const MX_STATES: Record<string, string> = {
  AGUASCALIENTES: 'AGU', 'BAJA CALIFORNIA': 'BCN', 'BAJA CALIFORNIA SUR': 'BCS', CAMPECHE: 'CAM', CHIAPAS: 'CHP', CHIHUAHUA: 'CHH',
  'CIUDAD DE MEXICO': 'CMX', COAHUILA: 'COA', COLIMA: 'COL', DURANGO: 'DUR', GUANAJUATO: 'GUA', GUERRERO: 'GRO', HIDALGO: 'HID',
  JALISCO: 'JAL', 'ESTADO DE MEXICO': 'MEX', MICHOACAN: 'MIC', MORELOS: 'MOR', NAYARIT: 'NAY', 'NUEVO LEON': 'NLE', OAXACA: 'OAX',
  PUEBLA: 'PUE', QUERETARO: 'QUE', 'QUINTANA ROO': 'ROO', 'SAN LUIS POTOSI': 'SLP', SINALOA: 'SIN', SONORA: 'SON', TABASCO: 'TAB',
  TAMAULIPAS: 'TAM', TLAXCALA: 'TLA', VERACRUZ: 'VER', YUCATAN: 'YUC', ZACATECAS: 'ZAC',
  // Official long names, Mexico City's older and English names, the State of Mexico as records shorten it.
  'COAHUILA DE ZARAGOZA': 'COA', 'MICHOACAN DE OCAMPO': 'MIC', 'VERACRUZ DE IGNACIO DE LA LLAVE': 'VER', 'DISTRITO FEDERAL': 'CMX', 'MEXICO CITY': 'CMX',
  'EDO MEX': 'MEX', 'EDO DE MEX': 'MEX', 'EDO DE MEXICO': 'MEX', 'ESTADO DE MEX': 'MEX',
};
/**
 * US states as older records and the Government Publishing Office abbreviate them (Ariz., Calif., N. Mex.),
 * leaving out those that are also a country's code (Ala., Ind.) or a Mexican state's (Mich.).
 */
const US_STATE_ABBREVIATIONS: Record<string, string> = {
  ARIZ: 'AZ', ARK: 'AR', CALIF: 'CA', CAL: 'CA', COLO: 'CO', CONN: 'CT', DEL: 'DE', FLA: 'FL', ILL: 'IL', KANS: 'KS', KAN: 'KS',
  MASS: 'MA', MINN: 'MN', MISS: 'MS', MONT: 'MT', NEBR: 'NE', NEB: 'NE', NEV: 'NV', 'N MEX': 'NM', NMEX: 'NM', 'N DAK': 'ND', 'S DAK': 'SD',
  OKLA: 'OK', OREG: 'OR', ORE: 'OR', PENN: 'PA', PENNA: 'PA', TENN: 'TN', TEX: 'TX', WASH: 'WA', 'W VA': 'WV', WIS: 'WI', WISC: 'WI', WYO: 'WY',
};
// W VA and N MEX: "Oak St W, VA" is a street in Virginia, "Oak St N, Méx." one in the State of Mexico.
const AMBIGUOUS_AT_ADDRESS_END = new Set(['ARK', 'CAL', 'DEL', 'ILL', 'KAN', 'MASS', 'MISS', 'NEB', 'NMEX', 'ORE', 'WASH', 'WIS', 'W VA', 'N MEX']);
/** Canada's provinces and territories by name, to their codes. */
const CANADIAN_PROVINCE_NAMES: Record<string, string> = {
  ALBERTA: 'AB', 'BRITISH COLUMBIA': 'BC', MANITOBA: 'MB', 'NEW BRUNSWICK': 'NB', 'NEWFOUNDLAND AND LABRADOR': 'NL', NEWFOUNDLAND: 'NL',
  'NOVA SCOTIA': 'NS', 'NORTHWEST TERRITORIES': 'NT', NUNAVUT: 'NU', ONTARIO: 'ON', 'PRINCE EDWARD ISLAND': 'PE', QUEBEC: 'QC',
  SASKATCHEWAN: 'SK', YUKON: 'YT',
};
const MX_CODES = new Set(Object.values(MX_STATES));
/** The abbreviations Mexican records use for states whose ISO code differs (B.C., N.L., Chih., Q. Roo, CDMX...). */
const MX_ABBREVIATIONS: Record<string, string> = {
  BC: 'BCN', NL: 'NLE', CHIH: 'CHH', QROO: 'ROO', QR: 'ROO', DF: 'CMX', CDMX: 'CMX', EDOMEX: 'MEX', COAH: 'COA', TAMPS: 'TAM',
  GTO: 'GUA', MICH: 'MIC', AGS: 'AGU', CHIS: 'CHP', DGO: 'DUR', HGO: 'HID', QRO: 'QUE', TLAX: 'TLA', SLP: 'SLP', BCS: 'BCS',
};
/** A Mexican state's ISO 3166-2 code from its code or a usual abbreviation, if it is one. */
function mexicanState(code: string): string | undefined {
  const iso = MX_ABBREVIATIONS[code] ?? code;
  return MX_CODES.has(iso) ? iso : undefined;
}
/** Canada's provinces and territories, whose plates keep their two-letter codes as US states' do. */
const CANADIAN_PROVINCES = new Set(['AB', 'BC', 'MB', 'NB', 'NL', 'NS', 'NT', 'NU', 'ON', 'PE', 'QC', 'SK', 'YT']);

/**
 * Codes ICAO Doc 9303 uses on travel documents besides ISO's: Germany's D, stateless persons and
 * refugees (XXA, XXB, XXC, XXX), the United Nations (UNO, UNA, UNK), British nationals (GBD, GBN,
 * GBO, GBP, GBS), the EU (EUE) and Kosovo (RKS, XKX).
 */
const TRAVEL_DOCUMENT_CODES = new Set(['D', 'XXA', 'XXB', 'XXC', 'XXX', 'UNO', 'UNA', 'UNK', 'GBD', 'GBN', 'GBO', 'GBP', 'GBS', 'EUE', 'RKS', 'XKX']);

/**
 * A country as its ISO 3166-1 alpha-3 code, from that code, its alpha-2 code, or its name in English
 * or Spanish ("Mexico", "México", "Estados Unidos"); undefined when it is no country.
 */
function countryCode(text: string): string | undefined {
  return countryOf(letterWords(text), text);
}

/** A country from `letterWords` of what was given (and the text itself, for Spanish names with their accents). */
function countryOf(words: string, given: string = words): string | undefined {
  if (TRAVEL_DOCUMENT_CODES.has(words)) return words === 'D' ? 'DEU' : words;
  if (/^[A-Z]{3}$/.test(words)) return isoCountries.isValid(words) ? words : undefined;
  if (/^[A-Z]{2}$/.test(words)) return isoCountries.alpha2ToAlpha3(words);
  return isoCountries.getAlpha3Code(words, 'en') ?? isoCountries.getAlpha3Code(words, 'es') ?? isoCountries.getAlpha3Code(given.trim(), 'es');
}

/** Upper-case letters only, accents folded, words one space apart; dots first, so "N.M." and "U.S.A." are NM and USA. */
function letterWords(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase().replace(/\./g, '').replace(/[^A-Z]+/g, ' ').trim();
}

/**
 * An issuing jurisdiction, one spelling for each: a US state as its postal code (AZ, from "az",
 * "US-AZ", "Arizona"), a Canadian province as its code, a Mexican state as MX- and its ISO code
 * (MX-SON, from "mx son", "Sonora"), a country as ISO alpha-3 (MEX, from "MX", "Mexico"), another
 * country's subdivision as its ISO 3166-2 form (GT-GU). Null when it is none of these.
 */
function plateIssuer(text: string): string | null {
  const words = letterWords(text);
  const state = US_STATES[words] ?? US_STATE_ABBREVIATIONS[words] ?? CANADIAN_PROVINCE_NAMES[words] ?? (MX_STATES[words] ? `MX-${MX_STATES[words]}` : undefined);
  if (state) return state;
  // A state followed by its country ("AZ USA", "Sonora, México"): the state, if it is that country's.
  const suffixed = PLATE_COUNTRY_SUFFIX.exec(words);
  if (suffixed) {
    const inner = plateIssuer(suffixed[1]);
    if (inner && countryOfIssuer(inner) === countryCode(suffixed[2])) return inner;
  }
  const parts = words.split(' ');
  if (parts.length === 1 && parts[0].length === 2) {
    // Two letters are a state or province first: CA is California, CO Colorado.
    if (US_STATE_CODES.has(parts[0]) || CANADIAN_PROVINCES.has(parts[0])) return parts[0];
    // Then Mexico City's and Quintana Roo's plates as they are marked (DF, QR), then a country.
    const mexican = MX_ABBREVIATIONS[parts[0]];
    return mexican ? `MX-${mexican}` : countryOf(parts[0]) ?? null;
  }
  if (parts.length === 2 && (parts[0] === 'US' || parts[0] === 'USA')) return US_STATE_CODES.has(parts[1]) ? parts[1] : null;
  if (parts.length === 2 && (parts[0] === 'CA' || parts[0] === 'CAN')) return CANADIAN_PROVINCES.has(parts[1]) ? parts[1] : null;
  // After MX, only a Mexican state: "MX-BC" and "Baja California" are one jurisdiction, "MX-XX" none.
  if (parts.length >= 2 && (parts[0] === 'MX' || parts[0] === 'MEX')) {
    const rest = parts.slice(1).join(' ');
    const iso = MX_STATES[rest] ?? mexicanState(rest);
    return iso ? `MX-${iso}` : null;
  }
  // Abbreviations written in two words: "Q. Roo" is QROO.
  if (parts.length === 2 && parts[0].length === 1) {
    const iso = mexicanState(parts.join(''));
    if (iso) return `MX-${iso}`;
  }
  if (parts.length === 1 && /^[A-Z]{3,6}$/.test(parts[0])) {
    // A country's code first (MEX is Mexico, COL Colombia, before the states of those codes), then a
    // bare Mexican state code or abbreviation (SON, Chih, QRoo).
    if (isoCountries.isValid(parts[0])) return parts[0];
    const iso = mexicanState(parts[0]);
    if (iso) return `MX-${iso}`;
  }
  if (parts.length === 2 && /^[A-Z]{2}$/.test(parts[0]) && /^[A-Z]{1,3}$/.test(parts[1]) && isoCountries.isValid(parts[0])) return `${parts[0]}-${parts[1]}`;
  return countryOf(words, text) ?? null;
}

/** A country's words after a plate's state: its code or its name, in English or Spanish. */
const PLATE_COUNTRY_SUFFIX = /^(.+) (USA|US|UNITED STATES|UNITED STATES OF AMERICA|ESTADOS UNIDOS|EEUU|EE UU|MEXICO|MEX|MX|CANADA|CAN)$/;

/** The country whose plates an issuer code is: a US state's, a Mexican state's or a Canadian province's. */
function countryOfIssuer(issuer: string): string | null {
  if (issuer.startsWith('MX-')) return 'MEX';
  if (US_STATE_CODES.has(issuer)) return 'USA';
  return CANADIAN_PROVINCES.has(issuer) ? 'CAN' : null;
}

const VIN_VALUES: Record<string, number> = Object.fromEntries([
  ...'0123456789'.split('').map((d) => [d, Number(d)]),
  ...'ABCDEFGH'.split('').map((c, i) => [c, i + 1]),
  ...'JKLMN'.split('').map((c, i) => [c, i + 1]), ['P', 7], ['R', 9],
  ...'STUVWXYZ'.split('').map((c, i) => [c, i + 2]),
]);
const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/** A vehicle identification number: 17 characters, upper case; for North American VINs the check digit (9th) is verified. */
export function normalizeVin(raw: string, field: string): NormalizedSelector {
  const vin = requireValue(raw, field, 30).toUpperCase().replace(/[\s-]/g, '');
  if (!/^[A-HJ-NPR-Z0-9]{17}$/.test(vin)) throw badUserInput(`${field}: a VIN has 17 letters and digits (never I, O or Q); got "${raw}".`, field);
  // World manufacturer identifiers starting 1-5 are North American, where the check digit is mandatory.
  if (/^[1-5]/.test(vin)) {
    const sum = [...vin].reduce((total, char, i) => total + VIN_VALUES[char] * VIN_WEIGHTS[i], 0);
    const check = sum % 11 === 10 ? 'X' : String(sum % 11);
    if (vin[8] !== check) throw badUserInput(`${field}: "${vin}" fails the VIN check digit (position 9 should be ${check}); check the number.`, field);
  }
  return { kind: SelectorKind.VEHICLE, value: `VIN:${vin}`, display: vin };
}

/** Street words to their standard abbreviations (USPS Publication 28, and the Mexican forms). */
const ADDRESS_ABBREVIATIONS: Record<string, string> = {
  STREET: 'ST', AVENUE: 'AVE', ROAD: 'RD', BOULEVARD: 'BLVD', DRIVE: 'DR', LANE: 'LN', COURT: 'CT', PLACE: 'PL', HIGHWAY: 'HWY',
  PARKWAY: 'PKWY', CIRCLE: 'CIR', TERRACE: 'TER', TRAIL: 'TRL', SQUARE: 'SQ', BUILDING: 'BLDG', FORT: 'FT', MOUNT: 'MT',
  NORTH: 'N', SOUTH: 'S', EAST: 'E', WEST: 'W', NORTHEAST: 'NE', NORTHWEST: 'NW', SOUTHEAST: 'SE', SOUTHWEST: 'SW',
  // "Av." is how both languages shorten an avenue: "Grand Av." and "Av. Obregón".
  AV: 'AVE', AVENIDA: 'AVE', CALLE: 'C', COLONIA: 'COL', CARRETERA: 'CARR', KILOMETRO: 'KM',
};
/**
 * Words that say "the unit is": one flat is written "Apt 4", "#4", "Unit 4", "Ste 4" or "Depto. 4",
 * so each becomes "#" when a unit follows it. In a US address (house number first) "#" marks the
 * unit too; in a Mexican one (street first, "Calle Juárez #123") it marks the house number, like
 * "No.", and is dropped.
 */
const UNIT_DESIGNATORS = new Set(['APT', 'APARTMENT', 'UNIT', 'STE', 'SUITE', 'INT', 'INTERIOR', 'DEPTO', 'DEPARTAMENTO', 'DEPT']);
/** "No. 123", "Num 123", "Número 123", "C.P. 84000": the word before a house number or postal code is dropped. */
const NUMBER_WORDS = new Set(['NO', 'NUM', 'NUMERO', 'NRO', 'CP']);
/** What can follow a unit designator: 4, 4B, B, 12-A (not "Genevieve" after "Ste."). */
const UNIT_ID = /^(\d[A-Z0-9-]*|[A-Z]|[A-Z]?\d+[A-Z]?)$/;

/** US postal codes, and the Mexican state codes and abbreviations, as they close an address. */
const US_STATE_CODES = new Set(Object.values(US_STATES));
/** Mexican states by what their addresses write besides the name: "Q. Roo", "Edo. Méx.", "Son.". */
const MX_ADDRESS_STATES: Record<string, string> = { 'Q ROO': 'ROO' };
/** Words after which a state's name is a street's or a neighbourhood's: "Calle Sonora", "Col. Jalisco". */
const STREET_FIRST_WORDS = new Set(['CALLE', 'C', 'AVENIDA', 'AV', 'AVE', 'BOULEVARD', 'BLVD', 'CARRETERA', 'CARR', 'PRIVADA', 'PRIV', 'CALLEJON', 'ANDADOR', 'CALZADA', 'CALZ',
  'COL', 'COLONIA', 'FRACC', 'FRACCIONAMIENTO', 'BARRIO', 'UNIDAD']);
const COUNTRY_NAMES = new Set(['USA', 'US', 'UNITED STATES', 'UNITED STATES OF AMERICA', 'EUA', 'EEUU', 'MEXICO', 'MX', 'MEX']);
/**
 * State names as they read once an address's words are abbreviated ("North Carolina" is "N CAROLINA"
 * by then, as "N. Carolina" is): the state rules work on the abbreviated words, so an address already
 * normalised reads as its own spelling, and a stored value can be respelled from the value alone.
 */
const ADDRESS_STATE_NAMES: Record<string, string> = Object.fromEntries([
  ...Object.entries(US_STATES),
  ...Object.entries(MX_STATES),
  ...Object.entries(MX_ADDRESS_STATES),
  // Not those that end addresses as words (Car Wash, Playa del ..., Mass): ILL, DEL, WASH and the like.
  ...Object.entries(US_STATE_ABBREVIATIONS).filter(([abbreviation]) => !AMBIGUOUS_AT_ADDRESS_END.has(abbreviation)),
].map(([name, code]) => [name.split(' ').map((word) => ADDRESS_ABBREVIATIONS[word] ?? word).join(' '), code]));

/** The state that ends `words` (a name of up to six words, a code or a usual abbreviation), in one form: AZ, SON. */
function stateEnding(words: string[]): { length: number; code: string } | null {
  for (let length = Math.min(6, words.length); length >= 1; length--) {
    const phrase = words.slice(words.length - length).join(' ');
    // ISO 3166-2 as plates are written (MX-SON, US-AZ) is the state's code.
    const iso = length === 1 ? /^(?:MX-([A-Z]{3})|US-([A-Z]{2}))$/.exec(phrase) : null;
    // A bare COL is the colonia, not Colima.
    const code = ADDRESS_STATE_NAMES[phrase]
      ?? (iso ? (iso[1] ? mexicanState(iso[1]) : US_STATE_CODES.has(iso[2]) ? iso[2] : undefined) : undefined)
      ?? (length === 1 && phrase !== 'COL' ? (US_STATE_CODES.has(phrase) ? phrase : mexicanState(phrase)) : undefined);
    if (code) return { length, code };
  }
  return null;
}

/**
 * The end of an address, where its state and country are: the state written as its code ("Tucson,
 * Arizona 85701" as "Tucson, AZ 85701"; "Nogales, Sonora" and "Nogales, Son." alike), and a country
 * after a state or a postal code dropped ("…, AZ, USA" is "…, AZ"). Only the end is read: "Arizona
 * Ave" and "Calle Sonora" are streets.
 */
function standardEnding(words: string[]): string[] {
  const isPostalCode = (word: string | undefined) => word !== undefined && /^\d{5}$/.test(word);
  const body = countryDropped(trailingInitialsJoined(words), (rest) => isPostalCode(rest.at(-1)) || !!stateEnding(rest));
  // The state comes before the postal code: "AZ 85701", "Son., C.P. 84000" (its word is gone by now);
  // a country between them goes as after the code ("AZ, USA 85621", "Son., México 84000").
  const postal = isPostalCode(body.at(-1)) ? 1 : 0;
  const beforePostal = countryDropped(trailingInitialsJoined(body.slice(0, body.length - postal)), (rest) => !!stateEnding(rest));
  const found = beforePostal.length > 1 ? stateEnding(beforePostal) : null;
  const state = found && !STREET_FIRST_WORDS.has(beforePostal.at(-found.length - 1) ?? '') ? found : null;
  // After a US state the ZIP says nothing more (it is written or left out at will): it goes. A Mexican
  // C.P. stays: one city has streets of one name in several colonias, and the C.P. tells them apart.
  // Elsewhere five digits may be a house number, and stay.
  const withState = state ? [...beforePostal.slice(0, beforePostal.length - state.length), state.code] : beforePostal;
  return state && US_STATE_CODES.has(state.code) ? withState : [...withState, ...body.slice(body.length - postal)];
}

/** "P.O. Box" and "Post Office Box" as the Postal Service writes them: PO BOX. In place. */
function poBoxJoined(words: string[]): void {
  for (let i = words.length - 2; i >= 1; i--) {
    if (words[i + 1] !== 'BOX') continue;
    if ((words[i - 1] === 'P' && words[i] === 'O') || (words[i - 1] === 'POST' && words[i] === 'OFFICE')) words.splice(i - 1, 2, 'PO');
  }
}

/** A ZIP+4 written with a space ("85621 1234"), closing the address or before its country, as its five digits. In place. */
function zipPlusFourDropped(words: string[]): void {
  for (let end = words.length; end >= Math.max(2, words.length - 4); end--) {
    // The country may still be in initials (U.S.A.), joined only later.
    const rest = words.slice(end);
    const after = rest.length > 1 && rest.every((word) => /^[A-Z]$/.test(word)) ? rest.join('') : rest.join(' ');
    if (after && !COUNTRY_NAMES.has(after)) continue;
    if (/^\d{4}$/.test(words[end - 1]) && /^\d{5}$/.test(words[end - 2] ?? '')) {
      words.splice(end - 1, 1);
      return;
    }
  }
}

/** The words without the country's name that closes them, when what comes before it `belongs` (a state, a postal code). */
function countryDropped(words: string[], belongs: (rest: string[]) => boolean): string[] {
  for (let length = Math.min(4, words.length - 1); length >= 1; length--) {
    if (!COUNTRY_NAMES.has(words.slice(words.length - length).join(' '))) continue;
    // "New Mexico" and "Estado de México" are states that end in a country's name.
    if ((stateEnding(words)?.length ?? 0) > length) return words;
    const rest = trailingInitialsJoined(words.slice(0, words.length - length));
    return belongs(rest) ? rest : words;
  }
  return words;
}

/** Initials closing the words are one: "N.M." and "U.S.A." come as N M and U S A, and are NM and USA. */
function trailingInitialsJoined(words: string[]): string[] {
  let start = words.length;
  while (start > 0 && /^[A-Z]$/.test(words[start - 1])) start--;
  return words.length - start >= 2 && start > 0 ? [...words.slice(0, start), words.slice(start).join('')] : words;
}

/**
 * An address: upper case without accents or punctuation, words abbreviated the standard way, the
 * state as its code and a country after it dropped, unit designators as "#", the number word or
 * Mexican "#" before a house number dropped, a postal code after the state dropped (a ZIP+4 elsewhere as its five digits), spaces collapsed.
 */
export function normalizeAddress(raw: string, field: string): NormalizedSelector {
  const text = requireValue(raw, field, 300);
  const words = text.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase()
    .replace(/\b(\d{5})-\d{4}\b/g, '$1').replace(/#/g, ' # ').replace(/[.,;:]/g, ' ')
    .split(/\s+/).filter(Boolean);
  poBoxJoined(words);
  zipPlusFourDropped(words);
  const houseNumberFirst = /^\d/.test(words[0] ?? '');
  const abbreviated: string[] = [];
  words.forEach((word, i) => {
    const next = words[i + 1] ?? '';
    const unitFollows = next === '#' || UNIT_ID.test(next);
    if (word === '#') {
      if (houseNumberFirst && abbreviated.at(-1) !== '#' && UNIT_ID.test(next)) abbreviated.push('#');
      return;
    }
    if (UNIT_DESIGNATORS.has(word) && unitFollows) {
      if (abbreviated.at(-1) !== '#') abbreviated.push('#');
      return;
    }
    if (NUMBER_WORDS.has(word) && /^\d/.test(next)) return;
    // "C. P. 84000" as "C.P. 84000": the postal code's word, spelled apart.
    if ((word === 'C' && next === 'P' && /^\d{5}$/.test(words[i + 2] ?? '')) || (word === 'P' && words[i - 1] === 'C' && /^\d{5}$/.test(next))) return;
    abbreviated.push(ADDRESS_ABBREVIATIONS[word] ?? word);
  });
  const value = standardEnding(abbreviated);
  const canonical = value.join(' ');
  if (!/[A-Z]/.test(canonical) || value.length < 2) throw badUserInput(`${field}: "${text}" is not an address; give at least the street and number, or the place.`, field);
  return { kind: SelectorKind.ADDRESS, value: canonical, display: text.replace(/\s+/g, ' ') };
}

export enum IdentityDocumentType {
  PASSPORT = 'PASSPORT',
  BORDER_CROSSING_CARD = 'BORDER_CROSSING_CARD',
  VISA = 'VISA',
  DRIVER_LICENSE = 'DRIVER_LICENSE',
  NATIONAL_ID = 'NATIONAL_ID',
}

/** An identity document: its type, issuing country (ISO 3166-1 alpha-3) and number, upper case without separators. */
export function normalizeIdentityDocument(type: IdentityDocumentType, issuingCountry: string, number: string, field: string, numberField = partOf(field, 'number')): NormalizedSelector {
  const country = countryCode(requireValue(issuingCountry, partOf(field, 'issuingCountry'), 60));
  if (!country) throw badUserInput(`${partOf(field, 'issuingCountry')}: "${issuingCountry}" is not a country; give its ISO 3166-1 code (MEX, USA, or MX, US) or its name.`, partOf(field, 'issuingCountry'));
  // "N° 123456", "No. 123456", "#123456": the number's mark is not part of it; nor is punctuation around it.
  const digits = requireValue(number, numberField, 30).toUpperCase().replace(/^(N[°º]|NO\.|#)\s*/, '').replace(SEPARATORS, '').replace(/[,;:]/g, '');
  // As for plates: a Cyrillic or accented look-alike dropped would leave another document's number.
  if (/[^A-Z0-9]/.test(digits)) throw badUserInput(`${numberField}: "${number}" has characters no document number has; write it in Latin letters and digits (A-Z, 0-9).`, numberField);
  if (digits.length < 4) throw badUserInput(`${numberField}: "${number}" is too short for a document number.`, numberField);
  return { kind: SelectorKind.IDENTITY_DOCUMENT, value: `${type}:${country}:${digits}`, display: `${type.replace(/_/g, ' ').toLowerCase()} ${country} ${digits}` };
}

/**
 * An account: the institution (upper case, punctuation and legal suffixes dropped) and the number as
 * the finance subgraph keeps it, masked to its last digits (****4821): full account numbers are never
 * stored, so two accounts of one bank ending alike are one selector until Treasury says otherwise.
 */
export function normalizeAccount(institution: string, maskedNumber: string, field: string, numberField = partOf(field, 'maskedNumber')): NormalizedSelector {
  // Dots and commas out, spaces single, before the legal suffixes: "S.A. de C.V." is "S A DE C V".
  const bank = requireValue(institution, partOf(field, 'institution'), 200).normalize('NFD').replace(/\p{M}/gu, '').toUpperCase()
    .replace(/[.,]/g, ' ').replace(/\s+/g, ' ').replace(/\b(S\s?A(\s?DE\s?C\s?V)?|INC|N\s?A|LLC|CORP|CO)\b/g, ' ').replace(/\s+/g, ' ').trim();
  // Masked as statements print it: ****4821, XXXX-4821, ••••4821.
  const masked = requireValue(maskedNumber, numberField, 30).replace(SEPARATORS, '');
  const match = /^[*xX•●]{2,}(\d{2,4})$/.exec(masked);
  if (!match) throw badUserInput(`${numberField} must hide all but the last 2 to 4 digits, e.g. ****4821; never send a full account number.`, numberField);
  return { kind: SelectorKind.ACCOUNT, value: `${bank}:${match[1]}`, display: `${bank} ****${match[1]}` };
}

/** What partial searches match: the value in capitals and digits only, without the PLATE:/VIN: prefix. */
export function searchForm(value: string): string {
  return value.replace(/^(PLATE|VIN):/, '').toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** Search text as part of an address is stored ("East 12th Street" as E 12TH ST), or null when it cannot be read as one. */
export function addressSearchForm(text: string): string | null {
  try {
    return searchForm(normalizeAddress(text, 'text').value);
  } catch {
    return null;
  }
}

/**
 * A selector's id, the same in every subgraph for the same kind and canonical value (a name-based
 * UUID, version 5, in a namespace of our own), so agencies can name a selector without a round trip.
 */
export function selectorId(selector: { kind: string; value: string }): string {
  const hash = crypto.createHash('sha1').update(SELECTOR_NAMESPACE).update(`${selector.kind}\n${selector.value}`).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

const SELECTOR_NAMESPACE = Buffer.from('6f1d2c3e4b5a49788a9b0c1d2e3f4a5b', 'hex');

/** A part of an input field (`document.number`), or the bare name when the field is a set of arguments. */
function partOf(field: string, part: string): string {
  return field ? `${field}.${part}` : part;
}

function requireValue(raw: string | null | undefined, field: string, max: number): string {
  // Invisible format characters (zero-width spaces, soft hyphens, bidi overrides, a BOM) would make
  // one visible value two selectors, or show a display that reads otherwise than it is stored.
  // NFKC: full-width and other compatibility forms (ＡＢＣ１２３, ﬁ) are the letters they show.
  const text = (raw ?? '').replace(/\p{Cf}/gu, '').normalize('NFKC').trim();
  if (!text) throw badUserInput(`${field} must not be empty.`, field);
  if (text.length > max) throw badUserInput(`${field} is ${text.length} characters long; at most ${max} are allowed.`, field);
  if (/\p{Cc}/u.test(text)) throw badUserInput(`${field} contains control characters; remove them.`, field);
  return text;
}
