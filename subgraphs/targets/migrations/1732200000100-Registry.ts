import { MigrationInterface, QueryRunner } from 'typeorm';

export class Registry1732200000100 implements MigrationInterface {
  name = 'Registry1732200000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    await q.query(`
      CREATE TABLE organization (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        aliases text[] NOT NULL DEFAULT '{}',
        kind text NOT NULL,
        priority_rank integer,
        threat_level text NOT NULL,
        regions text[] NOT NULL DEFAULT '{}',
        parent_id uuid REFERENCES organization (id),
        provenance_agency text NOT NULL,
        provenance_recorded_at timestamptz NOT NULL DEFAULT now(),
        provenance_recorded_by text NOT NULL
      )`);
    await q.query(`CREATE INDEX organization_parent_id ON organization (parent_id)`);
    await q.query(`CREATE INDEX organization_priority ON organization (priority_rank NULLS LAST, name, id)`);
    await q.query(`CREATE INDEX organization_kind ON organization (kind)`);
    await q.query(`
      CREATE TABLE person (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        aliases text[] NOT NULL DEFAULT '{}',
        date_of_birth date,
        nationality text,
        provenance_agency text NOT NULL,
        provenance_recorded_at timestamptz NOT NULL DEFAULT now(),
        provenance_recorded_by text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE membership (
        id uuid PRIMARY KEY,
        person_id uuid NOT NULL REFERENCES person (id),
        organization_id uuid NOT NULL REFERENCES organization (id),
        role text NOT NULL,
        since date,
        until date,
        provenance_agency text NOT NULL,
        provenance_recorded_at timestamptz NOT NULL DEFAULT now(),
        provenance_recorded_by text NOT NULL,
        UNIQUE (person_id, organization_id)
      )`);
    await q.query(`CREATE INDEX membership_organization_id ON membership (organization_id, role)`);
    await q.query(`CREATE INDEX membership_person_id ON membership (person_id)`);
    await q.query(`
      CREATE TABLE association (
        id uuid PRIMARY KEY,
        person_id uuid NOT NULL REFERENCES person (id),
        associate_id uuid NOT NULL REFERENCES person (id),
        kind text NOT NULL,
        provenance_agency text NOT NULL,
        provenance_recorded_at timestamptz NOT NULL DEFAULT now(),
        provenance_recorded_by text NOT NULL,
        CHECK (person_id <> associate_id)
      )`);
    await q.query(`CREATE INDEX association_person_id ON association (person_id)`);
    await q.query(`CREATE INDEX association_associate_id ON association (associate_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE association, membership, person, organization`);
  }
}
