import { Router } from 'express';
import { operationDocument } from '../../../operations';
import { renderPage } from '../page';

const BODY = `  <div id="status" role="status">Loading the network…</div>
  <ul id="errors" role="alert" hidden></ul>
  <main id="content" class="network" hidden>
    <aside class="panel controls" aria-label="Network controls">
      <h1 id="root-name"></h1>
      <label>Depth <select id="depth"><option value="1">1 hop</option><option value="2" selected>2 hops</option><option value="3">3 hops</option></select></label>
      <label><input type="checkbox" id="with-selectors"> shared selectors (phones, vehicles, addresses, documents, accounts)</label>
      <fieldset id="kinds"><legend>Ties</legend></fieldset>
      <fieldset id="roles"><legend>Roles</legend></fieldset>
      <fieldset><legend>Node size</legend>
        <label><input type="radio" name="size" value="betweenness" checked> betweenness</label>
        <label><input type="radio" name="size" value="degree"> degree</label>
      </fieldset>
      <fieldset id="selection"><legend>Selected</legend><p id="selected" class="note">Select a node (click, or Tab into the list below).</p>
        <button type="button" id="expand" disabled>Expand</button> <button type="button" id="collapse" disabled>Collapse</button>
        <button type="button" id="path-from" disabled>Path from here</button> <button type="button" id="path-to" disabled>Path to here</button>
      </fieldset>
      <div id="path" aria-live="polite"></div>
      <fieldset><legend>Export</legend>
        <button type="button" class="export" id="export-graphml">GraphML</button>
        <button type="button" class="export" id="export-nodes">Nodes CSV</button>
        <button type="button" class="export" id="export-edges">Edges CSV</button>
        <button type="button" class="export" id="export-anx">i2 ANB (.anx)</button>
      </fieldset>
      <p id="graph-note" class="note"></p>
    </aside>
    <section class="panel graph-panel" aria-label="Network graph"><div id="graph"></div></section>
    <section class="panel node-list" aria-labelledby="list-title"><h2 id="list-title">Nodes</h2><ol id="node-list"></ol></section>
  </main>`;

/** `/network/<id>`: the network explorer around a person or an organization. */
export function networkExplorer(graphqlPath: string): Router {
  const router = Router();
  const spec = { title: 'Unity Table · network', stylesheets: ['network.css'], scripts: ['cytoscape.js', 'tabular.js', 'network-export.js', 'network-page.js'], body: BODY };
  const documents = { Network: operationDocument('Network'), ShortestPath: operationDocument('ShortestPath') };
  router.get('/network/:id', (req, res) => {
    res.type('html').set('Cache-Control', 'no-store').send(renderPage(spec, { endpoint: graphqlPath, id: req.params.id, documents }));
  });
  return router;
}
