import { MigrationInterface, QueryRunner } from 'typeorm';

export class SuspiciousActivityReports1732200000401 implements MigrationInterface {
  name = 'SuspiciousActivityReports1732200000401';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE suspicious_activity_report (
        id uuid PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES financial_account (id),
        filed_at timestamptz NOT NULL,
        filing_institution text NOT NULL,
        amount_usd numeric(16, 2) NOT NULL CHECK (amount_usd >= 0),
        activity text NOT NULL
      )`);
    await q.query(`CREATE INDEX suspicious_activity_report_account ON suspicious_activity_report (account_id, filed_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE suspicious_activity_report`);
  }
}
