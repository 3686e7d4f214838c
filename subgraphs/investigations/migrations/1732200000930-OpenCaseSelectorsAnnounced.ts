import { MigrationInterface, QueryRunner } from 'typeorm';
import { backfillEvents } from '../../../lib/events/outbox';
import { openCaseEvents } from '../case/open-case-events';

/**
 * After a respelling (lib/selectors/respelling.ts) moved case subjects' addresses, plates and e-mail
 * addresses to their new ids, deconfliction still keys the open cases by the ids it took from their
 * events, and holds nothing it could respell them from. Each open case naming such a selector is
 * announced again, as a backfill (its keys are added, nobody is notified), so a record spelled the
 * new way meets the case by the selector again. Each respelling is followed by one.
 */
export function openCaseSelectorsAnnounced(name: string): new () => MigrationInterface {
  return class implements MigrationInterface {
    name = name;

    async up(q: QueryRunner): Promise<void> {
      const cases: Record<string, any>[] = await q.query(`
        SELECT * FROM investigation_case c
         WHERE c.status = 'OPEN' AND EXISTS (SELECT 1 FROM case_subject_selector s WHERE s.case_id = c.id AND s.kind IN ('ADDRESS', 'VEHICLE', 'EMAIL'))`);
      if (!cases.length) return;
      const ids = cases.map((c) => c.id);
      const subjects = await q.query(`SELECT case_id::text, person_id::text FROM case_subject WHERE case_id = ANY ($1)`, [ids]);
      const selectors = await q.query(`SELECT case_id::text, selector_id::text, kind, value FROM case_subject_selector WHERE case_id = ANY ($1)`, [ids]);
      await backfillEvents(q.manager, openCaseEvents(cases, subjects, selectors));
    }

    async down(): Promise<void> {
      // Announcements are not taken back; the keys they added name the cases' selectors as stored.
    }
  };
}

/** After AddressStateRespelling (920). */
export const OpenCaseSelectorsAnnounced1732200000930 = openCaseSelectorsAnnounced('OpenCaseSelectorsAnnounced1732200000930');

/** After AddressEmailRespelling (940). */
export const OpenCaseSelectorsAnnouncedAgain1732200000950 = openCaseSelectorsAnnounced('OpenCaseSelectorsAnnouncedAgain1732200000950');
