import { Router } from 'express';
import { operationDocument } from '../../operations';
import { pageTop, projectFile, scriptJson, staticAssets } from '../static-assets';

/** Files the dossier page loads, all from installed npm packages: no tile server, no CDN. */
const ASSETS: Record<string, string> = {
  'leaflet.js': 'node_modules/leaflet/dist/leaflet.js',
  'leaflet.css': 'node_modules/leaflet/dist/leaflet.css',
  'topojson-client.js': 'node_modules/topojson-client/dist/topojson-client.min.js',
  'countries-110m.json': 'node_modules/world-atlas/countries-110m.json',
  'cytoscape.js': 'node_modules/cytoscape/dist/cytoscape.min.js',
};

/**
 * Not a canonical operation: TargetDossier lists travel restrictions per member, without the issuing
 * agency the timeline labels them with. A gateway that runs registered documents only refuses it,
 * and the page falls back to the members' restrictions.
 */
const TRAVEL_RESTRICTIONS = `query DossierTravelRestrictions($id: UUID!) {
  organization(id: $id) { id travelRestrictions(first: 50) { totalCount edges { node { id type status issuedAt liftedAt issuingAgency person { id } } } } }
}`;

/**
 * An example front-end on the canonical operations: `/dossier/<organization id>` shows a target's
 * profile, its members by role, every agency's actions on one timeline, a map of its interdictions
 * (country outlines from world-atlas, no tile server) and its member network. It runs TargetDossier
 * and Network against the gateway with the token the explorer keeps in the browser's local storage.
 */
export function dossier(graphqlPath: string): Router {
  const router = Router();
  const page = dossierPage();
  const documents = { TargetDossier: operationDocument('TargetDossier'), Network: operationDocument('Network'), TravelRestrictions: TRAVEL_RESTRICTIONS };
  router.use(staticAssets('/dossier/assets', ASSETS));
  router.get('/dossier/:id', (req, res) => {
    const config = scriptJson({ endpoint: graphqlPath, id: req.params.id, explorer: '/explorer', documents });
    res.type('html').set('Cache-Control', 'no-store').send(page(config));
  });
  return router;
}

/** The page, read once; only the configuration (with the id asked for) changes per request. */
function dossierPage(): (config: string) => string {
  const css = projectFile('gateway', 'dossier', 'dossier.css');
  const script = projectFile('gateway', 'dossier', 'dossier-page.js');
  const top = pageTop({
    title: 'Unity Table dossier', stylesheet: '/dossier/assets/leaflet.css', css, viewport: true,
    headerExtra: '<a id="explorer-link" href="/explorer">Open in the explorer</a>',
  });
  return (config) => `${top}
  <div id="status" role="status">Loading the dossier…</div>
  <ul id="errors" role="alert" hidden></ul>
  <main id="dossier" hidden>
    <section id="profile" class="panel"></section>
    <section id="members" class="panel"><h2>Members</h2><div id="member-groups"></div></section>
    <section id="map-panel" class="panel"><h2>Interdictions</h2><div id="map"></div><p id="map-note" class="note"></p></section>
    <section id="graph-panel" class="panel"><h2>Network</h2><div id="graph"></div><p id="graph-note" class="note"></p></section>
    <section id="timeline-panel" class="panel"><h2>Timeline</h2><ol id="timeline"></ol></section>
  </main>
  <script src="/dossier/assets/leaflet.js"></script>
  <script src="/dossier/assets/topojson-client.js"></script>
  <script src="/dossier/assets/cytoscape.js"></script>
  <script>window.UNITY_DOSSIER = ${config};</script>
  <script>${script}</script>
</body>
</html>`;
}
