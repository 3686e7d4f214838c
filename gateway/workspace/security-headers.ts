import crypto from 'node:crypto';
import helmet from 'helmet';

/**
 * Cytoscape adds one fixed `<style>` element to the page for its container; the policy allows that
 * element by its hash, and no other inline style.
 */
const CYTOSCAPE_STYLE = '.__________cytoscape_container { position: relative; }';
const styleHash = (css: string) => `'sha256-${crypto.createHash('sha256').update(css).digest('base64')}'`;

/**
 * Security headers on every response of the gateway (helmet), pages and JSON alike: a
 * Content-Security-Policy under which a page runs only the scripts it loads from the gateway itself
 * (no inline script, no eval, no plug-ins), may not be framed, and talks only to its own origin;
 * `X-Frame-Options: DENY`, `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`. Even if
 * record text ever reached a page as HTML, an injected script could neither run nor send a token
 * anywhere.
 */
export function securityHeaders() {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'script-src-attr': ["'none'"],
        'style-src': ["'self'", styleHash(CYTOSCAPE_STYLE)],
        // Leaflet's and GraphiQL's stylesheets use data: images; charts and the exports use blob: URLs.
        'img-src': ["'self'", 'data:', 'blob:'],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'none'"],
        'form-action': ["'self'"],
        'frame-src': ["'none'"],
        'frame-ancestors': ["'none'"],
      },
    },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}
