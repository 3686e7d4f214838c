import { MigrationInterface, QueryRunner } from 'typeorm';
import { accountSelector } from '../selector/selector';

/**
 * Each account is an ACCOUNT selector (its institution and masked number): its id, indexed, so that
 * `Selector.accounts` finds it. The account's own row and labels decide who sees it; nothing new to guard.
 */
export class AccountSelectors1732200000420 implements MigrationInterface {
  name = 'AccountSelectors1732200000420';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE financial_account ADD COLUMN selector_id uuid`);
    await q.query(`CREATE INDEX financial_account_selector ON financial_account (selector_id)`);
    const accounts: { id: string; institution: string; masked_number: string }[] = await q.query(`SELECT id, institution, masked_number FROM financial_account`);
    for (const account of accounts) {
      const selector = accountSelector(account.institution, account.masked_number);
      if (selector) await q.query(`UPDATE financial_account SET selector_id = $2 WHERE id = $1`, [account.id, selector.id]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE financial_account DROP COLUMN selector_id`);
  }
}
