// One place for the scalars every subgraph uses, so their names and behaviour agree across the supergraph.
export { GraphQLUUID as UUID, GraphQLDateTime as DateTime, GraphQLDate as LocalDate, GraphQLNonNegativeInt as NonNegativeInt, GraphQLLatitude as Latitude, GraphQLLongitude as Longitude, GraphQLJSONObject as JSONObject } from 'graphql-scalars';
