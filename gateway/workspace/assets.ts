import path from 'node:path';
import { Router } from 'express';
import { projectRoot } from '../../lib/config';

/** Where every file a workspace page loads is served: the gateway itself, so no page needs the internet. */
export const ASSET_PREFIX = '/assets';

/**
 * Serves files under `/assets/<name>`: each name maps to a file relative to the project root, either
 * inside an installed npm package (kept a day by the browser: it changes only with the lockfile) or a
 * page's own script and stylesheet (revalidated on every load, so a new version shows at once). Only
 * the listed names are served; anything else falls through (404).
 */
export function staticAssets(assets: Record<string, string>, kind: 'vendor' | 'own'): Router {
  const router = Router();
  for (const [name, file] of Object.entries(assets)) {
    const absolute = path.join(projectRoot, file);
    router.get(`${ASSET_PREFIX}/${name}`, (_req, res, next) => {
      res.type(path.extname(name)).set('Cache-Control', kind === 'vendor' ? 'public, max-age=86400' : 'no-cache');
      res.sendFile(absolute, (error) => {
        if (error && !res.headersSent) next(error);
      });
    });
  }
  return router;
}

/** A value as JSON that is safe inside a `<script type="application/json">` data block (no `</script>`). */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
