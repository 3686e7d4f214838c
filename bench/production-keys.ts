import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { exportSPKI } from 'jose';
import { dataDir } from '../lib/config';
import { DEV_ISSUER, developmentKeys } from '../lib/identity/keys';
import { withMetricsToken } from '../lib/runtime/services';

export interface ProductionEnvironments {
  /** For gateways (and this process, which signs the floor's and Hive Gateway's subgraph requests). */
  gateway: NodeJS.ProcessEnv;
  /** For subgraphs and the relay: they verify the gateway's signatures, never sign. */
  subgraph: NodeJS.ProcessEnv;
}

/**
 * Production mode needs real key material: the development token key's public half as a PEM file
 * (tokens from `npm run token` verify), and a fresh Ed25519 pair for the gateway's subgraph
 * signatures, its private half for gateways only. Also an operator token for /health and /ready.
 */
export async function productionEnvironments(base: NodeJS.ProcessEnv): Promise<ProductionEnvironments> {
  const keys = await developmentKeys();
  const benchDir = path.join(dataDir(), 'bench');
  fs.mkdirSync(benchDir, { recursive: true });
  const tokenKeyFile = path.join(benchDir, 'token-public-key.pem');
  fs.writeFileSync(tokenKeyFile, await exportSPKI(keys.publicKey));
  const pair = crypto.generateKeyPairSync('ed25519');
  const signingKeyFile = path.join(benchDir, 'gateway-signing-key.pem');
  const verificationKeyFile = path.join(benchDir, 'gateway-public-key.pem');
  fs.writeFileSync(signingKeyFile, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  fs.writeFileSync(verificationKeyFile, pair.publicKey.export({ type: 'spki', format: 'pem' }));
  const common = withMetricsToken({ ...base, NODE_ENV: 'production', UNITY_JWT_PUBLIC_KEY_FILE: tokenKeyFile, UNITY_JWT_ISSUER: DEV_ISSUER });
  const { UNITY_GATEWAY_SIGNING_KEY_FILE: _signing, ...subgraph } = common;
  return {
    gateway: { ...common, UNITY_GATEWAY_SIGNING_KEY_FILE: signingKeyFile, UNITY_GATEWAY_PUBLIC_KEY_FILE: verificationKeyFile },
    subgraph: { ...subgraph, UNITY_GATEWAY_PUBLIC_KEY_FILE: verificationKeyFile },
  };
}
