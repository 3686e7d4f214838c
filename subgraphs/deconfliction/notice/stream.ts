import type { RequestHandler, Response } from 'express';
import { DataSource } from 'typeorm';
import { ScopedDatabase } from '../../../lib/database/scoped-database';
import { listenForChanges } from '../../../lib/database/change-feed';
import { Wakeup } from '../../../lib/events/wakeup';
import { hasScope, type Caller } from '../../../lib/identity/caller';
import { NOTICE_CHANNEL } from '../matching/consume';
import { NOTICE_COLUMNS, noticeMessage, NoticeRow } from './message';

/** How often an idle stream says it is alive (a comment line), so proxies and the gateway keep it open. */
export const NOTICE_STREAM_HEARTBEAT_MS = 15_000;

const PAGE = 100;

/**
 * GET /notifications on the subgraph, for the gateway only: the caller's agency's notices after
 * `Last-Event-ID` (its notice sequence), in order, then each new one as it commits, as server-sent
 * events (`id: <sequence>`, `event: notice`). Notices are read like any request's data, in a scoped
 * transaction under row security, so a stream carries its agency's notices and no others. One
 * LISTEN connection per process wakes the streams of the agency a new notice is for.
 */
export function noticeStreams(db: DataSource, databaseUrl: string): { route: RequestHandler; stop(): Promise<void> } {
  const waiting = new Map<string, Set<Wakeup>>();
  const open = new Set<Response>();
  const listener = listenForChanges(databaseUrl, (agency) => {
    for (const wakeup of waiting.get(agency ?? '') ?? []) wakeup.wake();
  }, (live) => {
    // Back from a lost connection: notices may have gone unannounced meanwhile.
    if (live) for (const set of waiting.values()) for (const wakeup of set) wakeup.wake();
  }, NOTICE_CHANNEL);

  const route: RequestHandler = async (req, res) => {
    const caller: Caller = res.locals.identity.caller;
    if (!hasScope(caller, 'deconfliction:read')) {
      res.status(403).json({ errors: [{ message: 'Reading deconfliction notices needs the "deconfliction:read" scope.', extensions: { code: 'FORBIDDEN' } }] });
      return;
    }
    const from = req.header('last-event-id') ?? '0';
    if (!/^\d{1,15}$/.test(from)) {
      res.status(400).json({ errors: [{ message: 'Last-Event-ID must be the id of a notice event this stream sent (a whole number), or absent to start from the first.', extensions: { code: 'BAD_USER_INPUT' } }] });
      return;
    }
    let after = Number(from);
    let closed = false;
    const wakeup = new Wakeup();
    const set = waiting.get(caller.agency) ?? new Set<Wakeup>();
    waiting.set(caller.agency, set);
    set.add(wakeup);
    open.add(res);
    req.on('close', () => {
      closed = true;
      wakeup.wake();
    });
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', 'x-accel-buffering': 'no' });
    res.write('retry: 2000\n\n');
    try {
      while (!closed) {
        let rows: NoticeRow[] = [];
        try {
          rows = await readAfter(db, caller, after);
        } catch {
          // The database is busy or away: the stream stays open and reads again (the heartbeat below keeps it so).
        }
        for (const row of rows) {
          res.write(`id: ${row.sequence}\nevent: notice\ndata: ${JSON.stringify(noticeMessage(row))}\n\n`);
          after = Number(row.sequence);
        }
        if (rows.length === PAGE || closed) continue;
        await wakeup.wait(NOTICE_STREAM_HEARTBEAT_MS);
        if (!closed) res.write(': still here\n\n');
      }
    } finally {
      set.delete(wakeup);
      if (set.size === 0) waiting.delete(caller.agency);
      open.delete(res);
      res.end();
    }
  };

  return {
    route,
    async stop() {
      for (const res of open) res.end();
      for (const set of waiting.values()) for (const wakeup of set) wakeup.wake();
      await listener.stop();
    },
  };
}

async function readAfter(db: DataSource, caller: Caller, after: number): Promise<NoticeRow[]> {
  const scoped = new ScopedDatabase(db, caller);
  try {
    return await scoped.query<NoticeRow>(`SELECT ${NOTICE_COLUMNS} FROM deconfliction_notice WHERE sequence > $1 ORDER BY sequence LIMIT ${PAGE}`, [after]);
  } finally {
    await scoped.finish();
  }
}
