import { Router } from 'express';
import { operationDocument } from '../../../operations';
import { renderPage } from '../page';

const BODY = `  <main id="content" class="search">
    <h1>Find a target</h1>
    <form id="search-form" role="search" class="search-form">
      <label for="q">Name, alias, phone, plate or address</label>
      <input id="q" name="q" type="search" autocomplete="off" spellcheck="false" role="combobox" aria-autocomplete="list" aria-expanded="false" aria-controls="results" placeholder="e.g. Gutierez Zuniga, El Gallo, 555 0142, ABC12">
      <button type="submit">Search</button>
      <button type="button" id="export" class="export" disabled>Export CSV</button>
    </form>
    <p class="note" id="keys">↓ ↑ move through the results, Enter opens one, Esc clears. Misspellings and missing accents are forgiven; part of a phone number, plate or address finds the selectors it belongs to.</p>
    <div id="status" role="status"></div>
    <ul id="errors" role="alert" hidden></ul>
    <div id="withheld"></div>
    <ul id="results" role="listbox" aria-label="Matches"></ul>
  </main>`;

/** `/`: the search page, where an analyst starts from a name. */
export function search(graphqlPath: string): Router {
  const router = Router();
  const spec = { title: 'Unity Table · search', stylesheets: ['search.css'], scripts: ['tabular.js', 'search-page.js'], body: BODY };
  const documents = { SearchHoldings: operationDocument('SearchHoldings'), SearchSelectors: operationDocument('SearchSelectors') };
  router.get('/', (_req, res) => {
    res.type('html').set('Cache-Control', 'no-store').send(renderPage(spec, { endpoint: graphqlPath, documents }));
  });
  return router;
}
