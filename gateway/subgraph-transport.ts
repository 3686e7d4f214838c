import { Agent, request } from 'undici';

type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/** Statuses whose response may not carry a body (the Response constructor refuses one). */
const NO_BODY = new Set([101, 204, 205, 304]);

/**
 * How the gateway's subgraph calls travel: undici's `request` on a keep-alive pool of its own,
 * answering with a standard Response built from the whole body. Node's fetch is the same client
 * under WHATWG streams, Request and Headers objects; measured on a 45 kB entity answer, `request`
 * takes about half the CPU per call, and a dossier makes nine. The deadline's AbortSignal is
 * honoured as with fetch; OpenTelemetry's undici instrumentation sees these calls the same way.
 */
export function subgraphTransport(): { fetch: Fetch; close(): Promise<void> } {
  const dispatcher = new Agent({ keepAliveTimeout: 10_000 });
  const send: Fetch = async (url, init) => {
    const response = await request(url, {
      method: (init.method ?? 'GET') as 'POST',
      headers: init.headers as Record<string, string>,
      body: init.body as string | undefined,
      signal: init.signal ?? undefined,
      dispatcher,
    });
    const body = NO_BODY.has(response.statusCode) ? null : await response.body.text();
    const headers = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      if (Array.isArray(value)) for (const v of value) headers.append(name, v);
      else if (value !== undefined) headers.set(name, value);
    }
    return new Response(body, { status: response.statusCode, headers });
  };
  // Kept-alive connections hold the process open: the gateway closes them when it stops.
  return { fetch: send, close: () => dispatcher.close() };
}
