import { auditServer } from 'graphql-http';
import { serverUrl, uniquePrefix } from './support/harness';
import { startGateway, RunningGateway } from '../gateway/server';
import { signDevelopmentToken } from '../lib/identity/tokens';
import { databaseName, dropDatabase } from '../lib/database/server';

/**
 * The GraphQL-over-HTTP spec's own audit (graphql-http's auditServer) against the gateway, as an
 * authenticated client: every audit passes, none is a notice or a warning.
 */
describe('GraphQL over HTTP', () => {
  let gateway: RunningGateway;
  const prefix = uniquePrefix('http');

  beforeAll(async () => {
    // The audit's documents ({ __typename }, variables, errors) reach no subgraph.
    gateway = await startGateway({ port: 0, audit: { serverUrl: serverUrl(), prefix } });
  });
  afterAll(async () => {
    await gateway?.stop();
    await dropDatabase(serverUrl(), databaseName('audit', prefix));
  });

  it('passes all of the graphql-http server audit', async () => {
    const token = await signDevelopmentToken({ agency: 'HSI' });
    const fetchFn = (input: string | URL | Request, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${token}`);
      return fetch(input, { ...init, headers });
    };
    const results = await auditServer({ url: gateway.url, fetchFn });
    const failed = results.filter((r) => r.status !== 'ok').map((r) => ({ name: r.name, status: r.status, reason: 'reason' in r ? r.reason : '' }));
    expect(failed).toEqual([]);
    expect(results.length).toBe(61);
  });
});
