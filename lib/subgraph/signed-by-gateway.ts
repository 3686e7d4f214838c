import express from 'express';
import { ONWARD_TOKENS_HEADER, SUBGRAPH_TOKEN_HEADER, SubgraphEndpoint, SubgraphRequestIdentity, UntrustedRequestError, verifySubgraphRequest } from '../identity/subgraph-trust';
import { createLogger } from '../observability/logger';
import { onwardDocumentsAt } from './onward-requests';

const RAW_BODY = Symbol('raw body');
type WithRawBody = express.Request & { [RAW_BODY]?: Buffer };

function refuse(res: express.Response, subgraph: string): void {
  res.status(401).json({
    errors: [{ message: `The ${subgraph} subgraph answers only requests signed by the Unity Table gateway; send your query to the gateway.`, extensions: { code: 'UNAUTHENTICATED' } }],
  });
}

/**
 * Refuses anything the gateway did not sign for this subgraph, this endpoint and this exact body
 * (lib/identity/subgraph-trust.ts); the verified caller is in `res.locals.identity`, the onward
 * request signatures that came with it in `res.locals.onwardSignatures`.
 */
export function signedByGateway(subgraph: string, endpoint: SubgraphEndpoint): express.RequestHandler {
  const logger = createLogger(subgraph);
  const onwardDocuments = onwardDocumentsAt(subgraph);
  return async (req, res, next) => {
    const token = req.header(SUBGRAPH_TOKEN_HEADER);
    let identity: SubgraphRequestIdentity;
    try {
      if (!token) throw new UntrustedRequestError('no signature');
      const body = (req as WithRawBody)[RAW_BODY] ?? '';
      const document = typeof req.body?.query === 'string' ? req.body.query : undefined;
      identity = await verifySubgraphRequest(subgraph, token, { endpoint, body, document, onwardDocuments });
    } catch (error) {
      if (!(error instanceof UntrustedRequestError)) return next(error);
      logger.warn({ path: req.path, reason: error.message }, 'refused an unsigned or wrongly signed request');
      return refuse(res, subgraph);
    }
    // The onward signatures travel with the request's context, not in an AsyncLocalStorage: one of
    // those turns on Node's promise hooks for every promise of every request (15 to 25% of a fetch).
    res.locals.identity = identity;
    res.locals.onwardSignatures = (req.header(ONWARD_TOKENS_HEADER) ?? '').split(' ').filter(Boolean);
    next();
  };
}

/** The GraphQL endpoint's front: the JSON body, kept byte for byte for the signature check, then the check. */
export function signedGraphQL(subgraph: string, limit = '1mb'): express.RequestHandler[] {
  return [
    express.json({ limit, verify: (req, _res, buffer) => { (req as WithRawBody)[RAW_BODY] = buffer; } }),
    signedByGateway(subgraph, 'graphql'),
  ];
}
