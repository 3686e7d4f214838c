import { Router } from 'express';
import { staticAssets } from './assets';
import { explorer } from './explorer/explorer';
import { organizationDossier } from './organization/organization';
import { search } from './search/search';
import { personDossier } from './person/person';
import { recordDetail } from './record/record';
import { networkExplorer } from './network/network';
import { briefing } from './briefing/briefing';

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
  'chart.js': 'node_modules/chart.js/dist/chart.umd.min.js',
};

/** The pages' own scripts and stylesheets: `<name>` is the file of that name in this folder's `<folder>/`. */
const OWN_ASSETS: Record<string, string> = Object.fromEntries(Object.entries({
  shared: ['session.js', 'workspace.css', 'tabular.js', 'map.js'],
  explorer: ['explorer-page.js', 'explorer.css'],
  search: ['search-page.js', 'search.css'],
  organization: ['organization-page.js', 'organization.css'],
  person: ['person-page.js', 'person.css'],
  record: ['record-page.js', 'record.css'],
  network: ['network-page.js', 'network-export.js', 'network.css'],
  briefing: ['briefing-page.js', 'briefing.css'],
}).flatMap(([folder, names]) => names.map((name) => [name, `gateway/workspace/${folder}/${name}`])));

/**
 * The analyst's workspace the gateway serves: the explorer and the dossier pages, each a static
 * skeleton and scripts that ask the gateway with the session's token and purpose of use, like any
 * other client (same limits, same need-to-know, same audit).
 */
export function workspace(graphqlPath: string): Router {
  const router = Router();
  router.use(staticAssets(VENDOR_ASSETS, 'vendor'));
  router.use(staticAssets(OWN_ASSETS, 'own'));
  router.use(search(graphqlPath));
  router.use(explorer(graphqlPath));
  router.use(organizationDossier(graphqlPath));
  router.use(personDossier(graphqlPath));
  router.use(recordDetail(graphqlPath));
  router.use(networkExplorer(graphqlPath));
  router.use(briefing(graphqlPath));
  return router;
}
