import { MigrationInterface, QueryRunner } from 'typeorm';
import type { Bind } from './page-by-parent';
import type { Caller } from '../identity/caller';
import { agencyPolicy } from '../identity/policy';
import { ALL_DOMESTIC } from '../graphql/handling';

/** The release codes a caller matches: its own agency, and ALL_DOMESTIC for domestic agencies. */
export function releaseCodes(caller: Caller): string[] {
  return agencyPolicy(caller.agency)?.domestic ? [caller.agency, ALL_DOMESTIC] : [caller.agency];
}

/** SQL: the record under `alias` is released to the caller (or was submitted by its agency). */
export function visibleTo(alias: string, caller: Caller, bind: Bind): string {
  return `(${alias}.provenance_agency = ${bind(caller.agency)} OR ${alias}.handling_releasable_to && ${bind(releaseCodes(caller))}::text[])`;
}

/** Adds the handling labels to record tables that predate them; existing rows stay releasable to ALL_DOMESTIC. */
export function handlingMigration(name: string, tables: string[]): new () => MigrationInterface {
  return class implements MigrationInterface {
    name = name;

    async up(q: QueryRunner): Promise<void> {
      for (const table of tables) {
        await q.query(`ALTER TABLE ${table}
          ADD COLUMN handling_sensitivity text NOT NULL DEFAULT 'OPEN' CHECK (handling_sensitivity IN ('OPEN', 'POINTER', 'RESTRICTED')),
          ADD COLUMN handling_releasable_to text[] NOT NULL DEFAULT '{${ALL_DOMESTIC}}',
          ADD COLUMN handling_control_official text,
          ADD COLUMN handling_source_reliability text CHECK (handling_source_reliability IN ('A', 'B', 'C', 'D', 'E', 'F')),
          ADD COLUMN handling_content_validity integer CHECK (handling_content_validity BETWEEN 1 AND 6)`);
        await q.query(`CREATE INDEX ${table}_releasable_to ON ${table} USING gin (handling_releasable_to)`);
      }
    }

    async down(q: QueryRunner): Promise<void> {
      for (const table of tables) {
        await q.query(`ALTER TABLE ${table} DROP COLUMN handling_sensitivity, DROP COLUMN handling_releasable_to, DROP COLUMN handling_control_official,
          DROP COLUMN handling_source_reliability, DROP COLUMN handling_content_validity`);
      }
    }
  };
}
