import crypto from 'node:crypto';
import { createClient } from '@redis/client';
import { startGateway, RunningGateway } from '../gateway/server';
import { signDevelopmentToken } from '../lib/identity/tokens';

/**
 * Rate limits count verified callers (agency and subject) and, without a valid token, client
 * addresses; with REDIS_URL every gateway replica counts in one place. `{ __typename }` reaches no
 * subgraph, so these gateways run alone.
 */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function withGateway<T>(env: Record<string, string>, work: (gateway: RunningGateway) => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  let gateway: RunningGateway;
  try {
    gateway = await startGateway({ port: 0, audit: false });
  } finally {
    process.env = saved;
  }
  try {
    return await work(gateway);
  } finally {
    await gateway.stop();
  }
}

const ask = (gateway: RunningGateway, authorization?: string) => fetch(gateway.url, {
  method: 'POST', headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) }, body: JSON.stringify({ query: '{ __typename }' }),
});

/** A subject no earlier run used: with Redis, buckets outlive a test run. */
const freshSubject = () => `rate.${crypto.randomBytes(6).toString('hex')}`;

describe('rate limits', () => {
  it('count one verified caller once, however its Authorization header is spelled and however many tokens it holds', async () => {
    await withGateway({ RATE_LIMIT_PER_MINUTE: '5' }, async (gateway) => {
      const sub = freshSubject();
      const [token, second] = [await signDevelopmentToken({ agency: 'HSI', sub }), await signDevelopmentToken({ agency: 'HSI', sub, expiresIn: '2h' })];
      const spellings = [`Bearer ${token}`, `bearer ${token}`, `BEARER ${token}`, `Bearer   ${token}`, `Bearer ${second}`, ` Bearer\t${token} `];
      const statuses = [];
      for (const authorization of spellings) statuses.push((await ask(gateway, authorization)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
      // Another subject of the same agency has its own bucket.
      expect((await ask(gateway, `Bearer ${await signDevelopmentToken({ agency: 'HSI', sub: freshSubject() })}`)).status).toBe(200);
    });
  });

  it('count requests without a valid token by client address, under their own lower limit', async () => {
    await withGateway({ RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: '3' }, async (gateway) => {
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await ask(gateway, `Bearer junk-${i}`)).status);
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      const limited = await ask(gateway);
      expect(limited.status).toBe(429);
      expect(((await limited.json()) as any).errors[0].message).toMatch(/from one address without a valid token/);
      // A valid caller from the same address is not held back by them.
      expect((await ask(gateway, `Bearer ${await signDevelopmentToken({ agency: 'CBP', sub: freshSubject() })}`)).status).toBe(200);
    });
  });

  it('count GET /notifications with /graphql: one bucket per address without a valid token, one per caller with one', async () => {
    const notifications = (gateway: RunningGateway, authorization: string) => fetch(new URL('/notifications', gateway.url), { headers: { authorization } }).then((r) => r.status);
    await withGateway({ RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: '3' }, async (gateway) => {
      const statuses = [(await ask(gateway, 'Bearer junk-a')).status, await notifications(gateway, 'Bearer junk-b'), await notifications(gateway, 'Bearer junk-c'), await notifications(gateway, 'Bearer junk-d'), (await ask(gateway, 'Bearer junk-e')).status];
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
    });
    await withGateway({ RATE_LIMIT_PER_MINUTE: '2' }, async (gateway) => {
      // A token without deconfliction:read is refused by the stream (403) but still counted.
      const authorization = `Bearer ${await signDevelopmentToken({ agency: 'MEX', sub: freshSubject() })}`;
      expect([await notifications(gateway, authorization), await notifications(gateway, authorization), (await ask(gateway, authorization)).status]).toEqual([403, 403, 429]);
    });
  });

  it('behind a load balancer (TRUST_PROXY) count the forwarded client address, and otherwise ignore it', async () => {
    const from = (gateway: RunningGateway, address: string) => fetch(gateway.url, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': address }, body: JSON.stringify({ query: '{ __typename }' }),
    }).then((r) => r.status);
    await withGateway({ RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: '2', TRUST_PROXY: 'loopback' }, async (gateway) => {
      expect([await from(gateway, '192.0.2.1'), await from(gateway, '192.0.2.1'), await from(gateway, '192.0.2.1')]).toEqual([401, 401, 429]);
      expect(await from(gateway, '192.0.2.2')).toBe(401);
    });
    await withGateway({ RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: '2', TRUST_PROXY: '' }, async (gateway) => {
      expect([await from(gateway, '192.0.2.1'), await from(gateway, '192.0.2.2'), await from(gateway, '192.0.2.3')]).toEqual([401, 401, 429]);
    });
  });

  describe('shared by every replica through Redis', () => {
    let reachable = false;
    beforeAll(async () => {
      const client = createClient({ url: REDIS_URL, socket: { connectTimeout: 2000, reconnectStrategy: false } });
      client.on('error', () => undefined);
      try {
        await client.connect();
        reachable = true;
        await client.close();
      } catch {
        if (process.env.CI) throw new Error(`Redis is not reachable at ${REDIS_URL}; CI needs it for this test`);
        console.warn(`Redis is not reachable at ${REDIS_URL}: the shared rate limit test is skipped`);
      }
    });

    it('two gateways with REDIS_URL enforce one limit; without it, each its own', async () => {
      if (!reachable) return;
      const sub = freshSubject();
      const authorization = `Bearer ${await signDevelopmentToken({ agency: 'FBI', sub })}`;
      const alternate = async (a: RunningGateway, b: RunningGateway) => {
        const statuses = [];
        for (let i = 0; i < 8; i++) statuses.push((await ask(i % 2 ? b : a, authorization)).status);
        return statuses;
      };
      const shared = { RATE_LIMIT_PER_MINUTE: '5', REDIS_URL };
      const together = await withGateway(shared, (a) => withGateway(shared, (b) => alternate(a, b)));
      expect(together).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
      const apart = { RATE_LIMIT_PER_MINUTE: '5', REDIS_URL: '' };
      const separately = await withGateway(apart, (a) => withGateway(apart, (b) => alternate(a, b)));
      expect(separately).toEqual(Array(8).fill(200));
    });

    it('a gateway told to use a Redis that does not answer refuses to start, saying so', async () => {
      await expect(withGateway({ REDIS_URL: 'redis://127.0.0.1:1' }, async () => undefined)).rejects.toThrow(/REDIS_URL is set, but Redis at redis:\/\/127\.0\.0\.1:1 did not answer/);
    });
  });
});
