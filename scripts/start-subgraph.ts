import 'reflect-metadata';
import { subgraphNamed } from '../subgraphs';
import { runSubgraphProcess } from '../lib/subgraph/process';

/** `npm run start:subgraph -- <name>`: one subgraph alone, against DATABASE_URL. */
const name = process.argv[2];
if (!name) {
  console.error('Usage: npm run start:subgraph -- <name>   (needs DATABASE_URL)');
  process.exit(2);
}
void runSubgraphProcess(subgraphNamed(name));
