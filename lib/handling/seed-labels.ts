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
