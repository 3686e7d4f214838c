import fs from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, JWK, KeyLike } from 'jose';
import { dataDir } from '../config';

export const DEV_ISSUER = 'unity-table-dev';
export const AUDIENCE = 'unity-table';
export const ALGORITHM = 'ES256';

export interface SigningKeys {
  privateKey: KeyLike;
  publicKey: KeyLike;
  kid: string;
}

function keyFile(): string {
  return path.join(dataDir(), 'keys', 'dev-signing-key.json');
}

/**
 * The development key pair that `npm run token` signs with and the gateway verifies with.
 * Whichever runs first creates it; the exclusive create keeps two processes from racing.
 */
export async function developmentKeys(): Promise<SigningKeys> {
  const file = keyFile();
  if (!fs.existsSync(file)) {
    const { privateKey } = await generateKeyPair(ALGORITHM, { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), alg: ALGORITHM, kid: `dev-${Date.now().toString(36)}` };
    fs.mkdirSync(dataDir(), { recursive: true }); // PostgreSQL's own user must traverse it
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    try {
      fs.writeFileSync(file, JSON.stringify(jwk), { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const jwk = JSON.parse(fs.readFileSync(file, 'utf8')) as JWK & { kid: string };
  const { d: _private, ...publicJwk } = jwk;
  return {
    privateKey: (await importJWK(jwk, ALGORITHM)) as KeyLike,
    publicKey: (await importJWK(publicJwk, ALGORITHM)) as KeyLike,
    kid: jwk.kid,
  };
}
