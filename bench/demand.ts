import fs from 'node:fs';
import path from 'node:path';
import { FragmentDefinitionNode, Kind, OperationDefinitionNode, parse } from 'graphql';
import { Supergraph } from '@apollo/federation-internals';
import { projectRoot } from '../lib/config';
import { readSupergraph } from '../gateway/server';
import { withoutEnforcedSecurityFeatures } from '../gateway/need-to-know-gateway';
import { costDirectivesOf } from '../gateway/demand-control/cost-directives';
import { RecordCounter } from '../gateway/demand-control/count-records';
import { limitsFromEnv } from '../gateway/plugins/limits';
import { CANONICAL_OPERATIONS, operationDocument, REGISTERED_OPERATIONS } from '../operations';

/** A partner script's page: ten priority organizations, 25 members each, three short lists per member. */
export const PARTNER_PAGE = `query PartnerPage {
  organizations(first: 10, filter: { priorityOnly: true }) {
    edges { node { id name threatLevel
      members(first: 25) { totalCount edges { node { role person { id name nationality
        cases(first: 3) { totalCount edges { node { id caseNumber status } } }
        interdictions(first: 3) { totalCount edges { node { id occurredAt type } } }
        sanctions(first: 3) { totalCount edges { node { id program } } }
      } } } }
    } }
  }
}`;

/** What demand control is for: a hundred of everything, three lists deep. */
export const HUNDRED_CUBED = `query HundredCubed {
  organizations(first: 100) {
    edges { node { id name
      members(first: 100) { edges { node { person { id name
        cases(first: 100) { edges { node { id caseNumber } } }
        interdictions(first: 100) { edges { node { id type } } }
        sanctions(first: 100) { edges { node { id program } } }
      } } } }
    } }
  }
}`;

export const HUNDRED_CUBED_HEAVIEST = /^organizations\.edges\.node\.members\.edges\.node\.person\.(cases|interdictions|sanctions)$/;

/**
 * `npm run bench:demand`: the record estimate demand control makes, from the committed supergraph,
 * for every registered operation (with its default variables: TargetDossier at 100 members), the
 * partner page and 100 x 100 x 100, against LIMIT_MAX_COST. Deterministic: the same supergraph gives
 * the same figures. Writes bench/results/<time>-demand.json.
 */
function main(): void {
  const supergraphSdl = readSupergraph();
  const schema = Supergraph.build(withoutEnforcedSecurityFeatures(supergraphSdl)).apiSchema().toGraphQLJSSchema();
  const directives = costDirectivesOf(supergraphSdl);
  const limit = limitsFromEnv().maxCost;
  const documents: [string, string][] = [
    ...REGISTERED_OPERATIONS.map((name): [string, string] => [name, operationDocument(name)]),
    ['PartnerPage (10 x 25 x 3 lists of 3)', PARTNER_PAGE],
    ['HundredCubed (100 x 100 x 3 lists of 100)', HUNDRED_CUBED],
  ];
  const rows = documents.map(([name, text]) => {
    const document = parse(text);
    const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
    const fragments = document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
    const { estimated, heaviest } = new RecordCounter(schema, directives, operation, fragments, {}).estimate();
    return { name, canonical: (CANONICAL_OPERATIONS as readonly string[]).includes(name), estimated, passes: estimated <= limit, heaviest };
  });
  console.log(`Demand control: records each document can return (limit LIMIT_MAX_COST = ${limit})`);
  for (const row of rows) console.log(`${row.name.padEnd(44)} ${String(row.estimated).padStart(9)}  ${row.passes ? 'passes' : 'REFUSED'}  ${row.heaviest ? `heaviest ${row.heaviest.path} (${row.heaviest.records})` : ''}`);
  const folder = path.join(projectRoot, 'bench', 'results');
  fs.mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `${new Date().toISOString().replace(/[:.]/g, '-')}-demand.json`);
  fs.writeFileSync(file, `${JSON.stringify({ limit, rows }, null, 2)}\n`);
  console.log(`\nResults: ${path.relative(process.cwd(), file)}`);
}

if (require.main === module) main();
