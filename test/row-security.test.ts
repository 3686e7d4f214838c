import { DataSource } from 'typeorm';
import { openSubgraphDatabase, seedIfEmpty } from '../lib/subgraph/database';
import { ScopedDatabase } from '../lib/database/scoped-database';
import { releasedToSql } from '../lib/handling/release';
import { agencyCodes } from '../lib/identity/policy';
import { databaseName, dropDatabase } from '../lib/database/server';
import { subgraphs } from '../subgraphs';
import { generateRegistry } from '../lib/seed/registry';
import { serverUrl, uniquePrefix } from './support/harness';
import { labelledTables, GuardedTable, releasedRowsSql } from './support/release-oracle';

/**
 * Issue 13, proof 1: a request's connection (a ScopedDatabase begun for an agency) running a
 * deliberately unfiltered SELECT on every labelled table of every subgraph sees exactly the rows
 * the release rule gives that agency, and no others: nothing in the statement asks for a filter,
 * so whatever filters is PostgreSQL's row security. The expectation is computed as the owner with
 * `releasedToSql` (and, for a record that lives under a parent, the parent's own expectation,
 * found from the table's foreign keys, not from the policies under test).
 */
describe('row-level security under a request\'s connection, on seeded data', () => {
  const prefix = uniquePrefix('rls');
  const databases: Record<string, DataSource> = {};
  const tables: Record<string, GuardedTable[]> = {};

  beforeAll(async () => {
    for (const definition of subgraphs) {
      databases[definition.name] = await openSubgraphDatabase(definition, serverUrl(), prefix);
      await seedIfEmpty(definition, databases[definition.name], 1);
      tables[definition.name] = await labelledTables(databases[definition.name]);
    }
    // Watches are made by users, none is seeded: three of this test's own, one of each sensitivity.
    const person = generateRegistry(1).persons[0];
    // Merges too (mergePersons): three of this test's own, one of each sensitivity.
    const [survivor, ...merged] = generateRegistry(1).persons.slice(1, 5);
    for (const [i, [agency, sensitivity, releasableTo]] of [['HSI', 'OPEN', '{ALL_DOMESTIC}'], ['FBI', 'POINTER', '{FBI}'], ['DEA', 'RESTRICTED', '{DEA}']].entries()) {
      await databases.targets.query(
        `INSERT INTO person_merge (id, survivor_id, merged_id, justification, provenance_agency, provenance_recorded_by, handling_sensitivity, handling_releasable_to, handling_control_official)
         VALUES (gen_random_uuid(), $1, $2, 'row security test', $3, 'test', $4, $5, $3)`, [survivor.id, merged[i].id, agency, sensitivity, releasableTo]);
    }
    for (const [agency, sensitivity, releasableTo] of [['HSI', 'OPEN', '{ALL_DOMESTIC}'], ['FBI', 'POINTER', '{FBI}'], ['DEA', 'RESTRICTED', '{DEA}']]) {
      await databases.deconfliction.query(
        `INSERT INTO watch (id, person_id, note, contact_name, provenance_agency, provenance_recorded_by, handling_sensitivity, handling_releasable_to, handling_control_official)
         VALUES (gen_random_uuid(), $1, 'row security test', $2, $2, 'test', $3, $4, $2)`, [person.id, agency, sensitivity, releasableTo]);
    }
  }, 600_000);
  afterAll(async () => {
    for (const [name, db] of Object.entries(databases)) {
      await db.destroy();
      await dropDatabase(serverUrl(), databaseName(name, prefix));
    }
  });

  it('finds the labelled tables of every agency subgraph, each with OPEN, POINTER and RESTRICTED rows', async () => {
    for (const name of ['targets', 'interdictions', 'investigations', 'finance', 'travel', 'deconfliction']) expect(tables[name].length).toBeGreaterThan(0);
    // A record under a parent is released only with it: the expectation follows the foreign keys.
    const parentsOf = (name: string, table: string) => tables[name].find((t) => t.table === table)?.parents.map((p) => p.parent.table).sort();
    expect(parentsOf('investigations', 'arrest')).toEqual(['investigation_case']);
    expect(parentsOf('investigations', 'indictment')).toEqual(['investigation_case']);
    expect(parentsOf('targets', 'membership')).toEqual(['organization', 'person']);
    expect(parentsOf('targets', 'association')).toEqual(['person', 'person']);
    const missing: string[] = [];
    for (const [name, labelled] of Object.entries(tables)) {
      for (const { table } of labelled) {
        const rows: { sensitivity: string }[] = await databases[name].query(`SELECT DISTINCT handling_sensitivity AS sensitivity FROM ${table}`);
        const kinds = new Set(rows.map((r) => r.sensitivity));
        for (const kind of ['OPEN', 'POINTER', 'RESTRICTED']) if (!kinds.has(kind)) missing.push(`${name}.${table}: no ${kind} rows`);
      }
    }
    expect(missing).toEqual([]);
  });

  for (const agency of [...agencyCodes, 'NOBODY']) {
    it(`an unfiltered SELECT as ${agency} returns exactly the rows released to ${agency}, on every labelled table`, async () => {
      const differences: string[] = [];
      let shown = 0;
      let withheld = 0;
      for (const [name, db] of Object.entries(databases)) {
        for (const table of tables[name]) {
          const expected = new Set<string>((await db.query(releasedRowsSql(table, agency))).map((r: { id: string }) => r.id));
          const scoped = new ScopedDatabase(db, { agency });
          let seen: string[];
          try {
            seen = (await scoped.query<{ id: string }>(`SELECT id FROM ${table.table}`)).map((r) => r.id);
          } finally {
            await scoped.finish();
          }
          const extra = seen.filter((id) => !expected.has(id));
          const hidden = [...expected].filter((id) => !seen.includes(id));
          if (extra.length) differences.push(`${name}.${table.table}: ${extra.length} rows shown that are not released to ${agency}, e.g. ${extra[0]}`);
          if (hidden.length) differences.push(`${name}.${table.table}: ${hidden.length} released rows hidden from ${agency}, e.g. ${hidden[0]}`);
          if (seen.length !== new Set(seen).size) differences.push(`${name}.${table.table}: duplicate rows`);
          shown += seen.length;
          const [{ rows }] = await db.query(`SELECT count(*)::int AS rows FROM ${table.table}`);
          withheld += rows - expected.size;
        }
      }
      expect(differences).toEqual([]);
      // Not a comparison of nothing with nothing: an agency sees some rows and is kept from others.
      if (agency !== 'NOBODY') expect(shown).toBeGreaterThan(0);
      expect(withheld).toBeGreaterThan(0);
    });
  }

  it('releases nothing to a caller without an agency or with an unknown one', async () => {
    for (const agency of ['', 'NOBODY']) {
      const scoped = new ScopedDatabase(databases.investigations, { agency });
      try {
        expect(await scoped.query(`SELECT count(*)::int AS n FROM investigation_case`)).toEqual([{ n: 0 }]);
      } finally {
        await scoped.finish();
      }
    }
  });
});
