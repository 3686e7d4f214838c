import { Random } from './random';
import { Registry, SeedPerson, stripAccents } from './registry';

/**
 * One man the registry holds twice: HSI registered him under his full name, and CBP, apprehending
 * him at the line, under the spelling he gave (no accents, one surname, a letter heard differently),
 * with the same date of birth and nationality. Entity resolution should find the pair
 * (possibleMatches) and an analyst merge it. From a stream of its own, so every other seeded
 * record stays as it was; the same at every scale.
 */
export interface RecordedTwice {
  /** The registry's person (HSI), leader of the first organization. */
  original: SeedPerson;
  /** The same man as CBP recorded him; not in registry.persons, so no other seed names him. */
  variant: SeedPerson;
  variantAgency: 'CBP';
}

const SOUNDALIKES: [RegExp, string][] = [[/z/g, 's'], [/v/g, 'b'], [/ll/g, 'y'], [/ge/g, 'je'], [/gi/g, 'ji'], [/ce/g, 'se'], [/ci/g, 'si'], [/h(?=[aeiou])/g, ''], [/qu/g, 'k'], [/c(?=[aou])/g, 'k']];

/** The spelling a name is heard and written as: accents dropped, the second surname left off, letters that sound alike swapped. */
export function heardAs(name: string): string {
  const [first, surname] = stripAccents(name).split(' ');
  const swap = (word: string) => {
    for (const [pattern, replacement] of SOUNDALIKES) {
      const swapped = word.toLowerCase().replace(pattern, replacement);
      if (swapped !== word.toLowerCase()) return swapped.charAt(0).toUpperCase() + swapped.slice(1);
    }
    return word;
  };
  return `${first} ${swap(surname)}`;
}

export function recordedTwice(registry: Registry): RecordedTwice {
  const random = new Random(`recorded-twice:${registry.scale}`);
  const leader = registry.memberships.find((m) => m.organizationId === registry.organizations[0].id && m.role === 'LEADER')!;
  const original = registry.persons.find((p) => p.id === leader.personId)!;
  const variant: SeedPerson = {
    id: random.uuid(), name: heardAs(original.name), aliases: [], dateOfBirth: original.dateOfBirth, nationality: original.nationality,
  };
  return { original, variant, variantAgency: 'CBP' };
}
