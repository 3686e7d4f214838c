import { reviewMigration } from '../../../lib/retention/review-migration';

/** 28 CFR 23.20(h): when each record was last validated, so that its review date follows from it. */
export const Review1732200000290 = reviewMigration('Review1732200000290');
