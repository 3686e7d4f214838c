import express from 'express';
import type { DataSource } from 'typeorm';
import { metrics } from '../observability/metrics';
import { hasMetricsToken, METRICS_TOKEN_HINT } from '../observability/metrics-token';
import { SUBGRAPH_TOKEN_HEADER, SubgraphEndpoint } from '../identity/subgraph-trust';
import { signedByGateway } from './signed-by-gateway';

/**
 * A subgraph's `/health`, `/ready` (its database answers) and `/metrics`, for the gateway (signed,
 * like every other request to a subgraph: its readiness check) and for operators (METRICS_TOKEN).
 * Anyone else gets 401: they would learn which agency systems run, and `/ready` costs a query.
 */
export function serveOperationalEndpoints(app: express.Express, subgraph: string, db: DataSource): void {
  const guarded = (endpoint: SubgraphEndpoint): express.RequestHandler => {
    const signed = signedByGateway(subgraph, endpoint);
    return (req, res, next) => {
      if (hasMetricsToken(req.header('authorization'))) return next();
      if (req.header(SUBGRAPH_TOKEN_HEADER)) return signed(req, res, next);
      res.status(401).json({ errors: [{ message: `The ${subgraph} subgraph's /${endpoint} is for operators and the gateway. ${METRICS_TOKEN_HINT}`, extensions: { code: 'UNAUTHENTICATED' } }] });
    };
  };
  app.get('/health', guarded('health'), (_req, res) => {
    res.json({ status: 'ok', subgraph });
  });
  app.get('/metrics', guarded('metrics'), async (_req, res) => {
    res.type(metrics.contentType).send(await metrics.metrics());
  });
  app.get('/ready', guarded('ready'), async (_req, res) => {
    try {
      await db.query('SELECT 1');
      res.json({ status: 'ready', subgraph });
    } catch (error) {
      res.status(503).json({ status: 'unavailable', subgraph, detail: `database unreachable: ${error instanceof Error ? error.message : String(error)}` });
    }
  });
}
