import { signSubgraphRequest, SUBGRAPH_TOKEN_HEADER } from '../../lib/identity/subgraph-trust';
import { CHANGE_STREAM_HEARTBEAT_MS, ChangeEvent } from '../../lib/subgraph/response-cache';
import { Touched, touchedIn } from '../../lib/database/change-feed';

export interface ChangeStreams {
  stop(): void;
}

/** Who asks for a change stream: the gateway itself, for no caller's data. */
const GATEWAY_ITSELF = { caller: { sub: 'gateway', agency: 'GATEWAY', scopes: [] }, requestId: 'change-stream' };

/**
 * Follows each subgraph's `/changes` stream (server-sent events) and reports its events (a change
 * with the entities it touched, `data: {"touched": [...]}`, or null: anything); a stream
 * that cannot be opened, fails or ends reports `down` and is opened again with backoff.
 */
export function followSubgraphChanges(subgraphs: { name: string; url: string }[], report: (subgraph: string, event: ChangeEvent, touched?: Touched) => void): ChangeStreams {
  const aborts = new Set<AbortController>();
  const retries = new Set<NodeJS.Timeout>();
  let stopped = false;
  const follow = async (name: string, url: string, delay: number): Promise<void> => {
    if (stopped) return;
    const abort = new AbortController();
    aborts.add(abort);
    // A connection that dies silently sends no more heartbeats: give up on it after three missed ones.
    let watchdog: NodeJS.Timeout | undefined;
    const stillAlive = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => abort.abort(), 3 * CHANGE_STREAM_HEARTBEAT_MS).unref();
    };
    let heard = false;
    try {
      stillAlive();
      const response = await fetch(new URL('/changes', url), {
        headers: { [SUBGRAPH_TOKEN_HEADER]: await signSubgraphRequest(name, GATEWAY_ITSELF, { endpoint: 'changes', body: '' }) },
        signal: abort.signal,
      });
      if (!response.ok || !response.body) throw new Error(`status ${response.status}`);
      const decoder = new TextDecoder();
      let buffered = '';
      for await (const chunk of response.body) {
        stillAlive();
        buffered += decoder.decode(chunk as Uint8Array, { stream: true });
        let end: number;
        while ((end = buffered.indexOf('\n\n')) >= 0) {
          const message = buffered.slice(0, end);
          const event = /^event: (live|down|change)$/m.exec(message)?.[1] as ChangeEvent | undefined;
          buffered = buffered.slice(end + 2);
          if (event) {
            heard = true;
            // A change names the entities it touched; one that does not (or cannot be read) may have touched anything.
            report(name, event, event === 'change' ? touchedIn(/^data: ?(.*)$/m.exec(message)?.[1]) : undefined);
          }
        }
      }
    } catch {
      // reported below, like a stream that ended
    } finally {
      clearTimeout(watchdog);
      aborts.delete(abort);
    }
    report(name, 'down');
    if (stopped) return;
    const next = heard ? 250 : Math.min(delay * 2, 10_000);
    const retry = setTimeout(() => {
      retries.delete(retry);
      void follow(name, url, next);
    }, next).unref();
    retries.add(retry);
  };
  for (const { name, url } of subgraphs) void follow(name, url, 250);
  return {
    stop() {
      stopped = true;
      for (const retry of retries) clearTimeout(retry);
      for (const abort of aborts) abort.abort();
    },
  };
}
