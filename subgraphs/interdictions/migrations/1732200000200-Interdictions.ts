import { MigrationInterface, QueryRunner } from 'typeorm';

export class Interdictions1732200000200 implements MigrationInterface {
  name = 'Interdictions1732200000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE interdiction (
        id uuid PRIMARY KEY,
        occurred_at timestamptz NOT NULL,
        type text NOT NULL,
        sector text NOT NULL,
        station text NOT NULL,
        latitude double precision NOT NULL,
        longitude double precision NOT NULL,
        migrants_encountered integer NOT NULL DEFAULT 0 CHECK (migrants_encountered >= 0),
        organization_id uuid,
        provenance_agency text NOT NULL,
        provenance_recorded_at timestamptz NOT NULL DEFAULT now(),
        provenance_recorded_by text NOT NULL
      )`);
    await q.query(`CREATE INDEX interdiction_organization ON interdiction (organization_id, occurred_at DESC, id)`);
    await q.query(`CREATE INDEX interdiction_occurred_at ON interdiction (occurred_at)`);
    await q.query(`
      CREATE TABLE seizure (
        id uuid PRIMARY KEY,
        interdiction_id uuid NOT NULL REFERENCES interdiction (id),
        category text NOT NULL,
        quantity numeric NOT NULL CHECK (quantity >= 0),
        unit text NOT NULL,
        estimated_value_usd numeric(16, 2) NOT NULL CHECK (estimated_value_usd >= 0),
        description text
      )`);
    await q.query(`CREATE INDEX seizure_interdiction ON seizure (interdiction_id)`);
    await q.query(`
      CREATE TABLE interdiction_subject (
        interdiction_id uuid NOT NULL REFERENCES interdiction (id),
        person_id uuid NOT NULL,
        PRIMARY KEY (interdiction_id, person_id)
      )`);
    await q.query(`CREATE INDEX interdiction_subject_person ON interdiction_subject (person_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE interdiction_subject, seizure, interdiction`);
  }
}
