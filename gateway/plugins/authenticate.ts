import crypto from 'node:crypto';
import type { Request } from 'express';
import { InvalidTokenError, TokenVerifier } from '../../lib/identity/tokens';
import { unauthenticated } from '../../lib/graphql/errors';
import type { GatewayContext } from '../context';
import { wantsFreshAnswer } from '../../lib/identity/caller';

const HOW_TO = 'Send "Authorization: Bearer <token>"; in development, get one with: npm run --silent token -- --agency <CODE>';

/** A refused request is on the record too: who tried (as far as known), when, and why. */
export type RefusalRecorder = (refusal: { requestId: string; reason: string; latencyMs: number }) => Promise<void>;

/** Turns the bearer token into the caller, or refuses the request with 401 and what to do. */
export function authenticate(verify: TokenVerifier, recordRefusal?: RefusalRecorder) {
  return async ({ req }: { req: Request }): Promise<GatewayContext> => {
    const startedAt = performance.now();
    const requestId = validRequestId(req.header('x-request-id')) ?? crypto.randomUUID();
    const refuse = async (message: string) => {
      await recordRefusal?.({ requestId, reason: message, latencyMs: performance.now() - startedAt });
      return unauthenticated(message);
    };
    const header = req.header('authorization');
    if (!header) throw await refuse(`No credentials. ${HOW_TO}`);
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw await refuse(`The Authorization header is not a bearer token. ${HOW_TO}`);
    try {
      return { caller: await verify(match[1]), requestId, startedAt, fresh: wantsFreshAnswer(req.header('cache-control')) };
    } catch (error) {
      if (error instanceof InvalidTokenError) throw await refuse(`Invalid token: ${error.message}.`);
      throw error;
    }
  };
}

/** A caller-supplied request id is kept only if it is harmless to log and pass on. */
function validRequestId(value: string | undefined): string | undefined {
  return value && /^[A-Za-z0-9._:-]{1,100}$/.test(value) ? value : undefined;
}
