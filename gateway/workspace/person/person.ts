import { Router } from 'express';
import { operationDocument } from '../../../operations';
import { renderPage } from '../page';

const BODY = `  <div id="status" role="status">Loading the dossier…</div>
  <ul id="errors" role="alert" hidden></ul>
  <main id="content" class="person" hidden>
    <section id="identity" class="panel" aria-label="Identity"></section>
    <section id="ties" class="panel" aria-labelledby="ties-title"><h2 id="ties-title">Organizations and associates</h2><div id="memberships"></div><div id="associates"></div></section>
    <section id="matches-panel" class="panel" aria-labelledby="matches-title"><h2 id="matches-title">Possible matches</h2><div id="matches"></div></section>
    <section id="selectors-panel" class="panel" aria-labelledby="selectors-title"><h2 id="selectors-title">Selectors</h2><div id="selectors"></div></section>
    <section id="map-panel" class="panel" aria-labelledby="map-title"><h2 id="map-title">Interdictions and crossings</h2><div id="map"></div><p id="map-note" class="note"></p></section>
    <section id="timeline-panel" class="panel" aria-labelledby="timeline-title"><h2 id="timeline-title">Timeline</h2><div id="timeline-notes"></div><ol id="timeline"></ol></section>
  </main>`;

/** `/person/<id>`: one person's dossier. */
export function personDossier(graphqlPath: string): Router {
  const router = Router();
  const spec = { title: 'Unity Table · person', stylesheets: ['leaflet.css', 'person.css'], scripts: ['leaflet.js', 'topojson-client.js', 'map.js', 'person-page.js'], body: BODY };
  const documents = { PersonDossier: operationDocument('PersonDossier') };
  router.get('/person/:id', (req, res) => {
    res.type('html').set('Cache-Control', 'no-store').send(renderPage(spec, { endpoint: graphqlPath, id: req.params.id, documents }));
  });
  return router;
}
