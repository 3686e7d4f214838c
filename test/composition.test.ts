import fs from 'node:fs';
import path from 'node:path';
import { composeSupergraph } from '../scripts/compose';
import { projectRoot } from '../lib/config';
import type { TargetDossierQuery } from '../operations/types';

describe('composition', () => {
  it('the committed schema/ matches what the subgraphs compose to (run "npm run compose" if not)', async () => {
    const files = await composeSupergraph();
    expect(files.size).toBeGreaterThanOrEqual(16); // 7 subgraphs x 2 places, the supergraph, the trusted-document manifest
    for (const [file, text] of files) {
      expect({ file, text: fs.readFileSync(path.join(projectRoot, file), 'utf8') }).toEqual({ file, text });
    }
  });

  it('generates typed results for every canonical operation', () => {
    const types = fs.readFileSync(path.join(projectRoot, 'operations', 'types.ts'), 'utf8');
    for (const name of ['TargetDossier', 'PersonDossier', 'SearchTargets', 'Network', 'WeeklyBriefing']) {
      expect(types).toContain(`export type ${name}Query = `);
      expect(types).toContain(`export type ${name}QueryVariables = `);
    }
    // The types follow the schema: a scoped field is nullable, a member's role is the enum.
    const dossier: TargetDossierQuery = { organization: null };
    expect(dossier.organization).toBeNull();
    expect(types).toMatch(/role: MembershipRole/);
  });

  it('the supergraph carries every subgraph and the shared entities', () => {
    const supergraph = fs.readFileSync(path.join(projectRoot, 'schema', 'supergraph.graphql'), 'utf8');
    for (const name of ['TARGETS', 'INTERDICTIONS', 'INVESTIGATIONS', 'FINANCE', 'TRAVEL', 'DECONFLICTION']) expect(supergraph).toContain(`${name} @join__graph`);
    expect(supergraph).toMatch(/type Organization\s+(@join__type\([^)]*\)\s+)*@join__type\(graph: FINANCE, key: "id"\)/);
  });
});
