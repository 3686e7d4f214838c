import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Many targets share a spelling (namesakes, common aliases): at the benchmark's large scale 65,000
 * names fold to 22,000 distinct forms. Nearest-first search walks a GiST index whose cost grows
 * with its entries, so it now walks the distinct forms and joins back to the names (a btree on
 * target_name.folded): a misspelled full name costs half as much, and every namesake still comes back.
 * A statement-level trigger adds the forms of inserted names; forms of renamed targets stay (they
 * then join to nothing).
 */
export class TargetNameForms1732200000105 implements MigrationInterface {
  name = 'TargetNameForms1732200000105';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE target_name_form (folded text PRIMARY KEY)`);
    await q.query(`INSERT INTO target_name_form SELECT DISTINCT folded FROM target_name`);
    await q.query(`CREATE INDEX target_name_form_nearest ON target_name_form USING gist (folded gist_trgm_ops)`);
    await q.query(`CREATE INDEX target_name_by_folded ON target_name (folded)`);
    await q.query(`
      CREATE FUNCTION add_target_name_forms() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO target_name_form SELECT DISTINCT folded FROM added ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER target_name_forms AFTER INSERT ON target_name REFERENCING NEW TABLE AS added
                   FOR EACH STATEMENT EXECUTE FUNCTION add_target_name_forms()`);
    await q.query(`DROP INDEX target_name_folded_nearest`);
    await q.query(`ANALYZE target_name_form`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX target_name_folded_nearest ON target_name USING gist (folded gist_trgm_ops)`);
    await q.query(`DROP TRIGGER target_name_forms ON target_name`);
    await q.query(`DROP FUNCTION add_target_name_forms()`);
    await q.query(`DROP INDEX target_name_by_folded`);
    await q.query(`DROP TABLE target_name_form`);
  }
}
