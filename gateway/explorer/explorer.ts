import fs from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import { projectRoot } from '../../lib/config';
import { CANONICAL_OPERATIONS, operationDocument } from '../../operations';

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
 * paste a token, kept in the browser's local storage.
 */
export function explorer(graphqlPath: string): Router {
  const router = Router();
  const page = explorerPage(graphqlPath);
  for (const [name, file] of Object.entries(ASSETS)) {
    router.get(`/explorer/assets/${name}`, (_req, res) => {
      res.type(name.endsWith('.css') ? 'text/css' : 'application/javascript').set('Cache-Control', 'public, max-age=86400');
      res.sendFile(path.join(projectRoot, file));
    });
  }
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
  const css = fs.readFileSync(path.join(projectRoot, 'gateway', 'explorer', 'explorer.css'), 'utf8');
  const script = fs.readFileSync(path.join(projectRoot, 'gateway', 'explorer', 'explorer-page.js'), 'utf8');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Unity Table explorer</title>
  <link rel="stylesheet" href="/explorer/assets/graphiql.css">
  <style>${css}</style>
</head>
<body>
  <header>
    <strong>Unity Table</strong>
    <label>Bearer token <input id="token" type="password" placeholder="paste the output of: npm run --silent token -- --agency HSI" autocomplete="off"></label>
    <button id="save">Use token</button>
    <span id="who"></span>
  </header>
  <main id="graphiql">Loading the explorer…</main>
  <script src="/explorer/assets/react.js"></script>
  <script src="/explorer/assets/react-dom.js"></script>
  <script src="/explorer/assets/graphiql.js"></script>
  <script>window.UNITY = ${JSON.stringify({ endpoint: graphqlPath, operations }).replace(/</g, '\\u003c')};</script>
  <script>${script}</script>
</body>
</html>`;
}
