import { Random } from '../seed/random';
import { ALL_DOMESTIC, Sensitivity } from './labels';

export interface HandlingMix {
  /** Share of records also released to foreign partners (MEX). */
  foreign?: number;
  /** Share of records kept to `owners`, shown to others as pointers. */
  pointer?: number;
  /** Share of records kept to `owners`, invisible to others. */
  restricted?: number;
}

/** Handling labels for a synthetic record, as columns: mostly released to all domestic agencies. */
export function seedHandling(random: Random, owners: string[], controlOfficial: string, mix: HandlingMix) {
  const roll = random.next();
  const restricted = mix.restricted ?? 0;
  const pointer = mix.pointer ?? 0;
  const sensitivity = roll < restricted ? Sensitivity.RESTRICTED : roll < restricted + pointer ? Sensitivity.POINTER : Sensitivity.OPEN;
  const releasableTo = sensitivity !== Sensitivity.OPEN ? [...new Set(owners)]
    : random.chance(mix.foreign ?? 0) ? [ALL_DOMESTIC, 'MEX'] : [ALL_DOMESTIC];
  return {
    handling_sensitivity: sensitivity,
    handling_releasable_to: releasableTo,
    handling_control_official: controlOfficial,
    handling_source_reliability: random.pick(['A', 'B', 'B', 'C', 'C', 'D']),
    handling_content_validity: random.int(1, 4),
  };
}

/**
 * Keeps a deterministic few of a table's seeded records to their owners: every `pointer.every`-th
 * (from `pointer.from`) becomes POINTER, every `restricted.every`-th RESTRICTED, released to the
 * agencies `owners` names. It draws nothing from the seed's random stream, so every other seeded
 * value stays as it was; it exists so that each labelled table has records of each sensitivity.
 */
export function keepSomeToOwners<T extends Record<string, unknown>>(
  records: T[], owners: (record: T) => string[],
  kinds: { pointer?: { every: number; from: number }; restricted?: { every: number; from: number } },
): T[] {
  const picked = (i: number, kind?: { every: number; from: number }) => !!kind && i >= kind.from && (i - kind.from) % kind.every === 0;
  return records.map((record, i) => {
    const sensitivity = picked(i, kinds.restricted) ? Sensitivity.RESTRICTED : picked(i, kinds.pointer) ? Sensitivity.POINTER : null;
    return sensitivity ? { ...record, handling_sensitivity: sensitivity, handling_releasable_to: [...new Set(owners(record))] } : record;
  });
}
