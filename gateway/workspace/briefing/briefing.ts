import { Router } from 'express';
import { operationDocument } from '../../../operations';
import { renderPage } from '../page';

const BODY = `  <main id="content" class="briefing">
    <header class="briefing-head">
      <h1 id="briefing-title">Weekly briefing</h1>
      <form id="period" class="period">
        <label>From <input id="from" type="date" required></label>
        <label>To <input id="to" type="date" required></label>
        <button type="submit">Show</button>
        <button type="button" id="print">Print</button>
      </form>
      <p id="period-note" class="note"></p>
    </header>
    <div id="status" role="status">Loading the briefing…</div>
    <ul id="errors" role="alert" hidden></ul>
    <section id="figures" class="panel" aria-labelledby="figures-title"><h2 id="figures-title">The week against the previous four, by agency</h2><div id="charts"></div></section>
    <section id="sectors" class="panel" aria-labelledby="sectors-title"><h2 id="sectors-title">Interdictions by sector</h2><div id="map"></div><div id="sector-table"></div></section>
    <section id="movement" class="panel" aria-labelledby="movement-title"><h2 id="movement-title">Priority organizations</h2><div id="movement-table"></div></section>
    <section id="investigations" class="panel" aria-labelledby="investigations-title"><h2 id="investigations-title">New cases, arrests and indictments</h2><div id="investigation-lists"></div></section>
    <section id="finance" class="panel" aria-labelledby="finance-title"><h2 id="finance-title">Designations and freezes</h2><div id="finance-lists"></div></section>
    <section id="travel" class="panel" aria-labelledby="travel-title"><h2 id="travel-title">Restrictions issued</h2><div id="travel-lists"></div></section>
  </main>`;

/** `/briefing?from&to[&organizationId]`: the task force's weekly briefing, on screen and in print. */
export function briefing(graphqlPath: string): Router {
  const router = Router();
  const spec = {
    title: 'Unity Table · weekly briefing',
    stylesheets: ['leaflet.css', 'briefing.css'],
    scripts: ['leaflet.js', 'topojson-client.js', 'map.js', 'chart.js', 'briefing-page.js'],
    body: BODY,
  };
  const documents = Object.fromEntries((['WeeklyBriefing', 'BriefingMovement', 'BriefingInterdictions', 'BriefingRecords'] as const).map((name) => [name, operationDocument(name)]));
  router.get('/briefing', (_req, res) => {
    res.type('html').set('Cache-Control', 'no-store').send(renderPage(spec, { endpoint: graphqlPath, documents }));
  });
  return router;
}
