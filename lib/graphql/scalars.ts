import { GraphQLScalarType, GraphQLScalarTypeConfig, Kind, ValueNode } from 'graphql';
import { GraphQLDate, GraphQLDateTime, GraphQLLatitude, GraphQLLongitude, GraphQLNonNegativeInt, GraphQLUUID } from 'graphql-scalars';
import { createGraphQLError } from '@graphql-tools/utils';

// One place for the scalars every subgraph uses, so their names and behaviour agree across the supergraph.
export { GraphQLNonNegativeInt as NonNegativeInt, GraphQLJSONObject as JSONObject } from 'graphql-scalars';

/** A scalar of graphql-scalars whose parsed inputs pass through `then` (which may refuse them). */
function refined<T>(scalar: GraphQLScalarType, then: (value: T) => T): GraphQLScalarType {
  const config = scalar.toConfig() as GraphQLScalarTypeConfig<T, unknown>;
  return new GraphQLScalarType({
    ...config,
    parseValue: (value) => then(config.parseValue!(value)),
    parseLiteral: (ast, variables) => then(config.parseLiteral!(ast, variables)),
  });
}

/**
 * Ids are stored and compared in PostgreSQL's text form (lower case): an id typed in upper case must
 * find the same record (it found none, and a write called it unknown).
 */
export const UUID = refined<string>(GraphQLUUID, (id) => id.toLowerCase());

/**
 * Dates outside 1900 to 9999 are typing errors here, and PostgreSQL has no year 0: "0000-01-01" was
 * stored by JavaScript's Date and then refused by every statement that compared it.
 */
const YEARS = { from: 1900, to: 9999 };
function plausible<T extends Date>(date: T): T {
  const year = date.getUTCFullYear();
  if (year < YEARS.from || year > YEARS.to) throw createGraphQLError(`${date.toISOString()} is not a plausible date: give a year from ${YEARS.from} to ${YEARS.to}.`);
  return date;
}
export const DateTime = refined<Date>(GraphQLDateTime, plausible);
export const LocalDate = refined<Date>(GraphQLDate, plausible);

/** A whole number written as a coordinate literal (latitude: 31) is the float it is, as any Float literal would be. */
function wholeNumbersAsFloats(scalar: GraphQLScalarType): GraphQLScalarType {
  const config = scalar.toConfig();
  return new GraphQLScalarType({
    ...config,
    parseLiteral: (ast: ValueNode, variables) => config.parseLiteral!(ast.kind === Kind.INT ? { ...ast, kind: Kind.FLOAT } : ast, variables),
  });
}
export const Latitude = wholeNumbersAsFloats(GraphQLLatitude);
export const Longitude = wholeNumbersAsFloats(GraphQLLongitude);

/** The input rules the gateway gives the supergraph's custom scalars, which the supergraph names without them: the subgraphs' own. */
export const SCALAR_INPUT_RULES: GraphQLScalarType[] = [UUID, DateTime, LocalDate, Latitude, Longitude, GraphQLNonNegativeInt];
