import fs from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, errors, exportJWK, importSPKI, JWTPayload, jwtVerify, SignJWT } from 'jose';
import { ALGORITHM, AUDIENCE, DEV_ISSUER, developmentKeys } from './keys';
import { agencyPolicy, effectiveScopes } from './policy';
import { Caller } from './caller';
import { isProduction } from '../config';
import { InvalidPurposeError, parsePurpose } from './purpose';

export interface TokenRequest {
  agency: string;
  sub?: string;
  scopes?: string[];
  expiresIn?: string;
  /** The purpose of use the token states (a case number or INVESTIGATION, ...). */
  purpose?: string;
}

/** A development token: the agency's whole grant unless scopes narrow it. */
export async function signDevelopmentToken(request: TokenRequest): Promise<string> {
  const policy = agencyPolicy(request.agency);
  if (!policy) throw new Error(`Unknown agency "${request.agency}"`);
  const scopes = request.scopes ? effectiveScopes(request.agency, request.scopes) : policy.grant;
  const purpose = parsePurpose(request.purpose);
  const keys = await developmentKeys();
  return new SignJWT({ agency: request.agency, scope: scopes.join(' '), ...(purpose ? { purpose } : {}) })
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

/** The caller a token names, and the purpose of use it states, if any. */
export type TokenVerifier = (token: string) => Promise<Caller & { purpose?: string | null }>;

/** Clocks of the identity provider and the gateway may differ this much. */
const CLOCK_SKEW_SECONDS = 30;

/** UNITY_JWT_MAX_AGE: the oldest token (by its iat) accepted, whatever its exp says; 12 h unless set (seconds, or 12h, 90m, ...). */
export function maxTokenAge(): string | number {
  const raw = process.env.UNITY_JWT_MAX_AGE?.trim() || '12h';
  if (/^\d+$/.test(raw)) return Number(raw);
  if (/^\d+(\.\d+)?\s*(s|sec|secs|second|seconds|m|min|mins|minute|minutes|h|hr|hrs|hour|hours|d|day|days)$/i.test(raw)) return raw;
  throw new Error(`UNITY_JWT_MAX_AGE must be a number of seconds or a duration such as 12h or 90m, got "${raw}"`);
}

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
  const maxAge = maxTokenAge();
  return async (token) => {
    let payload: JWTPayload;
    try {
      // iat is required: a token issued in the future (beyond the skew) or longer ago than the maximum age is refused.
      ({ payload } = await jwtVerify(token, key as never, { issuer, audience, algorithms, requiredClaims: ['sub', 'exp', 'iat'], maxTokenAge: maxAge, clockTolerance: CLOCK_SKEW_SECONDS }));
    } catch (error) {
      throw new InvalidTokenError(describe(error, maxAge));
    }
    // The audit names the caller by it, and the rate limit counts by it: an empty subject would be everyone and no one.
    if (typeof payload.sub !== 'string' || !/\S/.test(payload.sub) || payload.sub.length > 256) throw new InvalidTokenError('the token\'s "sub" claim must name the user (1 to 256 characters)');
    const agency = typeof payload.agency === 'string' ? payload.agency : '';
    if (!agencyPolicy(agency)) throw new InvalidTokenError(`the token's agency claim "${agency}" is not a known agency`);
    const claimed = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
    let purpose: string | null;
    try {
      purpose = parsePurpose(payload.purpose);
    } catch (error) {
      if (error instanceof InvalidPurposeError) throw new InvalidTokenError(`the token's "purpose" claim is not acceptable: ${error.message}`);
      throw error;
    }
    return { sub: String(payload.sub), agency, scopes: effectiveScopes(agency, claimed), ...(purpose ? { purpose } : {}) };
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

function describe(error: unknown, maxAge: string | number): string {
  if (error instanceof errors.JWTExpired && error.claim === 'iat') return `the token was issued more than ${typeof maxAge === 'number' ? `${maxAge} seconds` : maxAge} ago (the longest a token is accepted, UNITY_JWT_MAX_AGE); request a new one`;
  if (error instanceof errors.JWTExpired) return 'the token has expired; request a new one';
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'iat' && error.reason === 'check_failed') return 'the token says it was issued in the future (its "iat"); check the clock of the system that issued it';
  if (error instanceof errors.JWTClaimValidationFailed) return `the token's "${error.claim}" claim is not acceptable (${error.reason})`;
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the token is signed with an algorithm that is not allowed';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature does not verify';
  if (error instanceof errors.JWKSNoMatchingKey) return 'the token was not signed by a key this gateway trusts';
  if (error instanceof errors.JOSEError) return `the token is not valid (${error.code})`;
  return 'the token is not a valid JWT';
}
