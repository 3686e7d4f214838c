import { Router } from 'express';
import { operationDocument, RegisteredOperation } from '../../../operations';
import { renderPage } from '../page';

/** Each kind of record with a page of its own: its address segment, operation and root field. */
export const RECORD_KINDS: Record<string, { operation: RegisteredOperation; field: string; title: string }> = {
  case: { operation: 'CaseRecord', field: 'case', title: 'Case' },
  interdiction: { operation: 'InterdictionRecord', field: 'interdiction', title: 'Interdiction' },
  account: { operation: 'FinancialAccountRecord', field: 'financialAccount', title: 'Financial account' },
  restriction: { operation: 'TravelRestrictionRecord', field: 'travelRestriction', title: 'Travel restriction' },
  sanction: { operation: 'SanctionsDesignationRecord', field: 'sanctionsDesignation', title: 'Sanctions designation' },
  'asset-seizure': { operation: 'AssetSeizureRecord', field: 'assetSeizure', title: 'Asset seizure' },
};

const BODY = `  <div id="status" role="status">Loading the record…</div>
  <ul id="errors" role="alert" hidden></ul>
  <main id="content" class="record" hidden>
    <article class="panel" id="record" aria-labelledby="record-title"><h1 id="record-title"></h1><div id="fields"></div></article>
  </main>`;

/** `/record/<kind>/<id>`: one agency record, every field it is released with, and its handling labels. */
export function recordDetail(graphqlPath: string): Router {
  const router = Router();
  const spec = { title: 'Unity Table · record', stylesheets: ['record.css'], scripts: ['record-page.js'], body: BODY };
  router.get('/record/:kind/:id', (req, res, next) => {
    const kind = RECORD_KINDS[req.params.kind];
    if (!kind) return next();
    const config = { endpoint: graphqlPath, id: req.params.id, kind: req.params.kind, field: kind.field, title: kind.title, operation: kind.operation, documents: { [kind.operation]: operationDocument(kind.operation) } };
    res.type('html').set('Cache-Control', 'no-store').send(renderPage(spec, config));
  });
  return router;
}
