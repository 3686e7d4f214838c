import { MigrationInterface, QueryRunner } from 'typeorm';

const provenance = `provenance_agency text NOT NULL, provenance_recorded_at timestamptz NOT NULL DEFAULT now(), provenance_recorded_by text NOT NULL`;

export class Investigations1732200000300 implements MigrationInterface {
  name = 'Investigations1732200000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE investigation_case (
        id uuid PRIMARY KEY,
        case_number text NOT NULL UNIQUE,
        title text NOT NULL,
        lead_agency text NOT NULL,
        partner_agencies text[] NOT NULL DEFAULT '{}',
        status text NOT NULL,
        opened_at timestamptz NOT NULL,
        closed_at timestamptz,
        organization_id uuid,
        ${provenance}
      )`);
    await q.query(`CREATE INDEX investigation_case_organization ON investigation_case (organization_id, opened_at DESC, id)`);
    await q.query(`CREATE INDEX investigation_case_opened_at ON investigation_case (opened_at)`);
    await q.query(`CREATE INDEX investigation_case_closed_at ON investigation_case (closed_at)`);
    await q.query(`
      CREATE TABLE case_subject (
        case_id uuid NOT NULL REFERENCES investigation_case (id),
        person_id uuid NOT NULL,
        role text NOT NULL,
        PRIMARY KEY (case_id, person_id)
      )`);
    await q.query(`CREATE INDEX case_subject_person ON case_subject (person_id)`);
    await q.query(`
      CREATE TABLE indictment (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES investigation_case (id),
        district text NOT NULL,
        filed_at timestamptz NOT NULL,
        ${provenance}
      )`);
    await q.query(`CREATE INDEX indictment_case ON indictment (case_id)`);
    await q.query(`CREATE INDEX indictment_filed_at ON indictment (filed_at)`);
    await q.query(`
      CREATE TABLE indictment_defendant (
        indictment_id uuid NOT NULL REFERENCES indictment (id),
        person_id uuid NOT NULL,
        PRIMARY KEY (indictment_id, person_id)
      )`);
    await q.query(`CREATE INDEX indictment_defendant_person ON indictment_defendant (person_id)`);
    await q.query(`
      CREATE TABLE charge (
        id uuid PRIMARY KEY,
        indictment_id uuid NOT NULL REFERENCES indictment (id),
        statute text NOT NULL,
        description text NOT NULL,
        counts integer NOT NULL CHECK (counts > 0)
      )`);
    await q.query(`CREATE INDEX charge_indictment ON charge (indictment_id)`);
    await q.query(`
      CREATE TABLE arrest (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES investigation_case (id),
        person_id uuid NOT NULL,
        arrested_at timestamptz NOT NULL,
        agency text NOT NULL,
        location text NOT NULL,
        ${provenance}
      )`);
    await q.query(`CREATE INDEX arrest_case ON arrest (case_id, arrested_at DESC)`);
    await q.query(`CREATE INDEX arrest_person ON arrest (person_id, arrested_at DESC, id)`);
    await q.query(`CREATE INDEX arrest_arrested_at ON arrest (arrested_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE arrest, charge, indictment_defendant, indictment, case_subject, investigation_case`);
  }
}
