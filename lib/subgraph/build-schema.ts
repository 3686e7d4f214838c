import { GraphQLSchema } from 'graphql';
import { declareListSizes } from './list-sizes';
import gql from 'graphql-tag';
import { buildSchema, createResolversMap, getMetadataStorage } from 'type-graphql';
import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { SubgraphDefinition } from './definition';
import { enforceRequiredScopes } from './enforce-scopes';

/** Federation 2 features every subgraph may use; the authorization directives compose into the supergraph. */
const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@authenticated", "@requiresScopes", "@policy", "@cost", "@listSize"])`;

const built = new Map<string, GraphQLSchema>();

/** Builds a subgraph's schema from its type-graphql classes; the same helper serves every subgraph. */
export async function buildFederatedSchema(definition: SubgraphDefinition): Promise<GraphQLSchema> {
  const cached = built.get(definition.name);
  if (cached) return cached;
  const schema = await buildSchema({
    resolvers: definition.resolvers,
    orphanedTypes: [...(definition.orphanedTypes ?? []), ...extendedTypes(definition)],
    skipCheck: true,
    validate: false,
  });
  const resolvers = createResolversMap(schema) as Record<string, any>;
  for (const [typeName, reference] of Object.entries(definition.referenceResolvers ?? {})) {
    resolvers[typeName] = { ...(resolvers[typeName] ?? {}), ...reference };
  }
  const subgraphSchema = enforceRequiredScopes(buildSubgraphSchema({
    typeDefs: gql`${FEDERATION_LINK}\n${declareListSizes(printSchemaWithDirectives(schema))}`,
    resolvers,
  }));
  built.set(definition.name, subgraphSchema);
  return subgraphSchema;
}

/**
 * Types a subgraph only adds fields to (entities owned elsewhere, such as Briefing) may be
 * reachable from none of its queries; they must still be in its schema.
 */
function extendedTypes(definition: SubgraphDefinition): Function[] {
  const resolvers = new Set<Function>(definition.resolvers);
  return getMetadataStorage().resolverClasses.flatMap((metadata) => {
    if (!resolvers.has(metadata.target)) return [];
    try {
      return [metadata.getObjectType!() as Function];
    } catch {
      return []; // a resolver of queries and mutations only: @Resolver() with no type
    }
  });
}

export async function printSubgraphSdl(definition: SubgraphDefinition): Promise<string> {
  return printSubgraphSchema(await buildFederatedSchema(definition));
}
