import crypto from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { InvalidTokenError, TokenVerifier } from '../../lib/identity/tokens';
import { hasScope, type Caller } from '../../lib/identity/caller';
import { signSubgraphRequest, SUBGRAPH_TOKEN_HEADER } from '../../lib/identity/subgraph-trust';
import type { AuditRecord, AuditStore } from '../audit/store';

const HOW_TO = 'Send "Authorization: Bearer <token>"; in development, get one with: npm run --silent token -- --agency <CODE>';

export interface NotificationStreams {
  handler: RequestHandler;
  /** Ends every open stream (clients reconnect elsewhere with Last-Event-ID). */
  close(): void;
}

/**
 * GET /notifications: the caller's agency's deconfliction notices as server-sent events, resumed
 * after `Last-Event-ID`. Authenticated like /graphql (a bearer token, through the same verifier),
 * audited like it: opening the stream is a record, and every batch of notices is recorded (with the
 * notices' ids and the persons and organizations they name) before it is passed on; if the trail
 * cannot record it, the stream ends and the client resumes from the last notice it received. The
 * notices themselves come from the deconfliction subgraph's stream, signed as the caller, so row
 * security there decides which notices exist for it.
 */
export function notificationStreams(options: { verify: TokenVerifier; audit: AuditStore | null; subgraphUrl: () => string | undefined }): NotificationStreams {
  const open = new Set<{ res: Response; abort: AbortController }>();

  const handler: RequestHandler = async (req, res) => {
    const startedAt = performance.now();
    const requestId = crypto.randomUUID();
    const refuse = async (status: number, code: string, message: string, caller?: Caller) => {
      await options.audit?.append(record(caller, requestId, startedAt, 'REFUSED', { reason: message })).catch(() => undefined);
      res.status(status).json({ errors: [{ message, extensions: { code } }] });
    };
    const caller = await authenticated(req, options.verify).catch((error: Error) => error);
    if (caller instanceof Error) return refuse(401, 'UNAUTHENTICATED', caller.message);
    if (!hasScope(caller, 'deconfliction:read')) return refuse(403, 'FORBIDDEN', 'Reading deconfliction notices needs the "deconfliction:read" scope, which your token does not carry.', caller);
    const lastEventId = req.header('last-event-id') ?? null;
    const subgraphUrl = options.subgraphUrl();
    if (!subgraphUrl) return refuse(503, 'SERVICE_UNAVAILABLE', 'This gateway serves no deconfliction subgraph.', caller);
    try {
      await options.audit?.append(record(caller, requestId, startedAt, 'SUCCESS', { lastEventId }));
    } catch {
      res.status(503).json({ errors: [{ message: 'The audit trail could not record this request, so no notices are sent. Retry shortly.', extensions: { code: 'AUDIT_UNAVAILABLE' } }] });
      return;
    }
    const abort = new AbortController();
    const entry = { res, abort };
    open.add(entry);
    req.on('close', () => abort.abort());
    try {
      const upstream = await fetch(new URL('/notifications', subgraphUrl), {
        headers: {
          [SUBGRAPH_TOKEN_HEADER]: await signSubgraphRequest('deconfliction', { caller, requestId }, { endpoint: 'notifications', body: '' }),
          'x-request-id': requestId,
          ...(lastEventId !== null ? { 'last-event-id': lastEventId } : {}),
        },
        signal: abort.signal,
      });
      if (!upstream.ok || !upstream.body) {
        res.status(upstream.status === 400 ? 400 : 502).type('application/json').send(await upstream.text());
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', 'x-accel-buffering': 'no' });
      const decoder = new TextDecoder();
      let buffered = '';
      for await (const chunk of upstream.body) {
        buffered += decoder.decode(chunk as Uint8Array, { stream: true });
        const end = buffered.lastIndexOf('\n\n');
        if (end < 0) continue;
        const complete = buffered.slice(0, end + 2);
        buffered = buffered.slice(end + 2);
        const notices = complete.split('\n\n').filter((block) => /^event: notice$/m.test(block))
          .map((block) => JSON.parse(/^data: (.*)$/m.exec(block)![1]) as { id: string; persons?: string[] | null; organizations?: string[] | null });
        if (notices.length && options.audit) {
          await options.audit.append(record(caller, requestId, startedAt, 'SUCCESS', { lastEventId }, {
            DeconflictionNotice: notices.map((n) => n.id),
            Person: [...new Set(notices.flatMap((n) => n.persons ?? []))],
            Organization: [...new Set(notices.flatMap((n) => n.organizations ?? []))],
          }));
        }
        res.write(complete);
      }
    } catch {
      // The client left, the subgraph went away or the audit failed: the client resumes with Last-Event-ID.
    } finally {
      open.delete(entry);
      abort.abort();
      if (res.headersSent) res.end();
      else res.status(502).json({ errors: [{ message: 'The deconfliction service is not answering; retry shortly.', extensions: { code: 'SERVICE_UNAVAILABLE' } }] });
    }
  };

  return {
    handler,
    close() {
      for (const { res, abort } of open) {
        abort.abort();
        res.end();
      }
    },
  };
}

async function authenticated(req: Request, verify: TokenVerifier): Promise<Caller> {
  const match = /^Bearer\s+(\S+)$/i.exec(req.header('authorization') ?? '');
  if (!match) throw new Error(req.header('authorization') ? `The Authorization header is not a bearer token. ${HOW_TO}` : `No credentials. ${HOW_TO}`);
  try {
    return await verify(match[1]);
  } catch (error) {
    if (error instanceof InvalidTokenError) throw new Error(`Invalid token: ${error.message}.`);
    throw error;
  }
}

function record(caller: Caller | undefined, requestId: string, startedAt: number, outcome: AuditRecord['outcome'], variables: Record<string, unknown>, disseminated: Record<string, string[]> = {}): AuditRecord {
  return {
    requestId, sub: caller?.sub ?? 'unauthenticated', agency: caller?.agency ?? 'NONE', operationName: 'GET /notifications', documentHash: null,
    variables, outcome, latencyMs: performance.now() - startedAt, disseminated,
  };
}
