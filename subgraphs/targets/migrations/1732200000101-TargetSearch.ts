import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fuzzy search over every name and alias of organizations and persons: one row per name, folded
 * to lower case without accents, under a trigram GIN index. Triggers keep it in step with writes.
 */
export class TargetSearch1732200000101 implements MigrationInterface {
  name = 'TargetSearch1732200000101';

  async up(q: QueryRunner): Promise<void> {
    // unaccent() is only STABLE; an index needs an IMMUTABLE wrapper with the dictionary fixed.
    await q.query(`CREATE FUNCTION fold_name(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
                   AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$`);
    await q.query(`
      CREATE TABLE target_name (
        target_id uuid NOT NULL,
        target_type text NOT NULL,
        name text NOT NULL,
        folded text NOT NULL
      )`);
    await q.query(`CREATE INDEX target_name_folded ON target_name USING gin (folded gin_trgm_ops)`);
    await q.query(`CREATE INDEX target_name_target ON target_name (target_id)`);
    await q.query(`
      CREATE FUNCTION refresh_target_names() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM target_name WHERE target_id = NEW.id;
        INSERT INTO target_name (target_id, target_type, name, folded)
          SELECT DISTINCT NEW.id, TG_ARGV[0], n, fold_name(n) FROM unnest(array_prepend(NEW.name, NEW.aliases)) AS n;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER organization_names AFTER INSERT OR UPDATE OF name, aliases ON organization
                   FOR EACH ROW EXECUTE FUNCTION refresh_target_names('ORGANIZATION')`);
    await q.query(`CREATE TRIGGER person_names AFTER INSERT OR UPDATE OF name, aliases ON person
                   FOR EACH ROW EXECUTE FUNCTION refresh_target_names('PERSON')`);
    await q.query(`INSERT INTO target_name SELECT DISTINCT id, 'ORGANIZATION', n, fold_name(n) FROM organization, unnest(array_prepend(name, aliases)) n`);
    await q.query(`INSERT INTO target_name SELECT DISTINCT id, 'PERSON', n, fold_name(n) FROM person, unnest(array_prepend(name, aliases)) n`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER person_names ON person`);
    await q.query(`DROP TRIGGER organization_names ON organization`);
    await q.query(`DROP FUNCTION refresh_target_names()`);
    await q.query(`DROP TABLE target_name`);
    await q.query(`DROP FUNCTION fold_name(text)`);
  }
}
