import { SubgraphDefinition } from '../lib/subgraph/definition';
import { targets } from './targets/subgraph';
import { interdictions } from './interdictions/subgraph';
import { investigations } from './investigations/subgraph';
import { finance } from './finance/subgraph';
import { travel } from './travel/subgraph';
import { audit } from './audit/subgraph';
import { deconfliction } from './deconfliction/subgraph';

/** Every subgraph of the supergraph, in port order. Adding an agency adds one line here. */
export const subgraphs: SubgraphDefinition[] = [targets, interdictions, investigations, finance, travel, audit, deconfliction];

export function subgraphNamed(name: string): SubgraphDefinition {
  const found = subgraphs.find((s) => s.name === name);
  if (!found) throw new Error(`No subgraph named "${name}"; known: ${subgraphs.map((s) => s.name).join(', ')}`);
  return found;
}
