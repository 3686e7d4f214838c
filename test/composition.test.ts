import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { composeSupergraph } from '../scripts/compose';
import { projectRoot } from '../lib/config';

/** The type errors of each snippet, each compiled as a module beside operations/types.ts, as a front-end would import it (one program for all). */
function typeErrors(snippets: Record<string, string>): Record<string, string[]> {
  const files = new Map(Object.entries(snippets).map(([name, code]) => [path.join(projectRoot, 'operations', `__${name}__.ts`), code]));
  const options: ts.CompilerOptions = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, skipLibCheck: true, types: [], lib: ['lib.es2022.d.ts'] };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, language, ...rest) => (files.has(path.resolve(name)) ? ts.createSourceFile(name, files.get(path.resolve(name))!, language) : getSourceFile.call(host, name, language, ...rest));
  host.fileExists = (name) => files.has(path.resolve(name)) || fileExists.call(host, name);
  host.readFile = (name) => files.get(path.resolve(name)) ?? readFile.call(host, name);
  const program = ts.createProgram([...files.keys()], options, host);
  return Object.fromEntries([...files.keys()].map((file, i) => [Object.keys(snippets)[i],
    ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '))]));
}

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
  });

  it('the generated types hold a front-end to the schema: a scoped field may be null, an unscoped one may not, a role is one of the enum', () => {
    const prelude = `import { MembershipRole, TargetDossierQuery } from './types';\ntype Organization = NonNullable<TargetDossierQuery['organization']>;\ntype Member = Organization['members']['edges'][number]['node'];\n`;
    const errors = typeErrors({
      // What the gateway can answer compiles...
      possible: `${prelude}const missing: TargetDossierQuery = { organization: null };\nconst cases: Organization['cases'] = null;\nconst role: Member['role'] = MembershipRole.Leader;\nexport { missing, cases, role };`,
      // ...and what it cannot does not.
      nullMembers: `${prelude}const members: Organization['members'] = null;\nexport { members };`,
      unknownRole: `${prelude}const role: Member['role'] = 'BOSS';\nexport { role };`,
    });
    expect(errors.possible).toEqual([]);
    expect(errors.nullMembers).toEqual([expect.stringMatching(/null.*not assignable/)]);
    expect(errors.unknownRole).toEqual([expect.stringMatching(/"BOSS".*not assignable.*MembershipRole/)]);
  });

  it('the supergraph carries every subgraph and the shared entities', () => {
    const supergraph = fs.readFileSync(path.join(projectRoot, 'schema', 'supergraph.graphql'), 'utf8');
    for (const name of ['TARGETS', 'INTERDICTIONS', 'INVESTIGATIONS', 'FINANCE', 'TRAVEL', 'DECONFLICTION']) expect(supergraph).toContain(`${name} @join__graph`);
    expect(supergraph).toMatch(/type Organization\s+(@join__type\([^)]*\)\s+)*@join__type\(graph: FINANCE, key: "id"\)/);
  });
});
