import type express from 'express';
import { metrics } from '../lib/observability/metrics';
import { hasMetricsToken, METRICS_TOKEN_HINT } from '../lib/observability/metrics-token';
import { cachedReadiness } from './resilience/readiness';
import type { SubgraphDataSource } from './subgraph-fetch';

/**
 * `/health` (live: cheap, no I/O, open to all), and for operators only (METRICS_TOKEN) `/metrics`
 * and `/ready`: the first names what the deployment runs, the second fans out to every subgraph and
 * its database, answered at most once a second.
 */
export function serveOperationalEndpoints(app: express.Express, dataSources: () => SubgraphDataSource[]): void {
  const operatorsOnly: express.RequestHandler = (req, res, next) => {
    if (hasMetricsToken(req.header('authorization'))) return next();
    res.status(401).json({ errors: [{ message: `${req.path} is for operators. ${METRICS_TOKEN_HINT}`, extensions: { code: 'UNAUTHENTICATED' } }] });
  };
  const ready = cachedReadiness(dataSources);
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/metrics', operatorsOnly, async (_req, res) => {
    res.type(metrics.contentType).send(await metrics.metrics());
  });
  app.get('/ready', operatorsOnly, async (_req, res) => {
    const report = await ready();
    res.status(report.ready ? 200 : 503).json(report);
  });
}
