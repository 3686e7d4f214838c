import fs from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, errors, exportJWK, importSPKI, JWTPayload, jwtVerify, SignJWT } from 'jose';
import { ALGORITHM, AUDIENCE, DEV_ISSUER, developmentKeys } from './keys';
import { agencyPolicy, effectiveScopes } from './policy';
import { Caller } from './caller';
import { isProduction } from '../config';

export interface TokenRequest {
  agency: string;
  sub?: string;
  scopes?: string[];
  expiresIn?: string;
}

/** A development token: the agency's whole grant unless scopes narrow it. */
export async function signDevelopmentToken(request: TokenRequest): Promise<string> {
  const policy = agencyPolicy(request.agency);
  if (!policy) throw new Error(`Unknown agency "${request.agency}"`);
  const scopes = request.scopes ? effectiveScopes(request.agency, request.scopes) : policy.grant;
  const keys = await developmentKeys();
  return new SignJWT({ agency: request.agency, scope: scopes.join(' ') })
    .setProtectedHeader({ alg: ALGORITHM, kid: keys.kid, typ: 'JWT' })
    .setSubject(request.sub ?? `${request.agency.toLowerCase()}.analyst`)
    .setIssuer(DEV_ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setNotBefore('0s')
    .setExpirationTime(request.expiresIn ?? '8h')
    .sign(keys.privateKey);
}

export class InvalidTokenError extends Error {}

export type TokenVerifier = (token: string) => Promise<Caller>;

type KeySource = Parameters<typeof jwtVerify>[1];

/**
 * In production the verifying key comes from the environment (a JWKS URL or a PEM public key
 * file) and the gateway refuses to start without one; in development it is the key in .data/.
 */
export async function createTokenVerifier(): Promise<TokenVerifier> {
  const issuer = process.env.UNITY_JWT_ISSUER ?? DEV_ISSUER;
  const audience = process.env.UNITY_JWT_AUDIENCE ?? AUDIENCE;
  const algorithms = (process.env.UNITY_JWT_ALGORITHMS ?? ALGORITHM).split(',').map((a) => a.trim()).filter((a) => a && a.toLowerCase() !== 'none');
  const key = await verificationKey(algorithms[0]);
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key as never, { issuer, audience, algorithms, requiredClaims: ['sub', 'exp'] }));
    } catch (error) {
      throw new InvalidTokenError(describe(error));
    }
    const agency = typeof payload.agency === 'string' ? payload.agency : '';
    if (!agencyPolicy(agency)) throw new InvalidTokenError(`the token's agency claim "${agency}" is not a known agency`);
    const claimed = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
    return { sub: String(payload.sub), agency, scopes: effectiveScopes(agency, claimed) };
  };
}

async function verificationKey(algorithm: string): Promise<KeySource> {
  const jwksUrl = process.env.UNITY_JWKS_URL;
  const publicKeyFile = process.env.UNITY_JWT_PUBLIC_KEY_FILE;
  if (jwksUrl) return createRemoteJWKSet(new URL(jwksUrl)) as unknown as KeySource;
  if (publicKeyFile) return (await importSPKI(fs.readFileSync(publicKeyFile, "utf8"), algorithm)) as unknown as KeySource;
  if (isProduction()) {
    throw new Error('NODE_ENV=production needs real key material: set UNITY_JWKS_URL or UNITY_JWT_PUBLIC_KEY_FILE');
  }
  const { publicKey, kid } = await developmentKeys();
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: algorithm };
  return createLocalJWKSet({ keys: [jwk] }) as unknown as KeySource;
}

function describe(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired; request a new one';
  if (error instanceof errors.JWTClaimValidationFailed) return `the token's "${error.claim}" claim is not acceptable (${error.reason})`;
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the token is signed with an algorithm that is not allowed';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature does not verify';
  if (error instanceof errors.JWKSNoMatchingKey) return 'the token was not signed by a key this gateway trusts';
  if (error instanceof errors.JOSEError) return `the token is not valid (${error.code})`;
  return 'the token is not a valid JWT';
}
