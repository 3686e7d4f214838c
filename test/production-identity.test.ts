import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { createTokenVerifier } from '../lib/identity/tokens';

/** In production the verifying key comes from the environment, and without one the gateway will not start. */
describe('identity in production', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('refuses to start without a JWKS URL or a public key file', async () => {
    process.env.NODE_ENV = 'production';
    delete process.env.UNITY_JWKS_URL;
    delete process.env.UNITY_JWT_PUBLIC_KEY_FILE;
    await expect(createTokenVerifier()).rejects.toThrow(/UNITY_JWKS_URL or UNITY_JWT_PUBLIC_KEY_FILE/);
  });

  it('verifies tokens of the configured issuer with the configured public key, and nothing else', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'unity-key-')), 'issuer.pem');
    fs.writeFileSync(file, await exportSPKI(publicKey));
    Object.assign(process.env, { NODE_ENV: 'production', UNITY_JWT_PUBLIC_KEY_FILE: file, UNITY_JWT_ISSUER: 'https://idp.taskforce.example', UNITY_JWT_AUDIENCE: 'unity-table-prod' });
    const verify = await createTokenVerifier();
    const sign = (issuer: string) => new SignJWT({ agency: 'FBI', scope: 'targets:read finance:sar' }).setProtectedHeader({ alg: 'ES256' })
      .setSubject('agent.smith').setIssuer(issuer).setAudience('unity-table-prod').setIssuedAt().setExpirationTime('5m').sign(privateKey);
    await expect(verify(await sign('https://idp.taskforce.example'))).resolves.toEqual({ sub: 'agent.smith', agency: 'FBI', scopes: ['targets:read', 'finance:sar'] });
    await expect(verify(await sign('https://someone.else'))).rejects.toThrow(/iss/);
  });
});
