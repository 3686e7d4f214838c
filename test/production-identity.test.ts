import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportSPKI, generateKeyPair, KeyLike, SignJWT } from 'jose';
import { createTokenVerifier } from '../lib/identity/tokens';
import { startGateway, RunningGateway } from '../gateway/server';

/** In production the verifying key comes from the environment, and without one the gateway will not start. */
describe('identity in production', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  let issuer: { publicKey: KeyLike; privateKey: KeyLike; file: string };
  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'unity-key-')), 'issuer.pem');
    fs.writeFileSync(file, await exportSPKI(publicKey));
    issuer = { publicKey, privateKey, file };
  });
  const production = () => Object.assign(process.env, { NODE_ENV: 'production', UNITY_JWT_PUBLIC_KEY_FILE: issuer.file, UNITY_JWT_ISSUER: 'https://idp.taskforce.example', UNITY_JWT_AUDIENCE: 'unity-table-prod' });
  /** A token of the production issuer; `iat` in seconds from now (undefined: none). */
  const sign = (options: { issuer?: string; iat?: number | null; exp?: string; claims?: Record<string, unknown> } = {}) => {
    const jwt = new SignJWT({ agency: 'FBI', scope: 'targets:read finance:sar', ...options.claims }).setProtectedHeader({ alg: 'ES256' })
      .setSubject('agent.smith').setIssuer(options.issuer ?? 'https://idp.taskforce.example').setAudience('unity-table-prod').setExpirationTime(options.exp ?? '5m');
    if (options.iat !== null) jwt.setIssuedAt(Math.floor(Date.now() / 1000) + (options.iat ?? 0));
    return jwt.sign(issuer.privateKey);
  };

  it('refuses to start without a JWKS URL or a public key file', async () => {
    process.env.NODE_ENV = 'production';
    delete process.env.UNITY_JWKS_URL;
    delete process.env.UNITY_JWT_PUBLIC_KEY_FILE;
    await expect(createTokenVerifier()).rejects.toThrow(/UNITY_JWKS_URL or UNITY_JWT_PUBLIC_KEY_FILE/);
  });

  it('verifies tokens of the configured issuer with the configured public key, and nothing else', async () => {
    production();
    const verify = await createTokenVerifier();
    await expect(verify(await sign())).resolves.toEqual({ sub: 'agent.smith', agency: 'FBI', scopes: ['targets:read', 'finance:sar'] });
    await expect(verify(await sign({ issuer: 'https://someone.else' }))).rejects.toThrow(/iss/);
  });

  it('refuses a token issued in the future beyond a small skew, one without iat, and one older than UNITY_JWT_MAX_AGE', async () => {
    production();
    const verify = await createTokenVerifier();
    await expect(verify(await sign({ iat: 10 }))).resolves.toMatchObject({ agency: 'FBI' }); // clocks differ a little
    await expect(verify(await sign({ iat: 3600, exp: '2h' }))).rejects.toThrow(/issued in the future/);
    await expect(verify(await sign({ iat: null }))).rejects.toThrow(/iat/);
    // exp says a year; the default maximum lifetime is 12 hours.
    await expect(verify(await sign({ iat: -13 * 3600, exp: '365d' }))).rejects.toThrow(/issued more than 12h ago/);
    await expect(verify(await sign({ iat: -11 * 3600, exp: '365d' }))).resolves.toMatchObject({ agency: 'FBI' });
    process.env.UNITY_JWT_MAX_AGE = '30m';
    const strict = await createTokenVerifier();
    await expect(strict(await sign({ iat: -3600, exp: '2h' }))).rejects.toThrow(/issued more than 30m ago.*UNITY_JWT_MAX_AGE/);
    process.env.UNITY_JWT_MAX_AGE = 'a while';
    await expect(createTokenVerifier()).rejects.toThrow(/UNITY_JWT_MAX_AGE must be/);
  });

  it('refuses a token whose subject names nobody: the audit and the rate limit name callers by it', async () => {
    production();
    const verify = await createTokenVerifier();
    const withSubject = (sub: string) => new SignJWT({ agency: 'FBI', scope: 'targets:read' }).setProtectedHeader({ alg: 'ES256' })
      .setSubject(sub).setIssuer('https://idp.taskforce.example').setAudience('unity-table-prod').setIssuedAt().setExpirationTime('5m').sign(issuer.privateKey);
    for (const sub of ['', '   ', 'a'.repeat(257)]) await expect(verify(await withSubject(sub))).rejects.toThrow(/"sub" claim must name the user/);
    await expect(verify(await withSubject('agent.smith'))).resolves.toMatchObject({ sub: 'agent.smith' });
  });

  it('reads the purpose of use from the token, and refuses a token stating a malformed one', async () => {
    production();
    const verify = await createTokenVerifier();
    await expect(verify(await sign({ claims: { purpose: 'investigation' } }))).resolves.toMatchObject({ purpose: 'INVESTIGATION' });
    await expect(verify(await sign({ claims: { purpose: 'because' } }))).rejects.toThrow(/"purpose" claim/);
  });

  describe('a production gateway', () => {
    let gateway: RunningGateway;
    beforeAll(async () => {
      const keys = fs.mkdtempSync(path.join(os.tmpdir(), 'unity-gateway-key-'));
      const signing = path.join(keys, 'gateway-signing-key.pem');
      fs.writeFileSync(signing, crypto.generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
      production();
      process.env.UNITY_GATEWAY_SIGNING_KEY_FILE = signing;
      // The documents below are refused, or answered, without any subgraph.
      gateway = await startGateway({ port: 0, audit: false });
      process.env = { ...saved };
    });
    afterAll(() => gateway?.stop());

    const ask = async (body: Record<string, unknown>, headers: Record<string, string> = {}) => {
      const response = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', 'unity-purpose': 'TRAINING', ...headers }, body: JSON.stringify(body) });
      return { status: response.status, ...((await response.json()) as { data?: any; errors?: { message: string; extensions?: any }[] }) };
    };

    it('leaks no suggestion of any form: field names, arguments or enum values', async () => {
      const authorization = `Bearer ${await sign()}`;
      // Each with the name a suggestion would give away.
      const attempts: [Record<string, unknown>, string][] = [
        [{ query: '{ organizashuns(first: 1) { totalCount } }' }, '"organizations"'],
        [{ query: '{ organizations(frist: 1) { totalCount } }' }, '"first"'],
        [{ query: '{ organizations(first: 1) { edges { node { cases(first: 1, status: OPN) { totalCount } } } } }' }, 'OPEN'],
        [{ query: 'query($s: CaseStatus) { organizations(first: 1) { edges { node { cases(first: 1, status: $s) { totalCount } } } } }', variables: { s: 'CLOSD' } }, 'CLOSED'],
        [{ query: 'query($s: CaseStatuss) { __typename }' }, '"CaseStatus"'],
      ];
      for (const [attempt, suggestion] of attempts) {
        const { status, errors } = await ask(attempt, { authorization });
        expect({ query: attempt.query, status }).toEqual({ query: attempt.query, status: 400 });
        expect(errors?.length).toBeGreaterThan(0);
        for (const error of errors ?? []) {
          expect(error.message).not.toMatch(/did you mean/i);
          expect(error.message).not.toContain(suggestion);
        }
      }
    });

    it('says how to authenticate without telling how to make development tokens', async () => {
      for (const headers of [{}, { authorization: 'Bearer junk' }] as Record<string, string>[]) {
        const { status, errors } = await ask({ query: '{ __typename }' }, headers);
        expect(status).toBe(401);
        expect(errors?.[0].message).not.toMatch(/npm|token --|development/i);
      }
      expect((await ask({ query: '{ __typename }' }, {})).errors?.[0].message).toMatch(/Authorization: Bearer <token>.*identity provider/);
    });

    it('GET /notifications says how to authenticate without telling how to make development tokens, and requires a purpose of use', async () => {
      const notifications = (headers: Record<string, string>) => fetch(new URL('/notifications', gateway.url), { headers });
      for (const headers of [{}, { authorization: 'Bearer junk' }] as Record<string, string>[]) {
        const response = await notifications(headers);
        expect(response.status).toBe(401);
        expect(((await response.json()) as any).errors[0].message).not.toMatch(/npm|token --|development/i);
      }
      const withoutPurpose = await notifications({ authorization: `Bearer ${await sign({ claims: { scope: 'deconfliction:read' } })}` });
      expect(withoutPurpose.status).toBe(400);
      const body = (await withoutPurpose.json()) as any;
      expect(body.errors[0].extensions.code).toBe('PURPOSE_REQUIRED');
      expect(body.errors[0].message).toMatch(/Unity-Purpose/);
    });

    it('requires a purpose of use, telling how to send one', async () => {
      const authorization = `Bearer ${await sign()}`;
      const response = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ query: '{ __typename }' }) });
      const body = (await response.json()) as any;
      expect(response.status).toBe(400);
      expect(body.errors[0].extensions.code).toBe('PURPOSE_REQUIRED');
      expect(body.errors[0].message).toMatch(/Unity-Purpose/);
      expect((await ask({ query: '{ __typename }' }, { authorization })).data).toEqual({ __typename: 'Query' });
    });
  });
});
