import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../../lib/config';
import { agencyPolicy } from '../../../lib/identity/policy';

/** Where an agency wants its notices POSTed, and the secret it checks their signatures with. */
export interface WebhookTarget {
  url: string;
  secret: string;
}

export interface WebhookPolicy {
  maxAttempts: number;
  backoffMs: number;
  agencies: Record<string, WebhookTarget>;
}

/** The policy file: lib/identity/webhooks.json, or UNITY_WEBHOOKS_FILE. */
export function webhookPolicyFile(): string {
  return path.resolve(process.env.UNITY_WEBHOOKS_FILE ?? path.join(projectRoot, 'lib', 'identity', 'webhooks.json'));
}

/** Reads and checks the policy; a mistake in it stops the service at start, saying what to fix. */
export function loadWebhookPolicy(file = webhookPolicyFile()): WebhookPolicy {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as { maxAttempts?: number; backoffSeconds?: number; agencies?: Record<string, { url?: string; secretEnv?: string }> };
  const problem = (what: string) => new Error(`${file}: ${what}`);
  const maxAttempts = raw.maxAttempts ?? 8;
  const backoffSeconds = raw.backoffSeconds ?? 2;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw problem('maxAttempts must be a whole number of at least 1');
  if (!(backoffSeconds > 0)) throw problem('backoffSeconds must be positive');
  const agencies: Record<string, WebhookTarget> = {};
  for (const [agency, target] of Object.entries(raw.agencies ?? {})) {
    if (!agencyPolicy(agency)) throw problem(`"${agency}" is not an agency of lib/identity/agencies.json`);
    let url: URL;
    try {
      url = new URL(target.url ?? '');
    } catch {
      throw problem(`${agency}.url is not a URL`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw problem(`${agency}.url must be http(s)`);
    const secret = target.secretEnv ? process.env[target.secretEnv] : undefined;
    if (!target.secretEnv || !secret) throw problem(`${agency}.secretEnv must name an environment variable holding the signing secret${target.secretEnv ? ` (${target.secretEnv} is not set)` : ''}`);
    agencies[agency] = { url: url.toString(), secret };
  }
  return { maxAttempts, backoffMs: backoffSeconds * 1000, agencies };
}
