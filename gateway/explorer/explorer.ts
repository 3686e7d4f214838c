import { Router } from 'express';
import { CANONICAL_OPERATIONS, operationDocument } from '../../operations';
import { pageTop, projectFile, scriptJson, staticAssets } from '../static-assets';

/** Files the explorer page loads, all from installed npm packages: nothing comes from the internet. */
const ASSETS: Record<string, string> = {
  'react.js': 'node_modules/react/umd/react.production.min.js',
  'react-dom.js': 'node_modules/react-dom/umd/react-dom.production.min.js',
  'graphiql.js': 'node_modules/graphiql/graphiql.min.js',
  'graphiql.css': 'node_modules/graphiql/graphiql.min.css',
};

/**
 * GraphiQL, served by the gateway from local assets (Apollo's default landing page loads Sandbox
 * from a CDN, blank on a closed network). It opens with the canonical operations, and a field to
 * paste a token, kept in the browser's local storage. `?operation=<name>&variables=<JSON>` opens
 * that operation, filled in (links from the dossier page, the browser test).
 */
export function explorer(graphqlPath: string): Router {
  const router = Router();
  const page = explorerPage(graphqlPath);
  router.use(staticAssets('/explorer/assets', ASSETS));
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

function explorerPage(graphqlPath: string): string {
  const operations = CANONICAL_OPERATIONS.map((name) => ({ name, query: operationDocument(name) }));
  const css = projectFile('gateway', 'explorer', 'explorer.css');
  const script = projectFile('gateway', 'explorer', 'explorer-page.js');
  return `${pageTop({ title: 'Unity Table explorer', stylesheet: '/explorer/assets/graphiql.css', css })}
  <main id="graphiql">Loading the explorer…</main>
  <script src="/explorer/assets/react.js"></script>
  <script src="/explorer/assets/react-dom.js"></script>
  <script src="/explorer/assets/graphiql.js"></script>
  <script>window.UNITY = ${scriptJson({ endpoint: graphqlPath, operations })};</script>
  <script>${script}</script>
</body>
</html>`;
}
