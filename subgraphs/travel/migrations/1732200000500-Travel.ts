import { MigrationInterface, QueryRunner } from 'typeorm';

const provenance = `provenance_agency text NOT NULL, provenance_recorded_at timestamptz NOT NULL DEFAULT now(), provenance_recorded_by text NOT NULL`;

export class Travel1732200000500 implements MigrationInterface {
  name = 'Travel1732200000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE travel_restriction (
        id uuid PRIMARY KEY,
        type text NOT NULL,
        status text NOT NULL CHECK (status IN ('ACTIVE', 'LIFTED')),
        issued_at timestamptz NOT NULL,
        expires_at timestamptz,
        issuing_agency text NOT NULL,
        reason text NOT NULL,
        person_id uuid NOT NULL,
        organization_id uuid,
        lifted_at timestamptz,
        lift_reason text,
        ${provenance},
        CHECK (expires_at IS NULL OR expires_at > issued_at)
      )`);
    await q.query(`CREATE INDEX travel_restriction_person ON travel_restriction (person_id, issued_at DESC, id)`);
    await q.query(`CREATE INDEX travel_restriction_organization ON travel_restriction (organization_id, issued_at DESC, id)`);
    await q.query(`CREATE INDEX travel_restriction_issued_at ON travel_restriction (issued_at)`);
    await q.query(`CREATE INDEX travel_restriction_lifted_at ON travel_restriction (lifted_at)`);
    await q.query(`
      CREATE TABLE border_crossing (
        id uuid PRIMARY KEY,
        port text NOT NULL,
        crossed_at timestamptz NOT NULL,
        direction text NOT NULL,
        conveyance text NOT NULL,
        person_id uuid NOT NULL,
        ${provenance}
      )`);
    await q.query(`CREATE INDEX border_crossing_person ON border_crossing (person_id, crossed_at DESC, id)`);
    await q.query(`CREATE INDEX border_crossing_crossed_at ON border_crossing (crossed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE border_crossing, travel_restriction`);
  }
}
