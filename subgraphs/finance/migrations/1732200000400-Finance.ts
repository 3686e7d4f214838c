import { MigrationInterface, QueryRunner } from 'typeorm';

const provenance = `provenance_agency text NOT NULL, provenance_recorded_at timestamptz NOT NULL DEFAULT now(), provenance_recorded_by text NOT NULL`;

export class Finance1732200000400 implements MigrationInterface {
  name = 'Finance1732200000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sanctions_designation (
        id uuid PRIMARY KEY,
        program text NOT NULL,
        list_entry_id text NOT NULL,
        designated_at timestamptz NOT NULL,
        authority text NOT NULL,
        basis text NOT NULL,
        person_id uuid,
        organization_id uuid,
        ${provenance},
        CHECK (person_id IS NOT NULL OR organization_id IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX sanctions_designation_person ON sanctions_designation (person_id, designated_at DESC, id)`);
    await q.query(`CREATE INDEX sanctions_designation_organization ON sanctions_designation (organization_id, designated_at DESC, id)`);
    await q.query(`CREATE INDEX sanctions_designation_designated_at ON sanctions_designation (designated_at)`);
    await q.query(`
      CREATE TABLE financial_account (
        id uuid PRIMARY KEY,
        institution text NOT NULL,
        country text NOT NULL,
        masked_number text NOT NULL CHECK (masked_number ~ '^\\*{2,}[0-9]{2,4}$'),
        status text NOT NULL,
        frozen_value_usd numeric(16, 2) CHECK (frozen_value_usd >= 0),
        frozen_at timestamptz,
        holder_id uuid,
        organization_id uuid,
        ${provenance}
      )`);
    await q.query(`CREATE INDEX financial_account_holder ON financial_account (holder_id)`);
    await q.query(`CREATE INDEX financial_account_organization ON financial_account (organization_id, status)`);
    await q.query(`CREATE INDEX financial_account_frozen_at ON financial_account (frozen_at)`);
    await q.query(`
      CREATE TABLE asset_seizure (
        id uuid PRIMARY KEY,
        seized_at timestamptz NOT NULL,
        asset_type text NOT NULL,
        description text NOT NULL,
        value_usd numeric(16, 2) NOT NULL CHECK (value_usd >= 0),
        authority text NOT NULL,
        person_id uuid,
        organization_id uuid,
        ${provenance}
      )`);
    await q.query(`CREATE INDEX asset_seizure_person ON asset_seizure (person_id, seized_at DESC, id)`);
    await q.query(`CREATE INDEX asset_seizure_organization ON asset_seizure (organization_id, seized_at DESC, id)`);
    await q.query(`CREATE INDEX asset_seizure_seized_at ON asset_seizure (seized_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE asset_seizure, financial_account, sanctions_designation`);
  }
}
