import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'graphql';
import { composeServices } from '@apollo/composition';
import { subgraphs } from '../subgraphs';
import { printSubgraphSdl } from '../lib/subgraph/build-schema';
import { DEFAULT_GATEWAY_PORT } from '../lib/subgraph/ports';
import { projectRoot } from '../lib/config';
import { trustedDocumentManifest } from '../gateway/plugins/trusted-documents';
import { operationTypes } from './operation-types';

/**
 * Composes the supergraph offline from the subgraphs' own code: no running service, no
 * introspection endpoint. Writes each subgraph's SDL beside its code and into schema/, and the
 * supergraph into schema/, and the trusted-document manifest into operations/. With --check, writes
 * nothing and fails when any of them is stale.
 */
export async function composeSupergraph(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const services = [];
  for (const definition of subgraphs) {
    const sdl = `${(await printSubgraphSdl(definition)).trim()}\n`;
    files.set(path.join('subgraphs', definition.name, 'schema.graphql'), sdl);
    files.set(path.join('schema', `${definition.name}.graphql`), sdl);
    services.push({ name: definition.name, typeDefs: parse(sdl), url: `http://127.0.0.1:${DEFAULT_GATEWAY_PORT + definition.portOffset}/graphql` });
  }
  const result = composeServices(services);
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`);
  }
  files.set(path.join('schema', 'supergraph.graphql'), `${result.supergraphSdl.trim()}\n`);
  // The trusted-document manifest clients use to send operations by hash.
  const manifest = Object.fromEntries([...trustedDocumentManifest()].map(([hash, { name }]) => [name, hash]));
  files.set(path.join('operations', 'types.ts'), await operationTypes(result.supergraphSdl));
  files.set(path.join('operations', 'manifest.json'), `${JSON.stringify({ format: 'apollo-persisted-query-manifest', operations: manifest }, null, 2)}\n`);
  return files;
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const files = await composeSupergraph();
  const stale = [...files].filter(([file, text]) => {
    const full = path.join(projectRoot, file);
    return !fs.existsSync(full) || fs.readFileSync(full, 'utf8') !== text;
  });
  if (check) {
    if (stale.length) {
      console.error(`schema/ is stale: ${stale.map(([f]) => f).join(', ')} differ from what the code composes. Run "npm run compose" and commit the result.`);
      process.exit(1);
    }
    console.log('schema/ is up to date.');
    return;
  }
  for (const [file, text] of stale) {
    fs.mkdirSync(path.dirname(path.join(projectRoot, file)), { recursive: true });
    fs.writeFileSync(path.join(projectRoot, file), text);
    console.log(`wrote ${file}`);
  }
  if (!stale.length) console.log('schema/ was already up to date.');
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
