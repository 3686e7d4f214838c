import { ASSET_PREFIX, scriptJson } from './assets';

/** The purposes of use a request may name besides a case number (DESIGN.md, "purpose"). */
export const PURPOSES = ['INVESTIGATION', 'INTERDICTION', 'BRIEFING', 'DECONFLICTION', 'AUDIT', 'TRAINING'] as const;

export interface PageSpec {
  title: string;
  /** Files under /assets, in load order: vendor stylesheets first, then the page's own. */
  stylesheets: string[];
  /** Files under /assets, in load order; the page's own script last. `session.js` is loaded before all of them. */
  scripts: string[];
  /** The page's skeleton: static markup only. Record text is never put into HTML; the page's script adds it as text. */
  body: string;
}

/**
 * One page of the workspace. No inline script or style anywhere (the Content-Security-Policy allows
 * only files from /assets): the page's configuration travels as a JSON data block, which the
 * browser never executes, and `session.js` reads it.
 */
export function renderPage(spec: PageSpec, config: Record<string, unknown>): string {
  const stylesheets = ['workspace.css', ...spec.stylesheets].map((name) => `  <link rel="stylesheet" href="${ASSET_PREFIX}/${name}">`).join('\n');
  const scripts = ['session.js', ...spec.scripts].map((name) => `  <script src="${ASSET_PREFIX}/${name}"></script>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${spec.title}</title>
  <link rel="icon" href="data:,">
${stylesheets}
</head>
<body>
  <a class="skip" href="#content">Skip to content</a>
  <header class="bar">
    <a class="brand" href="/">Unity Table</a>
    <nav aria-label="Workspace">
      <a href="/">Search</a>
      <a href="/briefing">Briefing</a>
      <a id="explorer-link" href="/explorer">Explorer</a>
    </nav>
    <form id="session" class="session" aria-label="Token and purpose of use">
      <label>Bearer token <input id="token" type="password" autocomplete="off" spellcheck="false" placeholder="npm run --silent token -- --agency HSI"></label>
      <label>Purpose of use <select id="purpose">
        <option value="">choose…</option>
${PURPOSES.map((purpose) => `        <option value="${purpose}">${purpose.charAt(0)}${purpose.slice(1).toLowerCase()}</option>`).join('\n')}
        <option value="CASE">a case number…</option>
      </select></label>
      <label id="case-label" hidden>Case number <input id="purpose-case" autocomplete="off" spellcheck="false" placeholder="HSI-PHX-2026-00123"></label>
      <button id="save" type="submit">Use</button>
      <span id="who" aria-live="polite"></span>
    </form>
  </header>
  <script type="application/json" id="unity-config">${scriptJson({ ...config, purposes: PURPOSES })}</script>
${spec.body}
${scripts}
</body>
</html>`;
}
