import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, importPKCS8, importSPKI, JWK, jwtVerify, KeyLike, SignJWT } from 'jose';
import { dataDir, isProduction } from '../config';
import { Caller } from './caller';
import { effectiveScopes } from './policy';

/**
 * Subgraphs answer only the gateway. It signs every subgraph request (EdDSA, Ed25519) with its
 * private key; subgraphs hold only the public key, so a compromised subgraph can verify but never
 * sign, for itself or for the others. Each signature names one subgraph (its audience), one endpoint
 * and the SHA-256 of the exact body sent, lives 30 seconds, and is accepted once: captured on the way,
 * it cannot be replayed, sent to another subgraph, or attached to another document.
 *
 * One narrower kind exists, for onward requests (lib/subgraph/onward-requests.ts): a subgraph serving
 * a write may have to ask another subgraph something as the caller (does the registry know this
 * person?). The gateway hands it, with the write, a signature good only for that one document at
 * those subgraphs (`signOnwardRequest`), which it passes on.
 */
const ISSUER = 'unity-table-gateway';
const ALGORITHM = 'EdDSA';
export const SUBGRAPH_TOKEN_HEADER = 'x-unity-gateway-token';
/** Sent by the gateway with a write: the onward request signatures the subgraph may need (space-separated). */
export const ONWARD_TOKENS_HEADER = 'x-unity-onward-tokens';
const LIFETIME_SECONDS = 30;
/** Clocks of the gateway's and the subgraphs' hosts may differ this much. */
const CLOCK_TOLERANCE_SECONDS = 5;

/** What a signature covers besides the caller: which endpoint, and the bytes of the body (empty for GET). */
export type SubgraphEndpoint = 'graphql' | 'changes' | 'notifications' | 'ready' | 'health' | 'metrics';
export interface SignedRequest {
  endpoint: SubgraphEndpoint;
  body: string | Uint8Array;
}

export interface SubgraphRequestIdentity {
  caller: Caller;
  requestId: string;
}

export function sha256(body: string | Uint8Array): string {
  return crypto.createHash('sha256').update(body).digest('base64url');
}

// --- keys --------------------------------------------------------------------------------------

function developmentKeyFile(): string {
  return path.join(dataDir(), 'keys', 'gateway-signing-key.json');
}

/** The development key pair in .data/keys, created by whichever process needs it first. */
async function developmentKeyPair(): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  const file = developmentKeyFile();
  if (!fs.existsSync(file)) {
    const { privateKey } = await generateKeyPair(ALGORITHM, { crv: 'Ed25519', extractable: true });
    fs.mkdirSync(dataDir(), { recursive: true }); // PostgreSQL's own user must traverse it
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    try {
      fs.writeFileSync(file, JSON.stringify(await exportJWK(privateKey)), { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const privateJwk = JSON.parse(fs.readFileSync(file, 'utf8')) as JWK;
  const { d: _private, ...publicJwk } = privateJwk;
  return { privateJwk, publicJwk };
}

let signingKey: Promise<KeyLike> | undefined;
let verificationKey: Promise<KeyLike> | undefined;

/**
 * The gateway's private key: UNITY_GATEWAY_SIGNING_KEY_FILE (PKCS#8 PEM, Ed25519), required in
 * production; in development the key in .data/keys.
 */
function gatewaySigningKey(): Promise<KeyLike> {
  return (signingKey ??= (async () => {
    const file = process.env.UNITY_GATEWAY_SIGNING_KEY_FILE;
    if (file) return importPKCS8(fs.readFileSync(file, 'utf8'), ALGORITHM);
    if (isProduction()) throw new Error(missingKeyMessage('the gateway', 'UNITY_GATEWAY_SIGNING_KEY_FILE'));
    return (await importJWK((await developmentKeyPair()).privateJwk, ALGORITHM)) as KeyLike;
  })());
}

/**
 * What subgraphs verify with: UNITY_GATEWAY_PUBLIC_KEY_FILE (SPKI PEM), required in production; in
 * development the public half of the key in .data/keys. Subgraphs never read the private key.
 */
function gatewayVerificationKey(): Promise<KeyLike> {
  return (verificationKey ??= (async () => {
    const file = process.env.UNITY_GATEWAY_PUBLIC_KEY_FILE;
    if (file) return importSPKI(fs.readFileSync(file, 'utf8'), ALGORITHM);
    if (isProduction()) throw new Error(missingKeyMessage('each subgraph', 'UNITY_GATEWAY_PUBLIC_KEY_FILE'));
    return (await importJWK((await developmentKeyPair()).publicJwk, ALGORITHM)) as KeyLike;
  })());
}

function missingKeyMessage(who: string, variable: string): string {
  const replaced = process.env.UNITY_SUBGRAPH_SECRET ? ' (UNITY_SUBGRAPH_SECRET is no longer used: a shared secret let every subgraph sign as the gateway)' : '';
  return `NODE_ENV=production needs ${variable} for ${who}${replaced}. Make the pair with: openssl genpkey -algorithm ed25519 -out gateway-signing-key.pem && openssl pkey -in gateway-signing-key.pem -pubout -out gateway-public-key.pem; the gateway gets UNITY_GATEWAY_SIGNING_KEY_FILE, the subgraphs UNITY_GATEWAY_PUBLIC_KEY_FILE.`;
}

/** Loads the key a process will use now, so that a missing key stops it at start, not at its first request. */
export async function loadSubgraphTrust(role: 'gateway' | 'subgraph'): Promise<void> {
  await (role === 'gateway' ? gatewaySigningKey() : gatewayVerificationKey());
}

// --- signing -----------------------------------------------------------------------------------

function claimsOf(identity: SubgraphRequestIdentity) {
  return { agency: identity.caller.agency, scope: identity.caller.scopes.join(' '), rid: identity.requestId };
}

async function sign(subgraphs: string[], identity: SubgraphRequestIdentity, binding: Record<string, string>): Promise<string> {
  return new SignJWT({ ...claimsOf(identity), ...binding })
    .setProtectedHeader({ alg: ALGORITHM })
    .setSubject(identity.caller.sub)
    .setIssuer(ISSUER)
    .setAudience(subgraphs.length === 1 ? `subgraph:${subgraphs[0]}` : subgraphs.map((name) => `subgraph:${name}`))
    .setJti(crypto.randomBytes(12).toString('base64url'))
    .setIssuedAt()
    .setExpirationTime(`${LIFETIME_SECONDS}s`)
    .sign(await gatewaySigningKey());
}

/** A signature for one request to one subgraph: this endpoint, this exact body, once. */
export function signSubgraphRequest(subgraph: string, identity: SubgraphRequestIdentity, request: SignedRequest): Promise<string> {
  return sign([subgraph], identity, { ep: request.endpoint, bh: sha256(request.body) });
}

/**
 * A signature good only for one document at these subgraphs, as this caller, for its short lifetime
 * (a write that names several targets may look them up more than once; its variables are free).
 */
export function signOnwardRequest(subgraphs: string[], identity: SubgraphRequestIdentity, document: string): Promise<string> {
  return sign(subgraphs, identity, { ep: 'graphql', doc: sha256(document) });
}

/** What an onward request signature allows, read without verifying it (the subgraph it is sent to verifies): for choosing which to send. */
export function onwardRequestAllows(token: string, subgraph: string, document: string): boolean {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { aud?: string | string[]; doc?: string };
    const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    return payload.doc === sha256(document) && audiences.includes(`subgraph:${subgraph}`);
  } catch {
    return false;
  }
}

// --- verification ------------------------------------------------------------------------------

export class UntrustedRequestError extends Error {}

/**
 * Signatures already accepted, until they expire: two generations, each kept for one lifetime (plus
 * the clock tolerance), so every accepted signature is remembered at least until it expires.
 */
const replay = {
  current: new Set<string>(),
  previous: new Set<string>(),
  rotatedAt: Date.now(),
  firstUse(jti: string): boolean {
    const now = Date.now();
    if (now - this.rotatedAt >= (LIFETIME_SECONDS + CLOCK_TOLERANCE_SECONDS) * 1000) {
      this.previous = this.current;
      this.current = new Set();
      this.rotatedAt = now;
    }
    if (this.current.has(jti) || this.previous.has(jti)) return false;
    this.current.add(jti);
    return true;
  },
};

/**
 * Checks a gateway signature for this subgraph, endpoint and body, and that it was not used before.
 * The caller's scopes are cut down to its agency's grant again here: a subgraph trusts the gateway's
 * word on who asks, not on what that agency may hold.
 */
export async function verifySubgraphRequest(
  subgraph: string,
  token: string,
  request: SignedRequest & { document?: string; /** SHA-256 of the documents onward request signatures may carry here. */ onwardDocuments?: ReadonlySet<string> },
): Promise<SubgraphRequestIdentity> {
  let payload;
  try {
    ({ payload } = await jwtVerify(token, await gatewayVerificationKey(), {
      issuer: ISSUER,
      audience: `subgraph:${subgraph}`,
      algorithms: [ALGORITHM],
      requiredClaims: ['sub', 'exp', 'iat', 'jti', 'ep'],
      maxTokenAge: LIFETIME_SECONDS,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    }));
  } catch (error) {
    throw new UntrustedRequestError(`the signature does not verify (${error instanceof Error ? error.message : String(error)})`);
  }
  if (payload.ep !== request.endpoint) throw new UntrustedRequestError(`the signature is for /${String(payload.ep)}, not /${request.endpoint}`);
  if (typeof payload.doc === 'string') {
    // An onward request: only its document, only one this subgraph serves onward requests for, reusable within its short life.
    if (!request.onwardDocuments?.has(payload.doc) || request.document === undefined || sha256(request.document) !== payload.doc) {
      throw new UntrustedRequestError('an onward request signature allows only its own document, at the subgraphs it names');
    }
  } else {
    if (payload.bh !== sha256(request.body)) throw new UntrustedRequestError('the signature was made for another body');
    if (!replay.firstUse(String(payload.jti))) throw new UntrustedRequestError('the signature was used before');
  }
  const agency = String(payload.agency ?? '');
  const claimed = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
  return {
    caller: { sub: String(payload.sub), agency, scopes: effectiveScopes(agency, claimed) },
    requestId: String(payload.rid ?? ''),
  };
}
