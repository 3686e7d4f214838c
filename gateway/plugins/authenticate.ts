import crypto from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { GraphQLError } from 'graphql';
import { InvalidTokenError, TokenVerifier } from '../../lib/identity/tokens';
import { unauthenticated } from '../../lib/graphql/errors';
import type { GatewayContext } from '../context';
import { Caller, wantsFreshAnswer } from '../../lib/identity/caller';
import { HOW_TO_STATE_PURPOSE, InvalidPurposeError, parsePurpose, PURPOSE_HEADER, purposeRequired } from '../../lib/identity/purpose';
import { isProduction } from '../../lib/config';

/** A refused request is on the record too: from where, when, why and, once verified, by whom (gateway/audit/refusals.ts counts them). */
export type RefusalRecorder = (refusal: { address: string; reason: string; caller?: Pick<Caller, 'sub' | 'agency'> }) => void;

/** What `identify` found out about a request, before anything else looks at it. */
export interface RequestIdentity {
  /** The gateway's own id for this request: what the audit records and every subgraph sees. */
  requestId: string;
  /** The caller's `x-request-id`, if harmless to log: recorded beside ours, never instead of it. */
  clientRequestId?: string;
  clientAddress: string;
  caller?: Caller;
  /** The `purpose` claim of the token. */
  purposeClaim?: string | null;
  /** Why the request has no caller. */
  refusal?: string;
  startedAt: number;
}

const IDENTITY = Symbol('request identity');

export function identityOf(res: Response): RequestIdentity {
  const identity = (res.locals as { [IDENTITY]?: RequestIdentity })[IDENTITY];
  if (!identity) throw new Error('identify() must run before this middleware');
  return identity;
}

function howTo(production: boolean): string {
  // Production tokens come from the agencies' identity provider; how to mint a development one is no business of a stranger's.
  return production ? 'Send "Authorization: Bearer <token>" with a token from your agency\'s identity provider.'
    : 'Send "Authorization: Bearer <token>"; in development, get one with: npm run --silent token -- --agency <CODE>';
}

/**
 * Verifies the bearer token (any spelling of the scheme, any spacing) before rate limiting, so that
 * limits count verified callers; a request without a valid token only learns why later, in the
 * GraphQL response (`authenticate`).
 */
export function identify(verify: TokenVerifier, production = isProduction()): RequestHandler {
  const how = howTo(production);
  return async (req, res, next) => {
    const identity: RequestIdentity = {
      requestId: crypto.randomUUID(),
      clientRequestId: validRequestId(req.header('x-request-id')),
      clientAddress: req.ip ?? req.socket.remoteAddress ?? 'unknown',
      startedAt: performance.now(),
    };
    (res.locals as { [IDENTITY]?: RequestIdentity })[IDENTITY] = identity;
    res.setHeader('x-request-id', identity.requestId);
    const header = req.header('authorization');
    const match = header ? /^\s*Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!header) identity.refusal = `No credentials. ${how}`;
    else if (!match) identity.refusal = `The Authorization header is not a bearer token. ${how}`;
    else {
      try {
        const { purpose, ...caller } = await verify(match[1]);
        identity.caller = caller;
        identity.purposeClaim = purpose;
      } catch (error) {
        if (!(error instanceof InvalidTokenError)) return next(error);
        identity.refusal = `Invalid token: ${error.message}.`;
      }
    }
    next();
  };
}

/**
 * The GraphQL context: the caller `identify` verified and the purpose of use, or 401 (no valid
 * token, recorded as a refusal) or 400 (no purpose where one is required, or a malformed one).
 */
export function authenticate(recordRefusal?: RefusalRecorder) {
  const required = purposeRequired();
  return async ({ req, res }: { req: Request; res: Response }): Promise<GatewayContext> => {
    const identity = identityOf(res);
    if (!identity.caller) {
      recordRefusal?.({ address: identity.clientAddress, reason: identity.refusal ?? 'refused' });
      throw unauthenticated(identity.refusal ?? 'Not authenticated.');
    }
    let purpose: string | null;
    try {
      purpose = parsePurpose(req.header(PURPOSE_HEADER)) ?? identity.purposeClaim ?? null;
    } catch (error) {
      if (!(error instanceof InvalidPurposeError)) throw error;
      recordRefusal?.({ address: identity.clientAddress, reason: 'Invalid purpose of use (BAD_REQUEST).', caller: identity.caller });
      throw badRequest(error.message);
    }
    if (!purpose && required) {
      recordRefusal?.({ address: identity.clientAddress, reason: 'No purpose of use (PURPOSE_REQUIRED).', caller: identity.caller });
      throw new GraphQLError(`This gateway requires a purpose of use with every request. ${HOW_TO_STATE_PURPOSE}`, { extensions: { code: 'PURPOSE_REQUIRED', http: { status: 400 } } });
    }
    return {
      caller: identity.caller,
      requestId: identity.requestId,
      clientRequestId: identity.clientRequestId,
      clientAddress: identity.clientAddress,
      purpose,
      startedAt: identity.startedAt,
      fresh: wantsFreshAnswer(req.header('cache-control')),
    };
  };
}

function badRequest(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
}

/** A caller-supplied request id is kept only if it is harmless to log and pass on. */
function validRequestId(value: string | undefined): string | undefined {
  return value && /^[A-Za-z0-9._:-]{1,100}$/.test(value) ? value : undefined;
}
