import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { jwtVerify, SignJWT } from 'jose';
import { dataDir, isProduction } from '../config';
import { Caller } from './caller';

/**
 * Subgraphs answer only the gateway: it signs every subgraph request with a short-lived token
 * carrying the caller and the request id, under a key that differs per subgraph (derived from
 * one deployment secret), so a token captured at one subgraph is useless at another.
 */
const ISSUER = 'unity-table-gateway';
export const SUBGRAPH_TOKEN_HEADER = 'x-unity-gateway-token';

let cachedSecret: Buffer | undefined;

function deploymentSecret(): Buffer {
  if (cachedSecret) return cachedSecret;
  const fromEnv = process.env.UNITY_SUBGRAPH_SECRET;
  if (fromEnv) return (cachedSecret = Buffer.from(fromEnv));
  if (isProduction()) throw new Error('NODE_ENV=production needs UNITY_SUBGRAPH_SECRET (shared by the gateway and the subgraphs)');
  const file = path.join(dataDir(), 'keys', 'subgraph-secret');
  fs.mkdirSync(dataDir(), { recursive: true }); // PostgreSQL's own user must traverse it
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    fs.writeFileSync(file, crypto.randomBytes(32).toString('base64'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return (cachedSecret = Buffer.from(fs.readFileSync(file, 'utf8').trim()));
}

const subgraphKeys = new Map<string, Uint8Array>();

function subgraphKey(subgraph: string): Uint8Array {
  let key = subgraphKeys.get(subgraph);
  if (!key) {
    key = crypto.createHmac('sha256', deploymentSecret()).update(`subgraph:${subgraph}`).digest();
    subgraphKeys.set(subgraph, key);
  }
  return key;
}

export interface SubgraphRequestIdentity {
  caller: Caller;
  requestId: string;
}

export async function signSubgraphRequest(subgraph: string, identity: SubgraphRequestIdentity): Promise<string> {
  return new SignJWT({ agency: identity.caller.agency, scope: identity.caller.scopes.join(' '), rid: identity.requestId })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(identity.caller.sub)
    .setIssuer(ISSUER)
    .setAudience(`subgraph:${subgraph}`)
    .setIssuedAt()
    .setExpirationTime('60s')
    .sign(subgraphKey(subgraph));
}

export async function verifySubgraphRequest(subgraph: string, token: string): Promise<SubgraphRequestIdentity> {
  const { payload } = await jwtVerify(token, subgraphKey(subgraph), {
    issuer: ISSUER,
    audience: `subgraph:${subgraph}`,
    algorithms: ['HS256'],
    requiredClaims: ['sub', 'exp'],
  });
  return {
    caller: {
      sub: String(payload.sub),
      agency: String(payload.agency ?? ''),
      scopes: typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [],
    },
    requestId: String(payload.rid ?? ''),
  };
}
