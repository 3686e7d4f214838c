import { AsyncLocalStorage } from 'node:async_hooks';
import express from 'express';
import { REGISTRY_TOKEN_HEADER, SUBGRAPH_TOKEN_HEADER, SubgraphEndpoint, SubgraphRequestIdentity, UntrustedRequestError, verifySubgraphRequest } from '../identity/subgraph-trust';
import { createLogger } from '../observability/logger';

/** The registry lookup signature the gateway sent with the write being served, for lib/subgraph/registry-client.ts. */
const registryLookup = new AsyncLocalStorage<string | undefined>();

export function registryLookupSignature(): string | undefined {
  return registryLookup.getStore();
}

const RAW_BODY = Symbol('raw body');
type WithRawBody = express.Request & { [RAW_BODY]?: Buffer };

function refuse(res: express.Response, subgraph: string): void {
  res.status(401).json({
    errors: [{ message: `The ${subgraph} subgraph answers only requests signed by the Unity Table gateway; send your query to the gateway.`, extensions: { code: 'UNAUTHENTICATED' } }],
  });
}

/**
 * Refuses anything the gateway did not sign for this subgraph, this endpoint and this exact body
 * (lib/identity/subgraph-trust.ts); the verified caller is in `res.locals.identity`.
 */
export function signedByGateway(subgraph: string, endpoint: SubgraphEndpoint): express.RequestHandler {
  const logger = createLogger(subgraph);
  return async (req, res, next) => {
    const token = req.header(SUBGRAPH_TOKEN_HEADER);
    let identity: SubgraphRequestIdentity;
    try {
      if (!token) throw new UntrustedRequestError('no signature');
      const body = (req as WithRawBody)[RAW_BODY] ?? '';
      const document = typeof req.body?.query === 'string' ? req.body.query : undefined;
      identity = await verifySubgraphRequest(subgraph, token, { endpoint, body, document });
    } catch (error) {
      if (!(error instanceof UntrustedRequestError)) return next(error);
      logger.warn({ path: req.path, reason: error.message }, 'refused an unsigned or wrongly signed request');
      return refuse(res, subgraph);
    }
    res.locals.identity = identity;
    registryLookup.run(req.header(REGISTRY_TOKEN_HEADER) || undefined, next);
  };
}

/** The GraphQL endpoint's front: the JSON body, kept byte for byte for the signature check, then the check. */
export function signedGraphQL(subgraph: string, limit = '1mb'): express.RequestHandler[] {
  return [
    express.json({ limit, verify: (req, _res, buffer) => { (req as WithRawBody)[RAW_BODY] = buffer; } }),
    signedByGateway(subgraph, 'graphql'),
  ];
}
