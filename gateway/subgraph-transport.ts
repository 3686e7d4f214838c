import { Agent, request } from 'undici';

type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/**
 * A subgraph's whole answer, as the fetch chain reads it (status, headers, text, json): a standard
 * Response would wrap the body, already read in full, in WHATWG streams again, and build it anew at
 * every step. In a gateway profile, constructing Responses and reading them back took about a tenth
 * of its CPU. Typed as a Response for Apollo's data source, which reads only these parts of it.
 */
export class BufferedResponse {
  readonly ok: boolean;
  readonly body = null;
  readonly bodyUsed = false;
  readonly redirected = false;
  readonly type = 'default';
  readonly url = '';

  constructor(readonly status: number, readonly statusText: string, readonly headers: Headers, private readonly content: string) {
    this.ok = status >= 200 && status < 300;
  }

  static of(status: number, statusText: string, headers: Headers, content: string): Response {
    return new BufferedResponse(status, statusText, headers, content) as unknown as Response;
  }

  async text(): Promise<string> {
    return this.content;
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.content);
  }

  clone(): Response {
    return BufferedResponse.of(this.status, this.statusText, this.headers, this.content);
  }
}

/**
 * How the gateway's subgraph calls travel: undici's `request` on a keep-alive pool of its own,
 * answering with the whole body (BufferedResponse). Node's fetch is the same client under WHATWG
 * streams, Request and Headers objects; measured on a 45 kB entity answer, `request` takes about
 * half the CPU per call, and a dossier makes nine. The deadline's AbortSignal is honoured as with
 * fetch; OpenTelemetry's undici instrumentation sees these calls the same way.
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
    const body = await response.body.text();
    const headers = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      if (Array.isArray(value)) for (const v of value) headers.append(name, v);
      else if (value !== undefined) headers.set(name, value);
    }
    return BufferedResponse.of(response.statusCode, '', headers, body);
  };
  // Kept-alive connections hold the process open: the gateway closes them when it stops.
  return { fetch: send, close: () => dispatcher.close() };
}
