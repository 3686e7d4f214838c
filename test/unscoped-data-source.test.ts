import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * Row-level security is the only read path (issue 13) only while no resolver can reach a database
 * handle outside the request's scoped transaction: a DataSource or its EntityManager runs as the
 * owner, past every policy. This test reads the source, so that a resolver or loader added later
 * cannot import or receive one without failing here.
 */

const root = path.resolve(__dirname, '..');

/**
 * Files of subgraphs/ that legitimately hold the owner's DataSource. Only migrations, seeds and
 * subgraph bootstrap, each for a reason; nothing here serves a resolver.
 */
const ALLOWED: Record<string, string> = {
  // Migrations and seeds run as the owner by design (docs/row-level-security.md).
  'subgraphs/*/migrations/*.ts': 'migrations keep the owner role',
  'subgraphs/*/seed.ts': 'seeding keeps the owner role',
  // Bootstrap: what lib/subgraph/serve.ts starts beside the GraphQL endpoint, before and outside any request.
  'subgraphs/*/subgraph.ts': 'the subgraph definition hands the bootstrap its migrations, seed and background work',
  'subgraphs/deconfliction/matching/consume.ts': 'bootstrap: the event consumer writes the matching structure and notices as the owner (docs/deconfliction.md)',
  'subgraphs/deconfliction/webhook/delivery.ts': 'bootstrap: the webhook worker delivers notices already cut to their recipient',
  'subgraphs/deconfliction/notice/stream.ts': 'bootstrap: the notice stream route opens a ScopedDatabase of its own for each read',
  'subgraphs/travel/restriction/restriction.ts': 'bootstrap: untilNextExpiry, the response cache\'s expiry probe, reads one timestamp as the owner',
};

/** What typeorm exports that reaches the data source or runs statements outside the request's transaction. */
const UNSCOPED_TYPEORM = new Set(['DataSource', 'Connection', 'EntityManager', 'QueryRunner', 'Repository', 'getConnection', 'getManager', 'getRepository', 'createConnection', 'createQueryBuilder']);
/** Drivers and the modules that open or hand out the owner's DataSource. */
const UNSCOPED_MODULES = [/^pg$/, /^pg-/, /^postgres$/, /lib\/subgraph\/database$/, /lib\/database\/data-source$/, /lib\/database\/server$/, /lib\/database\/embedded$/];
const UNSCOPED_NAMES = new Set([...UNSCOPED_TYPEORM, 'openSubgraphDatabase', 'createDataSource', 'Pool', 'Client', 'PoolClient']);

function glob(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.]/g, '\\.').replace(/\*/g, '[^/]+')}$`);
}

function allowed(file: string): boolean {
  return Object.keys(ALLOWED).some((pattern) => glob(pattern).test(file));
}

/** Every way `source` imports or receives an unscoped handle, as "line: what". */
export function unscopedUses(file: string, source: string): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const at = (node: ts.Node, what: string) => found.push(`${file}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}: ${what}`);
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || (ts.isExportDeclaration(node) && node.moduleSpecifier)) {
      const from = (node.moduleSpecifier as ts.StringLiteral).text;
      if (UNSCOPED_MODULES.some((m) => m.test(from))) at(node, `imports from "${from}"`);
      const bindings = ts.isImportDeclaration(node) ? node.importClause?.namedBindings : node.exportClause;
      if (from === 'typeorm' && bindings && (ts.isNamedImports(bindings) || ts.isNamedExports(bindings))) {
        for (const element of bindings.elements) {
          const name = (element.propertyName ?? element.name).text;
          if (UNSCOPED_TYPEORM.has(name)) at(element, `imports ${name} from typeorm`);
        }
      }
      if (from === 'typeorm' && ts.isImportDeclaration(node) && (node.importClause?.name || (bindings && ts.isNamespaceImport(bindings)))) at(node, 'imports typeorm whole');
    } else if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
      const [specifier] = node.arguments;
      const from = specifier && ts.isStringLiteralLike(specifier) ? specifier.text : null;
      if (from === null || from === 'typeorm' || UNSCOPED_MODULES.some((m) => m.test(from))) at(node, `loads ${from ?? 'a computed module'} at run time`);
    } else if (ts.isImportTypeNode(node)) {
      const from = ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal) ? node.argument.literal.text : '';
      const name = node.qualifier?.getText(sf).split('.').pop() ?? '';
      if (UNSCOPED_NAMES.has(name) || UNSCOPED_MODULES.some((m) => m.test(from))) at(node, `takes a ${node.getText(sf)}`);
    } else if (ts.isTypeReferenceNode(node) || ts.isExpressionWithTypeArguments(node)) {
      // A parameter, property or variable typed as one: received from somewhere, whatever the import says.
      const name = ts.isTypeReferenceNode(node) ? node.typeName.getText(sf) : node.expression.getText(sf);
      const last = name.split('.').pop()!;
      if (UNSCOPED_NAMES.has(last)) at(node, `takes a ${name}`);
    } else if (ts.isIdentifier(node) && (node.text === 'openSubgraphDatabase' || node.text === 'createDataSource')) {
      at(node, `uses ${node.text}`);
    } else if (ts.isPropertyAccessExpression(node) && ['connection', 'dataSource'].includes(node.name.text) && /(^|\.)(manager|runner|queryRunner|db)$/.test(node.expression.getText(sf))) {
      // ScopedDatabase.manager is the request's; its `connection` is the owner's DataSource.
      at(node, `reaches ${node.getText(sf)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

function sourceFiles(folder: string): string[] {
  return fs.readdirSync(path.join(root, folder), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${folder}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(relative);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [relative] : [];
  });
}

/** Resolvers and loaders: every file of subgraphs/, the shared loaders, and any file of lib/ declaring a resolver. */
function resolverAndLoaderFiles(): string[] {
  const lib = sourceFiles('lib').filter((file) => file.startsWith('lib/loaders/') || /@(Resolver|FieldResolver|Query|Mutation)\(/.test(fs.readFileSync(path.join(root, file), 'utf8')));
  return [...sourceFiles('subgraphs'), ...lib].filter((file) => !allowed(file) && file !== 'lib/subgraph/build-schema.ts');
}

describe('resolvers reach the database only through the request\'s scoped transaction', () => {
  it('no resolver or loader file imports or receives a DataSource, EntityManager, driver client or openSubgraphDatabase', () => {
    const files = resolverAndLoaderFiles();
    // The scan covers what it means to: every subgraph's resolvers and loaders.
    expect(files.filter((f) => f.endsWith('/resolver.ts')).length).toBeGreaterThanOrEqual(20);
    expect(files.filter((f) => /^subgraphs\/[^/]+\/loaders\.ts$/.test(f)).length).toBe(6);
    expect(files).toContain('lib/loaders/registry.ts');
    expect(files).toContain('lib/retention/validation.ts');
    const uses = files.flatMap((file) => unscopedUses(file, fs.readFileSync(path.join(root, file), 'utf8')));
    expect(uses).toEqual([]);
  });

  it('every allowance names a file that exists, and only migrations, seeds or bootstrap', () => {
    for (const [pattern, why] of Object.entries(ALLOWED)) {
      expect(sourceFiles('subgraphs').some((file) => glob(pattern).test(file))).toBe(true);
      expect(why).toMatch(/migrations|seed|bootstrap/);
    }
  });

  it('the resolver context carries the caller, the request id, the onward request signatures, the scoped database and its loaders: nothing else', () => {
    const file = 'lib/subgraph/context.ts';
    const sf = ts.createSourceFile(file, fs.readFileSync(path.join(root, file), 'utf8'), ts.ScriptTarget.Latest, true);
    const context = sf.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'SubgraphContext');
    expect(context).toBeDefined();
    expect(context!.heritageClauses ?? []).toEqual([]);
    const members = Object.fromEntries(context!.members.map((m) => [m.name!.getText(sf), (m as ts.PropertySignature).type!.getText(sf)]));
    expect(members).toEqual({ caller: 'Caller', requestId: 'string', onwardSignatures: 'readonly string[]', db: 'ScopedDatabase', loaders: 'LoaderRegistry' });
    // What lib/subgraph/serve.ts builds the context from: the scoped database and loaders over it, no DataSource beside them.
    const serve = fs.readFileSync(path.join(root, 'lib/subgraph/serve.ts'), 'utf8');
    expect(serve).toMatch(/new ScopedDatabase\(/);
    expect(serve).toMatch(/new LoaderRegistry\(/);
  });

  it('the scoped database and the loaders expose no DataSource: their public members are scoped', () => {
    for (const [file, className] of [['lib/database/scoped-database.ts', 'ScopedDatabase'], ['lib/loaders/registry.ts', 'LoaderRegistry']]) {
      const sf = ts.createSourceFile(file, fs.readFileSync(path.join(root, file), 'utf8'), ts.ScriptTarget.Latest, true);
      const declaration = sf.statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === className)!;
      const exposed: string[] = [];
      const isPublic = (node: ts.Node) => !(ts.getCombinedModifierFlags(node as ts.Declaration) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected));
      for (const member of declaration.members) {
        if (ts.isConstructorDeclaration(member)) {
          // Constructor parameters that become public properties.
          for (const p of member.parameters) {
            const flags = ts.getCombinedModifierFlags(p);
            if (flags & ts.ModifierFlags.ParameterPropertyModifier && !(flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected))) exposed.push(`${p.name.getText(sf)}: ${p.type?.getText(sf)}`);
          }
        } else if (isPublic(member) && (ts.isPropertyDeclaration(member) || ts.isGetAccessorDeclaration(member))) {
          exposed.push(`${member.name.getText(sf)}: ${member.type?.getText(sf) ?? '?'}`);
        }
      }
      for (const member of exposed) expect(member).not.toMatch(/\b(DataSource|Connection|QueryRunner|PoolClient|Pool)\b/);
    }
  });

  it('catches each way of reaching the owner\'s handle (the scan itself can fail)', () => {
    const cases: Record<string, string> = {
      'import { DataSource } from \'typeorm\';': 'imports DataSource from typeorm',
      'import { EntityManager as M } from \'typeorm\';': 'imports EntityManager from typeorm',
      'import { Client } from \'pg\';': 'imports from "pg"',
      'import { openSubgraphDatabase } from \'../../lib/subgraph/database\';': 'imports from "../../lib/subgraph/database"',
      'export function f(db: import(\'typeorm\').DataSource) {}': 'takes a',
      'class R { q(@Ctx() { db }: SubgraphContext) { return db.manager.connection.query(\'SELECT 1\'); } }': 'reaches db.manager.connection',
      'const r: Repository<Case> = x;': 'takes a Repository',
      'const typeorm = require(\'typeorm\');': 'loads typeorm at run time',
      'const { Pool } = await import(\'pg\');': 'loads pg at run time',
    };
    for (const [source, what] of Object.entries(cases)) expect(unscopedUses('probe.ts', source).join('\n')).toContain(what);
    expect(unscopedUses('probe.ts', 'import { Column, Entity } from \'typeorm\'; class R { q(@Ctx() { db, loaders }: SubgraphContext) { return loaders.connection(x, 1, {}); } }')).toEqual([]);
  });
});
