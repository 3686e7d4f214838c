import { reviewMigration } from '../../../lib/retention/review-migration';

/** Operations and watches carry provenance like every record, with the last-validation time it now includes. */
export const Review1732200000790 = reviewMigration('Review1732200000790');
