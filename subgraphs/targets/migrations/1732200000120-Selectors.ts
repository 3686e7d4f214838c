import { MigrationInterface, QueryRunner } from 'typeorm';
import { HANDLING_COLUMNS } from '../../../lib/handling/columns-migration';
import { guardTable } from '../../../lib/database/row-security';
import { registryReleasableTo } from '../../../lib/handling/registry-labels';

/**
 * Selectors (phones, vehicles, addresses, documents, accounts) and who in the registry was seen
 * using them. A selector row is only an identity: its id follows from its kind and normalised value
 * (lib/selectors/normalize.ts), and nothing shows whether a row exists (the API answers any
 * well-formed selector alike), so the table is readable and keeps its trigram and suffix indexes
 * usable under row security. What someone knows about a selector is the link, labelled and guarded:
 * it exists for the caller only while its labels release it and its person or organization is visible.
 */
export class Selectors1732200000120 implements MigrationInterface {
  name = 'Selectors1732200000120';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE selector (
        id uuid PRIMARY KEY,
        kind text NOT NULL,
        value text NOT NULL,
        display text NOT NULL,
        -- What partial searches match: the value without punctuation, digits of a phone reversed (suffixes become prefixes).
        search text NOT NULL,
        reversed_digits text NOT NULL DEFAULT '',
        UNIQUE (kind, value)
      )`);
    await q.query(`CREATE INDEX selector_search ON selector USING gin (search gin_trgm_ops)`);
    await q.query(`CREATE INDEX selector_reversed_digits ON selector (reversed_digits text_pattern_ops) WHERE reversed_digits <> ''`);
    await q.query(`
      CREATE TABLE selector_link (
        id uuid PRIMARY KEY,
        selector_id uuid NOT NULL REFERENCES selector (id),
        person_id uuid REFERENCES person (id),
        organization_id uuid REFERENCES organization (id),
        first_seen timestamptz NOT NULL,
        last_seen timestamptz NOT NULL,
        provenance_agency text NOT NULL,
        provenance_recorded_at timestamptz NOT NULL DEFAULT now(),
        provenance_recorded_by text NOT NULL,
        provenance_validated_at timestamptz,
        ${HANDLING_COLUMNS},
        CHECK ((person_id IS NULL) <> (organization_id IS NULL)),
        CHECK (first_seen <= last_seen)
      )`);
    await q.query(`ALTER TABLE selector_link ALTER COLUMN handling_releasable_to SET DEFAULT '{${registryReleasableTo().join(',')}}'`);
    // One link per agency, selector and subject: seeing it again moves last_seen.
    await q.query(`CREATE UNIQUE INDEX selector_link_person ON selector_link (selector_id, person_id, provenance_agency) WHERE person_id IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX selector_link_organization ON selector_link (selector_id, organization_id, provenance_agency) WHERE organization_id IS NOT NULL`);
    await q.query(`CREATE INDEX selector_link_by_selector ON selector_link (selector_id)`);
    await q.query(`CREATE INDEX selector_link_by_person ON selector_link (person_id) WHERE person_id IS NOT NULL`);
    await q.query(`CREATE INDEX selector_link_by_organization ON selector_link (organization_id) WHERE organization_id IS NOT NULL`);
    await q.query(`CREATE INDEX selector_link_releasable_to ON selector_link USING gin (handling_releasable_to)`);
    await q.query(`CREATE INDEX selector_link_review ON selector_link ((coalesce(provenance_validated_at, provenance_recorded_at)))`);
    const statements = [
      // Requests add selectors they link (ON CONFLICT DO NOTHING) and never change one.
      ...guardTable({ table: 'selector', labelled: false }),
      ...guardTable({
        table: 'selector_link', labelled: true,
        parents: [{ table: 'person', column: 'person_id', optional: true }, { table: 'organization', column: 'organization_id', optional: true }],
      }),
    ];
    for (const statement of statements) await q.query(statement);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE selector_link`);
    await q.query(`DROP TABLE selector`);
  }
}
