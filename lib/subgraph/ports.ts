import { gatewayPort, intFromEnv } from '../config';

/** Subgraph i listens on PORT + i unless <NAME>_PORT says otherwise; the gateway finds it at <NAME>_URL. */
export function subgraphPort(subgraph: { name: string; portOffset: number }): number {
  return intFromEnv(`${subgraph.name.toUpperCase()}_PORT`, gatewayPort() + subgraph.portOffset);
}

export function subgraphUrl(subgraph: { name: string; portOffset: number }): string {
  return process.env[`${subgraph.name.toUpperCase()}_URL`] ?? `http://127.0.0.1:${subgraphPort(subgraph)}/graphql`;
}

export const DEFAULT_GATEWAY_PORT = 4000;

/**
 * The gateway learns each subgraph's default URL from the supergraph (composed with the default
 * PORT) and moves it with PORT, <NAME>_PORT or <NAME>_URL, the same rules the subgraphs listen by.
 */
export function subgraphUrlFromSupergraph(name: string, composedUrl: string): string {
  const url = new URL(composedUrl);
  return subgraphUrl({ name, portOffset: Number(url.port) - DEFAULT_GATEWAY_PORT });
}
