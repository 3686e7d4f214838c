import { Router } from 'express';
import { CANONICAL_OPERATIONS, operationDocument } from '../../../operations';
import { renderPage } from '../page';

/**
 * GraphiQL, served by the gateway from local assets (Apollo's default landing page loads Sandbox
 * from a CDN, blank on a closed network). It opens with the canonical operations and sends the
 * session's token and purpose of use. `?operation=<name>&variables=<JSON>` opens that operation,
 * filled in (links from the other pages, the browser test).
 */
export function explorer(graphqlPath: string): Router {
  const router = Router();
  const operations = CANONICAL_OPERATIONS.map((name) => ({ name, query: operationDocument(name) }));
  const page = renderPage({
    title: 'Unity Table explorer',
    stylesheets: ['graphiql.css', 'explorer.css'],
    scripts: ['react.js', 'react-dom.js', 'graphiql.js', 'explorer-page.js'],
    body: '  <main id="content" class="explorer"><div id="graphiql">Loading the explorer…</div></main>',
  }, { endpoint: graphqlPath, operations });
  router.get('/explorer', (_req, res) => {
    res.type('html').send(page);
  });
  // A browser opening the GraphQL URL itself gets the explorer too.
  router.get(graphqlPath, (req, res, next) => {
    if (req.query.query === undefined && req.accepts(['html', 'json']) === 'html') res.type('html').send(page);
    else next();
  });
  return router;
}
