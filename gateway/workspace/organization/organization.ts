import { Router } from 'express';
import { operationDocument } from '../../../operations';
import { renderPage } from '../page';

const BODY = `  <div id="status" role="status">Loading the dossier…</div>
  <ul id="errors" role="alert" hidden></ul>
  <main id="content" class="organization" hidden>
    <section id="profile" class="panel" aria-label="Profile"></section>
    <section id="members" class="panel" aria-labelledby="members-title"><h2 id="members-title">Members</h2><button type="button" class="export" id="export-members">Export all members (CSV)</button><div id="member-groups"></div></section>
    <section id="map-panel" class="panel" aria-labelledby="map-title"><h2 id="map-title">Interdictions</h2><div id="map"></div><p id="map-note" class="note"></p></section>
    <section id="graph-panel" class="panel" aria-labelledby="graph-title"><h2 id="graph-title">Network</h2><div id="graph"></div><p id="graph-note" class="note"></p></section>
    <section id="timeline-panel" class="panel" aria-labelledby="timeline-title"><h2 id="timeline-title">Timeline</h2><ol id="timeline"></ol></section>
  </main>`;

/**
 * The organization dossier, `/organization/<id>` (and its first address, `/dossier/<id>`): a
 * target's profile, its members by role, every agency's actions on one timeline, a map of its
 * interdictions (country outlines from world-atlas, no tile server) and its member network.
 */
export function organizationDossier(graphqlPath: string): Router {
  const router = Router();
  const documents = { TargetDossier: operationDocument('TargetDossier'), Network: operationDocument('Network'), OrganizationHoldings: operationDocument('OrganizationHoldings'), OrganizationMembers: operationDocument('OrganizationMembers') };
  const spec = {
    title: 'Unity Table · organization',
    stylesheets: ['leaflet.css', 'organization.css'],
    scripts: ['leaflet.js', 'topojson-client.js', 'map.js', 'cytoscape.js', 'tabular.js', 'organization-page.js'],
    body: BODY,
  };
  router.get(['/organization/:id', '/dossier/:id'], (req, res) => {
    res.type('html').set('Cache-Control', 'no-store').send(renderPage(spec, { endpoint: graphqlPath, id: req.params.id, documents }));
  });
  return router;
}
