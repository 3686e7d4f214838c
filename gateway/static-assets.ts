import fs from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import { projectRoot } from '../lib/config';

/**
 * Serves browser assets under `prefix` (e.g. `/explorer/assets`): each name maps to a file relative
 * to the project root, usually inside an installed npm package, so a page of the gateway never needs
 * the internet. Only the listed names are served; anything else falls through (404).
 */
export function staticAssets(prefix: string, assets: Record<string, string>): Router {
  const router = Router();
  for (const [name, file] of Object.entries(assets)) {
    const absolute = path.join(projectRoot, file);
    router.get(`${prefix}/${name}`, (_req, res, next) => {
      res.type(path.extname(name)).set('Cache-Control', 'public, max-age=86400');
      res.sendFile(absolute, (error) => {
        if (error && !res.headersSent) next(error);
      });
    });
  }
  return router;
}

/** A file of the project (a page's own script or stylesheet), read once when the page is built. */
export function projectFile(...segments: string[]): string {
  return fs.readFileSync(path.join(projectRoot, ...segments), 'utf8');
}

/** A value as JSON that is safe to put inside an inline <script> element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * The head and the token bar both pages share: each page's script keeps the token pasted here under
 * one localStorage key, so the explorer and the dossier use the same token.
 */
export function pageTop(page: { title: string; stylesheet: string; css: string; viewport?: boolean; headerExtra?: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">${page.viewport ? '\n  <meta name="viewport" content="width=device-width, initial-scale=1">' : ''}
  <title>${page.title}</title>
  <link rel="stylesheet" href="${page.stylesheet}">
  <style>${page.css}</style>
</head>
<body>
  <header>
    <strong>Unity Table</strong>
    <label>Bearer token <input id="token" type="password" placeholder="paste the output of: npm run --silent token -- --agency HSI" autocomplete="off"></label>
    <button id="save">Use token</button>
    <span id="who"></span>${page.headerExtra ? `\n    ${page.headerExtra}` : ''}
  </header>`;
}
