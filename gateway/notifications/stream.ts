import type { RequestHandler, Response } from 'express';
import { hasScope, type Caller } from '../../lib/identity/caller';
import { HOW_TO_STATE_PURPOSE, InvalidPurposeError, parsePurpose, PURPOSE_HEADER, purposeRequired } from '../../lib/identity/purpose';
import { signSubgraphRequest, SUBGRAPH_TOKEN_HEADER } from '../../lib/identity/subgraph-trust';
import type { AuditRecord, AuditStore } from '../audit/store';
import { redactText } from '../audit/redact';
import { identityOf, type RefusalRecorder, type RequestIdentity } from '../plugins/authenticate';

export interface NotificationStreams {
  handler: RequestHandler;
  /** Ends every open stream (clients reconnect elsewhere with Last-Event-ID). */
  close(): void;
}

/**
 * GET /notifications: the caller's agency's deconfliction notices as server-sent events, resumed
 * after `Last-Event-ID`. Behind the same `identify` and rate limit as /graphql (gateway/server.ts):
 * requests without a valid token are counted per address and minute (RefusalTally), never one audit
 * row each, and a purpose of use is required where /graphql requires one. Audited like /graphql: opening the stream is a record, and every batch of notices is recorded (with the
 * notices' ids and the persons and organizations they name) before it is passed on; if the trail
 * cannot record it, the stream ends and the client resumes from the last notice it received. The
 * notices themselves come from the deconfliction subgraph's stream, signed as the caller, so row
 * security there decides which notices exist for it.
 */
export function notificationStreams(options: { audit: AuditStore | null; recordRefusal?: RefusalRecorder; subgraphUrl: () => string | undefined }): NotificationStreams {
  const open = new Set<{ res: Response; abort: AbortController }>();
  const required = purposeRequired();

  const handler: RequestHandler = async (req, res) => {
    const identity = identityOf(res);
    const { caller, requestId } = identity;
    if (!caller) {
      options.recordRefusal?.({ address: identity.clientAddress, reason: identity.refusal ?? 'refused' });
      res.status(401).json({ errors: [{ message: identity.refusal ?? 'Not authenticated.', extensions: { code: 'UNAUTHENTICATED' } }] });
      return;
    }
    let purpose: string | null = null;
    const refuse = async (status: number, code: string, message: string) => {
      await options.audit?.append(record(identity, caller, purpose, 'REFUSED', { reason: message })).catch(() => undefined);
      res.status(status).json({ errors: [{ message, extensions: { code } }] });
    };
    try {
      purpose = parsePurpose(req.header(PURPOSE_HEADER)) ?? identity.purposeClaim ?? null;
    } catch (error) {
      if (error instanceof InvalidPurposeError) return refuse(400, 'BAD_REQUEST', error.message);
      throw error;
    }
    if (!purpose && required) return refuse(400, 'PURPOSE_REQUIRED', `This gateway requires a purpose of use with every request. ${HOW_TO_STATE_PURPOSE}`);
    if (!hasScope(caller, 'deconfliction:read')) return refuse(403, 'FORBIDDEN', 'Reading deconfliction notices needs the "deconfliction:read" scope, which your token does not carry.');
    const lastEventId = req.header('last-event-id') ?? null;
    // Recorded as sent, unless it is a secret by its form (the subgraph refuses anything but a notice id).
    const recordedEventId = lastEventId === null ? null : redactText(lastEventId);
    const subgraphUrl = options.subgraphUrl();
    if (!subgraphUrl) return refuse(503, 'SERVICE_UNAVAILABLE', 'This gateway serves no deconfliction subgraph.');
    try {
      await options.audit?.append(record(identity, caller, purpose, 'SUCCESS', { lastEventId: recordedEventId }));
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
          await options.audit.append(record(identity, caller, purpose, 'SUCCESS', { lastEventId: recordedEventId }, {
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

function record(identity: RequestIdentity, caller: Caller, purpose: string | null, outcome: AuditRecord['outcome'], variables: Record<string, unknown>, disseminated: Record<string, string[]> = {}): AuditRecord {
  return {
    requestId: identity.requestId, clientRequestId: identity.clientRequestId ?? null, clientAddress: identity.clientAddress, purpose,
    sub: caller.sub, agency: caller.agency, operationName: 'GET /notifications', documentHash: null,
    variables, outcome, latencyMs: performance.now() - identity.startedAt, disseminated,
  };
}
