import { Router } from 'express';
import { staticAssets } from './assets';
import { explorer } from './explorer/explorer';
import { organizationDossier } from './organization/organization';

/** Files from installed npm packages that pages load: no CDN, no tile server. */
const VENDOR_ASSETS: Record<string, string> = {
  'react.js': 'node_modules/react/umd/react.production.min.js',
  'react-dom.js': 'node_modules/react-dom/umd/react-dom.production.min.js',
  'graphiql.js': 'node_modules/graphiql/graphiql.min.js',
  'graphiql.css': 'node_modules/graphiql/graphiql.min.css',
  'leaflet.js': 'node_modules/leaflet/dist/leaflet.js',
  'leaflet.css': 'node_modules/leaflet/dist/leaflet.css',
  'topojson-client.js': 'node_modules/topojson-client/dist/topojson-client.min.js',
  'countries-110m.json': 'node_modules/world-atlas/countries-110m.json',
  'cytoscape.js': 'node_modules/cytoscape/dist/cytoscape.min.js',
};

/** The pages' own scripts and stylesheets, from this folder. */
const OWN_ASSETS: Record<string, string> = {
  'session.js': 'gateway/workspace/shared/session.js',
  'workspace.css': 'gateway/workspace/shared/workspace.css',
  'explorer-page.js': 'gateway/workspace/explorer/explorer-page.js',
  'explorer.css': 'gateway/workspace/explorer/explorer.css',
  'organization-page.js': 'gateway/workspace/organization/organization-page.js',
  'organization.css': 'gateway/workspace/organization/organization.css',
};

/**
 * The analyst's workspace the gateway serves: the explorer and the dossier pages, each a static
 * skeleton and scripts that ask the gateway with the session's token and purpose of use, like any
 * other client (same limits, same need-to-know, same audit).
 */
export function workspace(graphqlPath: string): Router {
  const router = Router();
  router.use(staticAssets(VENDOR_ASSETS, 'vendor'));
  router.use(staticAssets(OWN_ASSETS, 'own'));
  router.use(explorer(graphqlPath));
  router.use(organizationDossier(graphqlPath));
  return router;
}
