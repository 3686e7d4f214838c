import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'graphql';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner, PlanNode } from '@apollo/query-planner';
import { parseArgs } from '../lib/cli-args';
import { projectRoot } from '../lib/config';
import { serveSubgraph, RunningSubgraph } from '../lib/subgraph/serve';
import { seedIfEmpty } from '../lib/subgraph/database';
import { statementCount } from '../lib/database/data-source';
import { signDevelopmentToken } from '../lib/identity/tokens';
import { readSupergraph, startGateway } from '../gateway/server';
import { withoutEnforcedSecurityFeatures } from '../gateway/need-to-know-gateway';
import { subgraphs } from '../subgraphs';
import { operationDocument } from '../operations';
import { generateRegistry } from '../lib/seed/registry';
import { recordedTwice } from '../lib/seed/spellings';
import { summarize } from './latency';

const USAGE = 'Usage: DATABASE_URL=... npm run bench:merges -- [--scale 10] [--requests 100] [--port 5400]';

/**
 * What following registry merges costs a person dossier (PersonDossier), two ways:
 * - the plan: fetches and their order with the agencies' `@requires(fields: "mergedIds")` (what is
 *   built) and without it (the shape a design where agencies follow merge events would have);
 * - live, on seeded data: SQL statements per subgraph and latency of one dossier, before and after
 *   merging the seeded person recorded twice (lib/seed/spellings.ts). The merge is undone at the end.
 */
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) return console.log(USAGE);
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error(`DATABASE_URL is not set.\n${USAGE}`);
  const scale = Number(args.scale ?? 10);
  const requests = Number(args.requests ?? 100);
  const port = Number(args.port ?? process.env.PORT ?? 5400);
  // Every dossier is executed, none answered from the gateway's or a subgraph's response cache.
  process.env.GATEWAY_CACHE_MIB = '0';
  process.env.SUBGRAPH_CACHE_MIB = '0';

  const document = operationDocument('PersonDossier');
  const supergraphSdl = readSupergraph();
  const plans = {
    requiresMergedIds: planShape(supergraphSdl, document),
    // The same supergraph with the agencies' requirement (and their external mergedIds) taken out.
    withoutRequires: planShape(supergraphSdl.replace(/, requires: "mergedIds"/g, '')
      .replace(/^(\s*mergedIds: .*)$/m, (line) => line.replace(/ @join__field\(graph: \w+, external: true\)/g, '')), document),
  };

  const prefix = `bench_merge_s${scale}`;
  const running: RunningSubgraph[] = [];
  for (const [i, definition] of subgraphs.entries()) {
    const subgraph = await serveSubgraph(definition, { port: port + 1 + i, serverUrl, databasePrefix: prefix });
    await seedIfEmpty(definition, subgraph.db, scale);
    running.push(subgraph);
    if (definition.name === 'targets') process.env.TARGETS_URL = subgraph.url;
  }
  const gateway = await startGateway({ port, audit: { serverUrl, prefix }, subgraphUrls: Object.fromEntries(running.map((s) => [s.name, s.url])) });
  const token = await signDevelopmentToken({ agency: 'HSI' });
  const ask = async (query: string, variables: Record<string, unknown>) => {
    const response = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
    const body = await response.json() as { data?: any; errors?: unknown[] };
    if (body.errors?.length) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  const { original, variant } = recordedTwice(generateRegistry(scale));
  const measure = async (label: string) => {
    await ask(document, { id: original.id }); // warm
    const before = running.map((s) => statementCount(s.db));
    await ask(document, { id: original.id });
    const statements = Object.fromEntries(running.map((s, i) => [s.name, statementCount(s.db) - before[i]]));
    const samples: number[] = [];
    for (let n = 0; n < requests; n++) {
      const started = performance.now();
      await ask(document, { id: original.id });
      samples.push(performance.now() - started);
    }
    return { label, statements, totalStatements: Object.values(statements).reduce((a, b) => a + b, 0), latencyMs: summarize(samples) };
  };

  const input = { survivorId: original.id, mergedId: variant.id, justification: 'bench: merge cost' };
  let results;
  try {
    await ask(`mutation($input: PersonMergeInput!) { unmergePersons(input: $input) { merge { id } } }`, { input }).catch(() => undefined);
    const unmerged = await measure('not merged');
    await ask(`mutation($input: PersonMergeInput!) { mergePersons(input: $input) { merge { id } } }`, { input });
    const merged = await measure('merged (one person merged in)');
    await ask(`mutation($input: PersonMergeInput!) { unmergePersons(input: $input) { merge { id } } }`, { input });
    results = { scale, requests, operation: 'PersonDossier', plans, live: [unmerged, merged] };
  } finally {
    await gateway.stop();
    for (const subgraph of running) await subgraph.stop();
  }

  console.log('plan                fetches  sequential steps  subgraphs in order');
  for (const [name, plan] of Object.entries(plans)) console.log(`${name.padEnd(20)}${String(plan.fetches).padEnd(9)}${String(plan.depth).padEnd(18)}${plan.order}`);
  console.log('\nlive                              statements (targets/interdictions/investigations/finance/travel/audit/deconfliction)  p50 ms  p95 ms');
  for (const row of results.live) {
    console.log(`${row.label.padEnd(34)}${String(row.totalStatements).padEnd(5)}${JSON.stringify(row.statements).padEnd(84)}${String(row.latencyMs.p50).padEnd(8)}${row.latencyMs.p95}`);
  }
  const file = path.join(projectRoot, 'bench', 'results', `${new Date().toISOString().replace(/[:.]/g, '-')}-merge-cost-scale${scale}.json`);
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwrote ${path.relative(projectRoot, file)}`);
}

/** How many fetches a plan makes and how many of them must wait for another. */
function planShape(supergraphSdl: string, document: string): { fetches: number; depth: number; order: string } {
  // The gateway plans on the supergraph without its security features too (it enforces them itself).
  const supergraph = Supergraph.build(withoutEnforcedSecurityFeatures(supergraphSdl));
  const planner = new QueryPlanner(supergraph);
  const plan = planner.buildQueryPlan(operationFromDocument(supergraph.apiSchema(), parse(document)));
  const walk = (node: PlanNode | undefined): { fetches: number; depth: number; order: string } => {
    if (!node) return { fetches: 0, depth: 0, order: '' };
    switch (node.kind) {
      case 'Fetch': return { fetches: 1, depth: 1, order: node.serviceName };
      case 'Flatten': return walk(node.node);
      case 'Sequence': {
        const parts = node.nodes.map(walk);
        return { fetches: parts.reduce((n, p) => n + p.fetches, 0), depth: parts.reduce((n, p) => n + p.depth, 0), order: parts.map((p) => p.order).join(' -> ') };
      }
      case 'Parallel': {
        const parts = node.nodes.map(walk);
        return { fetches: parts.reduce((n, p) => n + p.fetches, 0), depth: Math.max(...parts.map((p) => p.depth)), order: `[${parts.map((p) => p.order).join(' | ')}]` };
      }
      default: return { fetches: 0, depth: 0, order: node.kind };
    }
  };
  return walk(plan.node as PlanNode | undefined);
}

main().then(() => process.exit(0), (error) => {
  console.error(error);
  process.exit(1);
});
